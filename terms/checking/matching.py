"""Finding glossary terms in text, independent of word segmentation.

English
    Text is cut into word tokens (hyphens and spaces both separate words,
    ``U.S.`` is one token ``US``, a possessive ``'s`` is dropped); each
    token is lower-cased, reduced to a crude singular (``policies`` →
    ``policy``, ``Dialogues`` → ``dialogue``) and to American spelling by the
    rules of :data:`SPELLING_RULES` (``defence`` → ``defense``,
    ``organisation`` → ``organization``, ``centre`` → ``center``).  A term
    matches when its token keys occur in a row, so ``anti-terrorism`` =
    ``anti terrorism``, ``Belt and Road Initiatives`` = ``Belt and Road
    Initiative``.  :class:`EnglishMatcher` also matches a term's closed and open
    compounds (:func:`compound_variants`): ``cyberspace`` = ``cyber space`` =
    ``cyber-space``, ``co-operation`` = ``cooperation``.  Terms written in
    capitals (``US``, ``WHO``, ``U.N.``) only match text in capitals, so the
    pronoun *us* is not the ``US``.

Chinese
    Text and terms are compared on :func:`shuyu.textnorm.normalize_zh`
    (Traditional → Simplified, full-width → half-width) by an Aho-Corasick
    automaton (pyahocorasick), so no word segmenter is involved.

English terms are looked up token by token in hash tables; Chinese ones by
automaton.  Both matchers return every occurrence; :func:`longest` keeps the longest
non-overlapping ones (``Minister of Public Security`` hides the ``Public
Security`` inside it; ``恐怖主义者`` hides ``恐怖主义``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Iterable, Sequence

from ...spelling import SPELLING_RULES, american_line
from ...textnorm import normalize_en, normalize_zh

__all__ = ["Match", "EnglishMatcher", "ChineseMatcher", "en_tokens", "en_key", "token_key", "longest",
           "SPELLING_RULES", "compound_variants"]


@dataclass(frozen=True, slots=True)
class Match:
    """One occurrence of a pattern: ``text[start:end]``; ``key`` is the pattern's key."""

    start: int
    end: int
    key: str

    def __len__(self) -> int:
        return self.end - self.start


_TOKEN_RE = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.?|[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_NO_SINGULAR = ("ss", "us", "is", "ous", "ics", "ws")


_POSSESSIVE = re.compile(r"'s(?= )")
_MARKS = re.compile(r"['.]")
# literal first, conditions as look-behinds after it: the regex engine can then skip
# quickly to the next candidate instead of testing look-behinds at every position
_IES = re.compile(r"ies(?= )(?<=[a-z0-9]{2}ies)")
_ES = re.compile(r"es(?= )(?<=[a-z0-9]{2}es)(?:(?<=sses)|(?<=shes)|(?<=ches)|(?<=zzes)|(?<=xes))")
_S = re.compile(r"s(?= )(?<=[a-z0-9]{3}s)(?<![suiw]s)(?<!ics)")


# British → American spelling: the shared rules of :mod:`shuyu.spelling` (the lexicon's lemmas use them too).
_spelling = american_line


def _key_line(words: Sequence[str]) -> str:
    """``" k1 k2 ... "``: the keys of word tokens, made by whole-line substitutions.

    Lower case, possessive ``'s`` and dots dropped (``U.S.`` → ``us``), a
    crude singular: ``policies`` → ``policy``, ``churches`` → ``church``,
    ``dialogues`` → ``dialogue`` (not after ``s``, ``u``, ``i``, ``w``, ``ic``
    and not in words of three letters or less), and American spelling
    (:data:`SPELLING_RULES`).  Working on the whole line keeps the per-token
    work in C.
    """
    line = " " + " ".join(words).lower() + " "
    if "'" in line or "." in line:
        line = _MARKS.sub("", _POSSESSIVE.sub("", line))
    if "ies " in line:
        line = _IES.sub("y", line)
    if "es " in line:
        line = _ES.sub("", line)
    if "s " in line:
        line = _S.sub("", line)
    return _spelling(line)


def token_key(token: str) -> str:
    """Matching key of one English token: lower case, no dots, crude singular."""
    return _key_line([token]).strip()


def _is_caps(token: str) -> bool:
    """An acronym-like token: ``US``, ``U.S.``, ``WHO`` (two or more capitals)."""
    letters = token.replace(".", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def _norm_en(text: str) -> str:
    return text if text.isascii() else normalize_en(text)


def en_tokens(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, token)`` of the word tokens of English ``text``."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(_norm_en(text))]


@lru_cache(maxsize=100_000)
def en_key(text: str) -> str:
    """Matching key of an English term: its token keys joined by spaces."""
    return _key_line(_TOKEN_RE.findall(_norm_en(text))).strip()


_SMALL = frozenset("a an and the of for on in to at by with or as from".split())
_PREFIXES = frozenset("co e re de un non anti pre post pro sub super inter intra trans multi micro macro cyber "
                      "counter eco bio geo socio tele over under".split())
_MIN_ZIPF = 3.5  # both parts of a split compound are ordinary English words (wordfreq Zipf >= 3.5)


@lru_cache(maxsize=1)
def _word_freqs() -> dict[str, float]:
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return {}
    return get_frequency_dict("en")


def _is_word(part: str) -> bool:
    if part in _PREFIXES:
        return True
    f = _word_freqs().get(part, 0.0)
    return len(part) >= 3 and f >= 10 ** (_MIN_ZIPF - 9)


@lru_cache(maxsize=100_000)
def _splits(token: str) -> tuple[str, ...]:
    """The ways to write a closed compound as two words (``cyberspace`` → ``cyber space``)."""
    if len(token) < 6 or not token.isalpha():
        return ()
    out = []
    for i in range(2, len(token) - 2):
        a, b = token[:i], token[i:]
        if _is_word(a) and _is_word(b) and b not in _PREFIXES:
            out.append(f"{a} {b}")
    return tuple(out)


def compound_variants(key: str) -> list[str]:
    """Other keys of the same term written as a closed or an open compound.

    Two adjacent words joined (``cyber space`` → ``cyberspace``; not with a
    function word such as *of*), or one word split where both parts are English
    words or a common prefix (``cyberspace`` → ``cyber space``, ``cooperation`` →
    ``co operation``).  Hyphens need nothing: they separate tokens like spaces.
    """
    toks = key.split()
    out = []
    for i in range(len(toks) - 1):
        a, b = toks[i], toks[i + 1]
        if a.isalpha() and b.isalpha() and a not in _SMALL and b not in _SMALL:
            out.append(" ".join(toks[:i] + [a + b] + toks[i + 2:]))
    for i, t in enumerate(toks):
        for split in _splits(t):
            out.append(" ".join(toks[:i] + [split] + toks[i + 1:]))
    return [v for v in dict.fromkeys(out) if v != key]


def longest(matches: Iterable[Match]) -> list[Match]:
    """The longest non-overlapping matches (ties: leftmost first), in text order."""
    chosen: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    return chosen


class EnglishMatcher:
    """Find English terms (inflection- and variant-aware) in text.

    Terms are looked up token by token: a table from a term's first token key
    to the token lengths of the terms starting with it, then a set of term
    keys.  Only tokens that start some term cost more than one dictionary
    lookup, which is much faster in Python than walking a character automaton
    over the key line.
    """

    def __init__(self, terms: Iterable[str], *, compounds: bool = True):
        self._caps: dict[str, tuple[bool, ...] | None] = {}
        self._first: dict[str, tuple[int, ...]] = {}
        self._canon: dict[str, str] = {}   # compound variant key -> the term's key
        self.keys: dict[str, list[str]] = {}
        lengths: dict[str, set[int]] = {}
        for term in terms:
            toks = en_tokens(term)
            if not toks:
                continue
            key = _key_line([t for _, _, t in toks]).strip()
            self.keys.setdefault(key, []).append(term)
            caps = tuple(_is_caps(t) for _, _, t in toks)
            if not any(caps):
                caps = None
            if key not in self._caps:
                self._caps[key] = caps
            else:  # the same key from "US" and "us": the lower-case spelling matches anything
                old = self._caps[key]
                self._caps[key] = None if old is None or caps is None else tuple(a and b for a, b in zip(old, caps))
            self._canon.pop(key, None)   # a term of its own is never another's variant
            lengths.setdefault(key.split(" ", 1)[0], set()).add(len(toks))
            if compounds and caps is None:
                for variant in compound_variants(key):
                    if variant in self.keys or variant in self._canon:
                        continue
                    self._canon[variant] = key
                    lengths.setdefault(variant.split(" ", 1)[0], set()).add(variant.count(" ") + 1)
        for variant in self._canon:
            self._caps.setdefault(variant, None)
        self._first = {k: tuple(sorted(v)) for k, v in lengths.items()}

    def __len__(self) -> int:
        return len(self._caps)

    def find_all(self, text: str) -> list[Match]:
        """Every occurrence (overlapping ones too), offsets into ``text``."""
        if not self._caps:
            return []
        norm = _norm_en(text)
        words = _TOKEN_RE.findall(norm)
        if not words:
            return []
        keys = _key_line(words).split()
        first = self._first
        starts = [i for i, k in enumerate(keys) if k in first]
        if not starts:
            return []
        caps_of = self._caps
        hits = []
        for i in starts:
            for n in first[keys[i]]:
                key = keys[i] if n == 1 else " ".join(keys[i:i + n])
                if key in caps_of and i + n <= len(keys):
                    hits.append((i, n, key))
        if not hits:
            return []
        last = max(i + n for i, n, _ in hits)
        toks = [m.span() for m in islice(_TOKEN_RE.finditer(norm), last)]
        out = []
        for i, n, key in hits:
            caps = caps_of[key]
            if caps is not None and any(c and not _is_caps(norm[a:b]) for c, (a, b) in zip(caps, toks[i:i + n])):
                continue
            out.append(Match(toks[i][0], toks[i + n - 1][1], self._canon.get(key, key)))
        return out

    def find(self, text: str) -> list[Match]:
        """Longest non-overlapping occurrences."""
        return longest(self.find_all(text))


class ChineseMatcher:
    """Find Chinese terms in normalised text with an Aho-Corasick automaton."""

    def __init__(self, terms: Iterable[str]):
        import ahocorasick

        self._auto = ahocorasick.Automaton()
        self.keys: dict[str, list[str]] = {}
        for term in terms:
            key = zh_term_key(term)
            if not key:
                continue
            if key not in self.keys:
                self._auto.add_word(_bytes_text(key), key)
            self.keys.setdefault(key, []).append(term)
        self._ready = bool(self.keys)
        if self._ready:
            self._auto.make_automaton()

    def __len__(self) -> int:
        return len(self.keys)

    def find_all(self, text: str, *, normalized: bool = False) -> list[Match]:
        """Every occurrence; offsets into ``normalize_zh(text)`` (same length for Simplified input)."""
        if not self._ready:
            return []
        norm = text if normalized else normalize_zh(text)
        if norm.isascii():
            return [Match(end - len(key) + 1, end + 1, key) for end, key in self._auto.iter(norm)]
        raw = norm.encode("utf-8")
        out = []
        for end, key in self._auto.iter(raw.decode("latin-1")):
            stop = len(raw[: end + 1].decode("utf-8"))
            out.append(Match(stop - len(key), stop, key))
        return out

    def find(self, text: str, *, normalized: bool = False) -> list[Match]:
        return longest(self.find_all(text, normalized=normalized))


def _bytes_text(text: str) -> str:
    """UTF-8 bytes of ``text`` as a Latin-1 string.

    pyahocorasick looks a node's children up one by one; a glossary of Chinese
    terms gives the root thousands of children.  Over UTF-8 bytes no node has
    more than 64, which makes matching about twice as fast, and UTF-8 never
    matches in the middle of a character.
    """
    return text.encode("utf-8").decode("latin-1")


_ENUM = re.compile(r"^\s*(?:第?[一二三四五六七八九十百零〇]+[、.．章节]|\d+[、.．]|[(（][一二三四五六七八九十\d]+[)）])\s*")


@lru_cache(maxsize=100_000)
def zh_term_key(term: str) -> str:
    """Matching key of a Chinese term: normalised, inner spaces between Han characters removed,
    a heading number copied from a table of contents dropped (``十三、工　业`` → ``工业``)."""
    key = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", normalize_zh(term).strip())
    stripped = _ENUM.sub("", key, count=1)
    return stripped if len(stripped) >= 1 and stripped != key and not stripped[0].isdigit() else key


def spans_cover(spans: Sequence[Match], m: Match) -> bool:
    """Whether ``m`` lies inside one of ``spans``."""
    return any(s.start <= m.start and m.end <= s.end for s in spans)
