"""Mine bilingual term pairs from aligned English/Chinese segment pairs.

How it works (see also ``terms/pairing.py`` for the signals):

1. One pass over the segment pairs (streamed; only compact per-segment
   candidate ids, and the texts needed for examples, are kept — memory grows
   with the number of distinct candidates and segments, not with their text).
   Each pair gives English candidates (:mod:`.candidates_en`) and Chinese
   candidates (:mod:`.candidates_zh`); their segment frequencies are counted,
   and within the pair the dictionary evidence is computed: for every English
   candidate, the Chinese candidate best explained by the lexicon
   translations of its words (:class:`.pairing.SegmentDictionary`).
   Transliterated names and parenthetical glosses are found here too.
   Identical segment pairs (common in translation memories) are analysed
   once (:data:`SEGMENT_CACHE`).
2. Co-occurrence counts of all candidate pairs are taken with numpy in chunks
   (pairs seen once are pruned if the table grows past
   :data:`MAX_PAIR_TABLE`); association is logDice / Dice and G².
3. Each (English, Chinese) pair gets a score from its evidence and the
   termhood of both sides (kind of candidate, keyness of a single Chinese word
   against jieba's general-language frequencies); competitive linking keeps
   the best Chinese term for each English term and vice versa.

For one short document counts are tiny, so dictionary composition carries the
ranking; over a corpus association takes over for terms the lexicon lacks.
"""

from __future__ import annotations

import math
import warnings
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Collection, Iterable

from ..errors import InputError
from ..records import Example, Glossary, SegmentPair, TermPair
from ..textnorm import han_ratio, normalize_en, normalize_zh
from .candidates_en import builtin_stoplist_en, en_candidates, en_key, singular, verb_base
from .candidates_zh import builtin_stoplist_zh, general_zipf, zh_candidates
from .pairing import (SegmentDictionary, composition_score, gloss_pairs, number_agreement, pinyin_readings)

#: Above this many distinct co-occurring pairs, pairs seen once are pruned.
MAX_PAIR_TABLE = 20_000_000
#: Segment pairs per numpy co-occurrence chunk.
CHUNK = 2000
#: Pairs scoring below this are not proposed.
MIN_SCORE = 0.12
#: Identical segment pairs (repeated in translation memories) are analysed once; at most this many are remembered.
SEGMENT_CACHE = 20_000
#: Example sentence pairs kept per term pair.
MAX_EXAMPLES = 3
MAX_SOURCES = 10
#: A Chinese side with a lower share of Han letters is not Chinese.
MIN_HAN_RATIO = 0.3


@dataclass(frozen=True, slots=True)
class MineStats:
    """What :func:`mine_with_stats` read and skipped."""

    read: int
    used: int
    skipped_empty: int
    skipped_not_chinese: int
    first_skipped: str = ""
    skipped_not_english: int = 0

    @property
    def skipped(self) -> int:
        return self.skipped_empty + self.skipped_not_chinese + self.skipped_not_english

    def message(self) -> str:
        """One line for the user about skipped pairs ("" when none were skipped)."""
        return _skip_message(self) if self.skipped else ""


@dataclass(frozen=True, slots=True)
class _Segment:
    """What one segment pair contributes: candidate ids and within-pair evidence."""

    e_ids: array
    z_ids: array
    dictionary: tuple  # (en id, zh id, composition score)
    glosses: tuple  # (en id, zh id)
    names: tuple  # (en id, zh id)
    cut: tuple  # en ids of candidates cut at a boundary


class _NoLexicon:
    def zh_for_en(self, lemma: str) -> frozenset[str]:
        return frozenset()


def _fallback_lemma(word: str) -> str:
    low = word.lower()
    return verb_base(low) or singular(low)


def default_lexicon(extra: Iterable[tuple[str, str]] = ()):
    """The aligner's lexicon (plus ``extra`` glossary pairs) and its lemmatiser.

    An empty lexicon if the aligner's lexicon is not available.
    """
    try:
        from ..aligner import lexicon as lexmod
    except ImportError:
        return _NoLexicon(), _fallback_lemma
    return lexmod.load_lexicon(tuple(extra)), getattr(lexmod, "en_lemma", _fallback_lemma)


def pairs_from_alignment(alignment, source: str = "") -> list[SegmentPair]:
    """Segment pairs of an :class:`~shuyu.records.Alignment` (one per bead; 1-0 and 0-1 beads kept,
    :func:`mine` skips and counts them).  ``source`` defaults to the English file's path."""
    src = source or alignment.en.path
    out = []
    for n, (bead, en, zh) in enumerate(alignment.pairs(), start=1):
        line = alignment.en.sentences[bead.en[0]].index + 1 if bead.en else n
        out.append(SegmentPair(en, zh, src, line, bead.confidence))
    return out


def _glossary_pairs(glossary: Glossary | None) -> list[tuple[str, str]]:
    if not glossary:
        return []
    return [(e.text, z.text) for entry in glossary.entries for e in entry.en for z in entry.zh]


def _lemma_for(lexicon) -> Callable[[str], str]:
    try:
        from ..aligner import lexicon as lexmod
        return getattr(lexmod, "en_lemma", _fallback_lemma)
    except ImportError:
        return getattr(lexicon, "en_lemma", _fallback_lemma)


# ----------------------------------------------------------------------------- termhood

@lru_cache(maxsize=200_000)
def general_zipf_en(word: str) -> float:
    """Zipf frequency of an English word in general language (wordfreq's small list; 0 if unknown).

    Without wordfreq installed every word counts as rare (3.0).
    """
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 3.0
    return zipf_frequency(word, "en", wordlist="small")


#: Adjectives that do not end an English term (the noun they modify is missing).
_EN_ADJ = frozenset("""
broad full common mutual legal practical important critical synthetic joint bilateral multilateral
international national global regional economic social political strategic comprehensive effective
active positive sound steady stable fair open close closer deep deeper further various relevant
related concerned overall public private foreign domestic local central basic fundamental
sustainable inclusive balanced coordinated high-quality new major key great
""".split())
_LY_NOUNS = frozenset("family assembly italy july supply monopoly anomaly ally rally reply poly".split())
_NOT_VERB_ED = frozenset("need speed seed creed breed greed hundred deed bed red shed united".split())
_ZH_BAD_END = frozenset("a ad an c d p u uj ul uz uv ug ud r m q f y e o z".split())
_ZH_BAD_START = frozenset("c p u uj ul uz uv ug ud y e o".split())
_ZH_TITLES = frozenset("""部长 主席 总统 总理 副总理 委员 国务委员 大使 书记 总书记 发言人 秘书长 司长 局长 处长
省长 市长 州长 首相 外长 国务卿 议长 主任 董事长 总裁 会长 院长 校长 部长助理 特使 代表 将军 先生 女士""".split())
_ZH_ACTORS = frozenset("中方 双方 美方 加方 各方 俄方 日方 英方 欧方 对方 两国 各国 我国 我们 政府".split())


def en_form_penalty(text: str, kind: str) -> float:
    """Factor < 1 for English candidates that look cut or free: ending in a participle or an
    adjective, holding an inflected verb inside (``sides reached broad consensus``), or a verb
    with a compound object (``strengthen counter-narcotics cooperation``)."""
    if kind == "title":
        return 1.0
    toks = text.split()
    t = 1.0
    for k in range(1, len(toks)):
        low = toks[k].lower()
        base = verb_base(low)
        if base and base != low and toks[k - 1].lower() not in ("of", "for", "and", "on", "the"):
            t *= 0.5
            break
    if kind == "verb-object" and len(toks) > 2 and toks[1].lower() not in _EN_ADJ \
            and not any(t.lower() in ("of", "from", "with", "and") for t in toks) \
            and toks[1].lower() not in ("a", "an", "the", "its", "their", "our", "his", "her"):
        t *= 0.8
    return t * _en_end_penalty(toks)


def _en_end_penalty(toks: list[str]) -> float:
    last = toks[-1]
    if last.lower().endswith("ly") and len(last) > 4 and last.lower() not in _LY_NOUNS:
        return 0.5  # an adverb ends no term
    if last[:1].isupper():
        return 1.0
    low = last.lower()
    if low.endswith("ed") and len(low) > 4 and low not in _NOT_VERB_ED:
        return 0.5
    if low in _EN_ADJ:
        return 0.6
    return 1.0


def zh_form_penalty(words: tuple[str, ...]) -> float:
    """Factor < 1 for Chinese candidates ending in a function word, adverb or adjective,
    starting with a conjunction or preposition, or made of an actor and its verb (中方反对)."""
    from .candidates_zh import word_tag

    t = 1.0
    if any(w in _ZH_TITLES for w in words[:-1]):
        t *= 0.5  # a title followed by a name: 部长王明
    if word_tag(words[-1]) in _ZH_BAD_END:
        t *= 0.5
    if len(words) > 2 and word_tag(words[0]).startswith("v") and word_tag(words[1]) not in ("a", "ad", "b", "d"):
        t *= 0.75  # verb + compound object: a free combination (加强禁毒合作)
    if len(words) > 1:
        if word_tag(words[0]) in _ZH_BAD_START:
            t *= 0.6
        if words[0] in _ZH_ACTORS:
            t *= 0.5
    return t


def en_termhood(kind: str, text: str, n_words: int, cut_share: float) -> float:
    """Prior that an English candidate is a term, from its form alone (0..1)."""
    if kind == "title":
        t = 1.0
    elif kind == "verb-object":
        t = 1.0 if n_words == 2 else 0.9  # verb + one-word object: a set phrase
    elif kind == "phrase":
        t = 0.85
    else:
        z = general_zipf_en(text)
        if z >= 5.0:
            t = 0.45
        elif z >= 4.5:
            t = 0.6
        elif z >= 4.0:
            t = 0.7
        elif z >= 3.0:
            t = 0.85
        else:
            t = 0.9
    if n_words > 4:
        t *= 0.8
    if kind != "title" and " and " in text:
        t *= 0.7  # a lowercase coordination is one concept only sometimes (reform and opening)
    return t * (1.0 - 0.5 * cut_share) * en_form_penalty(text, kind)


def zh_termhood(kind: str, key: str, words: tuple[str, ...]) -> float:
    """Prior that a Chinese candidate is a term: kind, length, general-language keyness (0..1)."""
    if kind == "name":
        return 1.0
    if kind in ("word", "part"):
        z = general_zipf(key)
        if z >= 5.5:
            t = 0.45
        elif z >= 5.0:
            t = 0.6
        elif z >= 4.5:
            t = 0.75
        else:
            t = 0.9
        if kind == "part":
            t *= 0.85
        return t * zh_form_penalty(words)
    t = 0.9 if len(key) <= 8 else 0.7
    if len(words[0]) == 1 or len(words[-1]) == 1:
        t *= 0.75
    return t * zh_form_penalty(words)


# ----------------------------------------------------------------------------- corpus state

class _Vocab:
    """Candidate keys ↔ ids with frequencies and display data.

    A key's surface forms are kept as one string until a second spelling is
    seen (then a small Counter, at most 8 spellings), to keep memory low.
    """

    def __init__(self):
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self.freq = array("l")
        self.surface: list = []
        self.info: list[tuple] = []
        self.examples = array("b")

    def add(self, key: str, text: str | None, info: tuple) -> int:
        i = self.ids.get(key)
        if i is None:
            i = len(self.keys)
            self.ids[key] = i
            self.keys.append(key)
            self.freq.append(0)
            self.surface.append(text)
            self.info.append(info)
            self.examples.append(0)
            return i
        sc = self.surface[i]
        if text is None or sc == text:
            return i
        if isinstance(sc, str):
            sc = self.surface[i] = Counter({sc: 1})
        if text in sc or len(sc) < 8:
            sc[text] += 1
        return i

    def display(self, i: int) -> str:
        """The most frequent spelling of key ``i`` (first seen on ties)."""
        sc = self.surface[i]
        if sc is None:
            return self.keys[i]
        return sc if isinstance(sc, str) else sc.most_common(1)[0][0]


def _stoplist(builtin: frozenset[str], extra: Collection[str] | None, lower: bool) -> frozenset[str]:
    if not extra:
        return builtin
    return builtin | {(w.lower() if lower else normalize_zh(w)).strip() for w in extra if w.strip()}


def mine(pairs: Iterable[SegmentPair], *, lexicon=None, glossary: Glossary | None = None, top: int | None = None,
         min_freq: int = 1, stoplist_en: Collection[str] | None = None, stoplist_zh: Collection[str] | None = None,
         progress: Callable[[int], None] | None = None) -> list[TermPair]:
    """Mine term pairs from aligned segment pairs, best first.

    ``lexicon`` defaults to :func:`shuyu.aligner.lexicon.load_lexicon`;
    ``glossary`` entries found are returned with ``known=True`` (they do not
    count against ``top``); ``min_freq`` is the least number of segment pairs
    a pair must share; ``stoplist_en``/``stoplist_zh`` add words to the
    built-in stop lists; ``progress`` is called with the number of segment
    pairs read so far.  Skipped pairs (empty, one-sided, no Chinese on the
    Chinese side) are reported with a :class:`UserWarning`; if no pair is
    usable an :class:`~shuyu.errors.InputError` says why.
    """
    result, stats = mine_with_stats(pairs, lexicon=lexicon, glossary=glossary, top=top, min_freq=min_freq,
                                    stoplist_en=stoplist_en, stoplist_zh=stoplist_zh, progress=progress)
    if stats.skipped and stats.used:
        warnings.warn(_skip_message(stats), UserWarning, stacklevel=2)
    return result


def _skip_message(stats: MineStats) -> str:
    parts = []
    if stats.skipped_empty:
        parts.append(f"{stats.skipped_empty} empty or one-sided")
    if stats.skipped_not_chinese:
        parts.append(f"{stats.skipped_not_chinese} with no Chinese on the Chinese side")
    if stats.skipped_not_english:
        parts.append(f"{stats.skipped_not_english} with Chinese on the English side")
    where = f" (first: {stats.first_skipped})" if stats.first_skipped else ""
    return f"skipped {stats.skipped} of {stats.read} segment pairs: {', '.join(parts)}{where}"


def mine_with_stats(pairs: Iterable[SegmentPair], *, lexicon=None, glossary: Glossary | None = None,
                    top: int | None = None, min_freq: int = 1, stoplist_en: Collection[str] | None = None,
                    stoplist_zh: Collection[str] | None = None,
                    progress: Callable[[int], None] | None = None) -> tuple[list[TermPair], MineStats]:
    """Like :func:`mine`, and also return :class:`MineStats` (no warning is issued)."""
    if lexicon is None:
        lexicon, lemma = default_lexicon(_glossary_pairs(glossary))
    else:
        lemma = _lemma_for(lexicon)
    stop_en = _stoplist(builtin_stoplist_en(), stoplist_en, lower=True)
    stop_zh = _stoplist(builtin_stoplist_zh(), stoplist_zh, lower=False)
    min_freq = max(1, int(min_freq))

    en = _Vocab()
    zh = _Vocab()
    seg_en: list[array] = []
    seg_zh: list[array] = []
    seg_src = array("l")
    sources: list[str] = []
    source_ids: dict[str, int] = {}
    texts: dict[int, tuple[str, str, str]] = {}
    dict_sum: dict[tuple[int, int], float] = {}
    dict_n: Counter = Counter()
    gloss: Counter = Counter()
    names: Counter = Counter()
    cut: Counter = Counter()
    trans_cache: dict = {}
    reader = getattr(lexicon, "pinyin", None)
    pinyin_cache: dict[str, frozenset[str]] = {}
    comp_cache: dict[tuple[int, int], float] = {}
    read = empty = not_zh = not_en = 0
    first_skipped = ""

    def analyse(en_text: str, zh_text: str) -> _Segment:
        """Candidates and within-pair evidence of one segment pair (ids into the vocabularies)."""
        ev_gloss: list = []
        ev_dict: list = []
        ev_names: list = []
        ev_cut: list = []
        zh_norm = normalize_zh(zh_text)
        ecs = en_candidates(en_text, stoplist=stop_en)
        zcs = zh_candidates(zh_norm, stoplist=stop_zh, normalized=True)

        e_first: dict[int, object] = {}
        for c in ecs:
            i = en.add(c.key, c.text, (c.kind, c.words))
            if i not in e_first:
                e_first[i] = c
        z_occ: dict[int, list] = {}
        # Offsets are into the normalised text; when normalising kept the length (it
        # does for Traditional->Simplified and width), the original spelling is shown.
        same_len = len(zh_norm) == len(zh_text)
        for c in zcs:
            shown = zh_text[c.start:c.end] if same_len else None
            i = zh.add(c.key, shown if shown and shown != c.key else None, (c.kind, c.words))
            z_occ.setdefault(i, []).append(c)

        # parenthetical glosses
        en_norm = normalize_en(en_text)
        for g_en, g_zh, side in gloss_pairs(en_norm, zh_norm):
            if side == "zh":
                from .candidates_en import tokenize_en
                toks = tokenize_en(g_en)
                gi = en.add(en_key(toks), " ".join(toks), ("title" if all(t[:1].isupper() for t in toks) else
                                                          "phrase", tuple(t.lower() for t in toks)))
                e_first.setdefault(gi, None)
                for zi, occ in z_occ.items():
                    if g_zh.endswith(zh.keys[zi]):
                        ev_gloss.append((gi, zi))
            else:
                zi = zh.add(g_zh, None, ("compound", (g_zh,)))
                z_occ.setdefault(zi, [])
                low = g_en.lower()
                for ei, c in e_first.items():
                    if c is not None and low.endswith(c.text.lower()):
                        ev_gloss.append((ei, zi))

        for i, c in e_first.items():
            if c is not None and c.cut:
                ev_cut.append(i)

        # dictionary evidence and names, within the pair
        sd = SegmentDictionary(zh_norm, lexicon, lemma, trans_cache)
        by_start: dict[int, list] = {}
        by_end: dict[int, list] = {}
        for lst in z_occ.values():
            for z in lst:
                by_start.setdefault(z.start, []).append(z)
                by_end.setdefault(z.end, []).append(z)
        en_len = max((c.start + len(c.text.split()) for c in ecs), default=1)
        zh_len = max(len(zh_norm), 1)
        caps = []
        word_info: dict[str, tuple] = {}
        seg_words = [z for lst in z_occ.values() for z in lst if z.kind != "compound"]
        for i, c in e_first.items():
            words = c.words if c is not None else en.info[i][1]
            if not words:
                continue
            n_units = n_spanned = 0
            flat = []
            for w in words:
                wi = word_info.get(w)
                if wi is None:
                    us = sd.units(w)
                    sps = []
                    for u in us:
                        sp = sd.spans(u)
                        if not sp:
                            # found from the Chinese side: councilor ~ 国务委员 'member of the State Council'
                            sp = tuple((z.start, z.end) for z in seg_words if sd.reverse_match(u, z.key))
                        sps.append(sp)
                    wi = word_info[w] = (len(us), sum(1 for sp in sps if sp), [ab for sp in sps if sp for ab in sp])
                n_units += wi[0]
                n_spanned += wi[1]
                flat += wi[2]
            if flat and 2 * n_spanned >= n_units and (len(words) <= 4 or c is None or c.kind == "title"):
                # Chinese candidates that contain a translation and begin or end with one
                min_b: dict[int, int] = {}
                max_a: dict[int, int] = {}
                for a, b in flat:
                    if b < min_b.get(a, 1 << 30):
                        min_b[a] = b
                    if a > max_a.get(b, -1):
                        max_a[b] = a
                found = {}
                for st, mb in min_b.items():
                    for z in by_start.get(st, ()):
                        # tight on both sides, or one dictionary word holding a translation
                        if z.end >= mb and (z.end in max_a or z.kind != "compound"):
                            found[id(z)] = z
                for en_, ma in max_a.items():
                    for z in by_end.get(en_, ()):
                        if z.start <= ma and z.kind != "compound":
                            found[id(z)] = z
                best = None
                best_key = None
                for z in found.values():
                    zi = zh.ids[z.key]
                    ck = (i, zi)
                    got = comp_cache.get(ck)
                    if got is None:
                        ec, zc, unk, own = sd.composition_detail(words, z.start, z.end, z.words)
                        got = (composition_score(ec, zc, unk, len(words)), own)
                        if len(comp_cache) < 3_000_000:
                            comp_cache[ck] = got
                    s, own = got
                    if s <= 0:
                        continue
                    if c is not None:
                        # same relative place in both sentences
                        s *= 1.0 - 0.3 * abs(c.start / en_len - z.start / zh_len)
                    key = (round(s, 2), own, z.kind != "part", -(z.end - z.start))
                    if best_key is None or key > best_key:
                        best, best_key = (s, z), key
                if best is not None and best[0] >= 0.3:
                    ev_dict.append((i, zh.ids[best[1].key], best[0]))
            if c is not None and c.text[:1].isupper() and len(words) <= 3 and all(w.isalpha() for w in words):
                caps.append((i, "".join(words)))
        if caps:
            for zi in z_occ:
                zk = zh.keys[zi]
                if not 2 <= len(zk) <= 4:
                    continue
                readings = pinyin_cache.get(zk)
                if readings is None:
                    readings = frozenset(pinyin_readings(zk, reader=reader))
                    if len(pinyin_cache) < 500_000:
                        pinyin_cache[zk] = readings
                if readings:
                    for i, spelled in caps:
                        if spelled in readings:
                            ev_names.append((i, zi))

        return _Segment(array("l", sorted(e_first)), array("l", sorted(z_occ)), tuple(ev_dict),
                        tuple(ev_gloss), tuple(ev_names), tuple(ev_cut))

    seg_cache: dict[tuple[str, str], _Segment] = {}
    for sp in pairs:
        read += 1
        if progress is not None and read % 1000 == 0:
            progress(read)
        en_text = (sp.en or "").strip()
        zh_text = (sp.zh or "").strip()
        where = f"{sp.source}:{sp.line}" if sp.source else f"pair {read}"
        if not en_text or not zh_text:
            empty += 1
            first_skipped = first_skipped or where
            continue
        if han_ratio(zh_text) < MIN_HAN_RATIO:
            not_zh += 1
            first_skipped = first_skipped or f"{where}: {zh_text[:40]!r}"
            continue
        if han_ratio(en_text) > 1.0 - MIN_HAN_RATIO:
            not_en += 1
            first_skipped = first_skipped or f"{where}: {en_text[:40]!r}"
            continue
        key = (en_text, zh_text)
        res = seg_cache.get(key)
        if res is None:
            res = analyse(en_text, zh_text)
            if SEGMENT_CACHE > 0:
                if len(seg_cache) >= SEGMENT_CACHE:
                    seg_cache.pop(next(iter(seg_cache)))
                seg_cache[key] = res
        seg = len(seg_en)
        e_ids, z_ids = res.e_ids, res.z_ids
        for i in e_ids:
            en.freq[i] += 1
        for i in z_ids:
            zh.freq[i] += 1
        seg_en.append(e_ids)
        seg_zh.append(z_ids)
        src = sp.source or ""
        sid = source_ids.get(src)
        if sid is None:
            sid = source_ids[src] = len(sources)
            sources.append(src)
        seg_src.append(sid)
        keep = False
        for i in e_ids:
            if en.examples[i] < MAX_EXAMPLES + 2:
                en.examples[i] += 1
                keep = True
        if keep:
            texts[seg] = (en_text, zh_text, src)
        for i, zi, sc in res.dictionary:
            k = (i, zi)
            dict_sum[k] = dict_sum.get(k, 0.0) + sc
            dict_n[k] += 1
        for k in res.glosses:
            gloss[k] += 1
        for k in res.names:
            names[k] += 1
        for i in res.cut:
            cut[i] += 1

    used = len(seg_en)
    stats = MineStats(read, used, empty, not_zh, first_skipped, not_en)
    if progress is not None:
        progress(read)
    if not used:
        if read and (not_zh or not_en):
            raise InputError(f"none of the {read} segment pairs has English then Chinese",
                             where=first_skipped.split(":")[0] or None,
                             hint="check the language order (English first, then Chinese) or the column names")
        if read:
            raise InputError(f"all {read} segment pairs are empty or one-sided", where=first_skipped or None,
                             hint="give aligned pairs with text on both sides")
        return [], stats

    joint = _cooccurrence(seg_en, seg_zh, en, zh, min_freq)
    result = _rank(en, zh, joint, dict_sum, dict_n, gloss, names, cut, used, min_freq, comp_cache)
    result = _finish(result, en, zh, seg_en, seg_zh, seg_src, sources, texts, glossary, top)
    return result, stats


# ----------------------------------------------------------------------------- co-occurrence

def _cooccurrence(seg_en, seg_zh, en: _Vocab, zh: _Vocab, min_freq: int):
    """Sorted unique pair codes (e * VZ + z) and their joint counts, as numpy arrays."""
    import numpy as np

    vz = max(len(zh.keys), 1)
    fe = np.frombuffer(en.freq, dtype=np.int64) if en.freq.itemsize == 8 else np.array(en.freq, dtype=np.int64)
    fz = np.frombuffer(zh.freq, dtype=np.int64) if zh.freq.itemsize == 8 else np.array(zh.freq, dtype=np.int64)
    ok_e = fe >= min_freq
    ok_z = fz >= min_freq
    codes = np.zeros(0, dtype=np.int64)
    counts = np.zeros(0, dtype=np.int64)
    buf: list = []
    for s in range(len(seg_en)):
        e = np.frombuffer(seg_en[s], dtype=np.int64) if seg_en[s].itemsize == 8 else np.array(seg_en[s], dtype=np.int64)
        z = np.frombuffer(seg_zh[s], dtype=np.int64) if seg_zh[s].itemsize == 8 else np.array(seg_zh[s], dtype=np.int64)
        e = e[ok_e[e]] if len(e) else e
        z = z[ok_z[z]] if len(z) else z
        if len(e) and len(z):
            buf.append((e[:, None] * vz + z[None, :]).ravel())
        if len(buf) >= CHUNK or (s == len(seg_en) - 1 and buf):
            chunk = np.concatenate(buf)
            buf = []
            u, c = np.unique(chunk, return_counts=True)
            codes, counts = _merge(codes, counts, u, c)
            if len(codes) > MAX_PAIR_TABLE:
                keep = counts > 1
                codes, counts = codes[keep], counts[keep]
    return codes, counts, vz


def _merge(a_codes, a_counts, b_codes, b_counts):
    import numpy as np

    if not len(a_codes):
        return b_codes, b_counts
    allc = np.concatenate([a_codes, b_codes])
    alln = np.concatenate([a_counts, b_counts])
    u, inv = np.unique(allc, return_inverse=True)
    n = np.bincount(inv, weights=alln).astype(np.int64)
    return u, n


# ----------------------------------------------------------------------------- ranking

@dataclass(frozen=True, slots=True)
class _Scored:
    e: int
    z: int
    score: float
    joint: int
    signals: tuple[str, ...]


def _rank(en: _Vocab, zh: _Vocab, joint, dict_sum, dict_n, gloss, names, cut, total: int, min_freq: int,
          comp_cache: dict | None = None):
    import numpy as np

    codes, counts, vz = joint
    fe = np.array(en.freq, dtype=np.int64)
    fz = np.array(zh.freq, dtype=np.int64)
    cand: set[tuple[int, int]] = set(dict_n) | set(gloss) | set(names)
    if len(codes):
        e_all = codes // vz
        z_all = codes % vz
        dice = 2.0 * counts / (fe[e_all] + fz[z_all])
        strong = (counts >= max(2, min_freq)) & (dice >= 0.3)
        idx = np.nonzero(strong)[0]
        if len(idx):
            order = idx[np.lexsort((-dice[idx], e_all[idx]))]
            last_e = -1
            taken = 0
            for k in order.tolist():
                ek = int(e_all[k])
                if ek != last_e:
                    last_e, taken = ek, 0
                if taken < 3:
                    cand.add((ek, int(z_all[k])))
                    taken += 1

    cand_list = sorted(cand)
    joints: dict[tuple[int, int], int] = {}
    if len(codes) and cand_list:
        want = np.array([e * vz + z for e, z in cand_list], dtype=np.int64)
        pos = np.searchsorted(codes, want)
        pos_ok = np.minimum(pos, len(codes) - 1)
        hit = codes[pos_ok] == want
        got = np.where(hit, counts[pos_ok], 0)
        joints = dict(zip(cand_list, got.tolist()))

    zh_t: dict[int, float] = {}
    name_words = {en.info[e][1] for e, _ in names}
    name_parts = {w for nw in name_words if len(nw) > 1 for w in nw}
    scored: list[_Scored] = []
    for e, z in cand_list:
        c = joints.get((e, z), 0)
        if c < min_freq:
            continue
        f_e, f_z = int(fe[e]), int(fz[z])
        dice = 2.0 * c / (f_e + f_z)
        signals = []
        assoc = dice * (1.0 - 0.5 ** c)
        if c >= 2 and dice >= 0.3:
            signals.append("association")
        strong = 0.0
        if dict_n.get((e, z)):
            # how well the dictionary explains the pair, and how often it was the best explanation
            pure = comp_cache.get((e, z)) if comp_cache else None
            base = pure[0] if pure is not None else dict_sum[(e, z)] / dict_n[(e, z)]
            strong = base * min(1.0, 0.5 + 0.5 * dict_n[(e, z)] / c)
            signals.append("dictionary")
        if gloss.get((e, z)):
            strong = max(strong, 1.0)
            signals.append("gloss")
        if names.get((e, z)):
            strong = max(strong, 0.9)
            signals.append("name")
        kind_e, words_e = en.info[e]
        text_e = en.display(e)
        num = number_agreement(words_e, zh.keys[z])
        if num > 0:
            signals.append("number")
        ev = 0.6 * strong + 0.4 * assoc
        if num < 0:
            ev *= 0.5
        elif num > 0:
            ev = min(1.0, ev * 1.1)
        te = en_termhood(kind_e, text_e, len(words_e), min(1.0, cut.get(e, 0) / max(f_e, 1)))
        tz = zh_t.get(z)
        if tz is None:
            kind_z, words_z = zh.info[z]
            tz = zh_t[z] = zh_termhood(kind_z, zh.keys[z], words_z)
        if (words_e not in name_words or len(words_e) == 1) and name_parts.intersection(words_e):
            te *= 0.5  # a title with a name, or a part of a name
        score = ev * te * tz * (1.0 + 0.15 * math.log2(c)) * (1.0 + 0.03 * (len(words_e) - 1))
        if score >= MIN_SCORE and signals:
            scored.append(_Scored(e, z, score, c, tuple(signals)))
    scored.sort(key=lambda s: (-s.score, -s.joint, en.keys[s.e], zh.keys[s.z]))
    return scored


def _demote_nested(chosen: list[tuple[_Scored, bool]], en: _Vocab, zh: _Vocab) -> list[tuple[_Scored, bool]]:
    """C-value-like: a pair whose English term never occurs outside a longer chosen
    pair that contains both its sides is scored down (``fugitive`` in ``fugitive
    repatriation``)."""
    longer: dict[str, list[tuple[str, str, int, float]]] = {}
    for s, _ in chosen:
        words = en.info[s.e][1]
        if len(words) > 1:
            for w in set(words):
                longer.setdefault(w, []).append((" ".join(words), zh.keys[s.z], en.freq[s.e], s.score))
    out = []
    for s, known in chosen:
        words = " ".join(en.info[s.e][1])
        zk = zh.keys[s.z]
        f = en.freq[s.e]
        first = en.info[s.e][1][0] if en.info[s.e][1] else ""
        nested = any(f <= lf and ls >= s.score and f" {words} " in f" {lw} " and lw != words and zk in lz
                     for lw, lz, lf, ls in longer.get(first, ()))
        if nested:
            s = _Scored(s.e, s.z, s.score * 0.7, s.joint, s.signals)
        out.append((s, known))
    out.sort(key=lambda x: (-x[0].score, -x[0].joint, en.keys[x[0].e], zh.keys[x[0].z]))
    return out


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a


def _finish(scored: list[_Scored], en: _Vocab, zh: _Vocab, seg_en, seg_zh, seg_src, sources, texts,
            glossary: Glossary | None, top: int | None) -> list[TermPair]:
    known_map = _glossary_keys(glossary)
    used_e: set[int] = set()
    used_z: set[int] = set()
    by_e: dict[int, list[_Scored]] = {}
    for s in scored:
        by_e.setdefault(s.e, []).append(s)
    chosen: list[tuple[_Scored, bool]] = []
    n_new = 0
    for s in scored:
        if s.e in used_e or s.z in used_z:
            continue
        ekey = en.keys[s.e]
        known = zh.keys[s.z] in known_map.get(ekey, ())
        if not known and top is not None and n_new >= top:
            continue
        used_e.add(s.e)
        used_z.add(s.z)
        chosen.append((s, known))
        if not known:
            n_new += 1

    chosen = _demote_nested(chosen, en, zh)

    # examples and sources: one scan over the segments
    want: dict[int, list[int]] = {}
    for k, (s, _) in enumerate(chosen):
        want.setdefault(s.e, []).append(k)
    ex: list[list[Example]] = [[] for _ in chosen]
    srcs: list[dict[str, None]] = [{} for _ in chosen]
    if want:
        for seg in range(len(seg_en)):
            zset = None
            for e in seg_en[seg]:
                ks = want.get(e)
                if not ks:
                    continue
                if zset is None:
                    zset = set(seg_zh[seg])
                for k in ks:
                    if chosen[k][0].z in zset:
                        if len(ex[k]) < MAX_EXAMPLES and seg in texts:
                            t = texts[seg]
                            ex[k].append(Example(t[0], t[1], t[2]))
                        src = sources[seg_src[seg]]
                        if src and len(srcs[k]) < MAX_SOURCES:
                            srcs[k][src] = None

    out: list[TermPair] = []
    for k, (s, known) in enumerate(chosen):
        zkey = zh.keys[s.z]
        alts = []
        best = s.score
        for o in by_e.get(s.e, ()):
            if o.z == s.z or o.score < 0.5 * best or o.z in used_z:
                continue
            okey = zh.keys[o.z]
            if _overlaps(okey, zkey) or any(_overlaps(okey, zh.keys[a]) for a in alts):
                continue
            alts.append(o.z)
            if len(alts) >= 3:
                break
        out.append(TermPair(
            en=en.display(s.e),
            zh=zh.display(s.z),
            score=round(s.score, 4),
            freq_en=int(en.freq[s.e]),
            freq_zh=int(zh.freq[s.z]),
            freq_joint=s.joint,
            examples=tuple(ex[k]),
            sources=tuple(srcs[k]),
            alternatives=tuple(zh.display(a) for a in alts),
            known=known,
            signals=s.signals,
        ))
    return out


def _glossary_keys(glossary: Glossary | None) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    if not glossary:
        return out
    for entry in glossary.entries:
        zhs = {normalize_zh(t.text).strip() for t in entry.zh if t.text.strip()}
        for t in entry.en:
            if t.text.strip():
                out.setdefault(en_key(t.text), set()).update(zhs)
    return out
