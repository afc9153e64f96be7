"""OmegaT, the real client: its console translation applies shuyu's TMX, and its TBX
glossary reader reads shuyu's TBX 2.

Skipped when OmegaT is not installed (Debian: ``apt-get install omegat``; ``.ci/run``
installs it when ``SHUYU_CI_OMEGAT=1``).  Each OmegaT run gets its own project folder
and HOME, so nothing outside ``tmp_path`` is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from shuyu.aligner.align import align
from shuyu.aligner.lexicon import load_lexicon
from shuyu.aligner.readers import read_document
from shuyu.aligner.writers import write_alignment
from shuyu.glossaries import read_glossary, write_glossary
from shuyu.records import Glossary, GlossaryEntry, Term

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interop"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

needs_omegat = pytest.mark.skipif(shutil.which("omegat") is None or shutil.which("java") is None,
                                  reason="OmegaT is not installed (apt-get install omegat)")
needs_omegat_jar = pytest.mark.skipif(not OMEGAT_JAR.is_file() or shutil.which("java") is None,
                                      reason="OmegaT's jar is not installed (apt-get install omegat)")

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>EN</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _project(folder: Path, target: str = "ZH-CN") -> Path:
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "omegat.project").write_text(PROJECT.format(target=target), encoding="utf-8")
    return folder


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**os.environ, "HOME": str(home), "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true"}


@pytest.fixture(scope="module")
def example_alignment():
    en = read_document(EXAMPLES / "dialogue.en.txt", "en")
    zh = read_document(EXAMPLES / "dialogue.zh.txt", "zh")
    return align(en, zh, lexicon=load_lexicon(()))


def _console_translate(tmp_path: Path, alignment, fmt: str) -> str:
    project = _project(tmp_path / "project")
    shutil.copy(EXAMPLES / "dialogue.en.txt", project / "source" / "dialogue.en.txt")
    write_alignment(alignment, project / "tm" / "auto" / "alignment.tmx", fmt)
    done = subprocess.run(["omegat", str(project), "--mode=console-translate"], capture_output=True, text=True,
                          timeout=300, env=_env(tmp_path))
    target = project / "target" / "dialogue.en.txt"
    assert target.is_file(), done.stdout[-2000:] + done.stderr[-2000:]
    return target.read_text(encoding="utf-8")


@needs_omegat
@pytest.mark.parametrize("fmt", ["tmx", "tmx-bitext"])
def test_omegat_console_translation_loses_no_sentence(tmp_path, example_alignment, fmt):
    """Every English sentence is in the target document, translated by its 1-1 bead or left as it is;
    none is replaced by an empty string (what an empty <seg> did)."""
    a = example_alignment
    kinds = {b.kind for b in a.beads}
    assert {"1-1", "1-0", "2-1"} <= kinds  # the example has the beads that matter
    target = _console_translate(tmp_path, a, fmt)
    for bead in a.beads:
        en, zh = a.texts(bead)
        if bead.kind == "1-1":
            assert zh in target, f"1-1 bead not applied: {en!r} -> {zh!r}"
            continue
        for i in bead.en:  # one-sided and multi-sentence units are not applied: the English stays
            sentence = a.en.sentences[i].text
            assert sentence in target, f"sentence lost from a {bead.kind} bead: {sentence!r}"
    assert "Canadian customs seized 2.5 tonnes of precursor chemicals last year." in target


def _read_tbx_with_omegat(tmp_path: Path, tbx: Path, target: str) -> list[str]:
    project = _project(tmp_path / f"project-{target}", target)
    done = subprocess.run(["java", "-cp", str(OMEGAT_JAR), str(FIXTURES / "ReadTbx.java"), str(project), str(tbx)],
                          capture_output=True, text=True, timeout=300, env=_env(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.splitlines()


@needs_omegat_jar
def test_omegat_reads_tbx2_with_every_term_and_status(tmp_path):
    g = read_glossary(EXAMPLES / "glossary.tsv")
    tbx = tmp_path / "glossary.tbx"
    write_glossary(g, tbx, fmt="tbx2")
    lines = _read_tbx_with_omegat(tmp_path, tbx, "ZH-CN")
    assert lines[-1] == f"entries: {len(g.entries)}"
    rows = [line.split("\t") for line in lines[:-1]]
    got = {(en, zh) for en, zh, _comment in rows}
    assert got == {(e.en[0].text, e.zh[0].text) for e in g.entries}
    forbidden = next(c for en, zh, c in rows if zh == "国务院委员")
    assert "shuyu status: forbidden" in forbidden and "deprecatedTerm-admn-sts" in forbidden


@needs_omegat_jar
def test_omegat_cannot_read_tbx3_which_is_why_tbx2_exists(tmp_path):
    tbx = tmp_path / "glossary.tbx"
    write_glossary(read_glossary(EXAMPLES / "glossary.tsv"), tbx, fmt="tbx")
    project = _project(tmp_path / "project")
    done = subprocess.run(["java", "-cp", str(OMEGAT_JAR), str(FIXTURES / "ReadTbx.java"), str(project), str(tbx)],
                          capture_output=True, text=True, timeout=300, env=_env(tmp_path))
    assert done.returncode != 0 and "unexpected element" in done.stderr


@needs_omegat_jar
def test_omegat_finds_traditional_terms_in_a_zh_tw_project(tmp_path):
    g = Glossary(entries=(GlossaryEntry("c1", (Term("State Councilor", "en"), Term("國務委員", "zh"))),
                          GlossaryEntry("c2", (Term("law enforcement", "en"), Term("執法", "zh"))),
                          GlossaryEntry("c3", (Term("cybersecurity", "en"), Term("網絡安全", "zh")))))
    tbx = tmp_path / "traditional.tbx"
    write_glossary(g, tbx, fmt="tbx2")
    assert 'xml:lang="zh-TW"' in tbx.read_text(encoding="utf-8")
    lines = _read_tbx_with_omegat(tmp_path, tbx, "ZH-TW")
    assert lines[-1] == "entries: 3" and "國務委員" in "\n".join(lines)
