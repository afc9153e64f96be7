"""Findings point at where the problem is: the Chinese file, line and column for a Chinese-side
problem, the English for an English-side one, with the other side related; suggestions are written
in the script of the document (shuyu check)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shuyu.records import Glossary, GlossaryEntry, SegmentPair, Term
from shuyu.terms.checking import check_paths
from shuyu.terms.checking.findings import Location
from shuyu.terms.checking.locations import Locator, PairSite, Side


def entry(i, en, *zh):
    return GlossaryEntry(str(i), tuple([Term(t, "en") for t in en] + [Term(t, "zh", s) for t, s in zh]))


GLOSSARY = Glossary((
    entry(1, ["State Councilor"], ("国务委员", "preferred"), ("国务院委员", "forbidden")),
    entry(2, ["United States", "US"], ("美国", "preferred")),
    entry(3, ["cybersecurity"], ("网络安全", "preferred")),
))

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="en-US" segtype="sentence" o-tmf="none" adminlang="en" datatype="plaintext"
          creationtool="t" creationtoolversion="1"/>
  <body>
    <tu>
      <tuv xml:lang="en-US"><seg>State Councilor Wang met the US envoy.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>王国务院委员会见了美国特使。</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>The US side spoke on cybersecurity.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>美方谈到了安全问题。</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def _col(line: str, word: str) -> int:
    return line.index(word) + 1


def test_tmx_points_at_the_chinese_seg(tmp_path):
    f = tmp_path / "a.tmx"
    f.write_text(TMX, encoding="utf-8")
    lines = TMX.splitlines()
    res = check_paths([f], GLOSSARY)
    got = [(x.check, x.line, x.column, x.end_column, x.side, x.source_line) for x in res.findings]
    seg = (_col(lines[11], "美方"), len(lines[11]) - len("</seg></tuv>") + 1)   # the whole Chinese segment
    assert got == [
        ("forbidden-term", 8, _col(lines[7], "国务院委员"), _col(lines[7], "国务院委员") + 5, "zh", 6),
        ("term-missing", 12, *seg, "zh", 10),     # 'United States' (US) is not translated as '美国'
        ("term-missing", 12, *seg, "zh", 10),     # 'cybersecurity'
    ]
    # the English of each is related: "State Councilor", "US" (not the "US" of xml:lang="en-US"), "cybersecurity"
    assert [(r.line, r.column, r.side) for x in res.findings for r in x.related] == [
        (7, _col(lines[6], "State Councilor"), "en"), (11, _col(lines[10], "US side"), "en"),
        (11, _col(lines[10], "cybersecurity"), "en")]


def test_tsv_points_at_the_cell(tmp_path):
    f = tmp_path / "a.tsv"
    f.write_text("en\tzh\nThe US side met the State Councilor.\t美方会见了国务院委员。\n", encoding="utf-8")
    x = next(x for x in check_paths([f], GLOSSARY).findings if x.check == "forbidden-term")
    line = f.read_text(encoding="utf-8").splitlines()[1]
    assert (x.file, x.line, x.column) == (str(f), 2, _col(line, "国务院委员"))
    assert x.related == (Location(str(f), 2, _col(line, "State Councilor"), _col(line, "State Councilor") + 15,
                                  "en"),)


def test_jsonl_with_escaped_chinese(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"en": "The State Councilor spoke.", "zh": "国务院委员讲话。"}) + "\n", encoding="utf-8")
    x = check_paths([f], GLOSSARY).findings[0]
    raw = f.read_text(encoding="utf-8")
    assert (x.line, x.column) == (1, raw.index(json.dumps("国务院委员")[1:-1]) + 1)


def test_po_points_at_the_msgstr(tmp_path):
    f = tmp_path / "a.po"
    f.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                 'msgid "The State Councilor spoke."\nmsgstr "国务院委员讲话。"\n', encoding="utf-8")
    x = check_paths([f], GLOSSARY).findings[0]
    assert (x.line, x.column, x.source_line) == (7, len('msgstr "') + 1, 6)
    assert (x.related[0].line, x.related[0].column) == (6, len('msgid "The ') + 1)


def test_xlsx_gives_the_row(tmp_path):
    import openpyxl

    f = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["en", "zh"])
    wb.active.append(["The State Councilor spoke.", "国务院委员讲话。"])
    wb.save(f)
    x = check_paths([f], GLOSSARY).findings[0]
    assert (x.line, x.column) == (2, 0)   # a binary file has no columns to point at


TRADITIONAL = [
    # (English, Chinese (Traditional), check, message)
    ("The State Councilor spoke.", "國務院委員發表講話。", "forbidden-term",
     "'國務院委員' is forbidden for 'State Councilor'; use '國務委員'"),
    ("Cybersecurity matters to the United States.", "這對美國很重要。", "term-missing",
     "'Cybersecurity' is not translated as '網絡安全'"),
]


@pytest.mark.parametrize("en, zh, check, message", TRADITIONAL)
def test_traditional_text_gets_traditional_suggestions(tmp_path, en, zh, check, message):
    f = tmp_path / "tw.tsv"
    f.write_text(f"en\tzh\n{en}\t{zh}\n", encoding="utf-8")
    assert [(x.check, x.message) for x in check_paths([f], GLOSSARY).findings] == [(check, message)]


def test_simplified_text_keeps_simplified_suggestions(tmp_path):
    f = tmp_path / "cn.tsv"
    f.write_text("en\tzh\nThe State Councilor spoke.\t国务院委员发表讲话。\n", encoding="utf-8")
    assert check_paths([f], GLOSSARY).findings[0].message.endswith("use '国务委员'")


def test_short_traditional_segment_takes_the_script_of_its_file(tmp_path):
    f = tmp_path / "tw.tsv"   # "委員會" alone: the file says Traditional
    f.write_text("en\tzh\nThe committee and the State Councilor.\t國務院委員\n"
                 "The two countries held talks on trade and security.\t兩國舉行了貿易與安全會談。\n", encoding="utf-8")
    assert check_paths([f], GLOSSARY).findings[0].message.endswith("use '國務委員'")


def test_locator_occurrences_and_bounds(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text("en\tzh\nUS and US\t美国\nthe US\t美国\n", encoding="utf-8")
    loc = Locator()
    p2 = SegmentPair("US and US", "美国", str(f), 2)
    p3 = SegmentPair("the US", "美国", str(f), 3)
    loc.add(p2, PairSite(Side(str(f), 2), Side(str(f), 2)))
    loc.add(p3, PairSite(Side(str(f), 3), Side(str(f), 3)))
    assert loc.locate(p2, "en", (7, 9)) == Location(str(f), 2, 8, 10, "en")      # the second US of the line
    assert loc.locate(p3, "en", (4, 6)) == Location(str(f), 3, 5, 7, "en")
    assert loc.locate(p2, "zh", (5, 9)) == Location(str(f), 2, side="zh")       # not found: the line only
    stranger = SegmentPair("x", "y", "elsewhere.tsv", 4)
    assert loc.locate(stranger, "zh", (0, 1)) == Location("elsewhere.tsv", 4, side="zh")


@pytest.mark.slow  # aligns two documents on the fly (the aligner's lexicon)
def test_documents_point_at_each_document(tmp_path):
    en = tmp_path / "talks.en.txt"
    zh = tmp_path / "talks.zh.txt"
    en.write_text("Title\n\nThe State Councilor met the envoy. They discussed cybersecurity.\n", encoding="utf-8")
    zh.write_text("标题\n\n双方会谈。\n\n國務院委員會見了特使。雙方討論了網絡安全。\n", encoding="utf-8")
    res = check_paths([en, zh], GLOSSARY)
    x = next(f for f in res.findings if f.check == "forbidden-term")
    assert (Path(x.file).name, x.line, x.column) == ("talks.zh.txt", 5, 1)
    assert x.message.endswith("use '國務委員'")          # the document is Traditional
    assert (Path(x.related[0].file).name, x.related[0].line, x.related[0].column) == ("talks.en.txt", 3, 5)
    assert Path(x.source).name == "talks.en.txt"
