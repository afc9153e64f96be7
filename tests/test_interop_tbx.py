"""TBX for older readers: TBX 2 (martif) read back by shuyu and by translate-toolkit, TBX v3 with
the LTAC ``<?xml-model?>`` lines, Chinese language codes by script, part of speech mapped."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest

from shuyu.glossaries import read_glossary, write_glossary
from shuyu.glossaries.model import tbx_pos, zh_code
from shuyu.records import Glossary, GlossaryEntry, Term

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

SIMPLIFIED = Glossary(entries=(
    GlossaryEntry("c1", (Term("State Councilor", "en", pos="n."), Term("国务委员", "zh", pos="名词"),
                         Term("国务院委员", "zh", "forbidden", note="not a title")),
                  domain="外交", definition="a post of the State Council", source="MFA style guide",
                  context="State Councilor Wang Ming spoke.\n国务委员王明发言。", note="entry note"),
    GlossaryEntry("c2", (Term("manage differences", "en", pos="v."), Term("管控分歧", "zh", pos="动词"),
                         Term("管理分歧", "zh", "deprecated"))),
), sources=("test",))
TRADITIONAL = Glossary(entries=(
    GlossaryEntry("c1", (Term("State Councilor", "en"), Term("國務委員", "zh"))),
    GlossaryEntry("c2", (Term("law enforcement", "en"), Term("執法", "zh"), Term("執法行動", "zh", "admitted"))),
    GlossaryEntry("c3", (Term("cybersecurity", "en"), Term("網絡安全", "zh"))),
))


def _terms(g: Glossary) -> list[list[tuple]]:
    return [[(t.lang, t.text, t.status, t.note) for t in e.terms] for e in g.entries]


def test_tbx2_is_martif_and_read_back_by_shuyu(tmp_path):
    out = tmp_path / "g.tbx"
    report = write_glossary(SIMPLIFIED, out, fmt="tbx2")
    text = out.read_text(encoding="utf-8")
    assert '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">' in text and '<martif type="TBX" xml:lang="en">' in text
    assert "<termEntry" in text and "<langSet" in text and "<tig>" in text and "conceptEntry" not in text
    assert '<p type="XCSURI">TBXXCSV02.xcs</p>' in text
    back = read_glossary(out)
    assert [dataclasses.replace(e, origin="") for e in back.entries] == \
        [dataclasses.replace(e, origin="", terms=tuple(dataclasses.replace(t, pos=tbx_pos(t.pos) or "") for t in e.terms))
         for e in SIMPLIFIED.entries]
    assert any("forbidden" in n for n in report.notes)


def test_tbx2_is_read_by_translate_toolkit(tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx")
    g = read_glossary(EXAMPLES / "glossary.tsv")
    out = tmp_path / "g.tbx"
    write_glossary(g, out, fmt="tbx2")
    store = tbx.tbxfile.parsefile(str(out))
    store.settargetlanguage("zh-CN")
    assert len(store.units) == len(g.entries) == 12
    seen = []
    for unit, entry in zip(store.units, g.entries):
        assert [t.text for t in unit.get_source_terms()] == [t.text for t in entry.en]
        targets = unit.get_target_terms()
        assert [t.text for t in targets] == [t.text for t in entry.zh]
        for term, mine in zip(targets, entry.zh):
            seen.append((term.text, term.administrative_status, mine.status))
            if mine.status == "forbidden":
                assert any("shuyu status: forbidden" in n.text for n in term.notes)
    assert ("国务院委员", "deprecatedTerm-admn-sts", "forbidden") in seen
    assert ("反毒品", "deprecatedTerm-admn-sts", "deprecated") in seen
    assert ("国务委员", "preferredTerm-admn-sts", "preferred") in seen


@pytest.mark.skipif(not OMEGAT_JAR.is_file(), reason="OmegaT's jar (with its TBX 2 schema) is not installed")
def test_tbx2_is_valid_against_omegats_tbx_schema(tmp_path):
    from lxml import etree

    schemas = tmp_path / "schemas"
    schemas.mkdir()
    with zipfile.ZipFile(OMEGAT_JAR) as jar:
        for name in ("tbx.xsd", "xml.xsd"):
            (schemas / name).write_bytes(jar.read(f"schemas/{name}"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    schema = etree.XMLSchema(etree.parse(str(schemas / "tbx.xsd"), parser))
    out = tmp_path / "g.tbx"
    write_glossary(read_glossary(EXAMPLES / "glossary.tsv"), out, fmt="tbx2")
    doc = etree.parse(str(out), parser)
    assert schema.validate(doc), schema.error_log


def test_tbx3_carries_the_ltac_xml_model_lines(tmp_path, shared_path):
    out = tmp_path / "g.tbx"
    write_glossary(SIMPLIFIED, out)
    head = out.read_text(encoding="utf-8").splitlines()[:4]
    assert head[1] == ('<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
                       'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
                       'schematypens="http://relaxng.org/ns/structure/1.0"?>')
    assert head[2].startswith('<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/'
                              'master/DCA/TBX-Basic_DCA.sch"') and "schematron" in head[2]
    assert head[3].startswith("<tbx ")
    rng = shared_path("formats/tbx/LTAC-TBX-Basic_dialect/TBX-Basic_dialect_1.2/DCA/"
                      "TBXcoreStructV03_TBX-Basic_integrated.rng")
    sch = shared_path("formats/tbx/LTAC-TBX-Basic_dialect/TBX-Basic_dialect_1.2/DCA/TBX-Basic_DCA.sch")
    if rng is None or sch is None:
        pytest.skip("the LTAC TBX-Basic schemas (../shared) are not here")
    from shuyu.glossaries.tbxschema import validate_rng, validate_schematron

    assert validate_rng(out, rng) == []
    assert validate_schematron(out, sch) == []


@pytest.mark.parametrize("glossary, code", [(SIMPLIFIED, "zh-CN"), (TRADITIONAL, "zh-TW")])
@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_tbx_chinese_language_code_follows_the_script(tmp_path, glossary, code, fmt):
    out = tmp_path / "g.tbx"
    write_glossary(glossary, out, fmt=fmt)
    text = out.read_text(encoding="utf-8")
    langs = {part.split('"')[0] for part in text.split('xml:lang="')[1:]}
    assert langs == {"en", code}
    assert [t.lang for e in read_glossary(out).entries for t in e.terms] == \
        [t.lang for e in glossary.entries for t in e.terms]


def test_mixed_scripts_are_labelled_simplified_and_said_so(tmp_path):
    mixed = Glossary(entries=SIMPLIFIED.entries + (
        GlossaryEntry("c9", (Term("law enforcement", "en"), Term("執法", "zh"))),))
    code, note = zh_code(mixed)
    assert code == "zh-CN" and "mix" in note
    report = write_glossary(mixed, tmp_path / "g.tbx")
    assert any("mix Simplified" in n and "labelled zh-CN" in n for n in report.notes)


@pytest.mark.parametrize("cell, value", [
    ("n", "noun"), ("n.", "noun"), ("N.", "noun"), ("noun", "noun"), ("noun phrase", "noun"), ("NP", "noun"),
    ("名词", "noun"), ("名詞", "noun"), ("名", "noun"), ("专有名词", "noun"),
    ("v", "verb"), ("v.", "verb"), ("vt.", "verb"), ("verb phrase", "verb"), ("动词", "verb"), ("動詞", "verb"),
    ("adj.", "adjective"), ("a.", "adjective"), ("形容词", "adjective"),
    ("adv.", "adverb"), ("副词", "adverb"), ("prep.", "other"), ("其他", "other"), ("", None),
])
def test_part_of_speech_is_mapped_to_tbx_values(cell, value):
    assert tbx_pos(cell) == value


def test_tbx_writes_mapped_part_of_speech_and_says_so(tmp_path):
    out = tmp_path / "g.tbx"
    report = write_glossary(SIMPLIFIED, out)
    text = out.read_text(encoding="utf-8")
    assert text.count('<termNote type="partOfSpeech">noun</termNote>') == 2
    assert text.count('<termNote type="partOfSpeech">verb</termNote>') == 2
    assert "other</termNote>" not in text
    assert any("part of speech mapped" in item and "'n.' → 'noun'" in item for item in report.lost)


def test_traditional_input_gives_traditional_codes_in_every_format(tmp_path):
    """`shuyu run` on a Traditional Chinese text: zh-TW in the TMX and the TBX, and the Taiwan codes in every
    layout made from its termbase."""
    import opencc

    from shuyu.pipeline import run

    zh = tmp_path / "dialogue.zh.txt"
    zh.write_text(opencc.OpenCC("s2t").convert((EXAMPLES / "dialogue.zh.txt").read_text(encoding="utf-8")),
                  encoding="utf-8")
    out = tmp_path / "out"
    result = run(EXAMPLES / "dialogue.en.txt", zh, out)
    assert result.alignment.zh.script == "hant"
    for name in ("alignment.tmx", "glossary.tbx"):
        text = (out / name).read_text(encoding="utf-8")
        assert 'xml:lang="zh-TW"' in text and 'xml:lang="zh-CN"' not in text and 'xml:lang="zh"' not in text
    g = read_glossary(out / "glossary.tbx")
    codes = {"tbx2": 'xml:lang="zh-TW"', "memoq-csv": "Chinese_Taiwan", "phrase-csv": "zh-TW"}
    for fmt, code in codes.items():
        target = tmp_path / f"g.{fmt}"
        write_glossary(g, target, fmt=fmt)
        assert code in target.read_text(encoding="utf-8"), fmt
