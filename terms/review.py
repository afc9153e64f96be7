"""Write mined term pairs for review: an xlsx review sheet, CSV or TSV.

:func:`write_terms` picks the writer from the file extension (:data:`WRITERS`).
Mined pairs are candidates, not approved terms: the review sheet has one row
per pair with an empty **Accept** column (``accept``/``reject`` drop-down) and
an empty **Status** column (preferred, admitted, deprecated, superseded,
forbidden) next to the English and Chinese terms, frozen so that they stay in
view.  ``shuyu glossary import --accepted-only`` reads the rows a reviewer
marked ``accept``; an accepted row whose Status is empty becomes a preferred
term (header names are the contract: :data:`COLUMNS`).  The sheet's rows are as tall
as their wrapped text, and it prints landscape, fitted to the page width, with the
header repeated (the reviewer's columns up to the examples).  CSV and TSV follow
shuyu's one convention (:func:`shuyu.xlsxkit.write_text_table`).  Every file is
written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..errors import OutputError, UsageError
from ..records import TERM_STATUSES, TermPair

#: Column headers of every format, in order: the reviewer's columns first, then what a reviewer reads to
#: decide (score, evidence, alternatives, an example), then the counts and sources.
COLUMNS = ("English", "Chinese", "Accept", "Status", "Score", "Evidence", "Alternatives", "Example EN", "Example ZH",
           "Freq EN", "Freq ZH", "Freq joint", "Sources", "Known")
#: Values of the Accept column understood by ``shuyu glossary import``.
ACCEPT_VALUES = ("accept", "reject")
#: Values offered in the Status column (empty: preferred once accepted).
STATUS_VALUES = TERM_STATUSES
#: Columns that stay in view when the sheet scrolls right (English, Chinese, Accept, Status).
FROZEN_COLUMNS = 4
#: Columns printed (English … Example ZH): the counts and sources stay on screen only.
PRINTED_COLUMNS = 9
_WIDTHS = (32, 20, 9, 11, 7, 18, 18, 46, 34, 8, 8, 9, 24, 7)
_WRAPPED = ("English", "Chinese", "Evidence", "Alternatives", "Example EN", "Example ZH")
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
        _SEP.join(pair.alternatives),
        _flat(ex.en) if ex else "",
        _flat(ex.zh) if ex else "",
        int(pair.freq_en),
        int(pair.freq_zh),
        int(pair.freq_joint),
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

    from ..xlsxkit import about_sheet, fit_row_heights, header_row, print_layout, save_workbook, write_rows

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
    top = Alignment(vertical="top")
    wrapped = {COLUMNS.index(col) + 1 for col in _WRAPPED}
    for r in range(2, last + 1):
        for c in range(1, len(COLUMNS) + 1):
            ws.cell(row=r, column=c).alignment = wrap if c in wrapped else top
    fit_row_heights(ws, {c: _WIDTHS[c - 1] for c in wrapped}, 2, last)
    print_layout(ws)
    ws.print_area = f"A1:{get_column_letter(PRINTED_COLUMNS)}{max(last, 1)}"
    grey = Font(color="808080")
    for r, p in enumerate(pairs, start=2):
        if p.known:
            for c in range(1, len(COLUMNS) + 1):
                ws.cell(row=r, column=c).font = grey
    sources = sorted({s for p in pairs for s in p.sources})
    about_sheet(wb, "bilingual term candidates (shuyu mine): unreviewed until accepted", settings=list(settings),
                sources=sources)
    save_workbook(wb, path)


def _write_delimited(pairs: Sequence[TermPair], path: str | os.PathLike, delimiter: str) -> None:
    from ..xlsxkit import write_text_table

    rows = (term_row(p) for p in pairs)
    if delimiter == "\t":
        rows = ([_flat(v) if isinstance(v, str) else v for v in row] for row in rows)
    write_text_table(path, COLUMNS, rows, delimiter=delimiter)


def write_csv(pairs: Sequence[TermPair], path: str | os.PathLike, *, settings: Iterable[tuple[str, str]] = ()) -> None:
    """CSV by shuyu's convention: UTF-8 with a byte-order mark (so that Excel shows the Chinese), CRLF;
    cells that begin with = + - @ get a leading apostrophe (settings are not stored)."""
    _write_delimited(pairs, path, ",")


def write_tsv(pairs: Sequence[TermPair], path: str | os.PathLike, *, settings: Iterable[tuple[str, str]] = ()) -> None:
    """TSV, UTF-8 with LF, one pair a line; tabs and line breaks inside cells become spaces; cells that begin
    with = + - @ get a leading apostrophe."""
    _write_delimited(pairs, path, "\t")


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
