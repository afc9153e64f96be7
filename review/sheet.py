"""Read an alignment review sheet (``alignment.xlsx``) back into beads.

The sheet is the one :func:`shuyu.aligner.writers.write_xlsx` writes: one row per bead with
the English and Chinese text, the confidence and the sentence numbers.  A reviewer may have
corrected it the way LF Aligner users do: merged two rows by moving the text of one into the
other (and emptied or deleted the second), split a row by moving its last sentences into a
new row, moved a sentence to the neighbouring row.  The sentence numbers are then out of
date, so the beads are found from the *text*: the rows, read in order, must hold the
documents' sentences in order, each row ending at the end of a sentence.  Spaces and line
breaks do not matter; anything else that differs is an :class:`~shuyu.errors.InputError`
naming the cell, the sentence and what differs.

A row whose beads are the ones its sentence numbers say keeps its confidence; any other row
is a bead made by hand (confidence 1).  The documents are the ones the About sheet names
(``source``), unless others are given.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import InputError
from ..records import Alignment, Bead, Document
from ..xlsxkit import clean_text

#: About-sheet fields that describe the sheet, not the alignment.
_ABOUT_ONLY = {"made by", "what", "date", "source", "low-confidence threshold", "numbers", "field"}


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One filled row of the sheet: its row number, the two cells and what the aligner wrote beside them."""

    row: int
    en: str
    zh: str
    confidence: float | None = None
    en_ids: tuple[int, ...] | None = None
    zh_ids: tuple[int, ...] | None = None


@dataclass(frozen=True, slots=True)
class AlignmentSheet:
    """What an alignment sheet holds: its rows, the documents it names and the aligner's settings."""

    path: str
    sheet: str
    rows: tuple[SheetRow, ...]
    en_column: str
    zh_column: str
    sources: tuple[str, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SheetAlignment:
    """The beads read from a sheet: ``edited[i]`` says whether bead ``i`` differs from what the aligner made."""

    alignment: Alignment
    edited: tuple[bool, ...]
    lines: bool = False


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _ids(cell: str) -> tuple[int, ...] | None:
    """0-based sentence indices from a cell like ``3,4`` (counted from 1); None when it is not such a cell."""
    text = cell.replace(" ", "")
    if not text:
        return ()
    try:
        values = tuple(int(v) - 1 for v in text.split(","))
    except ValueError:
        return None
    return values if all(v >= 0 for v in values) else None


def _number(cell: str) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if 0.0 <= value <= 1.0 else None


def read_alignment_sheet(path: str | os.PathLike) -> AlignmentSheet:
    """The rows, sources and settings of an alignment review sheet.

    The sheet is the one named "Alignment", or else the first whose header row has an "English" and a
    "Chinese" column; "Confidence", "EN sentences" and "ZH sentences" are used when present.
    """
    from ..glossaries.xlsxio import read_sheets

    where = os.fspath(path)
    found = None
    about: list[list[str]] = []
    for name, rows, nums in read_sheets(path):
        if name == "About":
            about = rows
            continue
        if found is not None:
            continue
        for r, row in enumerate(rows[:20]):
            low = [str(c or "").strip().lower() for c in row]
            if "english" in low and "chinese" in low:
                found = (name, rows[r:], nums[r:])
                break
    if found is None:
        raise InputError("no alignment sheet: no sheet has a header row with English and Chinese columns",
                         where=where, hint="give the alignment.xlsx that shuyu run or shuyu align wrote")
    name, rows, nums = found
    header = [str(c or "").strip().lower() for c in rows[0]]

    def col(title: str) -> int | None:
        return header.index(title) if title in header else None

    i_en, i_zh = col("english"), col("chinese")
    i_conf, i_ens, i_zhs = col("confidence"), col("en sentences"), col("zh sentences")
    out: list[SheetRow] = []
    for row, number in zip(rows[1:], nums[1:]):
        cell = lambda i: str(row[i] or "") if i is not None and i < len(row) else ""  # noqa: E731
        en, zh = cell(i_en).strip(), cell(i_zh).strip()
        if not en and not zh:
            continue
        out.append(SheetRow(number, en, zh, _number(cell(i_conf).strip()) if i_conf is not None else None,
                            _ids(cell(i_ens)) if i_ens is not None else None,
                            _ids(cell(i_zhs)) if i_zhs is not None else None))
    sources: list[str] = []
    settings: list[tuple[str, str]] = []
    for row in about:
        key = str(row[0] if row else "").strip()
        value = str(row[1] if len(row) > 1 else "").strip()
        if key == "source" and value:
            sources.append(value)
        elif key and key not in _ABOUT_ONLY:
            settings.append((key, value))
    return AlignmentSheet(where, name, tuple(out), _letter(i_en), _letter(i_zh), tuple(sources), tuple(settings))


def _key(text: str) -> str:
    """Text as compared with the documents: NFC, cleaned as the sheet writer cleans it, without any space."""
    return "".join(unicodedata.normalize("NFC", clean_text(text)).split())


def _excerpt(text: str, at: int = 0, width: int = 40) -> str:
    piece = text[at:at + width]
    return piece + ("…" if len(text) > at + width else "")


class SheetMismatch(InputError):
    """A sheet whose text does not match the documents."""


def _assign(rows: Sequence[SheetRow], side: str, doc: Document, path: str, column: str) -> list[tuple[int, ...]]:
    """The sentences of ``doc`` that each row's ``side`` cell holds, in order."""
    name = "English" if side == "en" else "Chinese"
    keys = [_key(s.text) for s in doc.sentences]
    hint_text = ("the sheet may only move text between rows: undo the change to the text (correct the document "
                 "and align it again to change the text), or give the documents this sheet was made from")
    p = 0
    out: list[tuple[int, ...]] = []
    for row in rows:
        cell = _key(getattr(row, side))
        where = f"{path}!{column}{row.row}"
        ids: list[int] = []
        pos = 0
        while pos < len(cell) or (p < len(keys) and not keys[p] and ids):
            if p >= len(keys):
                raise SheetMismatch(f"the {name} cell goes on past the end of {doc.path}: "
                                    f"{_excerpt(cell, pos)!r} is not in the document", where=where, hint=hint_text)
            key = keys[p]
            if cell.startswith(key, pos):
                ids.append(p)
                pos += len(key)
                p += 1
                continue
            rest = cell[pos:]
            if key.startswith(rest):
                raise SheetMismatch(f"the {name} cell ends inside {name} sentence {p + 1} "
                                    f"({_excerpt(key)!r}): a row must end at the end of a sentence",
                                    where=where, hint="move the rest of that sentence into this row, or its start "
                                                      "into the next row")
            same = next((k for k, (a, b) in enumerate(zip(rest, key)) if a != b), min(len(rest), len(key)))
            start = max(0, same - 10)
            raise SheetMismatch(f"the {name} text differs from {name} sentence {p + 1} of {doc.path}: the sheet "
                                f"has {_excerpt(rest, start, 30)!r} where the document has "
                                f"{_excerpt(key, start, 30)!r}", where=where, hint=hint_text)
        out.append(tuple(ids))
    if p < len(keys):
        raise SheetMismatch(f"{name} sentences {p + 1} to {len(keys)} of {doc.path} are in no row (from "
                            f"{_excerpt(doc.sentences[p].text)!r} on)", where=path,
                            hint="put their text back into the sheet (a deleted row?), or give the documents "
                                 "this sheet was made from")
    return out


def beads_from_rows(sheet: AlignmentSheet, en: Document, zh: Document) -> tuple[list[Bead], list[bool]]:
    """Beads and edited flags for the rows of ``sheet`` against the two documents (:class:`SheetMismatch`
    when the text does not match)."""
    en_ids = _assign(sheet.rows, "en", en, sheet.path, sheet.en_column)
    zh_ids = _assign(sheet.rows, "zh", zh, sheet.path, sheet.zh_column)
    beads: list[Bead] = []
    edited: list[bool] = []
    for row, e, z in zip(sheet.rows, en_ids, zh_ids):
        if not e and not z:  # a row of spaces or of nothing the writer keeps
            continue
        same = row.en_ids == e and row.zh_ids == z and row.confidence is not None
        beads.append(Bead(e, z, row.confidence if same else 1.0))
        edited.append(not same)
    return beads, edited


def _source(sheet: AlignmentSheet, given, index: int, lang: str) -> Path:
    name = "English" if lang == "en" else "Chinese"
    if given is not None:
        return Path(given)
    if len(sheet.sources) < 2:
        raise InputError(f"the sheet does not say which {name} document it was made from (no source in its "
                         "About sheet)", where=sheet.path, hint="give the two documents as well (EN ZH)")
    path = Path(sheet.sources[index])
    if not path.exists() and not path.is_absolute():
        beside = Path(sheet.path).parent / path
        if beside.exists():
            return beside
    if not path.exists():
        raise InputError(f"the {name} document the sheet was made from is not there: {path}", where=sheet.path,
                         hint="give the two documents as well (EN ZH), e.g. shuyu align EN ZH --from-sheet "
                              "SHEET -o OUT, or shuyu review OUTDIR --documents EN ZH")
    return path


def alignment_from_sheet(path: str | os.PathLike, en_path=None, zh_path=None, *,
                         lines: bool | None = None) -> SheetAlignment:
    """The alignment an (edited) alignment sheet describes, checked against its documents.

    ``en_path`` / ``zh_path`` override the documents named in the About sheet; ``lines`` reads them
    one sentence a line (as ``shuyu align --lines``); ``None`` tries the usual sentence splitting
    first and then one sentence a line.
    """
    from ..aligner.readers import read_document

    sheet = read_alignment_sheet(path)
    en_file, zh_file = _source(sheet, en_path, 0, "en"), _source(sheet, zh_path, 1, "zh")
    tries = [lines] if lines is not None else [False, True]
    first_error: SheetMismatch | None = None
    best: SheetAlignment | None = None
    for by_line in tries:
        try:
            en, zh = read_document(en_file, "en", lines=by_line), read_document(zh_file, "zh", lines=by_line)
        except InputError:
            if first_error is not None or best is not None:
                break
            raise
        try:
            beads, edited = beads_from_rows(sheet, en, zh)
        except SheetMismatch as exc:
            first_error = first_error or exc
            continue
        if not beads:
            raise InputError("the alignment sheet has no rows", where=sheet.path,
                             hint="give the alignment.xlsx that shuyu run or shuyu align wrote")
        settings = dict(sheet.settings)
        if any(edited):
            settings["corrected"] = f"{sum(edited)} of {len(beads)} beads changed by hand in {Path(sheet.path).name}"
        found = SheetAlignment(Alignment(en, zh, tuple(beads), tuple(sorted(settings.items()))), tuple(edited), by_line)
        # both splittings can fit the text (a line of two sentences); the one the sentence numbers agree with wins
        if best is None or sum(found.edited) < sum(best.edited):
            best = found
        if not any(edited):
            break
    if best is not None:
        return best
    assert first_error is not None
    raise first_error
