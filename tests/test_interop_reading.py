"""Glossary reading keeps everything a translator's workbook holds: Chinese status words in both
scripts, formula cells (as their value or formula text, with a warning), part of speech; and
`glossary import --accepted-only` says clearly when nothing is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from shuyu.cli import main
from shuyu.errors import InputError
from shuyu.glossaries import read_glossary, write_glossary
from shuyu.glossaries.model import parse_status
from shuyu.glossaries.table import ACCEPT_YES, parse_accept

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("cell, status", [
    ("首选", "preferred"), ("首選", "preferred"), ("推荐", "preferred"), ("推薦", "preferred"), ("优先", "preferred"),
    ("優先", "preferred"),
    ("许可", "admitted"), ("許可", "admitted"), ("可用", "admitted"), ("允许", "admitted"), ("允許", "admitted"),
    ("已弃用", "deprecated"), ("已棄用", "deprecated"), ("弃用", "deprecated"), ("棄用", "deprecated"),
    ("不推荐", "deprecated"), ("不推薦", "deprecated"), ("废弃", "deprecated"), ("廢棄", "deprecated"),
    ("禁用", "forbidden"), ("禁止", "forbidden"), ("禁止使用", "forbidden"),
    ("已取代", "superseded"), ("旧译", "superseded"), ("舊譯", "superseded"),
    ("Preferred", "preferred"), ("deprecatedTerm-admn-sts", "deprecated"), ("", "preferred"), ("maybe", None),
])
def test_status_words(cell, status):
    assert parse_status(cell) == status


def _messy_workbook(path: Path) -> Path:
    """A translator's workbook as the issue describes it: a banner, Chinese status words, a formula note
    (written by a program, so without a cached value), part of speech as n. / v."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "术语表"
    ws.append(["外交术语表（内部使用）"])
    ws.append(["英文", "中文", "状态", "词性", "备注"])
    ws.append(["State Councilor", "国务委员", "首选", "n.", '=HYPERLINK("https://www.gov.cn/guowuyuan/","国务院")'])
    ws.append(["State Councilor", "国务院委员", "已弃用", "n.", "旧译"])
    ws.append(["manage differences", "管控分歧", "推薦", "v.", '=CONCATENATE("set ","phrase")'])
    ws.append(["counter-narcotics", "反毒品", "禁止使用", "n.", ""])
    wb.save(path)
    return path


def test_messy_workbook_keeps_statuses_formulas_and_part_of_speech(tmp_path):
    g = read_glossary(_messy_workbook(tmp_path / "messy.xlsx"))
    rows = [(e.en[0].text, e.zh[0].text, e.zh[0].status, e.zh[0].pos, e.note) for e in g.entries]
    assert rows == [
        ("State Councilor", "国务委员", "preferred", "n.", "国务院 <https://www.gov.cn/guowuyuan/>"),
        ("State Councilor", "国务院委员", "deprecated", "n.", "旧译"),
        ("manage differences", "管控分歧", "preferred", "v.", '=CONCATENATE("set ","phrase")'),
        ("counter-narcotics", "反毒品", "forbidden", "n.", ""),
    ]
    text = "\n".join(g.warnings)
    assert "unknown status" not in text
    assert "messy.xlsx!术语表:E3: formula =HYPERLINK(" in text and "!术语表:E5: formula =CONCATENATE(" in text
    out = tmp_path / "messy.tbx"
    write_glossary(g, out)
    tbx = out.read_text(encoding="utf-8")
    assert tbx.count(">noun</termNote>") == 6 and tbx.count(">verb</termNote>") == 2 and ">other<" not in tbx


def test_formula_with_a_cached_value_keeps_the_value(tmp_path):
    """A workbook saved by Excel or LibreOffice keeps each formula's last result; that is what is read."""
    import zipfile

    src = _messy_workbook(tmp_path / "m.xlsx")
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(cached, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<f>CONCATENATE("set ","phrase")</f><v></v>',
                                    b'<f>CONCATENATE("set ","phrase")</f><v>set phrase</v>')
                data = data.replace(b'<c r="E5"><f>', b'<c r="E5" t="str"><f>')
            zout.writestr(item, data)
    g = read_glossary(cached)
    assert g.entries[2].note == "set phrase"


@pytest.mark.parametrize("value", ACCEPT_YES)
def test_documented_accept_values(value):
    assert parse_accept(value) is True and parse_accept(value.upper()) is True


@pytest.fixture(scope="module")
def review_sheet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    sheet = folder / "terms.xlsx"
    result = CliRunner().invoke(main, ["mine", str(EXAMPLES / "dialogue.en.txt"), str(EXAMPLES / "dialogue.zh.txt"),
                                       "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    return sheet


def test_import_with_nothing_accepted_is_one_clear_error(tmp_path, review_sheet):
    out = tmp_path / "accepted.xlsx"
    result = CliRunner().invoke(main, ["glossary", "import", "--accepted-only", str(review_sheet), "-o", str(out)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("shuyu: error:")]
    assert len(errors) == 1 and "no row is accepted" in errors[0] and "terms.xlsx" in errors[0]
    assert "accept" in errors[0] and "是" in errors[0]  # says what to write
    assert not out.exists()


def test_import_accepted_only_summarises_the_rows_left_out(tmp_path, review_sheet):
    from openpyxl import load_workbook

    sheet = tmp_path / "terms.xlsx"
    wb = load_workbook(review_sheet)
    ws = wb["Terms"]
    n = ws.max_row - 1
    ws["C2"], ws["C3"], ws["C4"] = "accept", "reject", "✓"
    wb.save(sheet)
    out = tmp_path / "accepted.tsv"
    result = CliRunner().invoke(main, ["glossary", "import", "--accepted-only", str(sheet), "-o", str(out)])
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.output.splitlines() if "skipped: not accepted" in line]
    assert len(skipped) == 2, skipped  # one line per Accept value, not one per row
    assert f"(Accept is empty): {n - 3} rows" in "\n".join(skipped)
    assert "(Accept='reject'): 1 row (3)" in "\n".join(skipped)
    assert "wrote 2 entries" in result.output


def test_nothing_accepted_in_the_library_too(tmp_path, review_sheet):
    with pytest.raises(InputError, match="no row is accepted"):
        read_glossary(review_sheet, accepted_only=True)
