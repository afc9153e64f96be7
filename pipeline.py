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
) -> RunResult:
    """Align two documents, mine their terms and write the four outputs into ``outdir``."""
    from .aligner.align import align
    from .aligner.lexicon import load_lexicon
    from .aligner.readers import read_document
    from .aligner.writers import write_alignment
    from .files import ensure_dir
    from .glossaries import entries_from_term_pairs, read_glossary, write_glossary
    from .records import SegmentPair
    from .terms.mine import mine, write_terms

    en = read_document(en_path, "en")
    zh = read_document(zh_path, "zh")
    glossary = read_glossary(glossary_path) if glossary_path else None
    extra = _glossary_pairs(glossary) if glossary else ()
    lexicon = load_lexicon(extra)
    alignment = align(en, zh, lexicon=lexicon, progress=progress)
    source = f"{Path(en.path).name} + {Path(zh.path).name}"
    pairs = [
        SegmentPair(en=en_text, zh=zh_text, source=source, line=n, confidence=bead.confidence)
        for n, (bead, en_text, zh_text) in enumerate(alignment.pairs(), start=1)
        if bead.en and bead.zh
    ]
    terms = tuple(mine(pairs, lexicon=lexicon, glossary=glossary, top=top))

    out = ensure_dir(outdir)
    paths = {role: out / name for role, name in RUN_OUTPUTS.items()}
    write_alignment(alignment, paths["alignment review"])
    write_alignment(alignment, paths["translation memory"])
    write_terms(terms, paths["term review sheet"], settings=alignment.settings)
    report = write_glossary(entries_from_term_pairs(terms, source=source), paths["termbase"])
    warnings = tuple(getattr(report, "warnings", ()) or ())
    return RunResult(alignment, terms, tuple((r, str(p)) for r, p in paths.items()), warnings)


def _glossary_pairs(glossary) -> list[tuple[str, str]]:
    """(English, Chinese) pairs of the approved terms of a glossary, as lexicon anchors."""
    pairs = []
    for entry in glossary.entries:
        approved_zh = [t.text for t in entry.zh if t.status in ("preferred", "admitted")]
        for en_term in entry.en:
            pairs.extend((en_term.text, zh) for zh in approved_zh)
    return pairs
