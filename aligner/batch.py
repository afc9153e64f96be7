"""File-level alignment jobs: one document pair, a folder of pairs, and scoring folders.

These glue readers, the aligner and the writers together for the CLI; the
aligner itself (:func:`shuyu.aligner.align.align`) works on documents in memory.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import InputError, UsageError
from ..records import Alignment

#: the formats a batch writes (one file per pair; tmx-bitext is for one pair)
WRITERS_FOR_BATCH = ("tmx", "xlsx", "tsv", "jsonl", "beads")
_PAIR_RE = re.compile(r"^(?P<name>.+)\.(?P<lang>en|zh)\.[^.]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One pair of a batch: ``done`` now, ``skipped`` (done by an earlier run) or ``failed``."""

    name: str
    output: str
    beads: int = 0
    sentences_en: int = 0
    sentences_zh: int = 0
    kinds: tuple[tuple[str, int], ...] = ()
    status: str = "done"
    error: str = ""


def glossary_pairs(glossary_path) -> list[tuple[str, str]]:
    """(English, Chinese) approved term pairs of a glossary file, for lexicon anchors.  A batch worker
    reads the file once, not once per pair (again when the file changes)."""
    if not glossary_path:
        return []
    try:
        st = os.stat(glossary_path)
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = None  # the reader says what is wrong with the path
    return list(_read_glossary_pairs(os.fspath(glossary_path), stamp))


@functools.lru_cache(maxsize=4)
def _read_glossary_pairs(path: str, stamp) -> tuple[tuple[str, str], ...]:
    from ..glossaries import read_glossary
    from ..pipeline import _glossary_pairs

    return tuple(_glossary_pairs(read_glossary(path)))


def align_files(
    en_path, zh_path, output, *, fmt: str | None = None, lines: bool = False,
    glossary_path=None, progress: Callable[[int, int], None] | None = None, similarity: str | None = None,
) -> tuple[Alignment, str]:
    """Read, align and write one document pair; return the alignment and the format written.

    ``similarity`` names the aligner's span similarity (None: the default, see
    :func:`shuyu.aligner.similarity.default_similarity`)."""
    from .align import align
    from .lexicon import shared_lexicon
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
    alignment = align(en, zh, lexicon=shared_lexicon(extra), progress=progress, similarity=similarity)
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


MANIFEST = "shuyu-batch.jsonl"


@dataclass(frozen=True, slots=True)
class PairJob:
    """One document pair of a batch and how to align it (what a worker needs, picklable)."""

    name: str
    en: str
    zh: str
    output: str
    fmt: str
    lines: bool = False
    glossary_path: str | None = None
    similarity: str | None = None


def _align_job(job: PairJob) -> BatchResult:
    """Align one pair of a batch into its output (written atomically); runs on a worker.  A pair that
    cannot be aligned is a ``failed`` result with the reason in one line, not an exception."""
    try:
        alignment, _ = align_files(job.en, job.zh, job.output, fmt=job.fmt, lines=job.lines,
                                   glossary_path=job.glossary_path, similarity=job.similarity)
    except Exception as exc:  # reported with the pair; the batch goes on
        return BatchResult(job.name, job.output, status="failed", error=_one_line(exc))
    kinds: dict[str, int] = {}
    for b in alignment.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    return BatchResult(job.name, job.output, len(alignment.beads), len(alignment.en.sentences),
                       len(alignment.zh.sentences), tuple(sorted(kinds.items())))


def _sha256(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def batch_settings(fmt: str, lines: bool, glossary_path, similarity: str | None) -> dict[str, str]:
    """What decides a batch output besides its inputs (a rerun with other settings redoes every pair)."""
    from .. import __version__
    return {"shuyu": __version__, "format": fmt, "lines": str(bool(lines)).lower(),
            "similarity": similarity or "lexical",
            "glossary": _sha256(glossary_path) if glossary_path else "-"}


def read_manifest(path: str | os.PathLike) -> dict[str, dict]:
    """The last record of each pair in a batch manifest (JSON Lines; a torn last line is ignored)."""
    records: dict[str, dict] = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue  # a line cut short by a crash: that pair is simply redone
                if isinstance(rec, dict) and isinstance(rec.get("name"), str):
                    records[rec["name"]] = rec
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the batch manifest: {exc}", where=path,
                         hint="delete it to align every pair again") from None
    return records


def _done_before(rec: dict | None, en_hash: str, zh_hash: str, settings: dict, output: Path) -> bool:
    if not rec or rec.get("status") != "done" or rec.get("settings") != settings:
        return False
    if (rec.get("en_sha256"), rec.get("zh_sha256")) != (en_hash, zh_hash):
        return False
    try:
        st = output.stat()
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns] == rec.get("output_stat")


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a batch did: every pair's result, in the folder's order."""

    results: tuple[BatchResult, ...]
    manifest: str
    engine: str = "local"

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> tuple[BatchResult, ...]:
        return tuple(r for r in self.results if r.status == "failed")

    def kinds(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            for k, n in r.kinds:
                out[k] = out.get(k, 0) + n
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    def text(self) -> str:
        done, skipped, failed = self.count("done"), self.count("skipped"), self.count("failed")
        ok = [r for r in self.results if r.status != "failed"]
        kinds = ", ".join(f"{n} × {k}" for k, n in self.kinds().items()) or "none"
        return (f"{len(self.results)} document pairs: {done} aligned, {skipped} already done, {failed} failed; "
                f"{sum(r.sentences_en for r in ok)} English and {sum(r.sentences_zh for r in ok)} Chinese "
                f"sentences, {sum(r.beads for r in ok)} beads ({kinds}) [{self.engine}]")


def _one_line(exc: BaseException) -> str:
    from ..errors import ShuyuError

    text = " ".join(str(exc).split())
    if isinstance(exc, ShuyuError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def align_batch(folder, outdir, *, fmt: str = "tmx", lines: bool = False, glossary_path=None,
                jobs: int = 0, similarity: str | None = None, engine=None,
                progress: Callable[[int, int], None] | None = None) -> BatchSummary:
    """Align every pair in ``folder`` into ``outdir/NAME.<fmt>`` on ``engine`` (default: the local
    engine with ``jobs`` processes, 0 = all cores).

    ``outdir/shuyu-batch.jsonl`` records each pair done (input hashes, settings, output), so a
    rerun after a crash or a kill redoes only the pairs that are missing, changed or failed.  A pair
    that fails is recorded with a one-line reason and does not stop the others."""
    from ..engines import LocalEngine
    from ..files import ensure_dir
    from .similarity import check_similarity, default_similarity

    check_similarity(similarity)
    similarity = similarity or default_similarity()  # decided here, not by each worker's environment
    if fmt not in WRITERS_FOR_BATCH:
        raise UsageError(f"unknown alignment output format {fmt!r}", hint=f"use one of: {', '.join(WRITERS_FOR_BATCH)}")
    pairs = find_pairs(folder)
    out = ensure_dir(outdir)
    settings = batch_settings(fmt, lines, glossary_path, similarity)
    manifest = out / MANIFEST
    before = read_manifest(manifest)
    results: dict[int, BatchResult] = {}
    todo: list[tuple[int, PairJob, str, str]] = []
    for i, (name, en, zh) in enumerate(pairs):
        target = out / f"{name}.{fmt}"
        en_hash, zh_hash = _sha256(en), _sha256(zh)
        rec = before.get(name)
        if _done_before(rec, en_hash, zh_hash, settings, target):
            results[i] = BatchResult(name, str(target), rec.get("beads", 0), rec.get("sentences_en", 0),
                                     rec.get("sentences_zh", 0), tuple(sorted(rec.get("kinds", {}).items())),
                                     "skipped")
            continue
        todo.append((i, PairJob(name, str(en), str(zh), str(target), fmt, lines,
                                str(glossary_path) if glossary_path else None, similarity), en_hash, zh_hash))
    run = engine if engine is not None else LocalEngine(jobs)
    total, finished = len(pairs), len(results)
    if progress is not None:
        progress(finished, total)
    size = run.group_size(len(todo)) if hasattr(run, "group_size") else 1
    groups = [todo[g:g + size] for g in range(0, len(todo), size)]
    with open(manifest, "a", encoding="utf-8") as log:
        for k, got, exc in run.each(_align_jobs, [[job for _, job, _, _ in group] for group in groups]):
            for n, (i, job, en_hash, zh_hash) in enumerate(groups[k]):
                result = got[n] if exc is None else None
                finished += 1
                results[i] = _record(log, job, en_hash, zh_hash, settings, result, exc)
            if progress is not None:
                progress(finished, total)
    return BatchSummary(tuple(results[i] for i in range(total)), str(manifest),
                        run.describe() if hasattr(run, "describe") else "local")


def _align_jobs(jobs: list[PairJob]) -> list[BatchResult]:
    """Several pairs in one task (fewer, longer tasks for a distributed scheduler)."""
    return [_align_job(job) for job in jobs]


def _record(log, job: PairJob, en_hash: str, zh_hash: str, settings: dict, result: BatchResult | None,
            exc: BaseException | None) -> BatchResult:
    """Write a pair's manifest line (flushed: a killed batch keeps what it finished); return its result."""
    rec = {"name": job.name, "en": job.en, "zh": job.zh, "en_sha256": en_hash, "zh_sha256": zh_hash,
           "settings": settings, "output": Path(job.output).name, "when": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    if exc is not None or result is None:  # the worker died, or the engine lost the task
        result = BatchResult(job.name, job.output, status="failed", error=_one_line(exc) if exc else "lost")
    if result.status == "failed":
        rec.update(status="failed", error=result.error)
    else:
        st = os.stat(job.output)
        rec.update(status="done", output_stat=[st.st_size, st.st_mtime_ns], beads=result.beads,
                   sentences_en=result.sentences_en, sentences_zh=result.sentences_zh, kinds=dict(result.kinds))
    log.write(json.dumps(rec, ensure_ascii=False) + "\n")
    log.flush()
    return result


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
