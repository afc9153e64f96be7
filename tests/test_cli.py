"""The command line: exit codes, what is printed and what is (not) written."""

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from shuyu import __version__
from shuyu.cli import main

RUN_FILES = {"alignment.xlsx", "alignment.tmx", "glossary.xlsx", "glossary.tbx"}


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def _all_commands(group=main, prefix=()):
    yield list(prefix)
    for name, cmd in getattr(group, "commands", {}).items():
        yield from _all_commands(cmd, (*prefix, name))


@pytest.mark.parametrize("command", list(_all_commands()), ids=lambda c: " ".join(c) or "shuyu")
def test_help_everywhere(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


@pytest.fixture(scope="module")
def example_run(tmp_path_factory, example_paths):
    out = tmp_path_factory.mktemp("run") / "out"
    result = invoke("run", *example_paths, "-o", out)
    return result, out


def test_run_writes_the_four_files(example_run):
    result, out = example_run
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == RUN_FILES
    assert "Wrote:" in result.output
    assert "beads" in result.output and "term pairs" in result.output


def test_run_tmx_has_one_tu_per_two_sided_bead(example_run):
    import pandas as pd

    _, out = example_run
    tus = list(ET.parse(out / "alignment.tmx").getroot().iter("tu"))
    sheet = pd.read_excel(out / "alignment.xlsx", sheet_name="Alignment")
    two_sided = sheet[~sheet["Type"].str.contains(r"^0-|-0$")]
    assert len(tus) == len(two_sided) > 10  # a 1-0 / 0-1 bead is no TMX unit (a CAT tool would apply its empty side)
    assert [int(tu.get("tuid")) for tu in tus] == list(two_sided["#"])  # tuid is the sheet's bead number
    kinds = set(sheet["Type"])
    assert "1-1" in kinds
    assert "2-1" in kinds  # the Chinese merges two English sentences
    assert "1-0" in kinds  # one English sentence has no Chinese counterpart


@pytest.mark.parametrize("en, zh", [
    ("State Councilor", "国务委员"),
    ("counter-narcotics", "禁毒"),
    ("human community of shared destiny", "人类命运共同体"),
    ("Minister of Public Security", "公安部部长"),
])
def test_run_glossary_has_key_terms(example_run, en, zh):
    import openpyxl

    _, out = example_run
    ws = openpyxl.load_workbook(out / "glossary.xlsx").worksheets[0]
    header = [c.value for c in ws[1]]
    en_col, zh_col = header.index("English"), header.index("Chinese")
    pairs = {(str(r[en_col]).lower(), r[zh_col]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert (en.lower(), zh) in pairs
    tbx = (out / "glossary.tbx").read_text(encoding="utf-8")
    assert zh in tbx


def test_run_terms_are_unreviewed_candidates(example_run):
    """Nothing mined is preferred until a reviewer accepts it (issue 9)."""
    import openpyxl

    _, out = example_run
    ws = openpyxl.load_workbook(out / "glossary.xlsx")["Terms"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["English", "Chinese", "Accept", "Status"]
    assert all(r[2] is None and r[3] is None for r in ws.iter_rows(min_row=2, values_only=True))
    tbx = (out / "glossary.tbx").read_text(encoding="utf-8")
    assert "administrativeStatus" not in tbx and "unreviewed term candidate" in tbx


def _bad_inputs(tmp_path, example_paths):
    en, zh = example_paths
    empty = tmp_path / "empty.en.txt"
    empty.write_text("")
    binary = tmp_path / "blob.zh.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    return {
        "missing file": ([tmp_path / "nope.en.txt", zh], "nope.en.txt"),
        "empty file": ([empty, zh], "empty.en.txt"),
        "binary file": ([en, binary], "blob.zh.txt"),
        "languages swapped": ([zh, en], "dialogue.zh.txt"),
    }


@pytest.mark.parametrize("case", ["missing file", "empty file", "binary file", "languages swapped"])
def test_run_bad_input(tmp_path, example_paths, case):
    files, named = _bad_inputs(tmp_path, example_paths)[case]
    out = tmp_path / "out"
    result = invoke("run", *files, "-o", out)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:"), result.output
    assert named in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_run_unwritable_output(tmp_path, example_paths):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("run", *example_paths, "-o", blocker / "out")
    assert result.exit_code == 2
    assert "shuyu: error:" in result.output and "out" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("ext", ["tmx", "tsv", "jsonl", "beads", "xlsx"])
def test_align_formats(tmp_path, example_paths, ext):
    out = tmp_path / f"a.{ext}"
    result = invoke("align", *example_paths, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 0
    assert "beads" in result.output


def test_align_unknown_format_writes_nothing(tmp_path, example_paths):
    result = invoke("align", *example_paths, "-o", tmp_path / "a.pdf")
    assert result.exit_code == 2
    assert "unknown alignment output format" in result.output
    assert list(tmp_path.iterdir()) == []


def test_align_batch(tmp_path, example_paths):
    src = tmp_path / "src"
    src.mkdir()
    for i in range(2):
        for p, lang in zip(example_paths, ("en", "zh")):
            (src / f"doc{i}.{lang}.txt").write_bytes(p.read_bytes())
    result = invoke("align", "--batch", src, "-o", tmp_path / "out", "--format", "jsonl", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc0.jsonl", "doc1.jsonl", "shuyu-batch.jsonl"]


def test_eval_files_and_json(tmp_path):
    gold = tmp_path / "g.gold"
    hyp = tmp_path / "h.beads"
    gold.write_text("[0]:[0]\n[1, 2]:[1]\n[3]:[]\n")
    hyp.write_text("[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n")
    result = invoke("eval", gold, hyp)
    assert result.exit_code == 0, result.output
    assert "strict" in result.output
    result = invoke("eval", gold, hyp, "--json")
    import json

    data = json.loads(result.output)
    assert data["documents"] == 1


def test_eval_malformed(tmp_path):
    gold = tmp_path / "g.gold"
    gold.write_text("[0]:[0]\nnot a bead\n")
    result = invoke("eval", gold, gold)
    assert result.exit_code == 2
    assert "g.gold" in result.output and "2" in result.output


def test_run_traditional_big5(tmp_path, example_paths):
    """Traditional Chinese in Big5 aligns like the Simplified original; outputs show the original text."""
    import opencc

    en, zh = example_paths
    hant = opencc.OpenCC("s2t").convert(zh.read_text(encoding="utf-8"))
    zh_big5 = tmp_path / "dialogue.zh-hant.txt"
    zh_big5.write_bytes(hant.encode("big5"))
    out = tmp_path / "out"
    result = invoke("run", en, zh_big5, "-o", out)
    assert result.exit_code == 0, result.output
    assert "hant" in result.output
    tmx = (out / "alignment.tmx").read_text(encoding="utf-8")
    assert 'xml:lang="zh-TW"' in tmx
    assert "國務委員" in tmx and "国务委员" not in tmx
    tbx = (out / "glossary.tbx").read_text(encoding="utf-8")
    assert "<term>國務委員</term>" in tbx and "<term>国务委员</term>" not in tbx  # mined terms as written
    simplified = invoke("align", en, zh, "-o", tmp_path / "s.beads")
    traditional = invoke("align", en, zh_big5, "-o", tmp_path / "t.beads")
    assert simplified.exit_code == traditional.exit_code == 0
    assert (tmp_path / "s.beads").read_text() == (tmp_path / "t.beads").read_text()


def test_align_wildly_different_lengths_warns_but_writes(tmp_path):
    en = tmp_path / "ten.en.txt"
    zh = tmp_path / "many.zh.txt"
    en.write_text("\n".join(f"Paragraph {i} of the statement is short." for i in range(10)), encoding="utf-8")
    zh.write_text("\n".join(f"这是声明的第{i}段。" for i in range(300)), encoding="utf-8")
    out = tmp_path / "a.beads"
    result = invoke("align", en, zh, "-o", out)
    assert result.exit_code == 0, result.output
    assert "warning: the documents differ a lot in length (10 English vs 300 Chinese" in result.output
    beads = out.read_text().splitlines()
    covered_zh = sum(len(b.split(":")[1].strip("[]").split(",")) for b in beads if b.split(":")[1] != "[]")
    assert covered_zh == 300  # every Chinese sentence is in exactly one bead


def test_example_matches_its_hand_made_gold(tmp_path, example_paths):
    """The bundled example's gold beads (written with the example) are found exactly."""
    gold = example_paths[0].parent / "dialogue.gold"
    out = tmp_path / "d.beads"
    assert invoke("align", *example_paths, "-o", out).exit_code == 0
    result = invoke("eval", gold, out, "--json")
    import json

    scores = json.loads(result.output)
    assert scores["documents"] == 1
    assert out.read_text() == gold.read_text()


def test_readme_check_example(tmp_path, example_paths):
    """The README's check example: the bundled pair passes its glossary; a forbidden variant fails."""
    en, zh = example_paths
    glossary = en.parent / "glossary.tsv"
    ok = invoke("check", "--glossary", glossary, en, zh)
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "bad.zh.txt"
    bad.write_text(zh.read_text(encoding="utf-8").replace("国务委员、公安部部长", "国务院委员、公安部部长"), encoding="utf-8")
    result = invoke("check", "--glossary", glossary, en, bad)
    assert result.exit_code == 1
    assert "error forbidden-term '国务院委员' is forbidden for 'State Councilor'; use '国务委员'" in result.output


def _robustness_cases(tmp_path, example_paths):
    en, zh = example_paths
    (tmp_path / "dir.tmx").mkdir()
    (tmp_path / "rd" / "glossary.tbx").mkdir(parents=True)
    data = tmp_path / "data.tsv"
    data.write_text("en\tzh\nThe State Councilor spoke.\t国务委员讲话。\n", encoding="utf-8")
    nolang = tmp_path / "nolang.tmx"
    nolang.write_text('<?xml version="1.0"?><tmx version="1.4"><header/><body><tu><tuv><seg>Hi.</seg></tuv>'
                      "<tuv><seg>你好。</seg></tuv></tu></body></tmx>", encoding="utf-8")
    glossary = en.parent / "glossary.tsv"
    return {
        "output is a folder": (["align", en, zh, "-o", tmp_path / "dir.tmx"], "is a folder"),
        "run output is a folder": (["run", en, zh, "-o", tmp_path / "rd"], "glossary.tbx"),
        "negative jobs": (["align", "--batch", tmp_path, "-o", tmp_path / "o", "-j", "-3"], "--jobs"),
        "negative top": (["mine", en, zh, "-o", tmp_path / "m.csv", "--top", "-1"], "--top"),
        "output overwrites input": (["check", "--glossary", glossary, "-o", data, data], "overwrite an input"),
        "nothing to check": (["check", "--glossary", glossary, nolang], "no English-Chinese segment pairs"),
        "directory as document": (["align", tmp_path, zh, "-o", tmp_path / "x.tsv"], "directory"),
        "unknown command": (["frobnicate"], "No such command"),
    }


@pytest.mark.parametrize("case", ["output is a folder", "run output is a folder", "negative jobs", "negative top",
                                  "output overwrites input", "nothing to check", "directory as document",
                                  "unknown command"])
def test_bad_usage_is_one_line_exit_2(tmp_path, example_paths, case):
    args, expected = _robustness_cases(tmp_path, example_paths)[case]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:"), result.output
    assert expected in lines[0]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written, nothing overwritten


def test_eval_refuses_an_empty_bead_file(tmp_path):
    gold = tmp_path / "g.gold"
    gold.write_text("[0]:[0]\n")
    empty = tmp_path / "h.beads"
    empty.write_text("")
    result = invoke("eval", gold, empty)
    assert result.exit_code == 2
    assert "h.beads: no beads in this file" in result.output
