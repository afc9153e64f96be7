"""Write mined term pairs for review: an xlsx review sheet, CSV or TSV.

:func:`write_terms` picks the writer from the file extension (:data:`WRITERS`).
Mined pairs are candidates, not approved terms: the review sheet has one row
per pair with an empty **Accept** column (``accept``/``reject`` drop-down) and
an empty **Status** column (preferred, admitted, deprecated, superseded,
forbidden) next to the English and Chinese terms, frozen so that they stay in
view.  ``shuyu glossary import --accepted-only`` reads the rows a reviewer
marked ``accept``; an accepted row whose Status is empty becomes a preferred
term (header names are the contract: :data:`COLUMNS`).  Every file is written
atomically.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..errors import OutputError, UsageError
from ..files import atomic_write
from ..records import TERM_STATUSES, TermPair

#: Column headers of every format, in order: the reviewer's columns first.
COLUMNS = ("English", "Chinese", "Accept", "Status", "Score", "Evidence", "Freq EN", "Freq ZH", "Freq joint",
           "Alternatives", "Example EN", "Example ZH", "Sources", "Known")
#: Values of the Accept column understood by ``shuyu glossary import``.
ACCEPT_VALUES = ("accept", "reject")
#: Values offered in the Status column (empty: preferred once accepted).
STATUS_VALUES = TERM_STATUSES
#: Columns that stay in view when the sheet scrolls right (English, Chinese, Accept, Status).
FROZEN_COLUMNS = 4
_WIDTHS = (34, 22, 9, 12, 8, 22, 8, 8, 9, 24, 60, 50, 24, 7)
_SEP = "; "


def _flat(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())


def term_row(pair: TermPair) -> list:
    """One output row for ``pair`` (values in :data:`COLUMNS` order)."""
    ex = pair.examples[0] if pair.examples else None
    return [
        pair.en,
        pair.zh,
        "",  # Accept: for the reviewer
        "",  # Status: for the reviewer (empty = preferred once accepted)
        round(float(pair.score), 4),
        _SEP.join(pair.signals),
        int(pair.freq_en),
        int(pair.freq_zh),
        int(pair.freq_joint),
        _SEP.join(pair.alternatives),
        _flat(ex.en) if ex else "",
        _flat(ex.zh) if ex else "",
        _SEP.join(pair.sources),
        "yes" if pair.known else "",
    ]


def write_xlsx(pairs: Sequence[TermPair], path: str | os.PathLike, *, settings: Iterable[tuple[str, str]] = ()) -> None:
    """The review workbook: sheet "Terms" (bold filtered header, frozen with the English, Chinese, Accept and
    Status columns; Accept and Status drop-downs) and "About"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..xlsxkit import about_sheet, header_row, save_workbook, write_rows

    wb = Workbook()
    ws = wb.active
    ws.title = "Terms"
    rows = [term_row(p) for p in pairs]
    last = write_rows(ws, rows)
    header_row(ws, COLUMNS, widths=_WIDTHS)
    ws.freeze_panes = f"{get_column_letter(FROZEN_COLUMNS + 1)}2"
    for name, values, error in (
            ("Accept", ACCEPT_VALUES, "Choose accept or reject (or leave empty)."),
            ("Status", STATUS_VALUES, "Choose a status, or leave it empty: an accepted term is then preferred.")):
        letter = get_column_letter(COLUMNS.index(name) + 1)
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=name, error=error)
        dv.add(f"{letter}2:{letter}{max(last, 2)}")
        ws.add_data_validation(dv)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col in ("Example EN", "Example ZH"):
        c = COLUMNS.index(col) + 1
        for r in range(2, last + 1):
            ws.cell(row=r, column=c).alignment = wrap
    grey = Font(color="808080")
    for r, p in enumerate(pairs, start=2):
        if p.known:
            for c in range(1, len(COLUMNS) + 1):
                ws.cell(row=r, column=c).font = grey
    sources = sorted({s for p in pairs for s in p.sources})
    about_sheet(wb, "bilingual term candidates (shuyu mine): unreviewed until accepted", settings=list(settings),
                sources=sources)
    save_workbook(wb, path)


def _write_delimited(pairs: Sequence[TermPair], path: str | os.PathLike, delimiter: str, encoding: str) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for p in pairs:
        row = term_row(p)
        if delimiter == "\t":
            row = [_flat(v) if isinstance(v, str) else v for v in row]
        writer.writerow(row)
    with atomic_write(path, "w", encoding=encoding, newline="") as fh:
        fh.write(buf.getvalue())


def write_csv(pairs: Sequence[TermPair], path: str | os.PathLike, *, settings: Iterable[tuple[str, str]] = ()) -> None:
    """CSV, UTF-8 with a byte-order mark so that Excel shows the Chinese (settings are not stored)."""
    _write_delimited(pairs, path, ",", "utf-8-sig")


def write_tsv(pairs: Sequence[TermPair], path: str | os.PathLike, *, settings: Iterable[tuple[str, str]] = ()) -> None:
    """TSV, UTF-8, one pair a line; tabs and line breaks inside cells become spaces."""
    _write_delimited(pairs, path, "\t", "utf-8")


#: Extension → writer.  ``.tbx`` is written by the glossaries package.
WRITERS: dict[str, Callable[..., None]] = {
    ".xlsx": write_xlsx,
    ".csv": write_csv,
    ".tsv": write_tsv,
}


def write_terms(pairs: Sequence[TermPair], path: str | os.PathLike, *, settings: Iterable[tuple[str, str]] = ()) -> None:
    """Write ``pairs`` to ``path`` in the format given by its extension (see :data:`WRITERS`)."""
    ext = Path(path).suffix.lower()
    writer = WRITERS.get(ext)
    if writer is None:
        if ext == ".tbx":
            raise UsageError("mined terms are not written as TBX directly", where=path,
                             hint="write a review sheet (.xlsx), accept the rows you want, then "
                                  "import it into a glossary and export that as TBX")
        raise OutputError(f"unknown output format {ext or '(no extension)'!r}", where=path,
                          hint="use one of " + ", ".join(sorted(WRITERS)))
    writer(list(pairs), path, settings=settings)
