"""TMX for CAT tools: no unit for a one-sided bead (its empty side would be applied), units of
several sentences marked ``segtype="block"``, valid TMX 1.4b, read by translate-toolkit and by
shuyu itself; ``--format tmx-bitext`` keeps every bead.  (OmegaT itself: test_interop_omegat.py.)"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from shuyu.aligner.writers import write_alignment
from shuyu.cli import main
from shuyu.records import Alignment, Bead, Document, Paragraph, Sentence

DTD = Path(__file__).resolve().parent / "fixtures" / "interop" / "tmx14.dtd"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _doc(lang: str, texts: list[str], script: str = "latin") -> Document:
    sents, start = [], 0
    for i, t in enumerate(texts):
        sents.append(Sentence(i, t, t, start, start + len(t), 0))
        start += len(t) + 1
    text = "\n".join(texts)
    return Document(f"mem.{lang}", lang, text, "utf-8", (Paragraph(0, text, 0, len(text)),), tuple(sents), script)


EN = ["China and Canada held a dialogue.", "It was the third one.", "Customs seized 2.5 tonnes.", "Both agreed."]
ZH = ["中加举行第三次对话。", "双方同意。", "新华社电"]
BEADS = (Bead((0, 1), (0,), 0.9), Bead((2,), (), 0.3), Bead((3,), (1,), 0.95), Bead((), (2,), 0.2))


def _alignment(script: str = "hans", zh=ZH) -> Alignment:
    return Alignment(_doc("en", EN), _doc("zh", zh, script), BEADS, (("aligner", "test"),))


def _units(path: Path) -> list[dict]:
    root = ET.parse(path).getroot()
    out = []
    for tu in root.iter("tu"):
        out.append({"tuid": tu.get("tuid"), "segtype": tu.get("segtype"),
                    "props": {p.get("type"): p.text for p in tu.findall("prop")},
                    "segs": {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}})
    return out


# format, units (tuid, segtype, languages)
CASES = [
    ("tmx", [("1", "block", {"en", "zh-CN"}), ("3", None, {"en", "zh-CN"})]),
    ("tmx-bitext", [("1", "block", {"en", "zh-CN"}), ("2", None, {"en"}), ("3", None, {"en", "zh-CN"}),
                    ("4", None, {"zh-CN"})]),
]


@pytest.mark.parametrize("fmt, expected", CASES)
def test_tmx_units(tmp_path, fmt, expected):
    path = tmp_path / "a.tmx"
    assert write_alignment(_alignment(), path, fmt) == fmt
    units = _units(path)
    assert [(u["tuid"], u["segtype"], set(u["segs"])) for u in units] == expected
    assert all(text for u in units for text in u["segs"].values())  # never an empty <seg>
    header = ET.parse(path).getroot().find("header")
    assert header.get("segtype") == "sentence"
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props["x-shuyu-one-sided-beads"].startswith("2 ")
    if fmt == "tmx-bitext":
        assert units[1]["props"]["x-shuyu-unaligned"] == "no zh counterpart"
        assert units[3]["props"]["x-shuyu-unaligned"] == "no en counterpart"


@pytest.mark.parametrize("fmt", ["tmx", "tmx-bitext"])
def test_tmx_is_valid_tmx_14b(tmp_path, fmt):
    from lxml import etree

    path = tmp_path / "a.tmx"
    write_alignment(_alignment(), path, fmt)
    dtd = etree.DTD(str(DTD))
    doc = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()


@pytest.mark.parametrize("fmt", ["tmx", "tmx-bitext"])
def test_tmx_is_read_by_translate_toolkit_and_by_shuyu(tmp_path, fmt):
    from translate.storage import tmx

    from shuyu.bitext import read_segment_pairs

    path = tmp_path / "a.tmx"
    write_alignment(_alignment(), path, fmt)
    store = tmx.tmxfile.parsefile(str(path))
    two_sided = [(u.source, u.target) for u in store.units if u.source and u.target]
    assert two_sided == [("China and Canada held a dialogue. It was the third one.", "中加举行第三次对话。"),
                         ("Both agreed.", "双方同意。")]
    pairs = read_segment_pairs(path, one_sided=True)
    assert len(pairs) == (2 if fmt == "tmx" else 4)
    assert [(p.en, p.zh) for p in pairs if p.en and p.zh] == two_sided


def test_traditional_chinese_is_zh_tw(tmp_path):
    path = tmp_path / "a.tmx"
    write_alignment(_alignment("hant", ["中加舉行第三次對話。", "雙方同意。", "新華社電"]), path)
    assert {lang for u in _units(path) for lang in u["segs"]} == {"en", "zh-TW"}


def test_cli_tmx_bitext_and_batch_refusal(tmp_path):
    out = tmp_path / "full.tmx"
    result = CliRunner().invoke(main, ["align", str(EXAMPLES / "dialogue.en.txt"), str(EXAMPLES / "dialogue.zh.txt"),
                                       "--format", "tmx-bitext", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert any("x-shuyu-unaligned" in str(u["props"]) for u in _units(out))
    batch = tmp_path / "docs"
    batch.mkdir()
    result = CliRunner().invoke(main, ["align", "--batch", str(batch), "--format", "tmx-bitext", "-o",
                                       str(tmp_path / "o")])
    assert result.exit_code == 2 and "tmx-bitext is for one document pair" in result.output
