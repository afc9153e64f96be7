"""Glossaries: one shared suite runs every format through the same round trip and
bad-input cases; then the readers' layout detection, merge and validate."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest

from shuyu.errors import InputError, OutputError, UsageError
from shuyu.glossaries import (FORMATS, convert, merge, parse_column_map, read_glossary, term_key, validate,
                              write_glossary)
from shuyu.records import Glossary, GlossaryEntry, Term

SHARED_TBX = Path("/work/shared/formats/tbx")

SAMPLE = Glossary(entries=(
    GlossaryEntry("g1", (Term("law enforcement", "en"), Term("law-enforcement", "en", "admitted"),
                         Term("执法", "zh", pos="noun"), Term("执法行动", "zh", "forbidden", note="不用", source="MFA style")),
                  definition="Enforcing the law, e.g. police work", domain="外交; 安全", source="white paper 2019",
                  context="We deepened law enforcement cooperation.\n我们深化了执法合作。", note="=not a formula"),
    GlossaryEntry("g2", (Term("Belt and Road Initiative", "en", pos="noun"), Term("一带一路倡议", "zh", pos="noun"),
                         Term("一带一路", "zh", "admitted"))),
    GlossaryEntry("g3", (Term("+86 dialling code", "en"), Term("国际区号+86", "zh", "superseded"),
                         Term("国家代码86", "zh", "deprecated")), note="line one\nline two"),
    GlossaryEntry("g4", (Term("consultations, talks and dialogue", "en"), Term("磋商、会谈和对话", "zh"))),
), sources=("sample",))


def _strip(g: Glossary) -> list[GlossaryEntry]:
    return [dataclasses.replace(e, origin="") for e in g.entries]


# ---------------------------------------------------------------------------
# the shared suite: every writable format

LOSSLESS = ["xlsx", "csv", "tsv", "tbx", "tbx2"]
CAT = ["memoq-csv", "memoq-xlsx", "phrase-csv", "phrase-xlsx"]
EXT = {"xlsx": ".xlsx", "csv": ".csv", "tsv": ".tsv", "tbx": ".tbx", "tbx2": ".tbx", "memoq-csv": ".csv",
       "memoq-xlsx": ".xlsx", "phrase-csv": ".csv", "phrase-xlsx": ".xlsx"}


def test_every_writable_format_is_in_the_suite():
    assert {n for n, f in FORMATS.items() if f.writer} == set(LOSSLESS + CAT)


@pytest.mark.parametrize("fmt", LOSSLESS)
def test_round_trip_keeps_every_field(tmp_path, fmt):
    out = tmp_path / f"g{EXT[fmt]}"
    report = write_glossary(SAMPLE, out, fmt=fmt)
    assert report.fmt == fmt and report.entries == 4
    assert report.lost == (), report.lost
    back = read_glossary(out)
    assert _strip(back) == _strip(SAMPLE)
    assert all(e.origin.startswith(str(out)) for e in back.entries)


@pytest.mark.parametrize("fmt", ["memoq-csv", "memoq-xlsx", "phrase-xlsx"])
def test_cat_layouts_keep_every_term_and_status(tmp_path, fmt):
    """memoQ and Phrase TMS hold forbidden and deprecated terms too (a CAT tool's QA needs them)."""
    out = tmp_path / f"g{EXT[fmt]}"
    report = write_glossary(SAMPLE, out, fmt=fmt)
    assert report.entries == 4
    back = read_glossary(out)
    assert [[(t.lang, t.text, t.status) for t in e.terms] for e in back.entries] == \
        [[(t.lang, t.text, t.status) for t in e.terms] for e in SAMPLE.entries]
    assert "term source not kept" in " ".join(report.lost)  # what the layout cannot hold is still listed


def test_phrase_strings_names_every_other_term_in_the_description(tmp_path):
    out = tmp_path / "g.csv"
    report = write_glossary(SAMPLE, out, fmt="phrase-csv")
    assert report.entries == 4
    back = {e.en[0].text: e for e in read_glossary(out, fmt="phrase-csv").entries}
    g1 = back["law enforcement"]
    assert [t.text for t in g1.zh] == ["执法"] and "zh-CN forbidden: 执法行动" in g1.definition + g1.note
    # g3 has no usable Chinese term: written with the variants in the description (no translation), reported
    text = out.read_text(encoding="utf-8")
    assert "zh-CN superseded: 国际区号+86" in text and "zh-CN deprecated: 国家代码86" in text
    assert "without a Chinese translation" in " ".join(report.lost)


@pytest.mark.parametrize("fmt", LOSSLESS + CAT)
def test_empty_glossary_round_trip(tmp_path, fmt):
    out = tmp_path / f"g{EXT[fmt]}"
    report = write_glossary(Glossary(entries=()), out, fmt=fmt)
    assert report.entries == 0 and report.lost == ()
    assert len(read_glossary(out)) == 0
    if fmt == "tbx" and SHARED_TBX.is_dir():
        from shuyu.glossaries.tbxschema import validate_rng

        assert validate_rng(out, SHARED_TBX / "LTAC-TBX_Core_RNG/TBXcoreStructV03.rng") == []


@pytest.mark.parametrize("chain", [("xlsx", "tbx", "xlsx"), ("xlsx", "csv", "xlsx"), ("tbx", "tsv", "tbx"),
                                   ("csv", "xlsx", "tbx")])
def test_conversion_chains_keep_every_field(tmp_path, chain):
    src = tmp_path / f"0{EXT[chain[0]]}"
    write_glossary(SAMPLE, src)
    for i, fmt in enumerate(chain[1:], start=1):
        dst = tmp_path / f"{i}{EXT[fmt]}"
        _g, report = convert(src, dst)
        assert report.lost == ()
        src = dst
    assert _strip(read_glossary(src)) == _strip(SAMPLE)


def test_csv_bom_and_formula_note(tmp_path):
    out = tmp_path / "g.csv"
    report = write_glossary(SAMPLE, out, bom=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert any("formulas" in n for n in report.notes)
    assert _strip(read_glossary(out)) == _strip(SAMPLE)


def test_xlsx_layout_for_translators(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "g.xlsx"
    write_glossary(SAMPLE, out)
    wb = load_workbook(out)
    ws = wb["Glossary"]
    assert wb.sheetnames == ["Glossary", "About"]
    assert ws["A1"].font.bold and ws.freeze_panes == "A2" and ws.auto_filter.ref
    dv = ws.data_validations.dataValidation
    assert dv and "forbidden" in dv[0].formula1
    note_col = [c.value for c in ws[1]].index("Note") + 1
    cell = ws.cell(row=2, column=note_col)
    assert cell.value == "=not a formula" and cell.data_type == "s" and cell.quotePrefix
    assert ws.cell(row=2, column=note_col).alignment.wrap_text
    assert wb["About"]["A2"].value == "made by"


def test_tbx_forbidden_is_reported(tmp_path):
    report = write_glossary(SAMPLE, tmp_path / "g.tbx")
    assert any("forbidden" in n for n in report.notes)


# bad inputs: one clear InputError each, nothing written

def _zip_bomb(p: Path):
    """A small zip whose directory says a part unpacks to ~4 GB (what a bomb looks like before unpacking)."""
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (1 << 20))
    data = bytearray(p.read_bytes())
    at = data.rindex(b"PK\x01\x02")  # central directory record of the last part
    data[at + 24:at + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    p.write_bytes(bytes(data))


def _xlsx_with_entities(p: Path):
    write_glossary(SAMPLE, p)
    with zipfile.ZipFile(p) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           b'<c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
    parts["xl/worksheets/sheet1.xml"] = lol
    with zipfile.ZipFile(p, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)


BAD = {
    "entities.xlsx": (_xlsx_with_entities, "entities"),
    "zero-byte.xlsx": (lambda p: p.write_bytes(b""), "empty"),
    "corrupt.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04 this is not really a zip"), "corrupt"),
    "encrypted.xlsx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "encrypted"),
    "text.xlsx": (lambda p: p.write_text("English,Chinese\n"), "not an .xlsx"),
    "bomb.xlsx": (_zip_bomb, "zip bomb"),
    "zero-byte.csv": (lambda p: p.write_bytes(b""), "empty"),
    "unknown-encoding.csv": (lambda p: p.write_bytes("English,Chinese\ncafé,ÿÿ\n".encode("cp1252")), "encoding"),
    "no-columns.csv": (lambda p: p.write_text("foo,bar\n1,2\n3,4\n"), "no recognisable columns"),
    "no-chinese.csv": (lambda p: p.write_text("Korean,English\n가금류,poultry\n"), "no Chinese column"),
    "binary.tsv": (lambda p: p.write_bytes(b"\x00\x01\x02" * 50), "binary"),
    "entities.tbx": (lambda p: p.write_text(
        '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body/></text></tbx>'), "entities"),
    "external.tbx": (lambda p: p.write_text(
        '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>&x;</body></text></tbx>'), "entities"),
    "broken.tbx": (lambda p: p.write_text('<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text>'), "well-formed"),
    "not-tbx.tbx": (lambda p: p.write_text("<html><body/></html>"), "not a TBX"),
    "zero-byte.tbx": (lambda p: p.write_bytes(b""), "empty"),
    "no-table.md": (lambda p: p.write_text("# just a heading\n"), "no Markdown table"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_clear_error_and_nothing_is_written(tmp_path, name):
    make, words = BAD[name]
    src = tmp_path / name
    make(src)
    dst = tmp_path / "out.tbx"
    with pytest.raises(InputError) as exc:
        convert(src, dst)
    assert words.lower() in str(exc.value).lower()
    assert str(src) in str(exc.value)
    assert not dst.exists() and not list(tmp_path.glob(".out.tbx*"))


@pytest.mark.parametrize("fmt", LOSSLESS + CAT)
def test_unwritable_output_folder_is_an_output_error(tmp_path, fmt):
    with pytest.raises(OutputError):
        write_glossary(SAMPLE, tmp_path / "missing" / f"g{EXT[fmt]}", fmt=fmt)


@pytest.mark.parametrize("call", [
    lambda p: write_glossary(SAMPLE, p / "g.docx"),
    lambda p: write_glossary(SAMPLE, p / "g.csv", fmt="pdf"),
])
def test_unknown_output_format(tmp_path, call):
    with pytest.raises((UsageError, OutputError)):
        call(tmp_path)


# ---------------------------------------------------------------------------
# spreadsheet layouts

def _xlsx(path: Path, sheets: dict[str, list[list]], merge: str | None = None) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        if merge:
            ws.merge_cells(merge)
            ws["A1"].comment = Comment("banner", "me")
        for r in range(len(rows) + 1, len(rows) + 40):  # formatted empty rows
            ws.cell(row=r, column=2).fill = PatternFill("solid", fgColor="FFFF00")
    wb.save(path)
    return path


LAYOUTS = {
    "banner-merged-header-row-2": (
        {"S": [["Please read the notes before translating", None, None, None],
               ["Source", "Target", "Notes / Comments", "Status"],
               ["ministry of foreign affairs", "外交部", "capitalised in titles", "preferred"],
               ["spokesperson", "发言人；新闻发言人", None, None],
               [None, None, None, None],
               ["dialogue", None, "no translation yet", None]]},
        "A1:D1", None, 2, ["S:6: skipped: no Chinese term"]),
    "chinese-headers": (
        {"术语表": [["序号", "英文", "中文", "备注", "领域"],
                  [1, "white paper", "白皮书", "", "外交"],
                  [2, "win-win cooperation | mutual benefit", "合作共赢", "口号", ""]]},
        None, None, 2, []),
    "wide-multilingual": (
        {"W": [["Category", "English_word", "French_word", "Japanese_word", "zh-CN", "Chinese (Traditional)"],
               ["Law", "treaty", "traité", "条約", "条约", "條約"]]},
        None, None, 1, []),
    "no-header-by-content": (
        {"S": [["sovereignty", "主权", "core interest"], ["territorial integrity", "领土完整", ""]]},
        None, None, 2, []),
    "explicit-columns": (
        {"S": [["x", "notes", "中文", "English"], ["", "n1", "国家主席", "President"]]},
        None, "en=D,zh=C,note=B", 1, []),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_spreadsheet_layouts(tmp_path, name):
    sheets, merged, cols, n, warn_tails = LAYOUTS[name]
    p = _xlsx(tmp_path / f"{name}.xlsx", sheets, merged)
    g = read_glossary(p, columns=cols)
    assert len(g) == n, g.warnings
    for tail in warn_tails:
        assert any(w.endswith(tail) or tail in w for w in g.warnings), g.warnings
    e = g.entries[0]
    assert e.en and e.zh
    assert all(t.lang == "en" for t in e.en) and all(t.lang == "zh" for t in e.zh)
    if name == "wide-multilingual":
        assert [t.text for t in e.zh] == ["条约", "條約"] and e.domain == "Law"
    if name == "banner-merged-header-row-2":
        assert e.origin.endswith("!S:3") and e.note == "capitalised in titles"
        assert [t.text for t in g.entries[1].zh] == ["发言人", "新闻发言人"]
    if name == "explicit-columns":
        assert e.en[0].text == "President" and e.note == "n1"


@pytest.mark.parametrize("headers,error", [
    (["Korean", "English", "Definition"], "no Chinese column"),
    (["Category", "English_word", "Japanese_word", "Korean_word"], "no Chinese column"),
    (["中文", "日本語"], "no English column"),
])
def test_sheet_without_both_languages(tmp_path, headers, error):
    p = _xlsx(tmp_path / "x.xlsx", {"S": [headers, ["감염", "infection", "感染", "x"][:len(headers)]]})
    with pytest.raises(InputError, match=error):
        read_glossary(p)


def test_sheet_choice_and_review_sheet(tmp_path):
    p = _xlsx(tmp_path / "r.xlsx", {
        "Notes": [["This workbook lists mined terms"]],
        "Review": [["English", "Chinese", "Score", "Accept"],
                   ["rule of law", "法治", 0.9, "✓"], ["the", "的", 0.1, "reject"],
                   ["new era", "新时代", 0.8, "yes"], ["pending", "待定", 0.5, None]]})
    everything = read_glossary(p)
    assert len(everything) == 4 and any("skipped sheet" in w for w in everything.warnings)
    accepted = read_glossary(p, sheet="Review", accepted_only=True)
    assert [e.en[0].text for e in accepted.entries] == ["rule of law", "new era"]
    assert sum("not accepted" in w for w in accepted.warnings) == 2
    assert "Score: 0.9" in accepted.entries[0].note
    with pytest.raises(InputError, match="no sheet named"):
        read_glossary(p, sheet="Nope")
    plain = tmp_path / "plain.csv"
    plain.write_text("English,Chinese\npeace,和平\n", encoding="utf-8")
    with pytest.raises(InputError, match="Accept column"):
        read_glossary(plain, accepted_only=True)


ENCODED = [
    ("utf-8", ",", "English,Chinese\nstate council,国务院\n"),
    ("utf-8-sig", ";", "English;Chinese\nstate council;国务院\n"),
    ("utf-16", "\t", "English\tChinese\nstate council\t国务院\n"),
    ("utf-16-le", "\t", "English\tChinese\nstate council\t国务院\n"),
    ("gb18030", ",", "英文,中文,备注\nstate council,国务院,中央人民政府\nforeign ministry,外交部,\n"),
    ("big5", "|", "英文|中文\nstate council|國務院\nforeign ministry|外交部\n"),
]


@pytest.mark.parametrize("enc,delim,text", ENCODED)
def test_csv_encodings_and_delimiters(tmp_path, enc, delim, text):
    p = tmp_path / "g.csv"
    p.write_bytes(text.encode(enc))
    g = read_glossary(p)
    assert g.entries[0].en[0].text == "state council"
    assert g.entries[0].zh[0].text in ("国务院", "國務院")
    assert term_key(g.entries[0].zh[0].text, "zh") == "国务院"


def test_markdown_table(tmp_path):
    p = tmp_path / "t.md"
    p.write_text("# Titles\n\n|中文|英文|\n|:--|:--|\n|综合\t|General Survey\t|\n|人口 \\| 就业|Population|\n",
                 encoding="utf-8")
    g = read_glossary(p)
    assert [(e.zh[0].text, e.en[0].text) for e in g.entries] == [("综合", "General Survey"), ("人口", "Population")]
    assert [t.text for t in g.entries[1].zh] == ["人口", "就业"]


# ---------------------------------------------------------------------------
# TBX reading

TBX_DCT = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="c1"><min:subjectField>diplomacy</min:subjectField>
<langSec xml:lang="en"><termSec><term>joint statement</term><min:partOfSpeech>noun</min:partOfSpeech>
<min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec></langSec>
<langSec xml:lang="zh-CN"><termSec><term>联合声明</term></termSec>
<termSec><term>共同声明</term><min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus></termSec></langSec>
<langSec xml:lang="fr"><termSec><term>déclaration conjointe</term></termSec></langSec>
</conceptEntry></body></text></tbx>"""

TBX2 = """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></martifHeader>
<text><body>
<termEntry id="e1"><descrip type="definition">A formal agreement.</descrip>
<langSet xml:lang="en"><tig><term>treaty</term><termNote type="partOfSpeech">noun</termNote></tig></langSet>
<langSet xml:lang="zh"><ntig><termGrp><term>条约</term>
<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig></langSet>
</termEntry>
<termEntry id="e2"><langSet xml:lang="en"><tig><term>only English</term></tig></langSet></termEntry>
</body></text></martif>"""

TBX_BAD_ORDER = TBX_DCT.replace("<termSec><term>联合声明</term></termSec>",
                                "<termSec><note>x</note><term>联合声明</term></termSec>")
TBX_BAD_VALUE = TBX_DCT.replace('style="dct"', 'style="dca"').replace(
    "<min:partOfSpeech>noun</min:partOfSpeech>", '<termNote type="partOfSpeech">nominal</termNote>').replace(
    "<min:subjectField>diplomacy</min:subjectField>", "").replace(
    "<min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>", "").replace(
    "<min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus>", "")


@pytest.mark.parametrize("text,expect", [
    (TBX_DCT, [("joint statement", "联合声明", "共同声明", "deprecated", "diplomacy")]),
    (TBX2, [("treaty", "条约", None, "admitted", "")]),
])
def test_tbx_styles_and_versions(tmp_path, text, expect):
    p = tmp_path / "t.tbx"
    p.write_text(text, encoding="utf-8")
    g = read_glossary(p)
    assert len(g) == len(expect)
    en, zh1, zh2, status, domain = expect[0]
    e = g.entries[0]
    assert e.en[0].text == en and e.zh[0].text == zh1 and e.domain == domain
    assert (e.zh[1].status if zh2 else e.zh[0].status) == status
    assert any("skipped" in w or "ignored language" in w for w in g.warnings)


@pytest.mark.parametrize("text,words", [(TBX_BAD_ORDER, "must come first"), (TBX_BAD_VALUE, "nominal")])
def test_invalid_tbx_is_rejected_with_line_numbers(tmp_path, text, words):
    p = tmp_path / "bad.tbx"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=words) as exc:
        read_glossary(p)
    assert "line " in str(exc.value)


@pytest.mark.skipif(not SHARED_TBX.is_dir(), reason="needs /work/shared/formats/tbx")
def test_written_tbx_is_valid_against_rng_and_schematron(tmp_path):
    from shuyu.glossaries.tbxschema import validate_rng, validate_schematron

    out = tmp_path / "g.tbx"
    write_glossary(SAMPLE, out)
    assert validate_rng(out, SHARED_TBX / "LTAC-TBX_Core_RNG/TBXcoreStructV03.rng") == []
    dca = SHARED_TBX / "LTAC-TBX-Basic_dialect/TBX-Basic_dialect_1.2/DCA"
    assert validate_rng(out, dca / "TBXcoreStructV03_TBX-Basic_integrated.rng") == []
    pytest.importorskip("saxonche")
    assert validate_schematron(out, dca / "TBX-Basic_DCA.sch") == []
    bad = SHARED_TBX / "LTAC-TBX_test_files/basic_bad.tbx"
    assert validate_schematron(bad, dca / "TBX-Basic_DCA.sch")  # the runner can fail


# ---------------------------------------------------------------------------
# model, merge, validate

@pytest.mark.parametrize("a,b,lang", [
    ("Belt-and-Road Initiative", "belt and road  initiative", "en"),
    ("“Two Sessions”", '"two sessions"', "en"),
    ("ＡＰＥＣ", "APEC", "en"),
    ("一帶一路", "一带一路", "zh"),
    ("一带 一路", "一带一路", "zh"),
    ("G20峰会", "Ｇ２０ 峰会", "zh"),
    ("white\u200bpaper", "whitepaper", "en"),
])
def test_term_key_matches_spellings(a, b, lang):
    assert term_key(a, lang) == term_key(b, lang)


@pytest.mark.parametrize("a,b,lang", [("rule of law", "rule by law", "en"), ("法治", "法制", "zh")])
def test_term_key_keeps_different_terms_apart(a, b, lang):
    assert term_key(a, lang) != term_key(b, lang)


@pytest.mark.parametrize("spec,expect", [
    ("en=B,zh=C,note=E", {"en": 1, "zh": 2, "note": 4}),
    ("en=1, zh=2", {"en": 0, "zh": 1}),
    ({"en": "AA", "zh": 0}, {"en": 26, "zh": 0}),
])
def test_parse_column_map(spec, expect):
    assert parse_column_map(spec) == expect


@pytest.mark.parametrize("spec", ["en=B", "english=B,zh=C", "en=B,zh=0", "en:B,zh:C"])
def test_parse_column_map_errors(spec):
    with pytest.raises(UsageError):
        parse_column_map(spec)


def _g(src: str, *entries) -> Glossary:
    return Glossary(entries=tuple(GlossaryEntry("", tuple(ts), origin=f"{src}:{i}") for i, ts in enumerate(entries, 2)),
                    sources=(src,))


def test_merge_keeps_every_translation_with_its_source_and_lists_conflicts():
    a = _g("a.csv", [Term("Law enforcement", "en"), Term("执法", "zh")], [Term("dialogue", "en"), Term("对话", "zh")])
    b = _g("b.xlsx", [Term("law-enforcement", "en"), Term("执法", "zh", "forbidden"), Term("司法", "zh")],
           [Term("summit", "en"), Term("峰会", "zh")])
    r = merge([a, b])
    assert len(r.glossary) == 3 and r.merged == 1
    e = r.glossary.entries[0]
    assert [(t.text, t.status) for t in e.zh] == [("执法", "preferred"), ("司法", "preferred")]
    assert e.zh[0].source == "a.csv; b.xlsx" and e.zh[1].source == "b.xlsx"
    assert len(r.conflicts) == 1 and r.conflicts[0].statuses == (("a.csv", "preferred"), ("b.xlsx", "forbidden"))
    assert "status conflict" in e.zh[0].note
    assert len(r.alternatives) == 1 and r.alternatives[0].en == "Law enforcement"


VALIDATE_CASES = [
    ([Term("  peace", "en"), Term("和平", "zh")], "stray-space"),
    ([Term("peace", "en"), Term("和\u200b平", "zh")], "invisible-char"),
    ([Term("peace\u00a0talks", "en"), Term("和谈", "zh")], "invisible-char"),
    ([Term("peace", "en"), Term("peace", "zh")], "zh-latin"),
    ([Term("和平", "en"), Term("和平", "zh")], "en-han"),
    ([Term("poultry", "en"), Term("가금류", "zh")], "zh-no-han"),
    ([Term("peace", "en"), Term("", "zh")], "empty-term"),
    ([Term("peace", "en")], "no-chinese"),
    ([Term("peace", "en"), Term("和平", "zh"), Term("和平", "zh", "forbidden")], "status-conflict"),
    ([Term("peace", "en"), Term("和平", "zh", "bogus")], "bad-status"),
    ([Term("peace", "en"), Term("综　合", "zh")], "invisible-char"),
    ([Term("peace", "en"), Term("和平", "zh"), Term("平和", "zh")], "several-preferred"),
]


@pytest.mark.parametrize("terms,code", VALIDATE_CASES)
def test_validate_finds(terms, code):
    issues = validate(_g("v.xlsx!S", terms))
    assert code in {i.code for i in issues}
    assert all(i.origin == "v.xlsx!S:2" for i in issues)


def test_validate_duplicates_and_cross_entry_conflicts():
    g = _g("v.csv", [Term("peace", "en"), Term("和平", "zh")], [Term("Peace", "en"), Term("和平", "zh", "forbidden")])
    codes = [i.code for i in validate(g)]
    assert "duplicate" in codes and "status-conflict" in codes
    assert validate(SAMPLE) == [] or all(i.severity == "warning" for i in validate(SAMPLE))


def test_clean_glossary_has_no_issues():
    g = _g("ok.csv", [Term("peace", "en"), Term("和平", "zh")], [Term("development", "en"), Term("发展", "zh")])
    assert validate(g) == []


@pytest.mark.parametrize("text,n", [
    ("a\tb\tc\nx\tpeace\t和平\ny\twar\t战争\n", 2),       # unnamed header row recognised by its content
    ("x\tpeace\t和平\ny\twar\t战争\n", 2),                 # no header at all
])
def test_column_map_with_unnamed_headers(tmp_path, text, n):
    p = tmp_path / "g.tsv"
    p.write_bytes(text.encode())
    g = read_glossary(p, columns="en=B,zh=C")
    assert [(e.en[0].text, e.zh[0].text) for e in g.entries] == [("peace", "和平"), ("war", "战争")][:n]


AWKWARD = {
    "separator in a term": GlossaryEntry("a", (Term("peace; security", "en"), Term("和平", "zh"))),
    "outer space in a term": GlossaryEntry("b", (Term(" peace", "en"), Term("和平", "zh"))),
    "same Chinese term twice": GlossaryEntry("c", (Term("peace", "en"), Term("和平", "zh"), Term("和平", "zh"))),
    "duplicate ids": GlossaryEntry("a", (Term("war", "en"), Term("战争", "zh"))),
    "English notes with an empty last": GlossaryEntry("d", (Term("x", "en", note="n1"), Term("y", "en", "admitted"),
                                                           Term("叉", "zh"))),
    "no Chinese term": GlossaryEntry("e", (Term("lonely", "en"),)),
    "unknown status": GlossaryEntry("f", (Term("peace", "en"), Term("和平", "zh", "bogus"))),
    "trailing newline in a definition": GlossaryEntry("g", (Term("p", "en"), Term("普", "zh")), definition="d\n"),
    "fine": GlossaryEntry("h", (Term("p", "en", note="a\nb"), Term("普", "zh", note=" x"))),
}


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_quick_loss_rules_agree_with_reading_back(name):
    from shuyu.glossaries.table import flat_losses, flat_losses_quick, flatten

    entries = (AWKWARD[name],) if name != "duplicate ids" else (AWKWARD["separator in a term"], AWKWARD[name])
    g = Glossary(entries=entries)
    header, rows = flatten(g)
    slow = {m.split(":")[0] for m in flat_losses(g, header, rows).messages()}
    quick = {m.split(":")[0] for m in flat_losses_quick(g).messages()}
    assert quick == slow
    assert (name == "fine") == (not slow) or name == "fine"


SHARED_CASES = sorted(str(p.relative_to(SHARED_TBX)) for p in SHARED_TBX.rglob("*.tbx")) if SHARED_TBX.is_dir() else []


@pytest.mark.skipif(not SHARED_CASES, reason="needs /work/shared/formats/tbx")
@pytest.mark.parametrize("name", SHARED_CASES)
def test_official_tbx_test_files_are_accepted_or_rejected(name):
    from shuyu.glossaries.tbx import read_tbx

    path = SHARED_TBX / name
    bad = any(w in path.name for w in ("bad", "poorly", "notwellformed"))
    if bad:
        with pytest.raises(InputError) as exc:
            read_tbx(path)
        assert "line" in str(exc.value) or ":" in str(exc.value)
    else:
        g = read_tbx(path)
        assert g.warnings and "concept entries" in g.warnings[0]


def test_fast_and_element_sheet_readers_agree(tmp_path):
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from shuyu.glossaries.xlsxio import read_sheets

    wb = Workbook()
    ws = wb.active
    ws.title = "T"
    ws.append(["English", "Chinese", "n", "flag"])
    ws.append(["A & B <c>", "甲和乙", 119, True])
    ws.append([None, "仅中文", 0.5, False])
    ws["A4"] = CellRichText([TextBlock(InlineFont(b=True), "rich"), " text"])
    ws["B4"] = "富文本"
    ws["D6"] = "far"
    p = tmp_path / "o.xlsx"
    wb.save(p)
    write_glossary(SAMPLE, tmp_path / "s.xlsx")
    for f in (p, tmp_path / "s.xlsx"):
        fast = list(read_sheets(f))
        slow = list(read_sheets(f, fast=False))
        assert fast == slow
    rows = list(read_sheets(p))[0][1]
    assert rows[1] == ["A & B <c>", "甲和乙", "119", "true"] and rows[3][:2] == ["rich text", "富文本"]
