"""CSV and TSV: one convention (CSV UTF-8 with BOM and CRLF, TSV UTF-8 with LF) and one policy for
formula-like cells (a leading apostrophe that shuyu's readers remove again), checked with
LibreOffice's own CSV import when it is installed."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from shuyu.cli import main
from shuyu.glossaries import read_glossary, write_glossary
from shuyu.records import Glossary, GlossaryEntry, Term, TermPair
from shuyu.terms.review import write_terms
from shuyu.xlsxkit import escape_formula, unescape_formula

RISKY = Glossary(entries=(
    GlossaryEntry("g1", (Term("=SUM(A1)", "en"), Term("+公式", "zh")), note="@mention"),
    GlossaryEntry("g2", (Term("-based", "en"), Term("基于", "zh")), note="'quoted' note"),
    GlossaryEntry("g3", (Term("law enforcement", "en"), Term("执法", "zh"))),
))
PAIRS = [TermPair("=SUM(A1)", "+公式", 0.5, 1, 1, 1), TermPair("law enforcement", "执法", 0.4, 1, 1, 1)]


def _glossary_csv(path: Path, **kw) -> None:
    write_glossary(RISKY, path, **kw)


def _terms_csv(path: Path, **_kw) -> None:
    write_terms(PAIRS, path)


# writer, extension, byte-order mark expected, line end expected
WRITERS = [
    ("glossary", ".csv", True, b"\r\n"),
    ("glossary", ".tsv", False, b"\n"),
    ("mined terms", ".csv", True, b"\r\n"),
    ("mined terms", ".tsv", False, b"\n"),
]


@pytest.mark.parametrize("what, ext, bom, eol", WRITERS)
def test_one_convention_for_every_csv_writer(tmp_path, what, ext, bom, eol):
    out = tmp_path / f"out{ext}"
    (_glossary_csv if what == "glossary" else _terms_csv)(out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    first = raw.split(b"\n", 1)[0] + b"\n"
    assert first.endswith(eol) and (eol == b"\r\n" or not first.endswith(b"\r\n"))


@pytest.mark.parametrize("what, ext, bom, eol", WRITERS)
def test_formula_like_cells_get_an_apostrophe_that_shuyu_removes(tmp_path, what, ext, bom, eol):
    out = tmp_path / f"out{ext}"
    (_glossary_csv if what == "glossary" else _terms_csv)(out)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh, delimiter="," if ext == ".csv" else "\t") for c in row]
    assert "'=SUM(A1)" in cells and "'+公式" in cells and "=SUM(A1)" not in cells
    if what == "glossary":
        assert "'-based" in cells and "'@mention" in cells and "'quoted' note" in cells  # only before = + - @
    back = read_glossary(out)
    assert back.entries[0].en[0].text == "=SUM(A1)" and back.entries[0].zh[0].text == "+公式"
    if what == "glossary":
        assert [e.note for e in back.entries] == ["@mention", "'quoted' note", ""]


def test_the_write_report_says_what_was_escaped(tmp_path):
    report = write_glossary(RISKY, tmp_path / "g.csv")
    assert any("leading apostrophe" in n and "--keep-formulas" in n for n in report.notes)


def test_keep_formulas_and_no_bom_flags(tmp_path):
    src = tmp_path / "g.tsv"
    write_glossary(RISKY, src)
    out = tmp_path / "raw.csv"
    result = CliRunner().invoke(main, ["glossary", "convert", str(src), "-o", str(out), "--keep-formulas",
                                       "--no-bom"])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n=SUM(A1)," in raw or b",=SUM(A1)," in raw
    assert "written as they are" in result.output


@pytest.mark.parametrize("text, escaped", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+86", "'+86"), ("-based", "'-based"), ("@home", "'@home"), ("\tx", "'\tx"),
    ("plain", "plain"), ("'quoted'", "'quoted'"), ("", ""), ("a=b", "a=b"),
])
def test_escape_and_unescape_are_inverse(text, escaped):
    assert escape_formula(text) == escaped
    assert unescape_formula(escaped) == text


def test_cat_tool_csv_is_not_escaped(tmp_path):
    out = tmp_path / "memoq.csv"
    write_glossary(RISKY, out, fmt="memoq-csv")
    assert ",=SUM(A1)," in out.read_text(encoding="utf-8")  # memoQ reads the text literally


def _libreoffice_import(tmp_path: Path, src: Path):
    """The cells of ``src`` as LibreOffice's CSV import reads them (comma, quote, UTF-8 — what its import
    dialog picks for a file with a BOM; the other options are LibreOffice's defaults, which evaluate formulas)."""
    from openpyxl import load_workbook

    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    outdir = tmp_path / f"lo-{src.stem}"
    done = subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
                           "--outdir", str(outdir), str(src)], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "HOME": str(home)})
    converted = outdir / f"{src.stem}.xlsx"
    assert converted.is_file(), done.stdout + done.stderr
    return [c for row in load_workbook(converted).active.iter_rows() for c in row if c.value is not None]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_imports_shuyu_csv_as_text_not_formulas(tmp_path):
    src = tmp_path / "glossary.csv"
    write_glossary(RISKY, src)
    cells = _libreoffice_import(tmp_path, src)
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no live formula
    values = {c.value for c in cells}
    assert "'=SUM(A1)" in values and "'+公式" in values and "执法" in values
    raw = tmp_path / "raw.csv"
    write_glossary(RISKY, raw, escape_formulas=False)  # what --keep-formulas writes: LibreOffice runs it
    assert any(c.data_type == "f" for c in _libreoffice_import(tmp_path, raw))
