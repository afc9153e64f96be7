"""``shuyu check`` on files and folders: read the inputs, run the checks, apply the baseline.

    result = check_paths(["corpus/"], glossary, config=cfg)   # CheckResult

Inputs are bilingual files (TMX, XLIFF, PO, TSV/CSV/XLSX, JSONL), folders of
them and of ``NAME.en.txt``/``NAME.zh.txt`` document pairs, or an English and a
Chinese document, aligned on the fly (:func:`pairs_from_documents`).  The
glossary file itself is never checked as a translation (``shuyu check -g
terms.tsv .`` or a pre-commit run that passes it): it is skipped with a note.

The runner also records where each pair's English and Chinese are (a
:class:`~.locations.Locator`), so that findings point at the words in the file
they are in: the Chinese document for a Chinese-side problem, the ``<seg>`` of
the Chinese ``<tuv>`` in a TMX file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Sequence

from ...errors import InputError, UsageError
from ...records import Glossary, SegmentPair
from .baseline import filter_new, load_baseline
from .checks import APPROVED, check_pairs
from .config import CheckConfig
from .findings import Finding
from .locations import Locator, PairSite, Side

__all__ = ["CheckResult", "check_paths", "pairs_from_documents"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A checked segment pair as a report lists it: where it was read (``source``, ``line``: the
    fields :attr:`Finding.source` / :attr:`Finding.source_line` of its findings), the group it
    belongs to (its file, or ``EN + ZH`` for two documents) and its name (``a.tmx:12``)."""

    source: str
    line: int
    group: str
    name: str


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What :func:`check_paths` found: ``findings`` (new ones, when a baseline is used),
    how many known findings the baseline hid, the files read and the pairs checked.

    ``unchecked`` counts the segments no check looked at: ``low_confidence`` of them
    were aligned on the fly with a confidence below ``min_confidence``, the others
    have an empty side (untranslated?).  ``segments`` lists the checked pairs (the
    test cases of a JUnit report); ``notes`` are warnings for the user (files skipped
    because they are the glossary, ...).
    """

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    pairs: int
    baselined: int = 0
    all_findings: tuple[Finding, ...] = ()
    unchecked: int = 0
    low_confidence: int = 0
    segments: tuple[Segment, ...] = ()
    notes: tuple[str, ...] = ()


def _walk(path: Path) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """Bilingual files under ``path``, and ``NAME.en.txt`` / ``NAME.zh.txt`` document pairs
    (``.txt .md .docx .html``) that sit in the same folder."""
    import re

    from ...bitext import is_bitext

    doc_re = re.compile(r"^(?P<name>.+)\.(?P<lang>en|zh)\.(?:txt|md|docx|html?)$", re.IGNORECASE)
    found: list[Path] = []
    docs: list[tuple[Path, Path]] = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        sides: dict[str, dict[str, Path]] = {}
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            p = Path(root) / name
            if is_bitext(p):
                found.append(p)
            else:
                m = doc_re.match(name)
                if m:
                    sides.setdefault(m["name"], {})[m["lang"].lower()] = p
        docs.extend((s["en"], s["zh"]) for _, s in sorted(sides.items()) if "en" in s and "zh" in s)
    return found, docs


def _doc_lang_pair(a: Path, b: Path) -> tuple[Path, Path]:
    """(English, Chinese) of two documents, by name (``x.en.txt``) or by script."""
    import re

    def tag(p):
        m = re.search(r"(?:^|[._-])(en|zh|eng|chi|chs|cn)(?:[._-]|$)", p.stem.lower() + ".")
        return None if not m else ("en" if m.group(1) in ("en", "eng") else "zh")

    ta, tb = tag(a), tag(b)
    if (ta, tb) == ("en", "zh"):
        return a, b
    if (ta, tb) == ("zh", "en"):
        return b, a
    from ...textnorm import han_ratio

    def ratio(p):
        try:
            raw = p.read_bytes()[:20000]
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror or exc}", where=p) from None
        return han_ratio(raw.decode("utf-8", "ignore")) if p.suffix.lower() != ".docx" else None

    ra, rb = ratio(a), ratio(b)
    if ra is not None and rb is not None and abs(ra - rb) > 0.3:
        return (a, b) if ra < rb else (b, a)
    raise InputError(f"cannot tell which of {a.name} and {b.name} is English and which Chinese",
                     where=a.parent, hint="name them NAME.en.txt and NAME.zh.txt")


def _aligned_documents(en_path, zh_path, glossary: Glossary | None, similarity: str | None = None):
    """``(pairs, sites, texts)`` of two documents aligned on the fly: the pairs (pointing at
    the English line), where each pair's English and Chinese start, and the documents' texts."""
    from ...aligner.align import align
    from ...aligner.lexicon import load_lexicon
    from ...aligner.readers import read_document

    en = read_document(en_path, "en")
    zh = read_document(zh_path, "zh")
    extra = []
    for e in (glossary.entries if glossary else ()):
        for t_en in e.en:
            for t_zh in e.zh:
                if t_zh.status in APPROVED:
                    extra.append((t_en.text, t_zh.text))
    alignment = align(en, zh, lexicon=load_lexicon(extra), similarity=similarity)
    pairs, sites = [], []
    en_file, zh_file = str(en_path), str(zh_path)
    for bead, en_text, zh_text in alignment.pairs():
        if not bead.en or not bead.zh:
            continue
        en_start = en.sentences[bead.en[0]].start
        zh_start = zh.sentences[bead.zh[0]].start
        line = en.text.count("\n", 0, en_start) + 1
        pair = SegmentPair(en_text, zh_text, en_file, line, bead.confidence)
        pairs.append(pair)
        sites.append(PairSite(Side(en_file, line, en_start),
                              Side(zh_file, zh.text.count("\n", 0, zh_start) + 1, zh_start),
                              "hant" if zh.script == "hant" else ("hans" if zh.script == "hans" else "")))
    # the decoded texts, to find words in (not of .docx files: their lines and columns mean nothing)
    texts = {f: d.text for f, d in ((en_file, en), (zh_file, zh)) if Path(f).suffix.lower() != ".docx"}
    return pairs, sites, texts


def pairs_from_documents(en_path, zh_path, *, glossary: Glossary | None = None) -> list[SegmentPair]:
    """Align an English and a Chinese document on the fly; pairs point at English lines."""
    return _aligned_documents(en_path, zh_path, glossary)[0]


def _file_script(pairs: Sequence[SegmentPair]) -> str:
    """``"hant"``/``"hans"`` when a file's Chinese is all in one script, else ``""`` (decide per segment)."""
    from ...textnorm import detect_script

    sample = "".join(p.zh for p in pairs[:2000])
    script = detect_script(sample) if sample else ""
    return script if script in ("hant", "hans") else ""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def check_paths(inputs: Sequence[str | os.PathLike], glossary: Glossary | str | os.PathLike | None = None, *,
                config=None, en_col: str | int | None = None, zh_col: str | int | None = None,
                enabled: Collection[str] | None = None, disabled: Collection[str] | None = None,
                min_confidence: float = 0.5, similarity: str | None = None) -> CheckResult:
    """Check bilingual files and folders against a glossary.

    ``inputs``: bilingual files (TMX, XLIFF, PO, TSV/CSV/XLSX, JSONL), folders
    (walked for such files and for ``NAME.en.txt``/``NAME.zh.txt`` document
    pairs, also ``.md .docx .html``), or exactly two documents, one English and
    one Chinese (``report.en.txt report.zh.txt``), which are aligned on the fly
    (pairs aligned with confidence below ``min_confidence`` are skipped; ``similarity`` names the
    aligner's sentence similarity, see :mod:`shuyu.aligner.similarity`).
    ``glossary``: a :class:`Glossary`, a glossary file, or None to use
    ``config.glossary`` (or run only the checks that need no glossary; the
    ``shuyu check`` command refuses that unless asked with ``--no-glossary``).
    The glossary file is not checked when it is among the inputs or in a
    folder given.  ``config`` is a
    :class:`~shuyu.terms.checking.config.CheckConfig`: its enable/disable lists apply
    (``enabled``/``disabled`` override them), and its baseline, when it
    exists, hides known findings.
    """
    from ...bitext import is_bitext, read_segment_pairs

    if config is None:
        config = CheckConfig()
    if glossary is None and config.glossary:
        glossary = config.glossary
    glossary_path: Path | None = None
    if glossary is None:
        glossary = Glossary(())
    elif not isinstance(glossary, Glossary):
        from ...glossaries import read_glossary

        glossary_path = Path(glossary)
        glossary = read_glossary(glossary_path)
        if not glossary.entries:
            raise InputError("the glossary has no English-Chinese entries", where=glossary_path,
                             hint="check its columns (see shuyu glossary validate)")
    if not inputs:
        raise UsageError("no input files", hint="give bilingual files, folders, or an EN and a ZH document")
    files: list[Path] = []
    docs: list[Path] = []
    doc_sets: list[tuple[Path, Path]] = []
    notes: list[str] = []

    def is_glossary(p: Path) -> bool:
        if glossary_path is not None and _same_file(p, glossary_path):
            notes.append(f"{p}: not checked: it is the glossary")
            return True
        return False

    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found, pairs_found = _walk(p)
            files.extend(f for f in found if not is_glossary(f))
            doc_sets.extend(pairs_found)
        elif not p.exists():
            raise InputError("file not found", where=p, hint="check the path")
        elif is_glossary(p):
            continue
        elif is_bitext(p):
            files.append(p)
        else:
            docs.append(p)
    pairs: list[SegmentPair] = []
    doc_pairs: list[SegmentPair] = []
    if docs:
        if len(docs) != 2:
            raise InputError(f"{docs[0].name} is not a bilingual file", where=docs[0],
                             hint="give bilingual files (.tmx .xlf .po .tsv .csv .xlsx .jsonl) or exactly "
                                  "two documents, one English and one Chinese")
        doc_sets.append(_doc_lang_pair(*docs))
    unchecked = low = 0  # segments no check can look at: one side empty, or aligned with low confidence
    locator = Locator()
    segments: list[Segment] = []
    for f in files:
        name = str(f)
        file_pairs = []
        for pair in read_segment_pairs(f, en_col=en_col, zh_col=zh_col, one_sided=True):
            if pair.en and pair.zh:
                file_pairs.append(pair)
            else:
                unchecked += 1
        script = _file_script(file_pairs)
        for pair in file_pairs:
            locator.add(pair, PairSite(Side(name, pair.line), Side(name, pair.line), script))
            segments.append(Segment(pair.source, pair.line, name, f"{name}:{pair.line}"))
        pairs.extend(file_pairs)
    for en_doc, zh_doc in doc_sets:
        found, sites, texts = _aligned_documents(en_doc, zh_doc, glossary, similarity)
        locator.add_texts(texts)
        group = f"{en_doc} + {zh_doc}"
        for p, site in zip(found, sites):
            if p.confidence >= min_confidence:
                doc_pairs.append(p)
                locator.add(p, site)
                segments.append(Segment(p.source, p.line, group, f"{site.en.file}:{site.en.line} = "
                                                                 f"{site.zh.file}:{site.zh.line}"))
            else:
                unchecked += 1
                low += 1
    pairs.extend(doc_pairs)
    read = tuple(str(f) for f in files) + tuple(str(d) for pair in doc_sets for d in pair)
    if not pairs and not unchecked:
        if notes and not read:  # only the glossary was given (a pre-commit run after editing it)
            return CheckResult((), (), 0, notes=tuple(notes))
        raise InputError("no English-Chinese segment pairs found", where=", ".join(str(x) for x in inputs),
                         hint="give bilingual files (TMX needs xml:lang on each tuv), folders of them, "
                              "or an English and a Chinese document")
    findings = check_pairs(pairs, glossary,
                           enabled=enabled if enabled is not None else (config.enable or None),
                           disabled=disabled if disabled is not None else config.disable, locate=locator)
    kept, baselined = findings, 0
    if config.baseline and Path(config.baseline).is_file():
        kept = filter_new(findings, load_baseline(config.baseline))
        baselined = len(findings) - len(kept)
    return CheckResult(tuple(kept), read, len(pairs), baselined, tuple(findings), unchecked, low,
                       tuple(segments), tuple(notes))

