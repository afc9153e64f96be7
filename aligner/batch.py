"""File-level alignment jobs: one document pair, a folder of pairs, and scoring folders.

These glue readers, the aligner and the writers together for the CLI; the
aligner itself (:func:`shuyu.aligner.align.align`) works on documents in memory.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import InputError, UsageError
from ..records import Alignment

_PAIR_RE = re.compile(r"^(?P<name>.+)\.(?P<lang>en|zh)\.[^.]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BatchResult:
    name: str
    output: str
    beads: int


def glossary_pairs(glossary_path) -> list[tuple[str, str]]:
    """(English, Chinese) approved term pairs of a glossary file, for lexicon anchors."""
    if not glossary_path:
        return []
    from ..glossaries import read_glossary
    from ..pipeline import _glossary_pairs

    return _glossary_pairs(read_glossary(glossary_path))


def align_files(
    en_path, zh_path, output, *, fmt: str | None = None, lines: bool = False,
    glossary_path=None, progress: Callable[[int, int], None] | None = None, similarity: str | None = None,
) -> tuple[Alignment, str]:
    """Read, align and write one document pair; return the alignment and the format written.

    ``similarity`` names the aligner's span similarity (None: the default, see
    :func:`shuyu.aligner.similarity.default_similarity`)."""
    from .align import align
    from .lexicon import load_lexicon
    from .readers import read_document
    from .writers import WRITERS, write_alignment

    from .similarity import check_similarity

    check_similarity(similarity)
    name = (fmt or Path(output).suffix.lstrip(".")).lower()
    if name not in WRITERS:  # fail before the work, not after it
        raise UsageError(f"unknown alignment output format {name!r}", where=output,
                         hint=f"use one of: {', '.join('.' + k for k in WRITERS)}")
    en = read_document(en_path, "en", lines=lines)
    zh = read_document(zh_path, "zh", lines=lines)
    extra = glossary_pairs(glossary_path)
    alignment = align(en, zh, lexicon=load_lexicon(extra), progress=progress, similarity=similarity)
    parent = Path(output).parent
    if str(parent) and not parent.is_dir():
        raise UsageError("output folder does not exist", where=parent, hint="create it first")
    return alignment, write_alignment(alignment, output, name)


def find_pairs(folder: str | os.PathLike) -> list[tuple[str, Path, Path]]:
    """``(name, en_path, zh_path)`` for every NAME.en.* / NAME.zh.* pair in ``folder``."""
    sides: dict[str, dict[str, Path]] = {}
    for path in sorted(Path(folder).iterdir()):
        if path.name.startswith((".", "~$")):  # hidden files, Office lock files
            continue
        m = _PAIR_RE.match(path.name)
        if m and path.is_file():
            slot = sides.setdefault(m["name"], {})
            lang = m["lang"].lower()
            if lang in slot:
                raise InputError(f"two {lang} files for {m['name']!r}: {slot[lang].name} and {path.name}",
                                 where=folder, hint="keep one file per language and name")
            slot[lang] = path
    pairs, lonely = [], []
    for name, slot in sides.items():
        if "en" in slot and "zh" in slot:
            pairs.append((name, slot["en"], slot["zh"]))
        else:
            lonely.append(next(iter(slot.values())).name)
    if lonely:
        raise InputError(f"no partner for {', '.join(lonely)}", where=folder,
                         hint="name the files NAME.en.txt and NAME.zh.txt")
    if not pairs:
        raise InputError("no NAME.en.* / NAME.zh.* pairs found", where=folder,
                         hint="name the files NAME.en.txt and NAME.zh.txt")
    return pairs


def _one(job) -> BatchResult:
    name, en, zh, out, fmt, lines, glossary_path, similarity = job
    alignment, _ = align_files(en, zh, out, fmt=fmt, lines=lines, glossary_path=glossary_path,
                               similarity=similarity)
    return BatchResult(name, str(out), len(alignment.beads))


def align_batch(folder, outdir, *, fmt: str = "tmx", lines: bool = False, glossary_path=None,
                jobs: int = 0, similarity: str | None = None) -> list[BatchResult]:
    """Align every pair in ``folder`` into ``outdir/NAME.<fmt>``, using ``jobs`` processes (0 = all cores)."""
    from ..files import ensure_dir
    from .similarity import check_similarity

    check_similarity(similarity)
    pairs = find_pairs(folder)
    out = ensure_dir(outdir)
    work = [(name, en, zh, out / f"{name}.{fmt}", fmt, lines, glossary_path, similarity)
            for name, en, zh in pairs]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(work) == 1:
        return [_one(job) for job in work]
    with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
        return list(pool.map(_one, work))


def alignment_warnings(alignment: Alignment) -> list[str]:
    """Plain-language warnings about an alignment that is valid but suspicious.

    Such alignments are still written: the review sheet shows the details.
    """
    n_en, n_zh = len(alignment.en.sentences), len(alignment.zh.sentences)
    out: list[str] = []
    unaligned_en = sum(len(b.en) for b in alignment.beads if not b.zh)
    unaligned_zh = sum(len(b.zh) for b in alignment.beads if not b.en)
    if min(n_en, n_zh) and max(n_en, n_zh) / min(n_en, n_zh) >= 3:
        out.append(f"the documents differ a lot in length ({n_en} English vs {n_zh} Chinese sentences): "
                   "are they versions of the same text?")
    for n, unaligned, lang in ((n_en, unaligned_en, "English"), (n_zh, unaligned_zh, "Chinese")):
        if n >= 5 and unaligned / n > 0.3:
            out.append(f"{unaligned} of {n} {lang} sentences have no counterpart: check the review sheet")
    low = sum(1 for b in alignment.beads if b.confidence < 0.5)
    if alignment.beads and len(alignment.beads) >= 5 and low / len(alignment.beads) > 0.5:
        out.append(f"{low} of {len(alignment.beads)} beads have confidence below 0.5: the texts may not correspond")
    return out
