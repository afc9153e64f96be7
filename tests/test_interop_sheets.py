"""The review sheets of `shuyu run` are workable on screen and on paper: rows as tall as their
wrapped text, landscape pages fitted to the width with the header repeated, the reviewer's
columns frozen next to the terms, sentences counted from 1.  Rendered with LibreOffice when
it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from shuyu.xlsxkit import LINE_POINTS, wrapped_lines

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def run_outputs(tmp_path_factory):
    from shuyu.pipeline import run

    out = tmp_path_factory.mktemp("run")
    result = run(EXAMPLES / "dialogue.en.txt", EXAMPLES / "dialogue.zh.txt", out)
    return out, result


def _print_setup(ws):
    return (ws.page_setup.orientation, ws.page_setup.paperSize, ws.sheet_properties.pageSetUpPr.fitToPage,
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.print_title_rows)


def test_alignment_sheet_counts_sentences_from_one(run_outputs):
    from openpyxl import load_workbook

    out, result = run_outputs
    ws = load_workbook(out / "alignment.xlsx")["Alignment"]
    header = [c.value for c in ws[1]]
    en_col, zh_col = header.index("EN sentences") + 1, header.index("ZH sentences") + 1
    assert ws.cell(row=2, column=1).value == 1 and ws.cell(row=2, column=en_col).value == "1"
    assert ws.cell(row=2, column=zh_col).value == "1"
    for r, bead in enumerate(result.alignment.beads, start=2):
        assert ws.cell(row=r, column=en_col).value in ((",".join(str(i + 1) for i in bead.en)), None)
    two_one = next(r for r, b in enumerate(result.alignment.beads, start=2) if b.kind == "2-1")
    assert "," in ws.cell(row=two_one, column=en_col).value


@pytest.mark.parametrize("name, sheet", [("alignment.xlsx", "Alignment"), ("glossary.xlsx", "Terms")])
def test_review_sheets_print_landscape_fitted_to_width_with_the_header(run_outputs, name, sheet):
    from openpyxl import load_workbook

    out, _ = run_outputs
    wb = load_workbook(out / name)
    assert _print_setup(wb[sheet]) == ("landscape", 9, True, 1, 0, "$1:$1")  # 9 = A4
    assert wb["About"].page_setup.orientation == "landscape"


@pytest.mark.parametrize("name, sheet, columns", [
    ("alignment.xlsx", "Alignment", ("English", "Chinese")),
    ("glossary.xlsx", "Terms", ("Example EN", "Example ZH")),
])
def test_review_sheet_rows_fit_their_wrapped_text(run_outputs, name, sheet, columns):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    out, _ = run_outputs
    ws = load_workbook(out / name)[sheet]
    header = [c.value for c in ws[1]]
    cols = [header.index(c) + 1 for c in columns]
    tall = 0
    for r in range(2, ws.max_row + 1):
        lines = max(wrapped_lines(str(ws.cell(row=r, column=c).value or ""),
                                  ws.column_dimensions[get_column_letter(c)].width) for c in cols)
        height = ws.row_dimensions[r].height
        assert height is not None and height >= lines * LINE_POINTS, (r, lines, height)
        assert all(ws.cell(row=r, column=c).alignment.wrap_text for c in cols)
        tall += lines > 1
    assert tall >= 3  # the example has rows that wrap


def test_term_sheet_keeps_the_reviewers_columns_next_to_the_terms(run_outputs):
    from openpyxl import load_workbook

    out, _ = run_outputs
    ws = load_workbook(out / "glossary.xlsx")["Terms"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["English", "Chinese", "Accept", "Status"]
    assert ws.freeze_panes == "E2"
    assert header.index("Example EN") < header.index("Freq EN")  # what a reviewer reads comes first
    assert ws.print_area == "'Terms'!$A$1:$I$" + str(ws.max_row)  # printed: the columns up to Example ZH


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None
                    or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are not installed")
@pytest.mark.parametrize("name, first_header", [("alignment.xlsx", "English"), ("glossary.xlsx", "English")])
def test_libreoffice_renders_landscape_pages_with_the_header_repeated(run_outputs, tmp_path, name, first_header):
    out, _ = run_outputs
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(out / name)], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "HOME": str(home)})
    pdf = tmp_path / name.replace(".xlsx", ".pdf")
    assert pdf.is_file(), done.stdout + done.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    assert float(size[2]) > float(size[4])  # landscape
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    review_pages = 0
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        head = " ".join(text.splitlines()[:2])
        if head.startswith("field"):  # the About sheet prints after the review pages
            continue
        review_pages += 1
        assert first_header in head and "Chinese" in head, (page, text[:300])  # the header on every page
        if page == 1:
            assert "Reviewer note" in head or "Example ZH" in head  # every printed column on the page
    assert review_pages >= (2 if name == "glossary.xlsx" else 1)
