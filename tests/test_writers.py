"""Every alignment output format passes the same cases: one record per bead,
text kept exactly, formula-like text stays text, unknown format refused."""

import json
import xml.etree.ElementTree as ET

import pytest

from shuyu.aligner.writers import WRITERS, write_alignment
from shuyu.errors import UsageError
from shuyu.records import Alignment, Bead, Document, Paragraph, Sentence


def _doc(lang, texts, script="latin"):
    sents, start = [], 0
    for i, t in enumerate(texts):
        sents.append(Sentence(i, t, t, start, start + len(t), 0))
        start += len(t) + 1
    text = "\n".join(texts)
    return Document(f"mem.{lang}", lang, text, "utf-8", (Paragraph(0, text, 0, len(text)),), tuple(sents), script)


EN = ["=SUM(A1) is not a formula.", "Tabs\tand quotes \" & <tags>.", "\"Quoted\" start,\u3000kept\ufffe."]
ZH = ["=SUM(A1)不是公式。", "制表符和引号\"&<标签>。"]
BEADS = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.3), Bead((2,), (), 0.2))


@pytest.fixture
def alignment():
    return Alignment(_doc("en", EN), _doc("zh", ZH, "hans"), BEADS, (("aligner", "test"),))


def _read_tmx(path):
    root = ET.parse(path).getroot()
    out = []
    for tu in root.iter("tu"):
        segs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang"): (tuv.findtext("seg") or "")
                for tuv in tu.iter("tuv")}
        out.append((segs.get("en", ""), segs.get("zh-CN", "")))
    return out


def _read_tsv(path):
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0][:2] == ["english", "chinese"]
    return [tuple(row[:2]) for row in rows[1:]]


def _read_jsonl(path):
    return [(r["en"], r["zh"]) for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())]


def _read_xlsx(path):
    import openpyxl

    ws = openpyxl.load_workbook(path)["Alignment"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert ws["B2"].data_type == "s"  # formula-like text stays text
    return [(r[1] or "", r[2] or "") for r in rows]


def _read_beads(path):
    return [tuple(line.split(":")) for line in path.read_text().splitlines()]


READERS = {"tmx": _read_tmx, "tmx-bitext": _read_tmx, "tsv": _read_tsv, "jsonl": _read_jsonl, "xlsx": _read_xlsx, "beads": _read_beads}


def test_every_writer_has_a_test_reader():
    assert set(READERS) == set(WRITERS)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_one_record_per_bead(fmt, alignment, tmp_path):
    path = tmp_path / f"out.{fmt}"
    assert write_alignment(alignment, path) == fmt
    rows = READERS[fmt](path)
    if fmt == "tmx":  # for CAT tools: the 1-0 bead is no unit (its empty side would replace the sentence)
        assert rows == [(EN[0], ZH[0]), (EN[1], ZH[1])]
        return
    assert len(rows) == len(BEADS)
    if fmt == "beads":
        assert rows == [("[0]", "[0]"), ("[1]", "[1]"), ("[2]", "[]")]
    elif fmt == "tsv":
        assert rows[1] == ('Tabs and quotes " & <tags>.', '制表符和引号"&<标签>。')
    else:
        assert rows[0] == (EN[0], ZH[0])
        assert rows[1] == (EN[1], ZH[1])
        assert rows[2] == (EN[2].replace("\ufffe", "") if fmt in ("tmx-bitext", "xlsx") else EN[2], "")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary leftovers


def test_tmx_header_and_props(alignment, tmp_path):
    path = tmp_path / "a.tmx"
    write_alignment(alignment, path)
    root = ET.parse(path).getroot()
    assert root.get("version") == "1.4"
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    props = [{p.get("type"): p.text for p in tu.findall("prop")} for tu in root.iter("tu")]
    assert [p["x-shuyu-bead"] for p in props] == ["1-1", "1-1"]  # the 1-0 bead: see tmx-bitext
    assert props[1]["x-shuyu-confidence"] == "0.300"


def test_tmx_valid_against_dtd_when_available(alignment, tmp_path, shared_path):
    lxml = pytest.importorskip("lxml.etree")

    dtd_path = shared_path("formats/tmx/tmx14.dtd")
    if dtd_path is None:
        pytest.skip("TMX DTD from ../shared not present")
    path = tmp_path / "a.tmx"
    write_alignment(alignment, path)
    dtd = lxml.DTD(str(dtd_path))
    doc = lxml.parse(str(path), lxml.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()


def test_xlsx_review_sheet(alignment, tmp_path):
    import openpyxl
    import pandas as pd

    path = tmp_path / "a.xlsx"
    write_alignment(alignment, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Alignment"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert [c.value for c in ws[1]][:5] == ["#", "English", "Chinese", "Confidence", "Type"]
    assert ws.conditional_formatting  # low-confidence highlight
    assert "About" in wb.sheetnames
    frame = pd.read_excel(path, sheet_name="Alignment")
    assert list(frame["Type"]) == ["1-1", "1-1", "1-0"]


@pytest.mark.parametrize("name", ["out.docx", "out", "out.TMX2"])
def test_unknown_format_refused(alignment, tmp_path, name):
    with pytest.raises(UsageError, match="unknown alignment output format"):
        write_alignment(alignment, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_outputs_get_normal_file_mode(alignment, tmp_path):
    """Atomic writes must not leave mkstemp's private 0600 mode on the result."""
    import os

    umask = os.umask(0o022)
    try:
        path = tmp_path / "a.tmx"
        write_alignment(alignment, path)
        assert path.stat().st_mode & 0o777 == 0o644
        os.chmod(path, 0o664)
        write_alignment(alignment, path)  # overwriting keeps the existing mode
        assert path.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(umask)


def test_jsonl_with_unicode_line_separators_reads_back(tmp_path):
    from shuyu.bitext import read_segment_pairs

    en = ["First line\u2028still the first sentence.", "Second\u0085sentence."]
    zh = ["第一句\u2029仍是第一句。", "第二句。"]
    a = Alignment(_doc("en", en), _doc("zh", zh, "hans"), (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8)))
    path = tmp_path / "a.jsonl"
    write_alignment(a, path)
    assert [(p.en, p.zh) for p in read_segment_pairs(path)] == list(zip(en, zh))
