"""Glossaries: read, write, convert, merge and validate EN-ZH term lists.

Public API (heavy modules are imported only when a function runs)::

    read_glossary(path, *, sheet=None, columns=None, accepted_only=False) -> Glossary
    write_glossary(glossary, path, *, fmt=None, bom=None, escape_formulas=True) -> WriteReport
    convert(src, dst, *, fmt=None, bom=None, sheet=None, columns=None, accepted_only=False) -> (Glossary, WriteReport)
    merge(glossaries) -> MergeResult
    validate(glossary) -> list[ValidationIssue]
    entries_from_term_pairs(pairs, source) -> Glossary
    term_key(text, lang) -> str
    parse_column_map(s) -> dict[str, int]
    FORMATS: name -> Format(name, extensions, reader, writer, description)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from ..errors import InputError, OutputError, UsageError
from .model import WriteReport, entries_from_term_pairs, parse_column_map, paused_gc, split_synonyms, term_key

from .merge import MergeResult, merge
from .validate import ValidationIssue, validate

if TYPE_CHECKING:  # pragma: no cover
    from ..records import Glossary

__all__ = [
    "FORMATS", "Format", "WriteReport", "convert", "entries_from_term_pairs", "merge", "parse_column_map",
    "read_glossary", "split_synonyms", "term_key", "validate", "write_glossary",
]


@dataclass(frozen=True, slots=True)
class Format:
    """A glossary format: ``reader``/``writer`` are ``"module:function"`` names inside this package."""

    name: str
    extensions: tuple[str, ...]
    reader: str | None
    writer: str | None
    description: str


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("xlsx", (".xlsx", ".xlsm"), "xlsx:read_xlsx", "xlsx:write_xlsx",
           "Excel workbook for translators (header, filters, Status drop-down, About sheet); "
           "reads any sheet layout, incl. shuyu review sheets"),
    Format("csv", (".csv",), "delimited:read_delimited", "delimited:write_csv",
           "comma-separated, UTF-8 with a BOM (for Excel) and CRLF; = + - @ cells get a leading apostrophe; "
           "reads any encoding/delimiter"),
    Format("tsv", (".tsv", ".tab", ".txt"), "delimited:read_delimited", "delimited:write_tsv",
           "tab-separated, UTF-8 with LF; = + - @ cells get a leading apostrophe"),
    Format("tbx", (".tbx",), "tbx:read_tbx", "tbx:write_tbx",
           "TBX-Basic v3 (ISO 30042:2019, DCA); reads TBX v3 DCA/DCT and TBX 2 (martif)"),
    Format("tbx2", (), "tbx:read_tbx", "tbx:write_tbx2",
           "TBX 2 (martif, ISO 30042:2008, TBX-Default) for older readers (translate-toolkit, OmegaT)"),
    Format("markdown", (".md", ".markdown"), "markdown:read_markdown", None,
           "Markdown pipe table (read only)"),
    Format("memoq-csv", (), "delimited:read_delimited", "cat:write_memoq_csv",
           "memoQ term base import, CSV: Entry_*, <Language>_Def, then per term <Language>, Term_Example, "
           "Term_Note, Term_Forbidden, Term_Status (English, Chinese_PRC or Chinese_Taiwan); every term, "
           "forbidden ones too"),
    Format("memoq-xlsx", (), "xlsx:read_xlsx", "cat:write_memoq_xlsx",
           "memoQ term base import, Excel (the memoq-csv columns)"),
    Format("phrase-csv", (), "delimited:read_delimited", "cat:write_phrase_csv",
           "Phrase Strings term base CSV (term, description, translatable, case sensitive, en, zh-CN or zh-TW); "
           "forbidden and deprecated variants are named in the description"),
    Format("phrase-xlsx", (), "xlsx:read_xlsx", "cat:write_phrase_xlsx",
           "Phrase TMS term base import, Excel: CID, Domain, Definition, Concept note, then per term en / zh_cn "
           "or zh_tw with Status, Preferred, Forbidden (TRUE/FALSE), Part of speech, Usage, Note"),
)}


def _resolve(spec: str):
    import importlib

    mod, func = spec.split(":")
    return getattr(importlib.import_module(f"{__name__}.{mod}"), func)


def format_for(path: str | os.PathLike, fmt: str | None = None, *, for_writing: bool = False) -> Format:
    """The format named ``fmt``, or the one whose extension ``path`` has."""
    if fmt:
        key = fmt.strip().lower().lstrip(".")
        if key in FORMATS:
            return FORMATS[key]
        for f in FORMATS.values():
            if "." + key in f.extensions:
                return f
        raise UsageError(f"unknown glossary format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}")
    ext = Path(path).suffix.lower()
    for f in FORMATS.values():
        if ext in f.extensions:
            return f
    cls = OutputError if for_writing else InputError
    raise cls(f"cannot tell the glossary format from the extension {ext or '(none)'!r}", where=os.fspath(path),
              hint=f"use one of {', '.join(e for f in FORMATS.values() for e in f.extensions)} or name the format "
                   f"({', '.join(FORMATS)})")


def read_glossary(path: str | os.PathLike, *, sheet: str | int | Sequence[str | int] | None = None,
                  columns: str | Mapping[str, str | int] | None = None, accepted_only: bool = False,
                  fmt: str | None = None) -> Glossary:
    """Read a glossary file (xlsx, csv/tsv, TBX, Markdown table) into a :class:`~shuyu.records.Glossary`.

    ``sheet`` picks sheets of a workbook (name, 0-based index or a list); ``columns``
    maps roles to columns (``"en=B,zh=C,note=E"`` or a dict); ``accepted_only``
    keeps only rows whose Accept column says yes (review sheets).  Every row
    skipped is listed in ``Glossary.warnings``.
    """
    from ..files import check_input

    p = Path(path)
    check_input(p)  # missing, folder, FIFO, device, link loop: refused before any reader opens it
    f = format_for(p, fmt)
    if f.reader is None:
        raise UsageError(f"shuyu cannot read the {f.name} format")
    reader = _resolve(f.reader)
    colmap = parse_column_map(columns) if columns is not None and columns != "" else None
    with paused_gc():
        return _read(reader, f, p, sheet, colmap, accepted_only)


def _read(reader, f: Format, p: Path, sheet, colmap, accepted_only: bool) -> Glossary:
    if f.reader.startswith("tbx:") or f.reader.startswith("markdown:"):
        if sheet is not None or accepted_only:
            raise UsageError(f"sheet= and accepted_only= apply to spreadsheets, not {f.name}")
        if f.reader.startswith("markdown:"):
            return reader(p, columns=colmap)
        if colmap:
            raise UsageError("columns= applies to spreadsheets and CSV, not TBX")
        return reader(p)
    if f.reader.startswith("xlsx:"):
        return reader(p, sheet=sheet, columns=colmap, accepted_only=accepted_only)
    if sheet is not None:
        raise UsageError("sheet= applies to xlsx workbooks only")
    return reader(p, columns=colmap, accepted_only=accepted_only)


def write_glossary(glossary: Glossary, path: str | os.PathLike, *, fmt: str | None = None,
                   bom: bool | None = None, escape_formulas: bool = True) -> WriteReport:
    """Write ``glossary`` to ``path`` (atomically) in ``fmt`` or the format of the extension.

    ``bom``: start text output with a UTF-8 byte-order mark (default: the format's own
    convention, see :mod:`shuyu.glossaries.delimited`); ``escape_formulas``: in CSV/TSV
    written for spreadsheets, cells that begin with ``= + - @`` get a leading apostrophe
    (shuyu's readers remove it again).  The returned :class:`WriteReport` lists every field
    the format could not hold.
    """
    f = format_for(path, fmt, for_writing=True)
    if f.writer is None:
        raise UsageError(f"shuyu cannot write the {f.name} format", hint="write xlsx, csv, tsv or tbx")
    writer = _resolve(f.writer)
    with paused_gc():
        return writer(glossary, path, fmt=f.name, bom=bom, escape_formulas=escape_formulas)


def convert(src: str | os.PathLike, dst: str | os.PathLike, *, fmt: str | None = None, bom: bool | None = None,
            sheet=None, columns=None, accepted_only: bool = False, src_fmt: str | None = None,
            escape_formulas: bool = True):
    """Read ``src`` in any supported format and write it to ``dst``; returns (glossary, report)."""
    g = read_glossary(src, sheet=sheet, columns=columns, accepted_only=accepted_only, fmt=src_fmt)
    return g, write_glossary(g, dst, fmt=fmt, bom=bom, escape_formulas=escape_formulas)
