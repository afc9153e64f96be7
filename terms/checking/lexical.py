"""Consistency of English names that are not in the glossary (part of ``inconsistent-translation``).

Official texts repeat multiword names (``Law Enforcement Cooperation``,
``High-Level Dialogue``) that a glossary may lack; they should be rendered
the same way every time.  This module finds such names (capitalised
multiword sequences occurring in at least ``min_segments`` segments) and, for
each content word of a name, which Chinese translation from the aligner's
lexicon (``Lexicon.zh_for_en``) the aligned Chinese segment uses.

It errs on the side of silence.  A segment's *rendering* of a name is the
tightest stretch of its Chinese that holds a lexicon translation of every
content word of the name, one word each, at most one character apart; segments
without one are not counted.  A segment is reported only when its rendering
differs from the clear majority (at least two segments and two thirds of
those with a rendering), the majority's rendering does not occur anywhere in
that Chinese segment, neither contains the other, and for some content word
the majority's translation is absent from the segment.  One-character
translations are ignored (too ambiguous).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Callable, Collection, Iterable, Sequence

from ...records import SegmentPair
from ...textnorm import normalize_zh
from .findings import make_finding
from .matching import en_key, token_key

_NAME_RE = re.compile(r"[A-Z][A-Za-z'\-]+(?:(?:\s+(?:of|and|for|on|in|the|to))?\s+[A-Z][A-Za-z'\-]+)+")
_SMALL = frozenset("of and for on in the to a an".split())
_LEADING = frozenset("""the a an in on at for to of and but as by with this that these those its it his her their our
we they he she i you when while after before since during under over both all each every some many such
""".split())


def _names(text: str) -> list[str]:
    """Capitalised multiword names of a sentence, without a leading function word."""
    out = []
    for m in _NAME_RE.finditer(text):
        words = m.group().split()
        while words and (words[0].lower() in _LEADING):
            words.pop(0)
        while words and words[-1].lower() in _SMALL:
            words.pop()
        content = [w for w in words if w.lower() not in _SMALL]
        if len(content) >= 2:
            out.append(" ".join(words))
    return out


def _rendering(zh: str, options: list[tuple[str, set[str]]], max_len: int = 12):
    """``(text, {english word: chinese word}, (start, end))``: the tightest stretch of ``zh``
    holding a lexicon translation of every content word, or None when there is none.

    Tight means the translations follow each other with at most one character
    between them (``执法对话``, ``执法的对话``), each English word with its own
    Chinese word (a word covering two, like ``港澳`` or ``军委``, is too ambiguous).
    """
    from itertools import product

    occ = []
    for w, zs in options:
        spots = []
        for z in zs:
            i = zh.find(z)
            while i >= 0 and len(spots) < 8:
                spots.append((i, i + len(z), z))
                i = zh.find(z, i + 1)
        if not spots:
            return None
        occ.append((w, spots))
    best = None
    combos = 1
    for _, spots in occ:
        combos *= len(spots)
    if combos > 2000:
        return None
    for pick in product(*(spots for _, spots in occ)):
        spans = sorted((a, b) for a, b, _ in pick)
        if any(spans[i][0] < spans[i - 1][1] for i in range(1, len(spans))):
            continue  # one Chinese word for two English words (港澳, 军委): too ambiguous
        lo, hi = spans[0][0], spans[-1][1]
        gaps = sum(spans[i][0] - spans[i - 1][1] for i in range(1, len(spans)))
        if hi - lo > max_len or gaps > 1:
            continue
        if best is None or hi - lo < best[1] - best[0]:
            best = (lo, hi, pick)
    if best is None:
        return None
    lo, hi, pick = best
    return zh[lo:hi], {w: z for (w, _), (_, _, z) in zip(occ, pick)}, (lo, hi)


def _units(words: list[str], lexicon, lemma) -> list[tuple[str, set[str]]]:
    """Content words grouped into the longest phrases the lexicon translates
    (``Law Enforcement`` → 执法), each with its Chinese translations of two or more characters."""
    out, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + 3), i, -1):
            phrase = " ".join(words[i:j])
            zs = {z for z in lexicon.zh_for_en(" ".join(lemma(w) for w in words[i:j])) if len(z) >= 2}
            if zs or j == i + 1:
                if zs:
                    out.append((phrase, zs))
                i = j
                break
    return out


def _explained(en: str, zh_words: list[str], name_lemmas: set[str], lexicon, lemma) -> bool:
    """Whether a Chinese word translates other English words of the segment (军委 when the
    English also says *Military Commission*): then it is not this name's rendering."""
    en_for_zh = getattr(lexicon, "en_for_zh", None)
    if en_for_zh is None:
        return False
    others = {lemma(w) for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", en)} - name_lemmas - _SMALL
    for z in zh_words:
        for gloss in en_for_zh(z):
            if any(lemma(g) in others for g in gloss.split() if g not in _SMALL and len(g) > 2):
                return True
    return False


def _default_make(pairs):
    def make(n, message, term, zh_span, en_span):
        return make_finding("inconsistent-translation", "warning", pairs[n], message, term)
    return make


def _en_span(en: str, name: str) -> tuple[int, int] | None:
    """Where ``name`` is written in ``en`` (any case, hyphen or space between its words)."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", name) if w]
    m = re.search(r"[\s\-]+".join(words), en, re.IGNORECASE) if words else None
    return m.span() if m else None


def inconsistent_free_terms(pairs: Sequence[SegmentPair], glossary_keys: Collection[str], *,
                            lexicon=None, lemma: Callable[[str], str] | None = None,
                            min_segments: int = 3, make: Callable | None = None,
                            shown: Callable[[int, str], str] | None = None) -> Iterable:
    """Findings for frequent English names not in the glossary that are rendered two ways.

    ``lexicon`` needs ``zh_for_en(lemma) -> set of Chinese words``; by default
    the aligner's lexicon is loaded, only when some name is frequent enough.
    ``make(n, message, term, zh_span, en_span)`` builds the finding for pair ``n``
    (``zh_span`` is a span of its normalised Chinese); ``shown(n, zh)`` writes a
    Chinese rendering as pair ``n`` would (Traditional for Traditional text).
    """
    make = make or _default_make(pairs)
    show = shown or (lambda n, zh: zh)
    where: dict[str, list[int]] = defaultdict(list)
    shown: dict[str, str] = {}
    for n, p in enumerate(pairs):
        seen = set()
        for name in _names(p.en):
            key = en_key(name)
            if key in glossary_keys or key in seen:
                continue
            seen.add(key)
            where[key].append(n)
            shown.setdefault(key, name)
    frequent = {k: v for k, v in where.items() if len(v) >= min_segments}
    if not frequent:
        return []
    if lexicon is None:
        try:
            from ...aligner.lexicon import load_lexicon
            lexicon = load_lexicon()
        except Exception:  # no lexicon available: stay silent rather than guess
            return []
    if lemma is None:
        try:
            from ...aligner.lexicon import en_lemma as lemma
        except ImportError:  # pragma: no cover
            lemma = token_key

    findings = []
    norms: dict[int, str] = {}
    for key, segs in sorted(frequent.items()):
        name = shown[key]
        words = [w for w in re.split(r"[\s\-]+", name) if w.lower() not in _SMALL and len(w) > 2]
        options = _units(words, lexicon, lemma)
        if not options:
            continue
        name_lemmas = {lemma(w) for w in re.split(r"[\s\-]+", name)}
        renders: dict[int, tuple[str, dict[str, str], tuple[int, int]]] = {}
        for n in segs:
            zh = norms.setdefault(n, normalize_zh(pairs[n].zh))
            found = _rendering(zh, options)
            if found:
                renders[n] = found
        counts = Counter(r for r, _, _ in renders.values())
        if len(counts) < 2:
            continue
        major, top = counts.most_common(1)[0]
        if top < 2 or top * 3 < sum(counts.values()) * 2:
            continue
        major_picks = next(p for r, p, _ in renders.values() if r == major)
        for n, (r, picks, span) in renders.items():
            zh = norms[n]
            if r == major or r in major or major in r or major in zh:
                continue
            changed = [w for w, z in picks.items() if major_picks.get(w) not in (None, z)
                       and major_picks[w] not in zh]
            if not changed or _explained(pairs[n].en, [picks[w] for w in changed], name_lemmas, lexicon, lemma):
                continue
            as_written = pairs[n].zh[span[0]:span[1]] if len(pairs[n].zh) == len(zh) else show(n, r)
            findings.append(make(
                n, f"'{name}' is rendered '{as_written}' here but '{show(n, major)}' in {top} other "
                   f"segment{'s' if top > 1 else ''}; choose one (or add the term to the glossary)", name,
                span, _en_span(pairs[n].en, name)))
    return findings
