"""Mined term pairs for review (shuyu.terms.review) and as a termbase: candidates stay candidates.

The review sheet keeps English, Chinese, Accept and Status in the first, frozen
columns; nothing is preferred until a reviewer accepts it, and an accepted row
is preferred unless the reviewer chose another status.  Mined TBX entries carry
no administrativeStatus and a note saying that they are unreviewed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from shuyu.errors import OutputError, UsageError
from shuyu.glossaries import entries_from_term_pairs, read_glossary, write_glossary
from shuyu.glossaries.model import CANDIDATE_NOTE, UNREVIEWED
from shuyu.records import Example, TermPair
from shuyu.terms.review import COLUMNS, STATUS_VALUES, WRITERS, write_terms

PAIRS = [
    TermPair("law enforcement", "执法", 0.9, 4, 4, 4, (Example("Law enforcement\tmatters.", "执法\n重要。", "a.txt"),),
             ("a.txt",), ("执行",), False, ("association", "dictionary")),
    TermPair("=SUM(A1)", "+公式", 0.5, 1, 1, 1, (), (), (), True, ("gloss",)),
    TermPair("-based", "@基于", 0.4, 1, 1, 1),
]
REVIEWED = [
    TermPair("State Councilor", "国务委员", 0.9, 2, 2, 2, signals=("title", "dictionary")),
    TermPair("manage differences", "管控分歧", 0.8, 1, 1, 1, signals=("dictionary",)),
    TermPair("counter-narcotics", "禁毒", 0.7, 1, 1, 1, signals=("dictionary",)),
    TermPair("online gambling", "网络赌博", 0.6, 1, 1, 1, signals=("dictionary",)),
    TermPair("taking", "司法", 0.2, 1, 1, 1, signals=("position",)),
    TermPair("cyber", "网络", 0.1, 1, 1, 1, signals=("position",)),
]
# (Accept, Status) a reviewer fills in, and the Chinese status the glossary gets (None: not imported)
DECISIONS = [("accept", "", "preferred"), ("Accept", "admitted", "admitted"), ("yes", "deprecated", "deprecated"),
             ("✓", "forbidden", "forbidden"), ("reject", "preferred", None), ("", "", None)]

SHARED_TBX = Path(__file__).resolve().parent.parent.parent / "shared" / "formats" / "tbx"


def test_review_columns_come_first():
    assert COLUMNS[:4] == ("English", "Chinese", "Accept", "Status")
    assert {"Score", "Evidence", "Freq EN", "Freq ZH", "Freq joint", "Alternatives", "Example EN", "Example ZH",
            "Sources", "Known"} <= set(COLUMNS)
    assert STATUS_VALUES == ("preferred", "admitted", "deprecated", "superseded", "forbidden")


@pytest.mark.parametrize("ext", sorted(WRITERS))
def test_write_terms_formats(tmp_path, ext):
    path = tmp_path / f"terms{ext}"
    write_terms(PAIRS, path, settings=[("min_freq", "1")])
    if ext == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        ws = wb["Terms"]
        assert [c.value for c in ws[1]] == list(COLUMNS)
        assert ws["A3"].value == "=SUM(A1)" and ws["A3"].data_type == "s"  # text, never a formula
        assert ws["B3"].value == "+公式" and ws["B3"].data_type == "s"
        assert ws["A4"].data_type == "s" and ws["B4"].value == "@基于"
        assert ws.freeze_panes == "E2"  # header row and English, Chinese, Accept, Status stay in view
        formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
        assert formulas == {"C2": '"accept,reject"', "D2": '"preferred,admitted,deprecated,superseded,forbidden"'}
        assert all(ws.cell(row=r, column=c).value in (None, "") for r in (2, 3, 4) for c in (3, 4))
        assert "About" in wb.sheetnames
        about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=2)}
        assert about.get("min_freq") == "1" and "unreviewed" in about.get("what", "")
    else:
        enc = "utf-8-sig" if ext == ".csv" else "utf-8"
        with open(path, encoding=enc, newline="") as fh:
            rows = list(csv.reader(fh, delimiter="," if ext == ".csv" else "\t"))
        assert rows[0] == list(COLUMNS)
        first = dict(zip(COLUMNS, rows[1]))
        assert (first["English"], first["Chinese"], first["Accept"], first["Status"]) == ("law enforcement", "执法", "", "")
        assert first["Evidence"] == "association; dictionary" and first["Alternatives"] == "执行"
        # formula-like cells get a leading apostrophe (a spreadsheet shows text); shuyu reads them without it
        assert rows[2][0] == "'=SUM(A1)" and rows[2][1] == "'+公式" and rows[2][COLUMNS.index("Known")] == "yes"
        assert len(rows) == 4
        assert [e.en[0].text for e in read_glossary(path).entries][1:] == ["=SUM(A1)", "-based"]


@pytest.mark.parametrize("name, error", [("terms.tbx", UsageError), ("terms.doc", OutputError), ("terms", OutputError)])
def test_write_terms_rejects_other_formats(tmp_path, name, error):
    with pytest.raises(error):
        write_terms(PAIRS, tmp_path / name)


def test_write_terms_missing_folder(tmp_path):
    with pytest.raises(OutputError):
        write_terms(PAIRS, tmp_path / "missing" / "terms.csv")


@pytest.fixture
def reviewed_sheet(tmp_path):
    """A review sheet with Accept and Status filled in as in DECISIONS."""
    from openpyxl import load_workbook

    path = tmp_path / "terms.xlsx"
    write_terms(REVIEWED, path)
    wb = load_workbook(path)
    ws = wb["Terms"]
    for row, (accept, status, _) in enumerate(DECISIONS, start=2):
        ws.cell(row=row, column=COLUMNS.index("Accept") + 1).value = accept or None
        ws.cell(row=row, column=COLUMNS.index("Status") + 1).value = status or None
    wb.save(path)
    return path


def test_accepted_rows_are_preferred_unless_the_reviewer_sets_a_status(reviewed_sheet):
    got = read_glossary(reviewed_sheet, accepted_only=True)
    statuses = {e.en[0].text: [(t.text, t.status) for t in e.zh] for e in got.entries}
    want = {p.en: [(p.zh, st)] for p, (_, _, st) in zip(REVIEWED, DECISIONS) if st}
    assert statuses == want
    assert all(e.en[0].status == "preferred" for e in got.entries)
    assert sum("skipped: not accepted" in w for w in got.warnings) == 2


def test_mined_entries_have_no_status_and_say_they_are_candidates():
    pairs = [TermPair("law enforcement", "执法", 3.25, 5, 6, 4,
                      examples=(Example("We value law enforcement.", "我们重视执法。", "a.txt"),),
                      sources=("a.txt",), alternatives=("执法合作", "執法"), signals=("dictionary",)),
             TermPair("nothing", "", 1.0, 1, 0, 0)]
    g = entries_from_term_pairs(pairs, "run")
    assert len(g) == 1 and len(g.warnings) == 1 and "no Chinese term" in g.warnings[0]
    e = g.entries[0]
    assert [t.text for t in e.zh] == ["执法", "执法合作"]  # 執法 is 执法 written in Traditional
    assert {t.status for t in e.terms} == {UNREVIEWED}
    assert e.note.startswith(CANDIDATE_NOTE) and "3.25" in e.note and "joint 4" in e.note and "dictionary" in e.note
    assert e.context == "We value law enforcement.\n我们重视执法。" and e.source == "a.txt"


@pytest.fixture
def mined_tbx(tmp_path):
    out = tmp_path / "mined.tbx"
    report = write_glossary(entries_from_term_pairs(REVIEWED, source="run"), out)
    assert report.lost == ()  # no status is not a loss
    return out


def test_mined_tbx_has_no_status_and_a_candidate_note(mined_tbx):
    text = mined_tbx.read_text(encoding="utf-8")
    assert "administrativeStatus" not in text and "preferredTerm" not in text
    assert text.count(f"<note>{CANDIDATE_NOTE}") == len(REVIEWED)
    back = read_glossary(mined_tbx)
    assert {(e.en[0].text, e.zh[0].text) for e in back.entries} == {(p.en, p.zh) for p in REVIEWED}


@pytest.mark.skipif(not SHARED_TBX.is_dir(), reason="needs ../shared/formats/tbx")
def test_mined_tbx_is_valid_tbx_basic(mined_tbx):
    from shuyu.glossaries.tbxschema import validate_rng, validate_schematron

    dca = SHARED_TBX / "LTAC-TBX-Basic_dialect/TBX-Basic_dialect_1.2/DCA"
    assert validate_rng(mined_tbx, SHARED_TBX / "LTAC-TBX_Core_RNG/TBXcoreStructV03.rng") == []
    assert validate_rng(mined_tbx, dca / "TBXcoreStructV03_TBX-Basic_integrated.rng") == []
    pytest.importorskip("saxonche")
    assert validate_schematron(mined_tbx, dca / "TBX-Basic_DCA.sch") == []
