"""Write mined term pairs for review: an xlsx review sheet, CSV or TSV.

:func:`write_terms` picks the writer from the file extension (:data:`WRITERS`).
The review sheet has one row per pair and an empty **Accept** column with an
``accept``/``reject`` drop-down; ``shuyu glossary import`` reads the rows a
reviewer marked ``accept`` (header names are the contract: :data:`COLUMNS`).
Every file is written atomically.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..errors import OutputError, UsageError
from ..files import atomic_write
from ..records import TermPair

#: Column headers of every format, in order.
COLUMNS = ("English", "Chinese", "Score", "Freq EN", "Freq ZH", "Freq joint", "Alternatives",
           "Example EN", "Example ZH", "Sources", "Signals", "Known", "Accept")
#: Values of the Accept column understood by ``shuyu glossary import``.
ACCEPT_VALUES = ("accept", "reject")
_WIDTHS = (34, 22, 8, 8, 8, 9, 24, 60, 50, 24, 22, 7, 9)
_SEP = "; "


def _flat(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())


def term_row(pair: TermPair) -> list:
    """One output row for ``pair`` (values in :data:`COLUMNS` order)."""
    ex = pair.examples[0] if pair.examples else None
    return [
        pair.en,
        pair.zh,
        round(float(pair.score), 4),
        int(pair.freq_en),
        int(pair.freq_zh),
        int(pair.freq_joint),
        _SEP.join(pair.alternatives),
        _flat(ex.en) if ex else "",
        _flat(ex.zh) if ex else "",
        _SEP.join(pair.sources),
        _SEP.join(pair.signals),
        "yes" if pair.known else "",
        "",
    ]


def write_xlsx(pairs: Sequence[TermPair], path: str | os.PathLike, *, settings: Iterable[tuple[str, str]] = ()) -> None:
    """The review workbook: sheet "Terms" (bold frozen filtered header, Accept drop-down) and "About"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..xlsxkit import about_sheet, header_row, save_workbook, write_rows

    wb = Workbook()
    ws = wb.active
    ws.title = "Terms"
    rows = [term_row(p) for p in pairs]
    last = write_rows(ws, rows)
    header_row(ws, COLUMNS, widths=_WIDTHS)
    accept_col = COLUMNS.index("Accept") + 1
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(accept_col)
    dv = DataValidation(type="list", formula1='"' + ",".join(ACCEPT_VALUES) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Accept", error="Choose accept or reject (or leave empty).")
    dv.add(f"{letter}2:{letter}{max(last, 2)}")
    ws.add_data_validation(dv)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col in ("Example EN", "Example ZH"):
        c = COLUMNS.index(col) + 1
        for r in range(2, last + 1):
            ws.cell(row=r, column=c).alignment = wrap
    known_col = COLUMNS.index("Known") + 1
    grey = Font(color="808080")
    for r, p in enumerate(pairs, start=2):
        if p.known:
            for c in range(1, len(COLUMNS) + 1):
                ws.cell(row=r, column=c).font = grey
            ws.cell(row=r, column=known_col).font = grey
    sources = sorted({s for p in pairs for s in p.sources})
    about_sheet(wb, "bilingual term candidates (shuyu mine)", settings=list(settings), sources=sources)
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
