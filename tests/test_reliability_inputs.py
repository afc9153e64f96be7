"""Issue 14, input policy: special files refused, bounded memory on hostile files, no data swallowed,
numbers of any length, linear time, bad input is exit 2 (never 3)."""

from __future__ import annotations

import os
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from shuyu import files
from shuyu.aligner import readers
from shuyu.aligner.evaluate import read_beads
from shuyu.bitext import read_segment_pairs
from shuyu.cli import main
from shuyu.errors import InputError
from shuyu.glossaries import read_glossary, xlsxio

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("shuyu: error:")]
    assert len(lines) == 1, result.output
    return lines[0]


# ----------------------------------------------------------------------------- special files
READERS = {
    "document": lambda p: readers.read_document(p, "en"),
    "glossary": lambda p: read_glossary(p),
    "bitext": lambda p: read_segment_pairs(p),
    "beads": lambda p: read_beads(p),
}
EXT = {"document": ".txt", "glossary": ".tsv", "bitext": ".tsv", "beads": ".beads"}


def _rescue(fifo: Path, stop: threading.Event) -> None:
    """Should a reader block on the FIFO (a regression), open it for writing after a while so the
    test fails instead of hanging."""
    deadline = time.monotonic() + 5
    while not stop.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    while not stop.is_set():
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            time.sleep(0.05)
            continue
        os.close(fd)
        return


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_fifo_is_refused_without_blocking(tmp_path, reader):
    fifo = tmp_path / f"pipe{EXT[reader]}"
    os.mkfifo(fifo)
    stop = threading.Event()
    threading.Thread(target=_rescue, args=(fifo, stop), daemon=True).start()
    start = time.monotonic()
    try:
        with pytest.raises(InputError, match="named pipe"):
            READERS[reader](fifo)
    finally:
        stop.set()
    assert time.monotonic() - start < 4


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("kind, match", [("device", "device"), ("link to a device", "device"),
                                         ("link loop", "link loop"), ("broken link", "broken symbolic link"),
                                         ("folder", "folder")])
def test_special_paths_are_refused_clearly(tmp_path, reader, kind, match):
    path = tmp_path / f"x{EXT[reader]}"
    if kind == "device":
        path = Path("/dev/zero")
    elif kind == "link to a device":
        path.symlink_to("/dev/zero")
    elif kind == "link loop":
        other = tmp_path / f"y{EXT[reader]}"
        path.symlink_to(other)
        other.symlink_to(path)
    elif kind == "broken link":
        path.symlink_to(tmp_path / "gone")
    else:
        path.mkdir()
    with pytest.raises(InputError, match=match):
        READERS[reader](path)


def test_check_refuses_a_fifo_inside_a_folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.tsv").write_text("en\tzh\nThe State Councilor spoke.\t国务委员讲话。\n", encoding="utf-8")
    os.mkfifo(folder / "b.tsv")
    stop = threading.Event()
    threading.Thread(target=_rescue, args=(folder / "b.tsv", stop), daemon=True).start()
    try:
        result = invoke("check", "--glossary", EXAMPLES / "glossary.tsv", folder)
    finally:
        stop.set()
    assert result.exit_code == 2
    assert "named pipe" in error_line(result)


def test_eval_refuses_a_fifo(tmp_path):
    fifo = tmp_path / "h.beads"
    os.mkfifo(fifo)
    result = invoke("eval", EXAMPLES / "dialogue.gold", fifo)
    assert result.exit_code == 2 and "named pipe" in error_line(result)


def test_the_size_is_read_with_a_bound(tmp_path):
    path = tmp_path / "big.tsv"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(InputError, match="too large"):
        files.read_input(path, limit=4096)
    assert files.read_input(path, limit=5000) == b"x" * 5000


def test_documents_over_the_sentence_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_SENTENCES", 5)
    path = tmp_path / "x.txt"
    path.write_text(" ".join(f"Sentence {i} is here." for i in range(10)), encoding="utf-8")
    with pytest.raises(InputError, match="10 sentences"):
        readers.read_document(path, "en")


# ----------------------------------------------------------------------------- hostile xlsx / docx
CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="xml" ContentType="application/xml"/></Types>')
WB = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')
SST = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</sst>'


def c(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows, extra="", dim=""):
    body = "".join(f'<row r="{n}">{"".join(cells)}</row>' for n, cells in rows)
    return ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{dim}<sheetData>{body}</sheetData>{extra}</worksheet>")


def xlsx(path, sheet_xml, shared=None, wb=WB):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", SST.format(shared))
    return path


HEAD = [(1, [c("A1", "English"), c("B1", "Chinese")]), (2, [c("A2", "State Councilor"), c("B2", "国务院委员")])]


def _raw(path, data):
    path.write_bytes(data)
    return path


def _bad_deflate(path):
    xlsx(path, sheet(HEAD))
    data = bytearray(path.read_bytes())
    i = data.find(b"xl/worksheets/sheet1.xml") + 40
    data[i:i + 20] = b"\xff" * 20
    path.write_bytes(bytes(data))
    return path


HOSTILE_XLSX = {
    "dimension A1:XFD1048576": (lambda p: xlsx(p, sheet(HEAD, dim='<dimension ref="A1:XFD1048576"/>')), None),
    "a cell in column XFD on every row": (lambda p: xlsx(p, sheet(HEAD + [
        (n, [c(f"A{n}", "term"), c(f"B{n}", "术语"), c(f"XFD{n}", "x")]) for n in range(3, 40)])), "spreads"),
    "cell reference ZZZZZZZZ4": (lambda p: xlsx(p, sheet(HEAD + [(4, [c("ZZZZZZZZ4", "x"), c("B4", "甲")])])),
                                 "bad cell reference"),
    "row number past 1048576": (lambda p: xlsx(p, sheet(HEAD + [(99999999, [c("A99999999", "x")])])),
                                "bad cell reference"),
    "shared strings bomb": (lambda p: xlsx(p, sheet(HEAD), shared="<si><t>" + "x" * (3 << 20) + "</t></si>"),
                            "zip bomb"),
    "shared string index -1": (lambda p: xlsx(p, sheet(HEAD[:1] + [(2, ['<c r="A2" t="s"><v>-1</v></c>',
                                                                        c("B2", "国务委员")])]),
                                              shared="<si><t>a</t></si><si><t>last</t></si>"), "shared string"),
    "an entity in workbook.xml": (lambda p: xlsx(p, sheet(HEAD), wb='<?xml version="1.0"?><!DOCTYPE x '
                                                 '[<!ENTITY a "b">]>' + WB), "DOCTYPE"),
    "broken sheet XML": (lambda p: xlsx(p, "<worksheet><sheetData><row><c"), ""),
    "bad deflate data": (_bad_deflate, "corrupt"),
    "not a zip": (lambda p: _raw(p, b"English,Chinese\n"), "not an .xlsx"),
    "encrypted": (lambda p: _raw(p, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100), "encrypted"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_XLSX))
@pytest.mark.parametrize("command", ["check", "mine --aligned", "glossary convert"])
def test_hostile_xlsx_is_exit_2_or_read_quickly(tmp_path, monkeypatch, case, command):
    monkeypatch.setattr(xlsxio, "MAX_SLOTS", 100_000)  # the same check as 20 million, on a small file
    make, match = HOSTILE_XLSX[case]
    path = make(tmp_path / "t.xlsx")
    args = {"check": ["check", "--glossary", EXAMPLES / "glossary.tsv", path],
            "mine --aligned": ["mine", "--aligned", path, "-o", tmp_path / "m.tsv"],
            "glossary convert": ["glossary", "convert", path, "-o", tmp_path / "g.tsv"]}[command]
    start = time.monotonic()
    result = invoke(*args)
    assert time.monotonic() - start < 60
    if match is None:  # harmless: read, not padded to 16,384 columns
        assert result.exit_code in (0, 1), result.output
        return
    assert result.exit_code == 2, result.output
    assert match in error_line(result) and "internal error" not in result.output


def test_a_docx_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                   'org/wordprocessingml/2006/main"><w:body>' + "<w:p/>" * 500_000 + "</w:body></w:document>")
    with pytest.raises(InputError, match="zip bomb"):
        readers.read_document(path, "en")


def test_rows_under_a_merged_english_cell_are_read(tmp_path):
    path = xlsx(tmp_path / "m.xlsx", sheet(
        [(1, [c("A1", "English"), c("B1", "Chinese")]), (2, [c("A2", "State Councilor"), c("B2", "国务委员")]),
         (3, [c("B3", "國務委員")]), (4, [c("B4", "国务院委员")])],
        extra='<mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>'))
    g = read_glossary(path)
    assert sorted(t.text for e in g.entries for t in e.zh) == ["国务委员", "国务院委员", "國務委員"]
    assert {t.text for e in g.entries for t in e.en} == {"State Councilor"}
    pairs = read_segment_pairs(path)
    assert [p.en for p in pairs] == ["State Councilor"] * 3


@pytest.mark.parametrize("ext", [".xlsx", ".csv", ".tsv"])
def test_a_carriage_return_inside_a_cell_survives(tmp_path, ext):
    from shuyu.records import Glossary, GlossaryEntry, Term
    from shuyu.glossaries import write_glossary

    g = Glossary((GlossaryEntry(id="1", terms=(Term("a", "en", "preferred"), Term("甲", "zh", "preferred")),
                                note="line 1\r\nline 2 _x000D_ literally"),))
    write_glossary(g, tmp_path / f"g{ext}")
    back = read_glossary(tmp_path / f"g{ext}")
    assert back.entries[0].note == "line 1\r\nline 2 _x000D_ literally"


def test_excel_escapes_are_undone():
    assert xlsxio._ooxml_unescape("a_x000D_b_x005F_x000D_") == "a\rb_x000D_"


# ----------------------------------------------------------------------------- tables: nothing swallowed
def test_an_unbalanced_quote_in_a_csv_glossary_is_an_error_naming_the_line(tmp_path):
    rows = ["English,Chinese,Note", 'State Councilor,国务委员,"oops'] + [f"term {i},术语{i},n" for i in range(52)]
    path = tmp_path / "g.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="unbalanced quote") as info:
        read_glossary(path)
    assert "g.csv:2" in str(info.value)
    result = invoke("glossary", "convert", path, "-o", tmp_path / "o.tsv")
    assert result.exit_code == 2 and "g.csv:2" in error_line(result)


def test_a_closing_quote_followed_by_text_is_an_error(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text('English,Chinese,Note\nA,甲,"oops\nB,乙,"x" y\nC,丙,z\n', encoding="utf-8")
    with pytest.raises(InputError, match="g.csv:2"):
        read_glossary(path)


def test_a_stray_quote_in_a_bilingual_tsv_hides_nothing(tmp_path):
    path = tmp_path / "segs.tsv"
    path.write_text('en\tzh\n"Quoted start of a segment.\t“引号开头的句子。\nThe State Councilor spoke.\t'
                    "国务院委员讲话。\n", encoding="utf-8")
    pairs = read_segment_pairs(path)
    assert len(pairs) == 2 and pairs[0].en.startswith('"Quoted')
    result = invoke("check", "--glossary", EXAMPLES / "glossary.tsv", path)
    assert result.exit_code == 1, result.output
    assert "forbidden-term" in result.output


def test_a_real_multiline_quoted_cell_still_reads(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text('English,Chinese,Note\nA,甲,"two\nlines"\nB,乙,x\n', encoding="utf-8")
    g = read_glossary(path)
    assert [e.note for e in g.entries] == ["two\nlines", "x"]


@pytest.mark.parametrize("content, match", [
    ("en\tzh\nA.\t甲。\nB\x00.\t乙。\n", "NUL"),
    ("en\tzh\nA.\t甲。\n", None),
])
def test_a_nul_in_a_bilingual_tsv_is_refused(tmp_path, content, match):
    path = tmp_path / "s.tsv"
    path.write_text(content, encoding="utf-8")
    if match is None:
        assert len(read_segment_pairs(path)) == 1
        return
    with pytest.raises(InputError, match=match) as info:
        read_segment_pairs(path)
    assert "s.tsv:3" in str(info.value)


def test_one_column_cannot_be_both_english_and_chinese(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text("en\tzh\nA.\t甲。\n", encoding="utf-8")
    with pytest.raises(InputError, match="both the English and the Chinese"):
        read_segment_pairs(path, en_col="1", zh_col="1")


# ----------------------------------------------------------------------------- encodings
MIXED = "English,Chinese\nState Councilor,国务委员\n".encode("utf-8") + "law enforcement,执法\n".encode("gb18030")


@pytest.mark.parametrize("reader, name", [(read_glossary, "g.csv"), (read_segment_pairs, "s.csv"),
                                          (lambda p: readers.read_document(p, "zh"), "d.zh.txt")])
def test_mixed_utf8_and_gb18030_is_refused(tmp_path, reader, name):
    path = tmp_path / name
    path.write_bytes(MIXED if name != "d.zh.txt" else "国务委员会见了代表。\n".encode("utf-8") * 3
                     + "执法合作十分重要。\n".encode("gb18030") * 3)
    with pytest.raises(InputError, match="mixed text encodings|encoding"):
        reader(path)


def test_big5_hkscs_csv_glossaries_are_read(tmp_path):
    path = tmp_path / "g.csv"
    path.write_bytes("English,Chinese\nState Councilor,國務委員\nof (Cantonese),嘅\nlaw enforcement,執法合作\n"
                     .encode("big5hkscs"))
    g = read_glossary(path)
    assert {t.text for e in g.entries for t in e.zh} == {"國務委員", "嘅", "執法合作"}


def test_a_gb18030_document_with_two_bad_bytes_names_them(tmp_path):
    text = ("国务委员兼公安部部长同加拿大代表举行会谈。双方同意加强执法合作。\n" * 5)
    data = bytearray(text.encode("gb18030"))
    data[40:41] = b"\xff"
    data[100:101] = b"\xff"
    path = tmp_path / "d.zh.txt"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="GB18030") as info:
        readers.read_document(path, "zh")
    assert "no Chinese characters" not in str(info.value) and "d.zh.txt:1" in str(info.value)


# ----------------------------------------------------------------------------- JSON
@pytest.mark.parametrize("line, match", [
    ('{"en": "The State Councilor spoke.", "zh": "国务院委员讲话。", "confidence": NaN}', "NaN"),
    ('{"en": "The State Councilor spoke.", "zh": "国务院委员讲话。", "confidence": -Infinity}', "Infinity"),
    ('{"en": "The State Councilor spoke.", "zh": "国务院委员讲话。", "confidence": 1e999}', "too large"),
    ('{"en": "A.", "zh": "甲。", "n": ' + "9" * 5000 + "}", "5,000 digits"),
    ('{"en": "A.", "zh": "甲。", "n": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"en": "A.", "zh": "甲。", "confidence": "high"}', "confidence"),
])
def test_hostile_jsonl_is_an_input_error(tmp_path, line, match):
    path = tmp_path / "s.jsonl"
    path.write_text('{"en": "A.", "zh": "甲。"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=match) as info:
        read_segment_pairs(path)
    assert "s.jsonl:2" in str(info.value)
    result = invoke("check", "--glossary", EXAMPLES / "glossary.tsv", path)
    assert result.exit_code == 2 and "internal error" not in result.output


@pytest.mark.parametrize("text, ok", [("[1, 2.5, {\"a\": null}]", True), ("[" * 50 + "]" * 50, True),
                                      ("NaN", False), ("1" * 200, False)])
def test_parse_json_bounds(text, ok):
    if ok:
        files.parse_json(text, "x.json")
    else:
        with pytest.raises(InputError):
            files.parse_json(text, "x.json")


def test_a_bead_file_with_a_5000_digit_index_is_exit_2(tmp_path):
    path = tmp_path / "h.beads"
    path.write_text("[0]:[0]\n[" + "9" * 5000 + "]:[1]\n", encoding="utf-8")
    result = invoke("eval", EXAMPLES / "dialogue.gold", path)
    assert result.exit_code == 2 and "h.beads:2" in error_line(result)


# ----------------------------------------------------------------------------- numbers of any length
HUGE = "9" * 320
NUMBER_TEXTS = [
    (f"The sum is {HUGE} million dollars.", "总数是12万美元。"),
    (f"The sum is {HUGE} dollars.", f"总数是{'8' * 320}美元。"),
    ("The sum is 1" + ",000" * 110 + " dollars.", "总数是12美元。"),
    ("The sum is 12 dollars.", "总数是九" + "亿" * 60 + "美元。"),
    ("The sum is 12 dollars.", "总数是" + "九" * 5000 + "美元。"),
    ("The sum is 12 dollars.", "总数是" + "一千" * 3000 + "美元。"),
    ("The sum is 12 dollars.", "总数是" + "9" * 5000 + "万7千美元。"),
    ("On the 12th.", "在" + "9" * 5000 + "日。"),
]


@pytest.mark.parametrize("en, zh", NUMBER_TEXTS)
def test_numbers_of_any_length_in_check_and_mine(tmp_path, en, zh):
    path = tmp_path / "n.tsv"
    path.write_text(f"en\tzh\n{en}\t{zh}\n", encoding="utf-8")
    start = time.monotonic()
    result = invoke("check", "--glossary", EXAMPLES / "glossary.tsv", path)
    assert result.exit_code in (0, 1), result.output
    result = invoke("mine", "--aligned", path, "-o", tmp_path / "m.tsv")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - start < 60


def test_numbers_of_any_length_in_a_document_pair(tmp_path):
    en, zh = tmp_path / "n.en.txt", tmp_path / "n.zh.txt"
    en.write_text("\n\n".join(e for e, _ in NUMBER_TEXTS) + "\n", encoding="utf-8")
    zh.write_text("\n\n".join(z for _, z in NUMBER_TEXTS) + "\n", encoding="utf-8")
    result = invoke("align", en, zh, "-o", tmp_path / "n.tsv")
    assert result.exit_code == 0, result.output


def test_number_keys_of_huge_values():
    from shuyu.numerals import value_key

    assert value_key(10 ** 400) == "n:inf"
    assert value_key(float("inf")) == "n:inf"
    assert value_key(19) == "n:19"


# ----------------------------------------------------------------------------- linear time
def _seconds(func, text) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - start)
    return best


def _markdown(text):
    return readers._md_blocks(text), readers._md_clean(text)


LINEAR = {
    "markdown **a": (_markdown, "**a "),
    "markdown [x": (_markdown, "[x "),
    "markdown [a](": (_markdown, "[a]("),
    "markdown __a": (_markdown, "__a "),
    "markdown heading spaces": (_markdown, None),
    "split_en a.": (lambda t: readers.split_text(t, "en"), "a. "),
    "split_en quotes": (lambda t: readers.split_text(t, "en"), '"( '),
    "split_zh brackets": (lambda t: readers.split_text(t, "zh"), "《甲"),
    "split_zh stops": (lambda t: readers.split_text(t, "zh"), "“甲。"),
}


@pytest.mark.parametrize("case", sorted(LINEAR))
def test_pathological_lines_take_linear_time(case):
    func, unit = LINEAR[case]

    def line(size):
        if unit is None:
            return "# " + " " * size + "x"
        return "T\n\n" + unit * (size // len(unit))

    small, big = _seconds(func, line(1 << 18)), _seconds(func, line(1 << 20))  # 256 KB, then a 1 MB line
    assert big < 60
    assert big / max(small, 1e-3) < 10  # linear: ~4 times; quadratic would be 16


def test_reading_a_pathological_markdown_document_is_fast(tmp_path):
    path = tmp_path / "x.en.md"
    path.write_text("T\n\n" + "**a " * 64000 + "\n", encoding="utf-8")
    start = time.monotonic()
    readers.read_document(path, "en")
    assert time.monotonic() - start < 20
