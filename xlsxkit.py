"""Shared helpers for the workbooks shuyu writes (openpyxl).

* :func:`set_text` writes a string cell as text even when it starts with
  ``=``, ``+``, ``-`` or ``@`` (never a formula);
* :func:`header_row` writes a bold, frozen, filtered header;
* :func:`about_sheet` records how the file was made (tool version, settings,
  sources, date);
* :func:`save_workbook` saves atomically;
* :func:`fit_row_heights` and :func:`print_layout` make a review sheet usable on screen
  and on paper (rows tall enough for their wrapped text, landscape pages fitted to the
  page width with the header row repeated);
* :func:`write_text_table` writes every CSV/TSV shuyu writes, with one convention
  (see :data:`TEXT_TABLE_CONVENTION`) and one policy for formula-like cells
  (:func:`escape_formula` / :func:`unescape_formula`).
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
import unicodedata
from typing import Iterable, Sequence

from . import __version__
from .files import atomic_path, atomic_write

FORMULA_PREFIXES = ("=", "+", "-", "@")
# Characters that XML 1.0 (and so xlsx, TMX, TBX, JUnit) cannot hold: C0 controls other
# than tab/newline/return, lone surrogates, U+FFFE and U+FFFF.
_XML_ILLEGAL_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(value: str) -> str:
    """Remove characters that XML 1.0 (and so an xlsx, TMX or TBX file) cannot store."""
    return _XML_ILLEGAL_RE.sub("", value)


def set_text(cell, value) -> None:
    """Put ``value`` in ``cell``; strings are always stored as text, never formulas."""
    if value is None:
        cell.value = None
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.value = value
        return
    text = clean_text(str(value))
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def write_rows(ws, rows: Iterable[Sequence], start_row: int = 2) -> int:
    """Write rows below the header; return the last row number written."""
    r = start_row - 1
    for r, row in enumerate(rows, start=start_row):
        for c, value in enumerate(row, start=1):
            set_text(ws.cell(row=r, column=c), value)
    return r


def header_row(ws, names: Sequence[str], widths: Sequence[int] | None = None, filters: bool = True) -> None:
    """Bold header on row 1, frozen below it, with auto-filters and column widths."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c, name in enumerate(names, start=1):
        cell = ws.cell(row=1, column=c)
        set_text(cell, name)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"
    if widths:
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = w
    if filters:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(ws.max_row, 1)}"


def about_sheet(wb, title: str, settings: Iterable[tuple[str, str]] = (), sources: Iterable[str] = ()) -> None:
    """Add an "About" sheet recording the tool, version, date, settings and sources."""
    ws = wb.create_sheet("About")
    rows: list[tuple[str, str]] = [
        ("made by", f"shuyu {__version__}"),
        ("what", title),
        ("date", _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()),
    ]
    rows += [("source", os.fspath(s)) for s in sources]
    rows += [(str(k), str(v)) for k, v in settings]
    header_row(ws, ["field", "value"], widths=[22, 90], filters=False)
    last = write_rows(ws, rows)
    from openpyxl.styles import Alignment

    for r in range(2, last + 1):
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    fit_row_heights(ws, {2: 90}, 2, last)
    print_layout(ws)


def save_workbook(wb, path: str | os.PathLike) -> None:
    """Save ``wb`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        wb.save(tmp)


# ---------------------------------------------------------------------------
# review sheets on screen and on paper

#: Points per line of 11-point Calibri (Excel's default row height) and the extra room a row gets.
LINE_POINTS = 15.0
_ROW_PAD = 2.0
MAX_ROW_POINTS = 409.0  # Excel's limit


def display_width(text: str) -> float:
    """Width of ``text`` in column-width units (the width of a digit): a CJK or full-width character
    takes two, other characters of a proportional font about 0.85 on average."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 0.85 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes when wrapped in a column ``width`` units wide (at least 1).

    Words are not split, so each line is counted a little short of the width (measured with
    LibreOffice's rendering of the review sheets: a little generous rather than clipped).
    """
    if not text:
        return 1
    usable = max(width * 0.95 - 1, 4.0)
    lines = 0
    for part in str(text).split("\n"):
        lines += max(1, math.ceil(display_width(part) * 1.05 / usable))
    return lines


def fit_row_heights(ws, columns: dict[int, float], first_row: int = 2, last_row: int | None = None) -> None:
    """Set each row's height to fit the wrapped text of ``columns`` (1-based column number → width).

    LibreOffice does not grow rows for wrapped text written by openpyxl, and Excel only does when
    it recalculates, so without this wrapped English overlaps the next row and Chinese is cut off.
    """
    last_row = ws.max_row if last_row is None else last_row
    for r in range(first_row, last_row + 1):
        lines = 1
        for c, width in columns.items():
            value = ws.cell(row=r, column=c).value
            if value is not None and value != "":
                lines = max(lines, wrapped_lines(str(value), width))
        ws.row_dimensions[r].height = min(MAX_ROW_POINTS, lines * LINE_POINTS + _ROW_PAD)


def print_layout(ws, *, repeat_rows: str = "1:1", fit_width: bool = True) -> None:
    """Landscape A4, narrow margins, fitted to the page width (as many pages down as needed), header repeated."""
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    ws.print_title_rows = repeat_rows
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.3, footer=0.3)
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "&P / &N"


# ---------------------------------------------------------------------------
# CSV / TSV

#: One convention for every CSV/TSV shuyu writes: (byte-order mark by default, line end).
#: CSV follows RFC 4180 (CRLF) and starts with a UTF-8 BOM so that Excel shows the Chinese;
#: TSV is for tools (OmegaT, scripts) and has LF line ends and no BOM.  ``bom=`` overrides the
#: default (the CAT-tool CSV layouts are written without one: the tool, not a spreadsheet, reads them).
TEXT_TABLE_CONVENTION: dict[str, tuple[bool, str]] = {",": (True, "\r\n"), "\t": (False, "\n")}

#: Cells that a spreadsheet's CSV import evaluates: = + - @ (and tab / carriage return, after OWASP).
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"


def escape_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula (``=SUM(A1)`` →
    ``'=SUM(A1)``); other text unchanged.  :func:`unescape_formula` undoes it."""
    return FORMULA_ESCAPE + text if text.startswith(CSV_FORMULA_START) else text


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`: drop an apostrophe that stands before ``= + - @``."""
    if text[:1] == FORMULA_ESCAPE and text[1:2] in CSV_FORMULA_START:
        return text[1:]
    return text


def write_text_table(path: str | os.PathLike, header: Sequence[str], rows: Iterable[Sequence], *, delimiter: str,
                     bom: bool | None = None, escape_formulas: bool = True) -> int:
    """Write a CSV (``delimiter=","``) or TSV (``"\t"``) table atomically in UTF-8 by
    :data:`TEXT_TABLE_CONVENTION`; ``bom=None`` takes the convention's default.

    With ``escape_formulas`` cells that start like a formula get a leading apostrophe
    (:func:`escape_formula`).  Returns the number of formula-like cells (escaped or not).
    """
    import csv

    default_bom, line_end = TEXT_TABLE_CONVENTION[delimiter]
    use_bom = default_bom if bom is None else bom
    risky = 0
    with atomic_write(path, "w", encoding="utf-8-sig" if use_bom else "utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        for row in rows:
            out = list(row)
            for i, v in enumerate(out):
                if isinstance(v, str) and v.startswith(CSV_FORMULA_START):
                    risky += 1
                    if escape_formulas:
                        out[i] = FORMULA_ESCAPE + v
            w.writerow(out)
    return risky
