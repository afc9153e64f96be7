"""Shared helpers for the workbooks shuyu writes (openpyxl).

* :func:`set_text` writes a string cell as text even when it starts with
  ``=``, ``+``, ``-`` or ``@`` (never a formula);
* :func:`header_row` writes a bold, frozen, filtered header;
* :func:`about_sheet` records how the file was made (tool version, settings,
  sources, date);
* :func:`save_workbook` saves atomically.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from typing import Iterable, Sequence

from . import __version__
from .files import atomic_path

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
    write_rows(ws, rows)


def save_workbook(wb, path: str | os.PathLike) -> None:
    """Save ``wb`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        wb.save(tmp)
