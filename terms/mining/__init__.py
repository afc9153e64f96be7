"""Bilingual term mining from aligned English/Chinese segment pairs.

The words of each aligned pair are linked (:mod:`.links`: CC-CEDICT in both
directions, pinyin names, numbers, acronyms, and position for what the
dictionary lacks); each English candidate term (:mod:`.english`) is paired
with the Chinese span its words link to (:mod:`.project`), so a term seen once
is paired from its own sentence; pairs are counted over the corpus and ranked
by link evidence, termhood and consistency (:mod:`.rank`).  Every mined pair
says which evidence made it.

    from shuyu.terms.mining import mine
    for pair in mine(segment_pairs, top=100):
        print(pair.en, pair.zh, pair.score, pair.signals)
"""

from __future__ import annotations

import warnings
from typing import Callable, Collection, Iterable

from ...records import Glossary, SegmentPair, TermPair
from ...textnorm import normalize_zh
from .english import en_key
from .miner import MineStats

__all__ = ["mine", "mine_with_stats", "MineStats", "pairs_from_alignment", "default_lexicon", "en_key",
           "SCORE_TIERS"]


def default_lexicon(extra: Iterable[tuple[str, str]] = ()):
    """The aligner's CC-CEDICT lexicon (plus ``extra`` glossary pairs) and its lemmatiser."""
    from ...aligner import lexicon as lexmod

    return lexmod.load_lexicon(tuple(extra)), lexmod.en_lemma


def pairs_from_alignment(alignment, source: str = "") -> list[SegmentPair]:
    """Segment pairs of an :class:`~shuyu.records.Alignment` (one per bead; one-sided beads kept,
    :func:`mine` skips and counts them).  ``source`` defaults to the English file's path."""
    src = source or alignment.en.path
    out = []
    for n, bead in enumerate(alignment.beads, start=1):
        en = _joined(alignment.en.sentences, bead.en, " ")
        zh = _joined(alignment.zh.sentences, bead.zh, "")  # a new line across paragraphs too
        line = alignment.en.sentences[bead.en[0]].index + 1 if bead.en else n
        out.append(SegmentPair(en, zh, src, line, bead.confidence))
    return out


def _joined(sentences, idx, sep: str) -> str:
    """Sentences of a bead; a new line where they come from different paragraphs or headings,
    so no term is mined across a title block (``Xi Jinping`` / ``President of …``)."""
    out = ""
    prev = None
    for i in idx:
        s = sentences[i]
        if prev is not None:
            out += "\n" if (s.paragraph != prev.paragraph or s.is_heading or prev.is_heading) else sep
        out += s.text
        prev = s
    return out


def _glossary_pairs(glossary: Glossary | None) -> list[tuple[str, str]]:
    if not glossary:
        return []
    return [(e.text, z.text) for entry in glossary.entries for e in entry.en for z in entry.zh]


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


def _stoplist(extra: Collection[str] | None, lower: bool) -> frozenset[str]:
    if not extra:
        return frozenset()
    return frozenset((w.lower() if lower else normalize_zh(w)).strip() for w in extra if w.strip())


#: What the score of a mined pair says, by its range: the tiers of :mod:`.miner`.
SCORE_TIERS = ((2 / 3, "names, titles, institutions and acronyms, whole and well linked"),
               (1 / 3, "policy terms and set phrases"),
               (0.0, "everything else: single everyday words, free phrases, headings, fragments"))


def mine_settings(*, glossary: Glossary | None = None, top: int | None = None, min_freq: int = 1,
                  min_score: float = 0.0, stoplist_en: Collection[str] | None = None,
                  stoplist_zh: Collection[str] | None = None):
    """The :class:`~.corpus.MineSettings` that :func:`mine` uses for these arguments (to mine a
    corpus in parts with :func:`.corpus.mine_parts`)."""
    from ...errors import UsageError
    from .corpus import settings_for

    if not 0.0 <= min_score < 1.0:
        raise UsageError(f"min-score must be at least 0 and less than 1, not {min_score}",
                         hint="0.67 keeps names, titles and acronyms; 0.34 adds policy terms")
    return settings_for(top=top, min_freq=min_freq, glossary_keys=_glossary_keys(glossary),
                        extra_pairs=_glossary_pairs(glossary), stop_en=_stoplist(stoplist_en, True),
                        stop_zh=_stoplist(stoplist_zh, False), min_score=min_score)


def mine_with_stats(pairs: Iterable[SegmentPair], *, lexicon=None, glossary: Glossary | None = None,
                    top: int | None = None, min_freq: int = 1, min_score: float = 0.0,
                    stoplist_en: Collection[str] | None = None, stoplist_zh: Collection[str] | None = None,
                    progress: Callable[[int], None] | None = None) -> tuple[list[TermPair], "MineStats"]:
    """Like :func:`mine`, and also return :class:`MineStats` (no warning is issued)."""
    from .corpus import mine_parts

    settings = mine_settings(glossary=glossary, top=top, min_freq=min_freq, min_score=min_score,
                             stoplist_en=stoplist_en, stoplist_zh=stoplist_zh)
    pairs = list(pairs)
    # one part: the corpus in this process (the result is the same in parts, see .corpus)
    return mine_parts([pairs] if pairs else [], settings, lexicon=lexicon, progress=progress)


def mine(pairs: Iterable[SegmentPair], *, lexicon=None, glossary: Glossary | None = None, top: int | None = None,
         min_freq: int = 1, min_score: float = 0.0, stoplist_en: Collection[str] | None = None,
         stoplist_zh: Collection[str] | None = None, progress: Callable[[int], None] | None = None) -> list[TermPair]:
    """Mine term pairs from aligned segment pairs, best first.

    ``lexicon`` defaults to :func:`shuyu.aligner.lexicon.load_lexicon` (plus
    the glossary's pairs); ``glossary`` entries found are returned with
    ``known=True`` (they do not count against ``top``); ``min_freq`` is the
    least number of segment pairs a pair must share; ``min_score`` drops pairs
    below a score (see :data:`SCORE_TIERS`); ``stoplist_en`` / ``stoplist_zh``
    are words that never belong to a term; ``progress`` is called with the
    number of segment pairs analysed so far.  Skipped pairs (empty, one-sided,
    wrong language) are reported with a :class:`UserWarning`; if no pair is
    usable an :class:`~shuyu.errors.InputError` says why.
    """
    result, stats = mine_with_stats(pairs, lexicon=lexicon, glossary=glossary, top=top, min_freq=min_freq,
                                    min_score=min_score, stoplist_en=stoplist_en, stoplist_zh=stoplist_zh,
                                    progress=progress)
    if stats.skipped and stats.used:
        warnings.warn(stats.message(), UserWarning, stacklevel=2)
    return result
