"""Mining a corpus in parts: the same result whether one process reads it all or many workers
each read some of its documents (map-reduce, e.g. on Dask).

The miner looks at a corpus several times: it first finds the acronyms the English defines and
the words written with a capital inside sentences, then learns translations the dictionary lacks,
then counts every term pair, and finally ranks them.  Each look is a *map* over the parts of the
corpus followed by a *merge* of what the parts found, in corpus order:

1. :func:`look`            → :class:`Look`      acronyms, capitals, what was read and skipped
2. :func:`learn`           → :class:`~.links.Learner` counts of the words the dictionary cannot link
3. :func:`count_strings`   → ``{string: segments}``  how often the learner's candidates occur
4. :func:`count`           → :class:`Counts`    every English term and term pair seen
5. :func:`count_strings`   for the best pairs' Chinese terms, then :func:`rank`.

A *part* is a list of :class:`~shuyu.records.SegmentPair` holding whole documents (all the pairs
of a source, in order): each merge gives what one pass over the parts one after the other
would, so the result does not depend on how documents are grouped into parts.  What a part needs
besides its pairs is small and picklable (:class:`MineSettings`, a :class:`Context`), so any map
function can run the parts on other processes or machines; each worker loads the lexicon from its
own per-user cache.

    from shuyu.terms.mining.corpus import MineSettings, mine_parts
    terms, stats = mine_parts(parts, MineSettings(top=200))                  # in this process
    terms, stats = mine_parts(parts, settings, run_map=my_map, reduce=my_reduce)   # elsewhere

``run_map(fn, parts, **kwargs)`` must return ``[fn(part, **kwargs) for part in parts]`` (in that
order), and ``reduce(merge, items)`` must return ``merge(merge(items[0], items[1]), …)`` or any
grouping of adjacent items (``merge`` is associative, not commutative).
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Sequence

from ...errors import InputError
from ...records import SegmentPair, TermPair
from ...textnorm import han_ratio, normalize_zh
from . import english
from .links import FIRST_STAGES, Learner, Resources
from .miner import (MAX_EXAMPLES, MAX_SOURCES, MIN_HAN_RATIO, SEGMENT_CACHE, Analysis, MineStats, _Analyser,
                    _cap_inside, _EnStats, _PairStats, _zh_freq, find_acronyms, rank_counts)
from ...records import Example

__all__ = ["MineSettings", "Context", "Look", "Counts", "look", "learn", "count_strings", "count", "rank",
           "mine_parts", "local_map", "local_reduce", "split_by_source"]


# ----------------------------------------------------------------------------- settings and state

@dataclass(frozen=True, slots=True)
class MineSettings:
    """What every part is mined with (small and picklable)."""

    top: int | None = None
    min_freq: int = 1
    extra_pairs: tuple[tuple[str, str], ...] = ()            # glossary pairs added to the lexicon
    glossary_keys: tuple[tuple[str, tuple[str, ...]], ...] = ()  # English key -> Chinese keys known
    stop_en: frozenset[str] = frozenset()
    stop_zh: frozenset[str] = frozenset()
    min_score: float = 0.0  # new pairs scored below this are dropped (after ``top``)


@functools.lru_cache(maxsize=4)
def _default_lexicon(extra_pairs: tuple[tuple[str, str], ...]):
    from ...aligner import lexicon as lexmod

    return lexmod.shared_lexicon(extra_pairs), lexmod.en_lemma


def _lexicon(settings: MineSettings, lexicon) -> tuple[Any, Callable[[str], str]]:
    """The lexicon given (in-process mining) or this process's own copy (a worker)."""
    if lexicon is None:
        return _default_lexicon(settings.extra_pairs)
    from ...aligner.lexicon import en_lemma

    return lexicon, getattr(lexicon, "en_lemma", en_lemma)


@dataclass(slots=True)
class Look:
    """The first look at some documents: what was read and skipped, acronyms and inner capitals."""

    read: int = 0
    used: int = 0
    empty: int = 0
    not_zh: int = 0
    not_en: int = 0
    first_skipped: str = ""
    acronyms: dict = field(default_factory=dict)
    cap_inside: frozenset = frozenset()

    def merge(self, later: "Look") -> "Look":
        acronyms = dict(self.acronyms)
        for k, v in later.acronyms.items():
            acronyms.setdefault(k, v)  # the first definition in the corpus wins
        return Look(self.read + later.read, self.used + later.used, self.empty + later.empty,
                    self.not_zh + later.not_zh, self.not_en + later.not_en,
                    self.first_skipped or later.first_skipped, acronyms, self.cap_inside | later.cap_inside)

    def stats(self) -> MineStats:
        return MineStats(self.read, self.used, self.empty, self.not_zh, self.first_skipped, self.not_en)


@dataclass(frozen=True, slots=True)
class Context:
    """What the counting pass needs to know about the whole corpus."""

    acronyms: dict
    cap_inside: frozenset
    learned: dict
    #: the learner's resources, whose lookups and first stages of linking the counting pass reuses
    #: (in-process mining only: never shipped to workers)
    resources: Resources | None = None


@dataclass(slots=True)
class Counts:
    """Every English term and term pair seen in some documents."""

    en: dict = field(default_factory=dict)      # key -> _EnStats
    pairs: dict = field(default_factory=dict)   # (en key, zh key) -> _PairStats

    def merge(self, later: "Counts") -> "Counts":
        """These counts followed by ``later``'s (merged into this object, which is returned)."""
        for key, st in later.en.items():
            mine = self.en.get(key)
            if mine is None:
                self.en[key] = st
                continue
            mine.freq += st.freq
            mine.shown.update(st.shown)
            mine.kinds.update(st.kinds)
        for key, ps in later.pairs.items():
            mine = self.pairs.get(key)
            if mine is None:
                self.pairs[key] = ps
                continue
            mine.joint += ps.joint
            mine.ev_max = max(mine.ev_max, ps.ev_max)
            mine.ev_sum += ps.ev_sum
            mine.kinds |= ps.kinds
            mine.en_kinds.update(ps.en_kinds)
            mine.shown.update(ps.shown)
            mine.whole_word = mine.whole_word or ps.whole_word
            mine.n_words = ps.n_words
            mine.nested += ps.nested
            mine.cut += ps.cut
            mine.inner_verb += ps.inner_verb
            mine.examples.extend(ps.examples[: max(0, MAX_EXAMPLES - len(mine.examples))])
            for src in ps.sources:
                if len(mine.sources) >= MAX_SOURCES:
                    break
                mine.sources.setdefault(src, None)
        return self


# ----------------------------------------------------------------------------- the passes

def _usable(part: Sequence[SegmentPair], look_: Look | None = None):
    """(English, Chinese, source, confidence) of the pairs with text in both languages; counts the
    others into ``look_``."""
    out = []
    for sp in part:
        en_text = (sp.en or "").strip()
        zh_text = (sp.zh or "").strip()
        if look_ is not None:
            look_.read += 1
            where = f"{sp.source}:{sp.line}" if sp.source else f"pair {look_.read}"
        if not en_text or not zh_text:
            if look_ is not None:
                look_.empty += 1
                look_.first_skipped = look_.first_skipped or where
            continue
        if han_ratio(zh_text) < MIN_HAN_RATIO:
            if look_ is not None:
                look_.not_zh += 1
                look_.first_skipped = look_.first_skipped or f"{where}: {zh_text[:40]!r}"
            continue
        if han_ratio(en_text) > 1.0 - MIN_HAN_RATIO:
            if look_ is not None:
                look_.not_en += 1
                look_.first_skipped = look_.first_skipped or f"{where}: {en_text[:40]!r}"
            continue
        out.append((en_text, zh_text, sp.source or "", sp.confidence if sp.confidence == sp.confidence else 1.0))
    if look_ is not None:
        look_.used += len(out)
    return out


def look(part: Sequence[SegmentPair]) -> Look:
    """Pass 1: what was read and skipped, the acronyms the English defines, the capitals inside sentences."""
    found = Look()
    usable = _usable(part, found)
    english_side = [e for e, _, _, _ in usable]
    found.acronyms = find_acronyms(english_side)
    found.cap_inside = _cap_inside(english_side)
    return found


def learn(part: Sequence[SegmentPair], *, settings: MineSettings, acronyms: dict, lexicon=None,
          remember: int = 0) -> Learner:
    """Pass 2: the learner's counts for these documents (each distinct pair of a document once); with
    ``remember`` (in-process mining), the links of at most that many pairs are kept for the counting pass."""
    from . import chinese

    lex, lemma = _lexicon(settings, lexicon)
    learner = Learner(Resources(lex, lemma, acronyms), remember)
    done: set[tuple[str, str]] = set()
    source = None
    for en_text, zh_text, src, _ in _usable(part):
        if src != source:
            source, done = src, set()  # a pair repeated in another document counts again
        if (en_text, zh_text) in done:
            continue
        if len(done) < SEGMENT_CACHE:
            done.add((en_text, zh_text))
        learner.add(english.tokenize(english.prepare(en_text)), chinese.segment(zh_text))
    return learner


def count_strings(part: Sequence[SegmentPair], *, strings: Sequence[str]) -> Counter:
    """In how many of these pairs' Chinese sides each string occurs (Simplified, half-width)."""
    norms = [normalize_zh(z) for _, z, _, _ in _usable(part)]
    return Counter({k: v for k, v in _zh_freq(strings, norms).items() if v})


def _add_counters(a: Counter, b: Counter) -> Counter:
    a.update(b)
    return a


def _analyser(settings: MineSettings, context: Context, lexicon) -> _Analyser:
    lex, lemma = _lexicon(settings, lexicon)
    res = Resources(lex, lemma, context.acronyms)
    res.learned = context.learned
    if context.resources is not None:
        res.first_stages = context.resources.first_stages
        res.share_memos(context.resources)
    return _Analyser(res, settings.stop_en, settings.stop_zh, context.cap_inside)


def count(part: Sequence[SegmentPair], *, settings: MineSettings, context: Context, lexicon=None,
          progress: Callable[[int], None] | None = None, analyser: _Analyser | None = None) -> Counts:
    """Pass 3: every English candidate and term pair of these documents, counted."""
    analyse = analyser or _analyser(settings, context, lexicon)
    counts = Counts()
    en_stats: dict[str, _EnStats] = counts.en
    pair_stats: dict[tuple[str, str], _PairStats] = counts.pairs
    cache: dict[tuple[str, str, bool], Analysis] = {}
    opened: set[str] = set()
    usable = _usable(part)
    for n, (en_text, zh_text, src, confidence) in enumerate(usable, start=1):
        if progress is not None and n % 1000 == 0:
            progress(n)
        first = src not in opened
        opened.add(src)
        got = cache.get((en_text, zh_text, first))
        if got is None:
            got = analyse(en_text, zh_text, first)
            if SEGMENT_CACHE > 0:
                if len(cache) >= SEGMENT_CACHE:
                    cache.pop(next(iter(cache)))
                cache[(en_text, zh_text, first)] = got
        found = [(occ, zh_text) for occ in got.pairs]
        en_seen = got.en_seen
        beside = [(usable[k][0], usable[k][1]) for k in (n - 2, n) if 0 <= k < len(usable) and usable[k][2] == src]
        if beside:
            said = {w for occ in got.pairs if "name" in occ.kinds for w in occ.en_text.lower().split()}
            here = {(occ.en_key, occ.zh_key) for occ in got.pairs}
            # (a pair its own segment has is counted there once)
            nearby = [(occ, z) for occ, z in analyse.names_nearby(en_text, said, beside)
                      if (occ.en_key, occ.zh_key) not in here]
            if nearby:
                seen_here = {key for key, _, _ in en_seen}
                en_seen = tuple(en_seen) + tuple(dict.fromkeys(
                    (occ.en_key, occ.en_text, occ.en_kind) for occ, _ in nearby if occ.en_key not in seen_here))
                found += nearby
        for key, text, kind in en_seen:
            st = en_stats.get(key)
            if st is None:
                st = en_stats[key] = _EnStats()
            st.freq += 1
            st.shown[text] += 1
            st.kinds[kind] += 1
        for occ, occ_zh in found:
            k = (occ.en_key, occ.zh_key)
            ps = pair_stats.get(k)
            if ps is None:
                ps = pair_stats[k] = _PairStats()
            ps.joint += 1
            # a pair from a doubtful alignment (a comparable text, a 2-3 bead) counts for less
            ev = occ.evidence * (0.6 + 0.4 * min(1.0, max(0.0, confidence)))
            ps.ev_max = max(ps.ev_max, ev)
            ps.ev_sum += ev
            ps.kinds.update(occ.kinds)
            ps.en_kinds[occ.en_kind] += 1
            ps.shown[occ.zh_text] += 1
            ps.whole_word = ps.whole_word or occ.whole_word
            ps.n_words = occ.n_words
            ps.nested += occ.nested
            ps.cut += occ.cut
            ps.inner_verb += occ.inner_verb
            if len(ps.examples) < MAX_EXAMPLES:
                ps.examples.append(Example(en_text, occ_zh, src))
            if src and len(ps.sources) < MAX_SOURCES:
                ps.sources[src] = None
    if progress is not None:
        progress(len(usable))
    return counts


def rank(counts: Counts, zh_freq: Callable[[list[str]], dict[str, int]], *, settings: MineSettings,
         lexicon=None) -> list[TermPair]:
    """Pass 4: score, order and select the counted pairs."""
    lex, lemma = _lexicon(settings, lexicon)
    res = Resources(lex, lemma)
    glossary_keys = {k: set(v) for k, v in settings.glossary_keys}
    ranked = rank_counts(counts.en, counts.pairs, zh_freq, glossary_keys, settings.top, settings.min_freq,
                         res.is_verb, res.lexicalised)
    if settings.min_score:
        ranked = [p for p in ranked if p.known or p.score >= settings.min_score]
    return ranked


# ----------------------------------------------------------------------------- drivers

def local_map(fn: Callable, parts: Sequence, **kwargs) -> list:
    """Run ``fn`` over the parts in this process."""
    return [fn(part, **kwargs) for part in parts]


def local_reduce(merge: Callable[[Any, Any], Any], items: Sequence):
    """Merge the items left to right."""
    return functools.reduce(merge, items)


def split_by_source(pairs: Sequence[SegmentPair]) -> list[list[SegmentPair]]:
    """The pairs cut into parts of whole documents (runs of one source), in order."""
    parts: list[list[SegmentPair]] = []
    last = object()
    for sp in pairs:
        if sp.source != last or not parts:
            parts.append([])
            last = sp.source
        parts[-1].append(sp)
    return parts


def _no_usable_pair(found: Look) -> InputError:
    if found.not_zh or found.not_en:
        return InputError(f"none of the {found.read} segment pairs has English then Chinese",
                          where=found.first_skipped.split(":")[0] or None,
                          hint="check the language order (English first, then Chinese) or the column names")
    return InputError(f"all {found.read} segment pairs are empty or one-sided", where=found.first_skipped or None,
                      hint="give aligned pairs with text on both sides")


def mine_parts(parts: Sequence, settings: MineSettings, *, run_map: Callable = local_map,
               reduce: Callable = local_reduce, lexicon=None,
               progress: Callable[[int], None] | None = None) -> tuple[list[TermPair], MineStats]:
    """Mine a corpus given as parts of whole documents (see the module doc); ``lexicon`` (in-process
    only) replaces the per-user CC-CEDICT lexicon; ``progress`` (in-process only) is called with the
    number of pairs counted."""
    if not parts:
        return [], MineStats(0, 0, 0, 0)
    found = reduce(Look.merge, run_map(look, parts))
    stats = found.stats()
    if not found.used:
        if found.read:
            raise _no_usable_pair(found)
        return [], stats
    extra = {} if lexicon is None else {"lexicon": lexicon}
    # the first stages are kept only in this process, at most FIRST_STAGES in all (never built on workers)
    remember = FIRST_STAGES // len(parts) if run_map is local_map else 0
    learner = reduce(Learner.merge, run_map(learn, parts, settings=settings, acronyms=found.acronyms,
                                            remember=remember, **extra))
    lex, lemma = _lexicon(settings, lexicon)
    res = Resources(lex, lemma, found.acronyms)
    if learner.res is not None:
        res.share_memos(learner.res)

    def zh_freq(strings: list[str]) -> dict[str, int]:
        if not strings:
            return {}
        return reduce(_add_counters, run_map(count_strings, parts, strings=list(strings)))

    learned = learner.learn(zh_freq, res)
    local = run_map is local_map
    context = Context(found.acronyms, found.cap_inside, learned, learner.res if local else None)
    if progress is not None and run_map is local_map:
        extra["progress"] = progress
    counts = reduce(Counts.merge, run_map(count, parts, settings=settings, context=context, **extra))
    return rank(counts, zh_freq, settings=settings, lexicon=lexicon), stats


def settings_for(*, top: int | None, min_freq: int, glossary_keys: dict | None = None,
                 extra_pairs: Collection[tuple[str, str]] = (), stop_en: Collection[str] = (),
                 stop_zh: Collection[str] = (), min_score: float = 0.0) -> MineSettings:
    """:class:`MineSettings` from the usual arguments (sets and dicts frozen)."""
    keys = tuple(sorted((k, tuple(sorted(v))) for k, v in (glossary_keys or {}).items()))
    return MineSettings(top, max(1, min_freq), tuple(extra_pairs), keys, frozenset(stop_en), frozenset(stop_zh),
                        float(min_score))
