"""memoQ and Phrase layouts keep every term with its status — forbidden and deprecated included —
and label Simplified and Traditional Chinese with the tools' own codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from shuyu.glossaries import read_glossary, write_glossary
from shuyu.records import Glossary, GlossaryEntry, Term

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXT = {"memoq-csv": ".csv", "memoq-xlsx": ".xlsx", "phrase-csv": ".csv", "phrase-xlsx": ".xlsx"}
TRADITIONAL = Glossary(entries=(
    GlossaryEntry("c1", (Term("State Councilor", "en"), Term("國務委員", "zh"), Term("國務院委員", "zh", "forbidden"))),
    GlossaryEntry("c2", (Term("law enforcement", "en"), Term("執法", "zh"))),
))


@pytest.fixture(scope="module")
def example():
    g = read_glossary(EXAMPLES / "glossary.tsv")
    assert len(g.entries) == 12
    return g


def _statuses(g: Glossary) -> list[list[tuple[str, str, str]]]:
    return [[(t.lang, t.text, t.status) for t in e.terms] for e in g.entries]


@pytest.mark.parametrize("fmt", ["memoq-csv", "memoq-xlsx", "phrase-xlsx"])
def test_cat_layout_of_the_example_glossary_keeps_every_entry_and_status(tmp_path, example, fmt):
    out = tmp_path / f"g{EXT[fmt]}"
    report = write_glossary(example, out, fmt=fmt)
    assert report.entries == 12
    assert "entry not written" not in " ".join(report.lost)
    back = read_glossary(out)
    assert _statuses(back) == _statuses(example)
    statuses = {t.status for e in back.entries for t in e.zh}
    assert {"preferred", "forbidden", "deprecated"} <= statuses
    assert [e.note for e in back.entries] == [e.note for e in example.entries]


def test_phrase_strings_keeps_every_entry_and_names_the_variants(tmp_path, example):
    out = tmp_path / "g.csv"
    report = write_glossary(example, out, fmt="phrase-csv")
    assert report.entries == 12
    import csv

    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12
    by = {(r["en"], r["zh-CN"]): r for r in rows}
    forbidden = by[("State Councilor", "")]  # an entry whose only Chinese term is forbidden is still written
    assert forbidden["description"].endswith("zh-CN forbidden: 国务院委员")
    assert by[("counter-narcotics", "")]["description"].endswith("zh-CN deprecated: 反毒品")
    assert "without a Chinese translation" in " ".join(report.lost)


def test_memoq_columns_and_forbidden_flags(tmp_path, example):
    import csv

    out = tmp_path / "g.csv"
    write_glossary(example, out, fmt="memoq-csv")
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # for memoQ's import: no BOM, CRLF
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header[:5] == ["Entry_ID", "Entry_Subject", "Entry_Domain", "Entry_Note", "English_Def"]
    assert header[5:10] == ["English", "Term_Example", "Term_Note", "Term_Forbidden", "Term_Status"]
    assert header[10:12] == ["Chinese_PRC_Def", "Chinese_PRC"]
    zh = header.index("Chinese_PRC")
    flags = {r[zh]: (r[zh + 3], r[zh + 4]) for r in rows[1:]}
    assert flags["国务院委员"] == ("True", "forbidden")
    assert flags["反毒品"] == ("True", "deprecated")  # memoQ knows only "forbidden": the status says which
    assert flags["国务委员"] == ("False", "preferred")


def test_phrase_workbook_has_real_boolean_cells(tmp_path, example):
    from openpyxl import load_workbook

    out = tmp_path / "g.xlsx"
    write_glossary(example, out, fmt="phrase-xlsx")
    ws = load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["CID", "Domain", "Definition", "Concept note"]
    zh = header.index("zh_cn")
    assert header[zh + 1:zh + 7] == ["Status", "Preferred", "Forbidden", "Part of speech", "Usage", "Note"]
    rows = {r[zh].value: r for r in ws.iter_rows(min_row=2)}
    forbidden = rows["国务院委员"]
    assert forbidden[zh + 3].value is True and forbidden[zh + 3].data_type == "b"
    assert forbidden[zh + 2].value is False and forbidden[zh + 1].value == "Approved"
    deprecated = rows["反毒品"]
    assert deprecated[zh + 3].value is True and deprecated[zh + 6].value == "shuyu status: deprecated"
    assert rows["国务委员"][zh + 2].value is True


@pytest.mark.parametrize("fmt, simplified, traditional", [
    ("memoq-csv", "Chinese_PRC", "Chinese_Taiwan"),
    ("memoq-xlsx", "Chinese_PRC", "Chinese_Taiwan"),
    ("phrase-xlsx", "zh_cn", "zh_tw"),
    ("phrase-csv", "zh-CN", "zh-TW"),
])
def test_cat_layouts_label_traditional_chinese(tmp_path, example, fmt, simplified, traditional):
    for g, code in ((example, simplified), (TRADITIONAL, traditional)):
        out = tmp_path / f"{code}{EXT[fmt]}"
        write_glossary(g, out, fmt=fmt)
        if out.suffix == ".csv":
            header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
        else:
            from openpyxl import load_workbook

            header = [c.value for c in load_workbook(out).worksheets[0][1]]
        assert code in header and (traditional if code == simplified else simplified) not in header
        kept = {"preferred", "admitted"} if fmt == "phrase-csv" else {"preferred", "admitted", "deprecated", "forbidden"}
        assert {t.text for e in read_glossary(out).entries for t in e.zh} >= {t.text for e in g.entries
                                                                             for t in e.zh if t.status in kept}


def test_unreviewed_candidates_are_new_in_phrase(tmp_path):
    from shuyu.glossaries import entries_from_term_pairs
    from shuyu.records import TermPair

    g = entries_from_term_pairs([TermPair("State Councilor", "国务委员", 0.9, 2, 2, 2)], source="mined")
    out = tmp_path / "g.xlsx"
    write_glossary(g, out, fmt="phrase-xlsx")
    from openpyxl import load_workbook

    ws = load_workbook(out).worksheets[0]
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("zh_cn") + 2).value == "New"
    assert [t.status for e in read_glossary(out).entries for t in e.terms] == ["", ""]


def test_a_forbidden_column_of_terms_is_not_a_cat_layout(tmp_path):
    """A translator's sheet whose "Forbidden" column lists the variants not to use is read as such."""
    src = tmp_path / "g.tsv"
    src.write_text("English\tChinese\tForbidden\nState Councilor\t国务委员\t国务院委员\n", encoding="utf-8")
    g = read_glossary(src)
    assert [t.text for t in g.entries[0].zh] == ["国务委员"]
    assert "国务院委员" in g.entries[0].note or "国务院委员" in {t.text for t in g.entries[0].terms}
