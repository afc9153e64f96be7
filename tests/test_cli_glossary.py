"""`shuyu glossary formats|convert|import|merge|validate` through the command line:
exit codes, what is printed and what is (not) written."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from shuyu.cli import main

# (English, Chinese, status): one concept per English term, variants on their own rows
TERMS = [
    ("State Councilor", "国务委员", "preferred"),
    ("State Councilor", "国务院委员", "forbidden"),
    ("counter-narcotics", "禁毒", "preferred"),
    ("counter-narcotics", "缉毒", "deprecated"),
    ("cybersecurity", "网络安全", "preferred"),
    ("cybersecurity", "网络空间安全", "admitted"),
    ("Minister of Public Security", "公安部部长", "superseded"),
]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def lines_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.strip()]


def write_xlsx(path, rows, title="Glossary"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def write_tsv(path, rows):
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def table(path) -> list[dict]:
    """Rows of a glossary written by shuyu (xlsx first sheet, csv, tsv) as dicts keyed by header."""
    ext = path.suffix.lower()
    if ext == ".xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
        return [dict(zip(rows[0], r)) for r in rows[1:] if any(v.strip() for v in r)]
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t" if ext == ".tsv" else ","))


def triples(path) -> set[tuple[str, str, str]]:
    return {(r["English"], r["Chinese"], r["Status"]) for r in table(path)}


def tbx_terms(path) -> set[tuple[str, str]]:
    import xml.etree.ElementTree as ET

    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    out = set()
    for el in ET.parse(path).getroot().iter():
        if el.tag.endswith("langSec"):
            for t in el.iter():
                if t.tag.split("}")[-1] == "term":
                    out.add((el.get(lang_attr, "")[:2], t.text))
    return out


@pytest.fixture
def source_xlsx(tmp_path):
    return write_xlsx(tmp_path / "source.xlsx", [("English", "Chinese", "Status", "Note")]
                      + [(en, zh, st, f"note {i}") for i, (en, zh, st) in enumerate(TERMS)])


# ----------------------------------------------------------------------- formats
@pytest.mark.parametrize("name, ext", [("xlsx", ".xlsx"), ("csv", ".csv"), ("tsv", ".tsv"), ("tbx", ".tbx")])
def test_formats_lists_readable_writable(name, ext):
    result = invoke("glossary", "formats")
    assert result.exit_code == 0, result.output
    line = next((ln for ln in result.output.splitlines() if ln.split()[:1] == [name]), None)
    assert line is not None, result.output
    assert "read/write" in line and ext in line


# ----------------------------------------------------------------------- convert
@pytest.mark.parametrize("chain", [["tbx", "xlsx"], ["csv"], ["tsv"], ["csv", "xlsx"], ["tbx", "csv"]])
def test_convert_round_trip_keeps_terms_and_statuses(tmp_path, source_xlsx, chain):
    src = source_xlsx
    for i, ext in enumerate(chain):
        dst = tmp_path / f"step{i}.{ext}"
        result = invoke("glossary", "convert", src, "-o", dst)
        assert result.exit_code == 0, result.output
        assert f"wrote {len(TERMS)} entries to {dst}" in result.output, result.output
        src = dst
    assert triples(src) == set(TERMS)


def test_convert_keeps_notes(tmp_path, source_xlsx):
    tbx = tmp_path / "g.tbx"
    back = tmp_path / "back.xlsx"
    assert invoke("glossary", "convert", source_xlsx, "-o", tbx).exit_code == 0
    assert invoke("glossary", "convert", tbx, "-o", back).exit_code == 0
    text = json.dumps(table(back), ensure_ascii=False)
    for i in range(len(TERMS)):
        assert f"note {i}" in text


def test_convert_tbx_holds_both_languages(tmp_path, source_xlsx):
    tbx = tmp_path / "g.tbx"
    result = invoke("glossary", "convert", source_xlsx, "-o", tbx)
    assert result.exit_code == 0, result.output
    terms = tbx_terms(tbx)
    assert {("en", en) for en, _, _ in TERMS} | {("zh", zh) for _, zh, _ in TERMS} <= terms


def test_convert_unknown_output_format_writes_nothing(tmp_path, source_xlsx):
    out = tmp_path / "out"
    out.mkdir()
    result = invoke("glossary", "convert", source_xlsx, "-o", out / "g.pdf")
    assert result.exit_code == 2, result.output
    lines = lines_of(result)
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:") and "g.pdf" in lines[0]
    assert list(out.iterdir()) == []


# ----------------------------------------------------------------------- import
MESSY_ROWS = [
    ("Ministry of Public Security — glossary (internal, 2024)",),    # banner
    ("English", "中文", "Note"),                                      # header on row 2
    ("State Councilor", "国务委员", "a title"),
    ("counter-narcotics", "禁毒; 缉毒", "two renderings"),            # synonyms
    (None, None, None),                                               # empty row
    ("cybersecurity", "网络安全", None),
    ("fentanyl", None, "no translation yet"),                         # no Chinese: skipped
    (None, "芬太尼", None),                                           # no English: skipped
]


@pytest.fixture
def messy_import(tmp_path):
    src = write_xlsx(tmp_path / "messy.xlsx", MESSY_ROWS, title="Sheet1")
    out = tmp_path / "clean.csv"
    return invoke("glossary", "import", src, "-o", out), out


def test_import_messy_xlsx(messy_import):
    result, out = messy_import
    assert result.exit_code == 0, result.output
    assert "read 3 entries" in result.output
    assert "header on row 2" in result.output
    assert "wrote 3 entries" in result.output
    rows = table(out)
    by_zh = {r["Chinese"]: r for r in rows}
    assert set(by_zh) == {"国务委员", "禁毒", "缉毒", "网络安全"}
    # the synonyms are two Chinese terms of one entry, the first preferred
    assert by_zh["禁毒"]["English"] == by_zh["缉毒"]["English"] == "counter-narcotics"
    assert by_zh["禁毒"]["ID"] == by_zh["缉毒"]["ID"]
    assert by_zh["禁毒"]["Status"] == "preferred"
    assert by_zh["国务委员"]["Note"] == "a title"


@pytest.mark.parametrize("report", [
    ":7: skipped: no Chinese term",
    ":8: skipped: no English term",
    "1 empty row(s) ignored",
])
def test_import_messy_xlsx_reports_skipped_rows(messy_import, report):
    result, _ = messy_import
    assert report in result.output, result.output


def test_import_several_sources_merges(tmp_path):
    a = write_tsv(tmp_path / "a.tsv", [("English", "Chinese"), ("State Councilor", "国务委员")])
    b = write_tsv(tmp_path / "b.tsv", [("English", "Chinese"), ("counter-narcotics", "禁毒")])
    out = tmp_path / "all.xlsx"
    result = invoke("glossary", "import", a, b, "-o", out)
    assert result.exit_code == 0, result.output
    assert {(r["English"], r["Chinese"]) for r in table(out)} == {("State Councilor", "国务委员"),
                                                                  ("counter-narcotics", "禁毒")}


# ----------------------------------------------------------------------- import --accepted-only
# English -> (Accept, Status) as a reviewer fills them in
DECISIONS = {"State Councilor": ("accept", ""), "cyberspace": ("Accept", "admitted"), "Wang Ming": ("reject", ""),
             "cybersecurity": ("reject", "preferred")}


@pytest.fixture(scope="module")
def review_sheet(tmp_path_factory, example_paths):
    """A review sheet written by `shuyu mine -o terms.xlsx`, with some Accept cells filled in."""
    import openpyxl

    folder = tmp_path_factory.mktemp("review")
    aligned = folder / "dialogue.jsonl"
    assert invoke("align", *example_paths, "-o", aligned).exit_code == 0
    sheet = folder / "terms.xlsx"
    result = invoke("mine", "--aligned", aligned, "-o", sheet)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Terms"]
    header = [c.value for c in ws[1]]
    en_col, acc_col, st_col = (header.index(h) + 1 for h in ("English", "Accept", "Status"))
    marked = set()
    for r in range(2, ws.max_row + 1):
        en = ws.cell(row=r, column=en_col).value
        if en in DECISIONS:
            accept, status = DECISIONS[en]
            ws.cell(row=r, column=acc_col).value = accept
            ws.cell(row=r, column=st_col).value = status or None
            marked.add(en)
    assert marked == set(DECISIONS), marked  # the sheet holds the terms the test marks
    wb.save(sheet)
    return sheet, ws.max_row - 1


def test_import_accepted_only(tmp_path, review_sheet):
    sheet, _ = review_sheet
    out = tmp_path / "accepted.tsv"
    result = invoke("glossary", "import", "--accepted-only", sheet, "-o", out)
    assert result.exit_code == 0, result.output
    rows = table(out)
    assert {r["English"] for r in rows} == {"State Councilor", "cyberspace"}
    # accepted rows are preferred unless the reviewer set another Status
    assert {(r["English"], r["Chinese"], r["Status"]) for r in rows} == {("State Councilor", "国务委员", "preferred"),
                                                                        ("cyberspace", "网络空间", "admitted")}
    assert "skipped: not accepted (Accept='reject')" in result.output
    assert "wrote 2 entries" in result.output


def test_import_review_sheet_without_accepted_only_keeps_all(tmp_path, review_sheet):
    sheet, n_rows = review_sheet
    out = tmp_path / "all.tsv"
    result = invoke("glossary", "import", sheet, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"wrote {n_rows} entries" in result.output
    assert "About" not in {r["English"] for r in table(out)}  # the About sheet is not read as terms


def test_import_accepted_only_without_accept_column(tmp_path):
    src = write_tsv(tmp_path / "plain.tsv", [("English", "Chinese"), ("State Councilor", "国务委员")])
    out = tmp_path / "out.tsv"
    result = invoke("glossary", "import", "--accepted-only", src, "-o", out)
    assert result.exit_code == 2, result.output
    lines = lines_of(result)
    assert len(lines) == 1 and "plain.tsv" in lines[0] and "Accept" in lines[0]
    assert not out.exists()


# ----------------------------------------------------------------------- merge
@pytest.fixture
def merged(tmp_path):
    a = write_tsv(tmp_path / "ministry.tsv", [("English", "Chinese", "Status"),
                                              ("State Councilor", "国务委员", "preferred"),
                                              ("cybersecurity", "网络安全", "preferred")])
    b = write_tsv(tmp_path / "agency.tsv", [("English", "Chinese", "Status"),
                                            ("State Councilor", "国务委员", "forbidden"),
                                            ("State Councilor", "国务院委员", "preferred"),
                                            ("counter-narcotics", "禁毒", "preferred")])
    out = tmp_path / "merged.xlsx"
    return invoke("glossary", "merge", a, b, "-o", out), out


def test_merge_lists_the_conflict(merged):
    result, _ = merged
    assert result.exit_code == 0, result.output
    conflicts = [ln for ln in result.output.splitlines() if "conflict:" in ln]
    assert len(conflicts) == 1, result.output
    line = conflicts[0]
    for word in ("国务委员", "preferred", "forbidden", "ministry.tsv", "agency.tsv"):
        assert word in line, line
    assert "1 status conflicts" in result.output or "1 status conflict" in result.output


def test_merge_conflict_line_is_readable(merged):
    """The conflict is written for people, not as a Python object."""
    result, _ = merged
    line = next(ln for ln in result.output.splitlines() if "conflict:" in ln)
    assert "StatusConflict(" not in line and "statuses=(" not in line, line


def test_merge_keeps_both(merged):
    result, out = merged
    rows = table(out)
    pairs = {(r["English"], r["Chinese"]) for r in rows}
    assert pairs == {("State Councilor", "国务委员"), ("State Councilor", "国务院委员"),
                     ("cybersecurity", "网络安全"), ("counter-narcotics", "禁毒")}
    conflicted = next(r for r in rows if r["Chinese"] == "国务委员")
    text = " ".join(conflicted.values())
    # the first file's status is kept, the other one is recorded
    assert conflicted["Status"] == "preferred"
    assert "forbidden" in text and "agency.tsv" in text and "ministry.tsv" in text


# ----------------------------------------------------------------------- validate
HEADER = ("English", "Chinese", "Status")
CLEAN = [HEADER, ("State Councilor", "国务委员", "preferred"), ("State Councilor", "国务院委员", "forbidden"),
         ("counter-narcotics", "禁毒", "preferred")]
DIRTY = {
    "duplicate": ([("counter-narcotics", "禁毒", "preferred")], "duplicate"),
    "latin in Chinese": ([("cybersecurity", "cybersecurity", "preferred")], "zh-latin"),
    "invisible character": ([("cybersecurity", "网络\u200b安全", "preferred")], "invisible-char"),
    "status conflict": ([("State Councilor", "国务委员", "forbidden")], "status-conflict"),
}


@pytest.mark.parametrize("ext", ["tsv", "xlsx"])
def test_validate_clean(tmp_path, ext):
    path = tmp_path / f"clean.{ext}"
    write_tsv(path, CLEAN) if ext == "tsv" else write_xlsx(path, CLEAN)
    result = invoke("glossary", "validate", path)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


@pytest.mark.parametrize("case", list(DIRTY))
def test_validate_reports_problem(tmp_path, case):
    extra, code = DIRTY[case]
    path = write_tsv(tmp_path / "dirty.tsv", CLEAN + extra)
    result = invoke("glossary", "validate", path)
    found = [ln for ln in result.output.splitlines() if f"[{code}]" in ln]
    assert found, result.output
    assert found[0].startswith(f"{path}:5:"), found  # file and row of the bad entry


@pytest.mark.parametrize("case", list(DIRTY))
def test_validate_exits_1_on_problem(tmp_path, case):
    """Every problem fails with --fail-on warning; only errors (a status conflict) fail by default."""
    extra, _ = DIRTY[case]
    path = write_tsv(tmp_path / "dirty.tsv", CLEAN + extra)
    result = invoke("glossary", "validate", "--fail-on", "warning", path)
    assert result.exit_code == 1, result.output
    default = invoke("glossary", "validate", path)
    assert default.exit_code == (1 if case == "status conflict" else 0), default.output


# ----------------------------------------------------------------------- bad input
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tbx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>&lol4;</term></termSec></langSec>
<langSec xml:lang="zh"><termSec><term>国务委员</term></termSec></langSec></conceptEntry>
</body></text></tbx>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>&secret;</term></termSec></langSec>
<langSec xml:lang="zh"><termSec><term>国务委员</term></termSec></langSec></conceptEntry>
</body></text></tbx>
"""

BAD_FILES = {
    "zero-byte xlsx": ("empty.xlsx", b""),
    "corrupt xlsx": ("corrupt.xlsx", b"PK\x03\x04 this is not really a zip archive" * 20),
    "text named xlsx": ("text.xlsx", "English\tChinese\nState Councilor\t国务委员\n".encode()),
    "billion laughs tbx": ("laughs.tbx", BILLION_LAUGHS.encode()),
    "external entity tbx": ("xxe.tbx", EXTERNAL_ENTITY.encode()),
    "malformed tbx": ("broken.tbx", b"<tbx><text><body><conceptEntry>"),
    "missing file": ("missing.xlsx", None),
}


@pytest.mark.parametrize("command", ["convert", "import", "validate", "merge"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_glossary_input(tmp_path, case, command):
    name, data = BAD_FILES[case]
    src = tmp_path / name
    if data is not None:
        src.write_bytes(data)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = [src] if command == "validate" else [src, "-o", out_dir / "g.csv"]
    result = invoke("glossary", command, *args)
    assert result.exit_code == 2, result.output
    lines = lines_of(result)
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:"), result.output
    assert name in lines[0]
    assert "Traceback" not in result.output
    assert list(out_dir.iterdir()) == []

