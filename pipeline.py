"""The whole job behind ``shuyu run``: read, split, align, mine, write.

``run(en_path, zh_path, outdir)`` returns a :class:`RunResult` describing what
was written; it raises :class:`~shuyu.errors.ShuyuError` for anything the
user can fix and writes nothing until the inputs have been read, aligned and
mined without error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .records import Alignment, TermPair

ProgressFactory = Callable[[str, int], Callable[[int, int], None]]

#: The files ``shuyu run`` writes, by role.
RUN_OUTPUTS = {
    "alignment review": "alignment.xlsx",
    "translation memory": "alignment.tmx",
    "term review sheet": "glossary.xlsx",
    "termbase": "glossary.tbx",
}


@dataclass(frozen=True, slots=True)
class RunResult:
    alignment: Alignment
    terms: tuple[TermPair, ...]
    outputs: tuple[tuple[str, str], ...]  # (role, path)
    warnings: tuple[str, ...] = ()
    skipped: str = ""  # segment pairs the miner skipped and why (one line), empty when none were

    @property
    def bead_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for bead in self.alignment.beads:
            counts[bead.kind] = counts.get(bead.kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def run(
    en_path: str | os.PathLike,
    zh_path: str | os.PathLike,
    outdir: str | os.PathLike,
    *,
    glossary_path: str | os.PathLike | None = None,
    top: int | None = 200,
    progress: Callable[[int, int], None] | None = None,
    similarity: str | None = None,
) -> RunResult:
    """Align two documents, mine their terms and write the four outputs into ``outdir``.

    ``similarity`` names the aligner's sentence similarity (None: the default, see
    :func:`shuyu.aligner.similarity.default_similarity`).

    The outputs are all written or none: they are made in a staging folder inside ``outdir`` and
    renamed together at the end (:func:`shuyu.files.staged_outputs`).  An output path that is one of
    the inputs (``--glossary out/glossary.xlsx -o out``) is refused before any work.
    """
    from .aligner.align import align
    from .aligner.lexicon import load_lexicon
    from .aligner.readers import read_document
    from .aligner.similarity import check_similarity
    from .aligner.writers import write_alignment
    from .files import refuse_outputs_over_inputs, staged_outputs
    from .glossaries import entries_from_term_pairs, read_glossary, write_glossary
    from .terms.mining import mine_with_stats
    from .terms.review import write_terms

    finals = [Path(outdir) / name for name in RUN_OUTPUTS.values()]
    refuse_outputs_over_inputs(finals, [en_path, zh_path, glossary_path])
    check_similarity(similarity)  # before any work: an unknown name, or "use" without its extra
    en = read_document(en_path, "en")
    zh = read_document(zh_path, "zh")
    glossary = read_glossary(glossary_path) if glossary_path else None
    extra = _glossary_pairs(glossary) if glossary else ()
    lexicon = load_lexicon(extra)
    alignment = align(en, zh, lexicon=lexicon, progress=progress, similarity=similarity)
    source = f"{Path(en.path).name} + {Path(zh.path).name}"
    pairs = _two_sided(alignment, source)
    mined, stats = mine_with_stats(pairs, lexicon=lexicon, glossary=glossary, top=top)
    terms = tuple(mined)

    with staged_outputs(outdir, RUN_OUTPUTS) as staged:  # all four or none
        write_alignment(alignment, staged["alignment review"])
        write_alignment(alignment, staged["translation memory"])
        mining = (("top", str(top)), ("glossary", str(glossary_path or "-")))
        write_terms(terms, staged["term review sheet"], settings=alignment.settings + mining)
        report = write_glossary(entries_from_term_pairs(terms, source=source), staged["termbase"])
    warnings = tuple(getattr(report, "warnings", ()) or ())
    paths = {role: Path(outdir) / name for role, name in RUN_OUTPUTS.items()}
    return RunResult(alignment, terms, tuple((r, str(p)) for r, p in paths.items()), warnings, stats.message())


def _two_sided(alignment: Alignment, source: str) -> list:
    """Segment pairs of the beads that have both an English and a Chinese side (one-sided beads
    are alignment results, already counted in the bead summary, not input the miner skips)."""
    from .terms.mining import pairs_from_alignment

    return [p for p in pairs_from_alignment(alignment, source) if p.en and p.zh]


def _glossary_pairs(glossary) -> list[tuple[str, str]]:
    """(English, Chinese) pairs of the approved terms of a glossary, as lexicon anchors."""
    pairs = []
    for entry in glossary.entries:
        approved_zh = [t.text for t in entry.zh if t.status in ("preferred", "admitted")]
        for en_term in entry.en:
            pairs.extend((en_term.text, zh) for zh in approved_zh)
    return pairs


def read_stoplist(path: str | os.PathLike) -> tuple[list[str], list[str]]:
    """A user stop list: one word or phrase per line (``#`` starts a comment).

    Lines with Chinese characters go to the Chinese list, the others to the English one.
    """
    from .aligner.readers import decode_bytes
    from .files import read_input
    from .textnorm import HAN_RE

    p = Path(path)
    data = read_input(p)
    text, _ = decode_bytes(data, where=str(p)) if data else ("", "utf-8")
    en, zh = [], []
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            (zh if HAN_RE.search(word) else en).append(word)
    return en, zh


@dataclass(frozen=True, slots=True)
class MineResult:
    terms: tuple[TermPair, ...]
    pairs_read: int
    pairs_used: int
    sources: tuple[str, ...]
    settings: tuple[tuple[str, str], ...]
    skipped: str = ""  # what was skipped and why, empty when nothing was


def _align_for_mining(job) -> list:
    en_path, zh_path, extra = job
    from .aligner.align import align
    from .aligner.lexicon import shared_lexicon
    from .aligner.readers import read_document

    en = read_document(en_path, "en")
    zh = read_document(zh_path, "zh")
    alignment = align(en, zh, lexicon=shared_lexicon(extra))
    return _two_sided(alignment, Path(en_path).name)


def mine_files(
    *,
    en_path=None,
    zh_path=None,
    aligned: tuple = (),
    batch_dir=None,
    glossary_path=None,
    top: int | None = 200,
    min_freq: int = 1,
    min_score: float = 0.0,
    stoplist_path=None,
    jobs: int = 0,
    engine=None,
    progress: Callable[[int], None] | None = None,
) -> MineResult:
    """Mine terms from one document pair, aligned files (TMX/TSV/JSONL/…), or a folder of pairs.

    A folder's pairs are aligned on ``engine`` (default: the local engine with ``jobs``
    processes); on the Dask engine the aligned documents stay on the workers, which count
    the term candidates of their parts, and the counts are merged in a tree of reductions
    (:func:`shuyu.terms.mining.corpus.mine_parts`, the same result as mining in one process)."""
    from .aligner.lexicon import load_lexicon
    from .errors import UsageError
    from .glossaries import read_glossary
    from .terms.mining import mine_with_stats

    given = sum(x for x in (bool(en_path or zh_path), bool(aligned), bool(batch_dir)))
    if given != 1:
        raise UsageError("give exactly one input: EN ZH documents, --aligned FILE, or --batch DIR")
    if bool(en_path) != bool(zh_path):
        raise UsageError("give both the English and the Chinese document")
    glossary = read_glossary(glossary_path) if glossary_path else None
    extra = _glossary_pairs(glossary) if glossary else []
    stop_en, stop_zh = read_stoplist(stoplist_path) if stoplist_path else ([], [])
    pairs: list = []
    sources: list[str] = []
    if en_path:
        pairs = _align_for_mining((en_path, zh_path, extra))
        sources = [str(en_path), str(zh_path)]
    elif aligned:
        from .bitext import read_segment_pairs

        for path in aligned:
            pairs.extend(read_segment_pairs(path, one_sided=True))  # the miner counts and reports them
            sources.append(str(path))
    else:
        from .aligner.batch import find_pairs

        from .engines import LocalEngine

        found = find_pairs(batch_dir)
        work = [(en, zh, extra) for _, en, zh in found]
        sources = [str(p) for _, en, zh in found for p in (en, zh)]
        run_on = engine if engine is not None else LocalEngine(jobs)
        if run_on.name != "local":
            return _mine_remote(run_on, work, glossary, top, min_freq, min_score, stop_en, stop_zh,
                                sources, _mine_settings_row(top, min_freq, min_score, stoplist_path, glossary_path))
        pairs = [p for chunk in run_on.keep(_align_for_mining, work) for p in chunk]
    if not pairs:
        from .errors import InputError

        raise InputError("no English-Chinese segment pairs found", where=", ".join(sources) or None,
                         hint="check that the files hold English and Chinese text (TMX needs xml:lang)")
    lexicon = load_lexicon(extra)
    terms, stats = mine_with_stats(pairs, lexicon=lexicon, glossary=glossary, top=top, min_freq=min_freq,
                                   min_score=min_score, stoplist_en=stop_en, stoplist_zh=stop_zh, progress=progress)
    settings = _mine_settings_row(top, min_freq, min_score, stoplist_path, glossary_path)
    settings += tuple(getattr(lexicon, "settings", ()))
    return MineResult(tuple(terms), stats.read, stats.used, tuple(sources), settings, stats.message())


def _mine_settings_row(top, min_freq, min_score, stoplist_path, glossary_path) -> tuple[tuple[str, str], ...]:
    return (("top", str(top)), ("min-freq", str(min_freq)), ("min-score", str(min_score)),
            ("stoplist", str(stoplist_path or "-")), ("glossary", str(glossary_path or "-")))


def _worker_lexicon_settings(extra_pairs) -> tuple[tuple[str, str], ...]:
    from .terms.mining.corpus import MineSettings, _lexicon

    lexicon, _ = _lexicon(MineSettings(extra_pairs=tuple(extra_pairs)), None)
    return tuple(getattr(lexicon, "settings", ()))


def _mine_remote(engine, work, glossary, top, min_freq, min_score, stop_en, stop_zh, sources,
                 settings_row) -> MineResult:
    """A folder aligned and mined on a distributed engine: the documents never leave the workers."""
    from .errors import InputError
    from .terms.mining import mine_settings
    from .terms.mining.corpus import mine_parts

    settings = mine_settings(glossary=glossary, top=top, min_freq=min_freq, min_score=min_score,
                             stoplist_en=stop_en, stoplist_zh=stop_zh)
    parts = engine.keep(_align_for_mining, work)
    terms, stats = mine_parts(parts, settings, run_map=engine.map, reduce=engine.reduce)
    if not stats.read:
        raise InputError("no English-Chinese segment pairs found", where=", ".join(sources) or None,
                         hint="check that the files hold English and Chinese text")
    lexicon_settings = engine.call(_worker_lexicon_settings, settings.extra_pairs)  # as the workers built it
    row = settings_row + (("engine", engine.describe()),) + lexicon_settings
    return MineResult(tuple(terms), stats.read, stats.used, tuple(sources), row, stats.message())


def write_mined(result: MineResult, path: str | os.PathLike) -> None:
    """Write mined terms: review sheet (.xlsx), .csv, .tsv, or TBX (.tbx) through the glossaries package."""
    from .terms.review import write_terms

    sources = list(result.sources)
    if len(sources) > MAX_SOURCES_SHOWN:  # an archive: the first files and how many more, not 20,000 rows
        sources = sources[:MAX_SOURCES_SHOWN] + [f"… and {len(result.sources) - MAX_SOURCES_SHOWN} more files"]
    if Path(path).suffix.lower() == ".tbx":
        from .glossaries import entries_from_term_pairs, write_glossary

        write_glossary(entries_from_term_pairs(result.terms, source=", ".join(sources)), path)
        return
    write_terms(result.terms, path, settings=result.settings + tuple(("source", s) for s in sources))


#: how many input files the settings of a mined glossary list by name
MAX_SOURCES_SHOWN = 12
