"""Document readers (shuyu.aligner.readers)."""

from __future__ import annotations

import os
import sys

import pytest

from shuyu.aligner import readers
from shuyu.aligner.readers import decode_bytes, document_from_sentences, read_document
from shuyu.errors import InputError, UsageError
from shuyu.records import Document

ZH_S = "外交部发言人在例行记者会上回答了关于双边关系的问题。我们希望双方加强合作，共同维护地区和平稳定！"
ZH_S_SENTENCES = ["外交部发言人在例行记者会上回答了关于双边关系的问题。", "我们希望双方加强合作，共同维护地区和平稳定！"]
ZH_T = "外交部發言人在例行記者會上回答了關於雙邊關係的問題。我們希望雙方加強合作，共同維護地區和平穩定！"
EN = "The spokesperson answered questions on bilateral relations. Both sides agreed to work with the U.S. on trade."


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    "text,codec,expected_encoding",
    [
        (ZH_S, "utf-8", "utf-8"),
        (ZH_S, "utf-8-sig", "utf-8-sig"),
        (ZH_S, "utf-16", "utf-16"),
        (ZH_S, "utf-16-le-bom", "utf-16"),
        (ZH_S, "utf-16-be-bom", "utf-16"),
        (ZH_S, "gb18030", "gb18030"),
        (ZH_S, "gbk", "gb18030"),
        (ZH_T, "big5", "big5"),
        (ZH_T, "utf-8", "utf-8"),
        (ZH_T, "gb18030", "gb18030"),
    ],
)
def test_encodings_zh(tmp_path, text, codec, expected_encoding):
    if codec == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif codec == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(codec)
    doc = read_document(write(tmp_path, "zh.txt", data), "zh")
    assert isinstance(doc, Document)
    assert doc.encoding == expected_encoding
    assert doc.text == text
    assert len(doc.sentences) == 2
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text


@pytest.mark.parametrize(
    "text,codec,expected_encoding",
    [
        (EN, "utf-8", "utf-8"),
        (EN, "utf-16", "utf-16"),
        ("He said \u201cyes\u201d \u2014 at the caf\u00e9. It was late.", "cp1252", "cp1252"),
    ],
)
def test_encodings_en(tmp_path, text, codec, expected_encoding):
    doc = read_document(write(tmp_path, "en.txt", text.encode(codec)), "en")
    assert doc.encoding == expected_encoding
    assert doc.text == text
    assert doc.script == "latin"


def test_big5_gbk_longer_texts_not_confused():
    # the same bytes can decode in both codecs; the plausible one must win
    long_t = ZH_T * 5
    long_s = ZH_S * 5
    assert decode_bytes(long_t.encode("big5")) == (long_t, "big5")
    assert decode_bytes(long_s.encode("gbk")) == (long_s, "gb18030")


@pytest.mark.parametrize(
    "text,codec,lang,expected",
    [
        ("Ab\u00e9c d\u00e9f, caf\u00e9.", "cp1252", "en", "cp1252"),
        (ZH_S, "gbk", "en", "gb18030"),  # clearly Chinese even when English was expected
        (ZH_S, "gbk", None, "gb18030"),
    ],
)
def test_decode_language_hint(text, codec, lang, expected):
    assert decode_bytes(text.encode(codec), lang=lang) == (text, expected)


def test_traditional_keeps_original_and_simplified_norm(tmp_path):
    doc = read_document(write(tmp_path, "zh.txt", ZH_T.encode("big5")), "zh")
    assert doc.script == "hant"
    assert [s.text for s in doc.sentences] == [
        "外交部發言人在例行記者會上回答了關於雙邊關係的問題。",
        "我們希望雙方加強合作，共同維護地區和平穩定！",
    ]
    assert doc.sentences[0].norm == "外交部发言人在例行记者会上回答了关于双边关系的问题。"
    assert doc.sentences[1].norm == "我们希望双方加强合作,共同维护地区和平稳定!"  # half-width too


def test_plain_text_structure_and_offsets(tmp_path):
    text = (
        "Joint Press Release\r\n"
        "March 3, 2015\r\n\r\n"
        "The two sides met in Beijing. They discussed trade.\r\n"
        "Mr. Li thanked the U.S. delegation.\r\n\r\n"
        "  Closing  \r\n"
    )
    doc = read_document(write(tmp_path, "en.txt", text), "en")
    assert "\r" not in doc.text
    got = [(s.text, s.paragraph, s.is_heading) for s in doc.sentences]
    assert got == [
        ("Joint Press Release", 0, True),
        ("March 3, 2015", 1, True),
        ("The two sides met in Beijing.", 2, False),
        ("They discussed trade.", 2, False),
        ("Mr. Li thanked the U.S. delegation.", 3, False),
        ("Closing", 4, True),
    ]
    assert [s.index for s in doc.sentences] == list(range(6))
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
    for p in doc.paragraphs:
        assert doc.text[p.start:p.end] == p.text
    assert doc.paragraphs[0].is_heading and not doc.paragraphs[2].is_heading


def test_zh_headings_and_norm(tmp_path):
    text = "合作共赢的新篇章\n（2015年3月1日）\n\n一、总体要求\n坚持稳中求进，推动高质量发展。ＡＢＣ公司参加。\n"
    doc = read_document(write(tmp_path, "zh.txt", text), "zh")
    got = [(s.text, s.is_heading) for s in doc.sentences]
    assert got == [
        ("合作共赢的新篇章", True),
        ("（2015年3月1日）", True),
        ("一、总体要求", True),
        ("坚持稳中求进，推动高质量发展。", False),
        ("ＡＢＣ公司参加。", False),
    ]
    assert doc.sentences[4].norm == "ABC公司参加。"
    assert doc.script == "hans"


def test_markdown(tmp_path):
    text = (
        "# Joint Statement #\n\n"
        "The **two sides** held _frank_ talks. See [the annex](annex.md).\n\n"
        "- First, trade grew.\n"
        "* Second, `tariffs` fell.\n"
        "1. Third item.\n\n"
        "```\ncode. Not a sentence.\n```\n\n"
        "---\n\n"
        "## Outlook\n"
    )
    doc = read_document(write(tmp_path, "en.md", text), "en")
    got = [(s.text, s.is_heading) for s in doc.sentences]
    assert got == [
        ("Joint Statement", True),
        ("The two sides held frank talks.", False),
        ("See the annex.", False),
        ("First, trade grew.", False),
        ("Second, tariffs fell.", False),
        ("Third item.", False),
        ("Outlook", True),
    ]
    heading = doc.sentences[0]
    assert doc.text[heading.start:heading.end] == "Joint Statement"  # '#' markers outside the span
    item = doc.sentences[3]
    assert doc.text[item.start:item.end] == "First, trade grew."  # list marker outside the span
    assert doc.text[doc.sentences[1].start:doc.sentences[1].end] == "The **two sides** held _frank_ talks."
    assert doc.paragraphs[0].is_heading and doc.paragraphs[-1].is_heading


def test_markdown_zh(tmp_path):
    text = "# 合作共赢\n\n双方举行了**坦诚**的会谈。会谈取得成果。\n"
    doc = read_document(write(tmp_path, "zh.md", text), "zh")
    assert [(s.text, s.is_heading) for s in doc.sentences] == [
        ("合作共赢", True), ("双方举行了坦诚的会谈。", False), ("会谈取得成果。", False)]


def make_docx(path, items, table=None):
    import docx

    document = docx.Document()
    for kind, value in items:
        if kind == "title":
            document.add_heading(value, level=0)
        elif kind == "heading":
            document.add_heading(value, level=1)
        elif kind == "table":
            rows = table
            t = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
        else:
            document.add_paragraph(value)
    document.save(path)
    return path


def test_docx(tmp_path):
    path = make_docx(tmp_path / "en.docx", [
        ("title", "Joint Statement"),
        ("heading", "Trade"),
        ("para", "The two sides met. They agreed on trade."),
        ("para", ""),
        ("table", None),
        ("para", "Dr. Li closed the meeting."),
    ], table=[["Tariffs fell.", "Exports rose."]])
    doc = read_document(path, "en")
    got = [(s.text, s.is_heading) for s in doc.sentences]
    assert got == [
        ("Joint Statement", True),
        ("Trade", True),
        ("The two sides met.", False),
        ("They agreed on trade.", False),
        ("Tariffs fell.", False),
        ("Exports rose.", False),
        ("Dr. Li closed the meeting.", False),
    ]
    assert doc.text.split("\n\n")[:3] == ["Joint Statement", "Trade", "The two sides met. They agreed on trade."]
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
    assert doc.encoding == "utf-8"
    lines_doc = read_document(path, "en", lines=True)
    assert [s.text for s in lines_doc.sentences][2] == "The two sides met. They agreed on trade."
    assert len(lines_doc) == 6


def test_docx_zh(tmp_path):
    path = make_docx(tmp_path / "zh.docx", [("heading", "一、总体要求"), ("para", ZH_S)])
    doc = read_document(path, "zh")
    assert [s.text for s in doc.sentences] == ["一、总体要求"] + ZH_S_SENTENCES
    assert doc.sentences[0].is_heading


@pytest.mark.parametrize(
    "text,expected",
    [
        ("First line.\nSecond line. Still second.\n", ["First line.", "Second line. Still second."]),
        ("No final newline.\nTwo.", ["No final newline.", "Two."]),
        ("Trailing blank lines.\n\n\n", ["Trailing blank lines."]),
        ("  Spaces kept out.  \nMr.\n", ["Spaces kept out.", "Mr."]),
    ],
)
def test_lines_mode(tmp_path, text, expected):
    doc = read_document(write(tmp_path, "en.txt", text), "en", lines=True)
    assert [s.text for s in doc.sentences] == expected
    assert [s.index for s in doc.sentences] == list(range(len(expected)))
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text


@pytest.mark.parametrize("text,line", [("One.\n\nThree.\n", 2), ("\nTwo.\n", 1), ("One.\n   \nThree.", 2)])
def test_lines_mode_empty_line(tmp_path, text, line):
    path = write(tmp_path, "gold.en", text)
    with pytest.raises(InputError) as info:
        read_document(path, "en", lines=True)
    assert f"gold.en:{line}" in str(info.value)


def test_document_from_sentences():
    doc = document_from_sentences(["Opening", "We met. It went well.", " Padded. "], "en")
    assert [s.text for s in doc.sentences] == ["Opening", "We met. It went well.", "Padded."]
    assert doc.path == "<memory>"
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
    assert doc.sentences[0].is_heading
    zh = document_from_sentences(["會談。"], "zh", path="x.zh")
    assert zh.sentences[0].norm == "会谈。" and zh.script == "hant"
    with pytest.raises(InputError, match="sentence 1"):
        document_from_sentences(["A.", "  "], "en")
    with pytest.raises(InputError):
        document_from_sentences([], "en")


BAD = [
    ("missing", None, "not found"),
    ("folder", "DIR", "folder"),
    ("empty", b"", "empty"),
    ("whitespace", b" \n\t\r\n  ", "whitespace"),
    ("nul-bytes", b"PK\x03\x04\x00\x00\x14\x00binary\x00\x00", "binary"),
    ("control-chars", bytes(range(1, 9)) * 50, "binary"),
    ("bad-utf16-bom", b"\xff\xfe\x00\xd8", "UTF-16"),
    ("english-as-chinese", EN.encode(), "looks English, not Chinese"),
    ("no-letters", b"12345 67890", "no Chinese"),
]


@pytest.mark.parametrize("case,data,message", BAD, ids=[b[0] for b in BAD])
def test_bad_inputs(tmp_path, case, data, message):
    path = tmp_path / f"{case}.zh.txt"
    if data == "DIR":
        path.mkdir()
    elif data is not None:
        path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_document(path, "zh")
    assert path.name in str(info.value)
    assert message in str(info.value)


def test_nearly_utf8_names_line(tmp_path):
    data = (ZH_S + "\n").encode() * 3 + "第四行".encode()[:-1] + "。\n".encode()
    path = write(tmp_path, "damaged.txt", data)
    with pytest.raises(InputError) as info:
        read_document(path, "zh")
    assert "damaged.txt:4" in str(info.value) and "UTF-8" in str(info.value)


@pytest.mark.parametrize("name", ["report.pdf", "old.doc", "sheet.xlsx"])
def test_unsupported_formats(tmp_path, name):
    path = write(tmp_path, name, b"%PDF-1.4 whatever")
    with pytest.raises(InputError) as info:
        read_document(path, "en")
    assert name in str(info.value) and ".docx or .txt" in str(info.value)


def test_chinese_given_as_english(tmp_path):
    path = write(tmp_path, "en.txt", ZH_S + " 2015 UN")
    with pytest.raises(InputError) as info:
        read_document(path, "en")
    text = str(info.value)
    assert "en.txt" in text and "looks Chinese, not English" in text and "English file first" in text


def test_numbers_and_names_do_not_trip_language_check(tmp_path):
    text = "2015年，UN和WTO代表出席会议，讨论了COVID-19疫情。"
    doc = read_document(write(tmp_path, "zh.txt", text), "zh")
    assert len(doc) == 1


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 10)
    path = write(tmp_path, "big.txt", "This is more than ten bytes.")
    with pytest.raises(InputError, match="too large") as info:
        read_document(path, "en")
    assert "big.txt" in str(info.value)


@pytest.mark.skipif(sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
                    reason="root can read anything")
def test_unreadable(tmp_path):
    path = write(tmp_path, "secret.txt", "Text.")
    path.chmod(0)
    with pytest.raises(InputError, match="permission") as info:
        read_document(path, "en")
    assert "secret.txt" in str(info.value)


def test_damaged_docx(tmp_path):
    path = write(tmp_path, "broken.docx", b"PK\x03\x04 this is not really a zip")
    with pytest.raises(InputError) as info:
        read_document(path, "en")
    assert "broken.docx" in str(info.value) and "docx" in str(info.value)


def test_other_extension_read_as_text(tmp_path):
    doc = read_document(write(tmp_path, "speech.en", "Hello. Goodbye."), "en")
    assert [s.text for s in doc.sentences] == ["Hello.", "Goodbye."]


def test_unknown_language(tmp_path):
    with pytest.raises(UsageError):
        read_document(write(tmp_path, "x.txt", "Hello."), "fr")


@pytest.mark.parametrize(
    "raw,expected_text",
    [
        ("One.\r\nTwo.\r\n", "One.\nTwo.\n"),
        ("One.\rTwo.\r", "One.\nTwo.\n"),  # old Mac line ends
        ("One.\rstill one.\nTwo.\n", "One.\rstill one.\nTwo.\n"),  # a stray CR does not add a line
    ],
)
def test_line_ends(tmp_path, raw, expected_text):
    doc = read_document(write(tmp_path, "en.txt", raw), "en", lines=True)
    assert doc.text == expected_text
    assert len(doc) == 2
