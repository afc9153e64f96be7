"""The terminology checks of ``shuyu check`` and their registry :data:`CHECKS`.

Every check is a named unit in the :data:`CHECKS` registry with an id, a
default severity and a docstring that ``shuyu check --list-checks`` shows:

=========================  ========  =============================================
``term-missing``           error     glossary term in English, no approved Chinese
``forbidden-term``         error /   forbidden (error) or deprecated/superseded
                           warning   (warning) Chinese variant used
``inconsistent-            warning   one English term rendered two ways across
translation``                        segments or files
``number-mismatch``        warning   numbers, percentages, dates differ
=========================  ========  =============================================

:func:`check_pairs` runs them on aligned pairs::

    findings = check_pairs(pairs, glossary)                   # list[Finding]

Every finding points at where the problem is and names the other side of
the pair as a related location (see each check for which side that is); a
:class:`~.locations.Locator` passed as ``locate`` turns spans of the texts into
file, line and columns.  Terms a message suggests are written in the script of
the segment: Traditional Chinese for a Traditional document.

Reading files and folders, the configuration and the baseline are
:mod:`.runner`'s business; this module imports neither :mod:`.config` nor
:mod:`.reports` (both import it).
"""

from __future__ import annotations

import inspect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Callable, Collection, Iterable, Mapping, Sequence

from ...errors import UsageError
from ...numerals import unmatched
from ...records import Glossary, GlossaryEntry, SegmentPair
from ...textnorm import HAN_RE, normalize_zh
from .findings import SEVERITIES, Finding, Location, make_finding
from .lexical import inconsistent_free_terms
from .locations import Locator
from .matching import ChineseMatcher, EnglishMatcher, Match, en_key, longest, zh_term_key

__all__ = ["APPROVED", "BAD", "Check", "CHECKS", "check_pairs", "list_checks", "resolve_checks"]

APPROVED = frozenset({"preferred", "admitted"})
BAD = frozenset({"deprecated", "superseded", "forbidden"})


# ------------------------------------------------------------------ glossary index
@dataclass(frozen=True, slots=True)
class _Entry:
    entry: GlossaryEntry
    en: tuple[str, ...]                 # English terms as written
    approved: frozenset[str]            # Chinese keys (normalised)
    approved_text: tuple[str, ...]      # preferred first, as written
    bad: Mapping[str, str]              # Chinese key -> status


def _shown(term: str) -> str:
    """A Chinese glossary term as messages show it: as written, unless a heading number had to
    be dropped for matching (``十三、工　业`` is shown as ``工业``)."""
    key = zh_term_key(term)
    return term.strip() if key in "".join(normalize_zh(term).split()) and len(key) >= len(term.strip()) - 1 \
        else key


class _Index:
    """A glossary prepared for matching: concepts, an English and a Chinese matcher.

    Entries that share an English term are one concept here: glossaries often
    give each Chinese variant its own row (``Belt and Road Initiative`` →
    ``一带一路倡议`` preferred on one row, ``一带一路战略`` forbidden on the next).
    """

    def __init__(self, glossary: Glossary):
        groups = self._group(glossary.entries)
        self.entries: list[_Entry] = []
        en_of: dict[str, list[int]] = defaultdict(list)
        zh_of: dict[str, list[tuple[int, str]]] = defaultdict(list)
        en_terms, zh_terms = [], []
        for members in groups:
            i = len(self.entries)
            en = tuple(dict.fromkeys(t.text.strip() for e in members for t in e.en if t.text.strip()))
            zh = [t for e in members for t in e.zh if zh_term_key(t.text)]
            approved = sorted((t for t in zh if t.status in APPROVED), key=lambda t: t.status != "preferred")
            approved_keys = {zh_term_key(t.text) for t in approved}
            bad = {zh_term_key(t.text): t.status for t in zh if t.status in BAD
                   and zh_term_key(t.text) not in approved_keys}
            self.entries.append(_Entry(members[0], en, frozenset(approved_keys),
                                       tuple(dict.fromkeys(_shown(t.text) for t in approved)),
                                       MappingProxyType(bad)))
            for text in en:
                k = en_key(text)
                if k and i not in en_of[k]:
                    en_of[k].append(i)
                    en_terms.append(text)
            seen = set()
            for t in zh:
                k = zh_term_key(t.text)
                status = "preferred" if k in approved_keys else t.status
                if (k, status) not in seen:
                    seen.add((k, status))
                    zh_of[k].append((i, status))
                    zh_terms.append(t.text)
        self.en_of = dict(en_of)
        self.zh_of = dict(zh_of)
        self.bad_keys = frozenset(k for k, v in self.zh_of.items() if any(s in BAD for _, s in v))
        self.en_matcher = EnglishMatcher(en_terms)
        self.zh_matcher = ChineseMatcher(zh_terms)

    @staticmethod
    def _group(entries: Sequence[GlossaryEntry]) -> list[list[GlossaryEntry]]:
        """Entries joined when they share an English term (by matching key), in glossary order."""
        parent = list(range(len(entries)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[str, int] = {}
        for i, e in enumerate(entries):
            for t in e.en:
                k = en_key(t.text)
                if not k:
                    continue
                if k in owner:
                    a, b = find(owner[k]), find(i)
                    if a != b:
                        parent[max(a, b)] = min(a, b)
                else:
                    owner[k] = i
        groups: dict[int, list[GlossaryEntry]] = {}
        for i, e in enumerate(entries):
            groups.setdefault(find(i), []).append(e)
        return list(groups.values())


@dataclass(frozen=True, slots=True)
class _Analysis:
    """The glossary terms found in one pair."""

    en_hits: Mapping[int, tuple[int, str, tuple[int, int]]]   # entry -> (occurrences, as written, first span)
    zh_all: tuple[Match, ...]
    zh_sel: tuple[Match, ...]
    zh_norm: str


def _analyse(index: _Index, pair: SegmentPair, norm: str | None = None) -> _Analysis:
    hits: dict[int, tuple[int, str, tuple[int, int]]] = {}
    for m in index.en_matcher.find(pair.en):
        for i in index.en_of.get(m.key, ()):
            n, text, span = hits.get(i, (0, pair.en[m.start:m.end], (m.start, m.end)))
            hits[i] = (n + 1, text, span)
    norm = normalize_zh(pair.zh) if norm is None else norm
    zh_all = index.zh_matcher.find_all(norm, normalized=True)
    return _Analysis(hits, tuple(zh_all), tuple(longest(zh_all)), norm)


def _approved_present(index: _Index, a: _Analysis, e: _Entry) -> bool:
    """An approved term of ``e`` occurs, not as part of a longer bad variant."""
    bad_spans = [s for s in a.zh_sel if s.key in index.bad_keys]
    for m in a.zh_all:
        if m.key in e.approved and not any(s.start <= m.start and m.end <= s.end and len(s) > len(m)
                                           for s in bad_spans):
            return True
    return False


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    """Simplified → Traditional Chinese (OpenCC s2t), for suggestions made to Traditional text."""
    return _s2t().convert(text) if HAN_RE.search(text) else text


def _is_traditional(zh: str, norm: str) -> bool:
    """Whether a Chinese segment is written in Traditional characters (more than 5% of its Han
    characters change when folded to Simplified; the rule of ``textnorm.detect_script``)."""
    if zh == norm:
        return False
    if len(zh) != len(norm):
        return True  # OpenCC rewrote a phrase: Traditional
    han = changed = 0
    for a, b in zip(zh, norm):
        if HAN_RE.match(a):
            han += 1
            changed += a != b
    return bool(han) and changed / han > 0.05


class _Context:
    """What the checks share: the pairs, the glossary index, per-pair analyses (lazy), and where
    the pairs' texts are (``locate``)."""

    def __init__(self, pairs: Sequence[SegmentPair], glossary: Glossary, locate: Locator | None = None):
        self.pairs = pairs
        self.glossary = glossary
        self.locator = locate if locate is not None else Locator()
        self._index: _Index | None = None
        self._analyses: list[_Analysis] | None = None
        self._zh_norms: list[str] | None = None

    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = _Index(self.glossary)
        return self._index

    @property
    def analyses(self) -> list[_Analysis]:
        if self._analyses is None:
            idx = self.index
            self._analyses = [_analyse(idx, p, z) for p, z in zip(self.pairs, self.zh_norms)]
        return self._analyses

    @property
    def zh_norms(self) -> list[str]:
        """``normalize_zh`` of every Chinese segment, computed once."""
        if self._zh_norms is None:
            self._zh_norms = [normalize_zh(p.zh) for p in self.pairs]
        return self._zh_norms

    def place(self, n: int, side: str, span: tuple[int, int] | None = None) -> Location:
        """Where ``span`` of pair ``n``'s ``side`` text is (None: the segment itself)."""
        return self.locator.locate(self.pairs[n], side, span)

    def zh_span(self, n: int, start: int, end: int) -> tuple[int, int] | None:
        """A span of the normalised Chinese as a span of the text as written (None when folding to
        Simplified changed the length, so offsets do not carry over)."""
        return (start, end) if len(self.pairs[n].zh) == len(self.zh_norms[n]) else None

    def traditional(self, n: int) -> bool:
        """Whether pair ``n``'s Chinese is Traditional (the document's script when known)."""
        script = self.locator.script(self.pairs[n])
        if script in ("hant", "hans"):
            return script == "hant"
        return _is_traditional(self.pairs[n].zh, self.zh_norms[n])

    def shown(self, n: int, zh: str) -> str:
        """A Chinese term as a message to pair ``n`` shows it: in Traditional for Traditional text."""
        return to_traditional(zh) if self.traditional(n) else zh

    def written(self, n: int, start: int, end: int, key: str) -> str:
        """The Chinese text of pair ``n`` at a span of its normalised text, as written there."""
        span = self.zh_span(n, start, end)
        return self.pairs[n].zh[span[0]:span[1]] if span else self.shown(n, key)


def _q(text: str) -> str:
    return f"'{text}'"


# ------------------------------------------------------------------ the checks
def _term_missing(ctx: _Context) -> Iterable[Finding]:
    """An English glossary term occurs in a segment, but none of its approved Chinese
    translations (preferred or admitted) occurs in the aligned Chinese segment.

    English is matched through inflection and spelling variants (plural, case,
    hyphen or space, U.S./US, closed and open compounds: ``cyberspace`` =
    ``cyber space``, British and American spelling: ``defence`` = ``defense``,
    ``organisation`` = ``organization``), the longest term wins (``Minister of Public
    Security`` does not also require ``Public Security``); Chinese is matched on
    Simplified, half-width text.  When the Chinese uses a deprecated or
    forbidden variant instead, ``forbidden-term`` reports it and this check
    stays silent; an acronym kept in Latin letters in the Chinese (``APEC``)
    counts as translated.  Each occurrence is counted and the message says how
    many there are, but one approved translation is enough (Chinese often
    refers back with a pronoun).  Reported at the Chinese segment, where the
    translation is missing, with the English term as the related location.
    Severity: error.
    """
    idx = ctx.index
    for n, (pair, a) in enumerate(zip(ctx.pairs, ctx.analyses)):
        for i, (count, written, span) in a.en_hits.items():
            e = idx.entries[i]
            if not e.approved or _approved_present(idx, a, e):
                continue
            if any(s.key in e.bad for s in a.zh_sel):
                continue  # forbidden-term says which term to use
            if written.isupper() and len(written) <= 12 and written in a.zh_norm:
                continue  # an acronym kept in Latin letters in the Chinese (APEC, G20, WHO)
            times = f" ({count} times)" if count > 1 else ""
            expected = " or ".join(_q(t) for t in dict.fromkeys(ctx.shown(n, t) for t in e.approved_text[:3]))
            yield make_finding("term-missing", "error", pair,
                               f"{_q(written)}{times} is not translated as {expected}", e.en[0],
                               at=ctx.place(n, "zh"), related=(ctx.place(n, "en", span),))


def _forbidden_term(ctx: _Context) -> Iterable[Finding]:
    """A deprecated, superseded or forbidden Chinese variant of a glossary term occurs.

    A *forbidden* variant is an error wherever it occurs.  A *deprecated* or
    *superseded* variant is a warning, reported when the segment's English
    contains the entry's English term (or the entry has none), since the
    same Chinese string may be right for another concept.  A variant that is
    also an approved term of an entry whose English term is in the segment is
    not reported.  The message names the preferred term to use (in Traditional
    characters for Traditional text).  Reported at the variant in the Chinese,
    with the English term (or segment) as the related location.
    """
    idx = ctx.index
    for n, (pair, a) in enumerate(zip(ctx.pairs, ctx.analyses)):
        for s in a.zh_sel:
            if s.key not in idx.bad_keys:
                continue
            owners = idx.zh_of[s.key]
            if any(st in APPROVED and i in a.en_hits for i, st in owners):
                continue
            done = set()
            for i, status in owners:
                if status not in BAD or i in done:
                    continue
                e = idx.entries[i]
                if status != "forbidden" and e.en and i not in a.en_hits:
                    continue
                done.add(i)
                written = ctx.written(n, s.start, s.end, s.key)
                use = f"; use {_q(ctx.shown(n, e.approved_text[0]))}" if e.approved_text else ""
                concept = f" for {_q(e.en[0])}" if e.en else ""
                hit = a.en_hits.get(i)
                yield make_finding("forbidden-term", "error" if status == "forbidden" else "warning", pair,
                                   f"{_q(written)} is {status}{concept}{use}", s.key,
                                   at=ctx.place(n, "zh", ctx.zh_span(n, s.start, s.end)),
                                   related=(ctx.place(n, "en", hit[2] if hit else None),))


def _inconsistent(ctx: _Context) -> Iterable[Finding]:
    """The same English term is rendered differently across segments or files.

    For a glossary entry with several approved Chinese terms (preferred and
    admitted), the segments that use a less frequent one are reported, naming
    the rendering used elsewhere (ties go to the preferred term).  Segments
    that contain more than one rendering, or a deprecated/forbidden variant
    (``forbidden-term`` reports those), are not counted.  Capitalised
    multiword names that are not in the glossary (``Law Enforcement
    Dialogue``) and occur in three segments or more are checked too, with the
    aligner's lexicon finding which Chinese each segment uses; a segment is
    reported only against a clear majority whose rendering is absent from it:
    the check aims at no false alarms.  Reported at the rendering in the
    Chinese, with the English term as the related location.  Severity: warning.
    """
    idx = ctx.index
    uses: dict[int, list[tuple[int, str]]] = defaultdict(list)
    spans: dict[tuple[int, int], Match] = {}
    for n, a in enumerate(ctx.analyses):
        for i in a.en_hits:
            e = idx.entries[i]
            if len(e.approved) < 2:
                continue
            found = {s.key: s for s in a.zh_sel if s.key in e.approved}
            if len(found) == 1 and not any(s.key in e.bad for s in a.zh_sel):
                key, m = found.popitem()
                uses[i].append((n, key))
                spans[(n, i)] = m
    for i, seen in uses.items():
        counts = Counter(k for _, k in seen)
        if len(counts) < 2:
            continue
        e = idx.entries[i]
        order = {zh_term_key(t): r for r, t in enumerate(e.approved_text)}
        major = max(counts, key=lambda k: (counts[k], -order.get(k, 99)))
        files = {ctx.pairs[n].source for n, k in seen if k == major}
        where = f" in {len(files)} files" if len(files) > 1 else ""
        for n, k in seen:
            if k == major:
                continue
            pair = ctx.pairs[n]
            m = spans[(n, i)]
            yield make_finding("inconsistent-translation", "warning", pair,
                               f"{_q(e.en[0])} is rendered {_q(ctx.written(n, m.start, m.end, k))} here but "
                               f"{_q(ctx.shown(n, major))} in "
                               f"{counts[major]} other segment{'s' if counts[major] > 1 else ''}{where}; "
                               "choose one", e.en[0], at=ctx.place(n, "zh", ctx.zh_span(n, m.start, m.end)),
                               related=(ctx.place(n, "en", ctx.analyses[n].en_hits[i][2]),))

    def free(n: int, message: str, term: str, zh_span: tuple[int, int], en_span: tuple[int, int] | None):
        return make_finding("inconsistent-translation", "warning", ctx.pairs[n], message, term,
                            at=ctx.place(n, "zh", ctx.zh_span(n, *zh_span)),
                            related=(ctx.place(n, "en", en_span),))

    yield from inconsistent_free_terms(ctx.pairs, set(idx.en_of), make=free, shown=ctx.shown)


def _number_mismatch(ctx: _Context) -> Iterable[Finding]:
    """Numbers, percentages or dates differ between the English and the Chinese.

    Both sides are read into values that can be compared: ``3.5亿`` = ``350
    million``, ``十九`` = ``19th``, ``10月4日`` = ``Oct. 4``, ``百分之五`` =
    ``5%``, ``三成`` = ``30%``, ``75万7千`` = ``757,000``, English number words and
    ordinals, years and months; numbers rounded differently (``19.93 million``
    = ``1993.03万``) agree.  Only unambiguous numbers (digits, percentages,
    dates, Chinese numerals of two or more characters followed by a measure
    word or after 第) must appear on the other side; number words only help to
    match (``one`` and ``一`` hide in ordinary words and idioms such as
    ``说一千道一万``).  A day written alone (``13日``) takes the month the segment
    names elsewhere (``10月12日和13日``: October 13) and, when it names none,
    matches the English date with that day (``13日`` = ``October 13``); list
    numbering at the start of a segment (``1.`` ``1、`` ``（一）``) is not a
    quantity; ``六七千`` is 6,000 to 7,000.  Reported at the first number that has no
    counterpart (in the Chinese when the Chinese has one), with the other side
    as the related location.  Severity: warning, because a translator may
    restructure numbers legitimately (a sum spelt out, a date made relative).
    """
    for n, (pair, norm) in enumerate(zip(ctx.pairs, ctx.zh_norms)):
        miss_en, miss_zh = unmatched(pair.en, pair.zh, zh_normalized=norm)
        if not miss_en and not miss_zh:
            continue
        parts = []
        if miss_en:
            parts.append("English " + ", ".join(_q(q.text) for q in miss_en) + " not in the Chinese")
        if miss_zh:
            parts.append("Chinese " + ", ".join(_q(q.text) for q in miss_zh) + " not in the English")
        term = " ".join(sorted(q.provides[0] for q in miss_en + miss_zh))
        en_at = ctx.place(n, "en", (miss_en[0].start, miss_en[0].end) if miss_en else None)
        if miss_zh:
            at, related = ctx.place(n, "zh", ctx.zh_span(n, miss_zh[0].start, miss_zh[0].end)), en_at
        else:
            at, related = en_at, ctx.place(n, "zh")
        yield make_finding("number-mismatch", "warning", pair, "; ".join(parts), term, at=at, related=(related,))


@dataclass(frozen=True, slots=True)
class Check:
    """A named check: ``id``, default ``severity``, user-facing ``doc`` and the function."""

    id: str
    severity: str
    run: Callable[[_Context], Iterable[Finding]] = field(repr=False)
    needs_glossary: bool = True

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.run.__doc__ or "")

    @property
    def summary(self) -> str:
        return " ".join(self.doc.split("\n\n")[0].split())


CHECKS: Mapping[str, Check] = MappingProxyType({c.id: c for c in (
    Check("term-missing", "error", _term_missing),
    Check("forbidden-term", "error", _forbidden_term),
    Check("inconsistent-translation", "warning", _inconsistent),
    Check("number-mismatch", "warning", _number_mismatch, needs_glossary=False),
)})
"""Check id → :class:`Check`, in the order they run."""


def list_checks() -> str:
    """The text of ``shuyu check --list-checks``: id, severity and description of each check."""
    blocks = []
    for c in CHECKS.values():
        body = "\n".join("    " + line if line else "" for line in c.doc.splitlines())
        blocks.append(f"{c.id} ({c.severity})\n{body}")
    return "\n\n".join(blocks) + "\n"


def resolve_checks(enabled: Collection[str] | None = None, disabled: Collection[str] = ()) -> list[str]:
    """The ids of the checks to run; unknown ids raise :class:`UsageError`."""
    for name in list(enabled or ()) + list(disabled):
        if name not in CHECKS:
            raise UsageError(f"unknown check {name!r}", hint="known checks: " + ", ".join(CHECKS))
    chosen = list(CHECKS) if enabled is None or not list(enabled) else [c for c in CHECKS if c in set(enabled)]
    return [c for c in chosen if c not in set(disabled)]


_SEV_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def check_pairs(pairs: Iterable[SegmentPair], glossary: Glossary, *, enabled: Collection[str] | None = None,
                disabled: Collection[str] = (), min_confidence: float = 0.0,
                locate: Locator | None = None) -> list[Finding]:
    """Run the checks on aligned pairs; findings sorted by file, line and check.

    ``enabled`` (default: all) and ``disabled`` are check ids.  Pairs with an
    empty side or a confidence below ``min_confidence`` are not checked.
    ``locate`` knows where the pairs' texts are in their files (see
    :mod:`.locations`); without it a finding points at its pair's file and line.
    """
    ids = resolve_checks(enabled, disabled)
    usable = [p for p in pairs if p.en.strip() and p.zh.strip() and p.confidence >= min_confidence]
    ctx = _Context(usable, glossary, locate)
    order = {c: i for i, c in enumerate(CHECKS)}
    out: list[Finding] = []
    for cid in ids:
        if CHECKS[cid].needs_glossary and not glossary.entries and cid != "inconsistent-translation":
            continue
        out.extend(CHECKS[cid].run(ctx))
    out.sort(key=lambda f: (f.file, f.line, f.column, order[f.check], _SEV_RANK.get(f.severity, 9), f.term))
    return out

