"""`shuyu check` through the command line: findings, report formats, exit codes,
baselines, check selection, documents aligned on the fly, and bad input."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from shuyu.cli import main

CHECK_IDS = {"term-missing": "error", "forbidden-term": "error", "inconsistent-translation": "warning",
             "number-mismatch": "warning"}

GLOSSARY = [
    ("English", "Chinese", "Status"),
    ("State Councilor", "国务委员", "preferred"),
    ("State Councilor", "国务院委员", "forbidden"),
    ("counter-narcotics", "禁毒", "preferred"),
    ("counter-narcotics", "缉毒", "deprecated"),
    ("cybersecurity", "网络安全", "preferred"),
    ("cybersecurity", "网络空间安全", "admitted"),
]

CLEAN_ROWS = [
    ("State Councilor Wang Ming spoke at the opening.", "国务委员王明在开幕式上讲话。"),
    ("Cybersecurity matters to both sides.", "网络安全对双方都很重要。"),
    ("They agreed to deepen cybersecurity cooperation.", "他们同意深化网络安全合作。"),
    ("The counter-narcotics talks were fruitful.", "禁毒会谈富有成果。"),
    ("Canadian customs seized 2.5 tonnes of chemicals.", "加拿大海关查获2.5吨化学品。"),
]

# (English, Chinese, the finding it plants or None); the header is line 1
VIOLATION_ROWS = [
    ("State Councilor Wang Ming spoke.", "国务委员王明讲话。", None),
    ("State Councilor Wang Ming arrived.", "国务院委员王明抵达。", ("error", "forbidden-term")),
    ("The counter-narcotics talks began.", "会谈开始了。", ("error", "term-missing")),
    ("They discussed counter-narcotics work.", "他们讨论了缉毒工作。", ("warning", "forbidden-term")),
    ("About 40 officials attended.", "约50名官员出席。", ("warning", "number-mismatch")),
    ("Cybersecurity matters to both sides.", "网络安全对双方都很重要。", None),
    ("They agreed to deepen cybersecurity cooperation.", "他们同意深化网络安全合作。", None),
    ("Cybersecurity is a shared priority.", "网络空间安全是共同的优先事项。", ("warning", "inconsistent-translation")),
]
EXPECTED = {(n, *planted) for n, (_, _, planted) in enumerate(VIOLATION_ROWS, start=2) if planted}
WARNING_ONLY_ROWS = [r for r in VIOLATION_ROWS if r[2] is None or r[2][0] == "warning"]

FINDING_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<severity>error|warning|info) "
                        r"(?P<check>[a-z-]+) ")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:"), result.output
    assert "Traceback" not in result.output
    return lines[0]


def findings(result, path=None) -> set[tuple[int, str, str]]:
    """(line, severity, check) of every finding line of a text report on stdout."""
    out = set()
    for line in result.stdout.splitlines():
        m = FINDING_RE.match(line)
        if m:
            if path is not None:
                assert m["file"] == str(path), line
            out.add((int(m["line"]), m["severity"], m["check"]))
    return out


def write_tsv(path, rows):
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_segments(path, rows):
    return write_tsv(path, [("English", "Chinese")] + [r[:2] for r in rows])


def write_glossary(folder, ext):
    path = folder / f"glossary.{ext}"
    if ext == "tsv":
        return write_tsv(path, GLOSSARY)
    import openpyxl

    wb = openpyxl.Workbook()
    for row in GLOSSARY:
        wb.active.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def glossary(tmp_path):
    return write_glossary(tmp_path, "tsv")


@pytest.fixture
def violations(tmp_path):
    return write_segments(tmp_path / "segments.tsv", VIOLATION_ROWS)


# ----------------------------------------------------------------------- --list-checks
@pytest.mark.parametrize("check_id", list(CHECK_IDS))
def test_list_checks(check_id):
    result = invoke("check", "--list-checks")
    assert result.exit_code == 0, result.output
    assert f"{check_id} ({CHECK_IDS[check_id]})" in result.stdout.splitlines()


def test_list_checks_describes_each():
    result = invoke("check", "--list-checks")
    blocks = [b for b in result.stdout.split("\n\n") if b.strip()]
    for check_id in CHECK_IDS:
        block = next((b for b in blocks if b.startswith(check_id + " ")), "")
        assert len(block.split()) > 10, (check_id, block)  # the description is shown too


# ----------------------------------------------------------------------- findings and exit codes
@pytest.mark.parametrize("ext", ["tsv", "xlsx"])
def test_planted_violations(tmp_path, violations, ext):
    result = invoke("check", "-g", write_glossary(tmp_path, ext), violations)
    assert result.exit_code == 1, result.output
    assert findings(result, violations) == EXPECTED


def test_summary_goes_to_stderr(glossary, violations):
    result = invoke("check", "-g", glossary, violations)
    assert "2 errors, 3 warnings" in result.stdout
    assert "8 segment pairs" in result.stderr, result.stderr  # one pair a row below the header
    assert "segment pairs" not in result.stdout


@pytest.mark.parametrize("ext", ["tsv", "xlsx"])
def test_clean_file(tmp_path, ext):
    clean = write_segments(tmp_path / "clean.tsv", CLEAN_ROWS)
    result = invoke("check", "-g", write_glossary(tmp_path, ext), clean)
    assert result.exit_code == 0, result.output
    assert findings(result) == set()
    assert "no findings" in result.stdout


def test_folder_of_bilingual_files(tmp_path, glossary):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_segments(folder / "a.tsv", CLEAN_ROWS)
    bad = write_segments(folder / "b.tsv", VIOLATION_ROWS)
    result = invoke("check", "-g", glossary, folder)
    assert result.exit_code == 1, result.output
    assert findings(result, bad) == EXPECTED


@pytest.mark.parametrize("fail_on, code", [(None, 0), ("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_with_warnings_only(tmp_path, glossary, fail_on, code):
    seg = write_segments(tmp_path / "warn.tsv", WARNING_ONLY_ROWS)
    args = ["--fail-on", fail_on] if fail_on else []
    result = invoke("check", "-g", glossary, seg, *args)
    assert result.exit_code == code, result.output
    found = findings(result)
    assert found and {sev for _, sev, _ in found} == {"warning"}


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("never", 0)])
def test_fail_on_with_errors(glossary, violations, fail_on, code):
    result = invoke("check", "-g", glossary, violations, "--fail-on", fail_on)
    assert result.exit_code == code, result.output


# ----------------------------------------------------------------------- selecting checks
@pytest.mark.parametrize("check_id", list(CHECK_IDS))
def test_disable(glossary, violations, check_id):
    result = invoke("check", "-g", glossary, violations, "--disable", check_id)
    assert findings(result) == {f for f in EXPECTED if f[2] != check_id}


@pytest.mark.parametrize("check_id", list(CHECK_IDS))
def test_enable_only(glossary, violations, check_id):
    result = invoke("check", "-g", glossary, violations, "--enable", check_id)
    assert findings(result) == {f for f in EXPECTED if f[2] == check_id}


def test_disable_term_missing_changes_exit_code(tmp_path, glossary):
    seg = write_segments(tmp_path / "missing.tsv", [VIOLATION_ROWS[2]])
    assert invoke("check", "-g", glossary, seg).exit_code == 1
    result = invoke("check", "-g", glossary, seg, "--disable", "term-missing")
    assert result.exit_code == 0, result.output
    assert "term-missing" not in result.stdout


# ----------------------------------------------------------------------- report formats
def _parse_json(text):
    doc = json.loads(text)
    return {(f["line"], f["severity"], f["check"]) for f in doc["findings"]}


def _parse_junit(text):
    """Findings of a JUnit report: failures (at or above --fail-on) and the system-out of each case."""
    root = ET.fromstring(text.encode("utf-8"))
    out = set()
    for case in root.iter("testcase"):
        for el in [*case.findall("failure"), *case.findall("system-out")]:
            for block in el.text.split("\n\n"):
                m = FINDING_RE.match(block)
                assert m, block
                out.add((int(m["line"]), m["severity"], m["check"]))
                if el.tag == "failure":
                    assert m["severity"] == "error"   # the default --fail-on
    return out


def _parse_sarif(text):
    doc = json.loads(text)
    assert doc["version"] == "2.1.0"
    level = {"error": "error", "warning": "warning", "note": "info"}
    return {(r["locations"][0]["physicalLocation"]["region"]["startLine"], level[r["level"]], r["ruleId"])
            for r in doc["runs"][0]["results"]}


def _parse_github(text):
    out = set()
    for line in text.splitlines():
        m = re.match(r"^::(error|warning|notice) file=([^,]+),line=(\d+)(?:,endLine=\d+,col=\d+,endColumn=\d+)?,"
                     r"title=shuyu ([a-z-]+)::.+", line)
        assert m, line
        out.add((int(m[3]), {"notice": "info"}.get(m[1], m[1]), m[4]))
    return out


PARSERS = {"json": _parse_json, "junit": _parse_junit, "sarif": _parse_sarif, "github": _parse_github}


@pytest.mark.parametrize("fmt", list(PARSERS))
def test_report_formats(glossary, violations, fmt):
    result = invoke("check", "-g", glossary, violations, "--format", fmt)
    assert result.exit_code == 1, result.output
    assert PARSERS[fmt](result.stdout) == EXPECTED


@pytest.mark.parametrize("fmt", list(PARSERS))
def test_report_formats_when_clean(tmp_path, glossary, fmt):
    clean = write_segments(tmp_path / "clean.tsv", CLEAN_ROWS)
    result = invoke("check", "-g", glossary, clean, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert PARSERS[fmt](result.stdout) == set()


@pytest.mark.parametrize("fmt", ["text"] + list(PARSERS))
def test_output_file(tmp_path, glossary, violations, fmt):
    report = tmp_path / "reports" / f"report.{fmt}"
    report.parent.mkdir()
    result = invoke("check", "-g", glossary, violations, "--format", fmt, "--output", report)
    assert result.exit_code == 1, result.output
    assert report.is_file()
    text = report.read_text(encoding="utf-8")
    assert "forbidden-term" not in result.stdout  # the report went to the file, not to stdout
    if fmt == "text":
        assert {(int(m["line"]), m["severity"], m["check"])
                for m in map(FINDING_RE.match, text.splitlines()) if m} == EXPECTED
    else:
        assert PARSERS[fmt](text) == EXPECTED


def test_sarif_lists_every_rule(glossary, violations):
    doc = json.loads(invoke("check", "-g", glossary, violations, "-f", "sarif").stdout)
    rules = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert set(CHECK_IDS) <= rules


# ----------------------------------------------------------------------- baseline
def test_baseline(tmp_path, glossary):
    seg = write_segments(tmp_path / "segments.tsv", VIOLATION_ROWS)
    baseline = tmp_path / "baseline.json"
    result = invoke("check", "-g", glossary, seg, "--write-baseline", baseline)
    assert result.exit_code == 0, result.output
    assert baseline.is_file() and json.loads(baseline.read_text(encoding="utf-8"))

    result = invoke("check", "-g", glossary, seg, "--baseline", baseline)
    assert result.exit_code == 0, result.output
    assert findings(result) == set()

    # a line inserted above the known findings does not make them new
    shifted = [("A new opening line.", "新的开头。", None)] + VIOLATION_ROWS
    write_segments(seg, shifted)
    result = invoke("check", "-g", glossary, seg, "--baseline", baseline)
    assert result.exit_code == 0, result.output

    # a new violation is reported, and only it
    write_segments(seg, shifted + [("She met the State Councilor.", "她会见了国务院委员。", None)])
    result = invoke("check", "-g", glossary, seg, "--baseline", baseline)
    assert result.exit_code == 1, result.output
    assert findings(result, seg) == {(len(shifted) + 2, "error", "forbidden-term")}


def test_missing_baseline_is_an_error(tmp_path, glossary, violations):
    result = invoke("check", "-g", glossary, violations, "--baseline", tmp_path / "no-baseline.json")
    assert result.exit_code == 2, result.output
    assert "no-baseline.json" in one_error_line(result)


# ----------------------------------------------------------------------- documents aligned on the fly
DOC_GLOSSARY = [("English", "Chinese", "Status"),
                ("State Councilor", "国务委员", "preferred"),
                ("State Councilor", "国务院委员", "forbidden")]


@pytest.fixture(scope="module")
def document_checks(tmp_path_factory, example_paths):
    """The example pair as it is (clean) and with the forbidden variant put in the Chinese."""
    folder = tmp_path_factory.mktemp("docs")
    gloss = write_tsv(folder / "glossary.tsv", DOC_GLOSSARY)
    en, zh = example_paths
    clean = invoke("check", "-g", gloss, en, zh)
    bad = folder / "bad"
    bad.mkdir()
    (bad / "dialogue.en.txt").write_bytes(en.read_bytes())
    zh_text = zh.read_text(encoding="utf-8")
    assert "国务委员" in zh_text
    (bad / "dialogue.zh.txt").write_text(zh_text.replace("国务委员", "国务院委员"), encoding="utf-8")
    # given in Chinese-first order: the languages are told apart by name
    dirty = invoke("check", "-g", gloss, bad / "dialogue.zh.txt", bad / "dialogue.en.txt")
    return clean, dirty, bad / "dialogue.en.txt"


def test_documents_clean(document_checks):
    clean, _, _ = document_checks
    assert clean.exit_code == 0, clean.output
    # glossary terms are all right; a number-mismatch warning may point at the English
    # sentence the Chinese leaves out, depending on how the aligner places it
    assert {check for _, _, check in findings(clean)} <= {"number-mismatch"}, clean.stdout


def test_documents_with_forbidden_variant(document_checks, example_paths):
    _, dirty, en_path = document_checks
    assert dirty.exit_code == 1, dirty.output
    zh_path = en_path.with_name("dialogue.zh.txt")
    found = findings(dirty, zh_path)
    # reported at the Chinese line and column of the variant, the English line of "State Councilor" related
    zh_lines = zh_path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(zh_lines, start=1) if "国务院委员" in text)
    en_line = next(n for n, text in enumerate(example_paths[0].read_text(encoding="utf-8").splitlines(), start=1)
                   if "State Councilor" in text)
    assert (line, "error", "forbidden-term") in found, dirty.stdout
    col = zh_lines[line - 1].index("国务院委员") + 1
    en_col = example_paths[0].read_text(encoding="utf-8").splitlines()[en_line - 1].index("State Councilor") + 1
    assert f"{zh_path}:{line}:{col}: error forbidden-term '国务院委员' is forbidden for 'State Councilor'; " \
           f"use '国务委员' (English: {en_path}:{en_line}:{en_col})" in dirty.stdout.splitlines()


# ----------------------------------------------------------------------- bad input
MALFORMED_TMX = '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en">'
ENTITY_TMX = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n'
              '<tmx version="1.4"><header srclang="en"/><body><tu>'
              '<tuv xml:lang="en"><seg>&secret; State Councilor</seg></tuv>'
              '<tuv xml:lang="zh-CN"><seg>国务委员</seg></tuv></tu></body></tmx>\n')
LAUGHS_TMX = ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
              '<tmx version="1.4"><header srclang="en"/><body><tu>'
              '<tuv xml:lang="en"><seg>&c;</seg></tuv><tuv xml:lang="zh"><seg>国务委员</seg></tuv></tu></body></tmx>\n')


def _bad_cases(tmp_path, glossary, violations):
    no_zh = write_tsv(tmp_path / "english-only.tsv", [("English", "Note"), ("State Councilor", "a title")])
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 not a workbook")
    files = {}
    for name, text in (("malformed.tmx", MALFORMED_TMX), ("entity.tmx", ENTITY_TMX), ("laughs.tmx", LAUGHS_TMX)):
        files[name] = tmp_path / name
        files[name].write_text(text, encoding="utf-8")
    bad_json = tmp_path / "broken.jsonl"
    bad_json.write_text('{"en": "State Councilor", "zh": "国务委员"}\n{"en": \n', encoding="utf-8")
    return {
        "missing glossary": (["-g", tmp_path / "no-glossary.xlsx", violations], "no-glossary.xlsx"),
        "glossary without Chinese": (["-g", no_zh, violations], "english-only.tsv"),
        "corrupt xlsx glossary": (["-g", corrupt, violations], "corrupt.xlsx"),
        "malformed TMX": (["-g", glossary, files["malformed.tmx"]], "malformed.tmx"),
        "TMX with external entity": (["-g", glossary, files["entity.tmx"]], "entity.tmx"),
        "TMX billion laughs": (["-g", glossary, files["laughs.tmx"]], "laughs.tmx"),
        "malformed JSONL": (["-g", glossary, bad_json], "broken.jsonl"),
        "missing input": (["-g", glossary, tmp_path / "no-input.tsv"], "no-input.tsv"),
        "unknown check (--enable)": (["-g", glossary, violations, "--enable", "no-such-check"], "no-such-check"),
        "unknown check (--disable)": (["-g", glossary, violations, "--disable", "no-such-check"], "no-such-check"),
        "no input": (["-g", glossary], "input"),
    }


BAD_CASES = ["missing glossary", "glossary without Chinese", "corrupt xlsx glossary", "malformed TMX",
             "TMX with external entity", "TMX billion laughs", "malformed JSONL", "missing input",
             "unknown check (--enable)", "unknown check (--disable)", "no input"]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input(tmp_path, glossary, violations, case):
    args, named = _bad_cases(tmp_path, glossary, violations)[case]
    report = tmp_path / "report.json"
    result = invoke("check", *args, "--format", "json", "--output", report)
    assert result.exit_code == 2, result.output
    assert named in one_error_line(result)
    assert not report.exists()


def test_malformed_tmx_names_the_line(tmp_path, glossary, violations):
    args, _ = _bad_cases(tmp_path, glossary, violations)["malformed TMX"]
    line = one_error_line(invoke("check", *args))
    assert re.search(r"malformed\.tmx:\d+", line), line


def test_unknown_format_is_a_usage_error(glossary, violations):
    result = invoke("check", "-g", glossary, violations, "--format", "pdf")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_untranslated_segments_are_counted_not_checked(tmp_path):
    data = tmp_path / "a.tsv"
    data.write_text("en\tzh\nThe State Councilor spoke.\t国务委员讲话。\nNot translated yet.\t\n", encoding="utf-8")
    glossary = tmp_path / "g.tsv"
    glossary.write_text("English\tChinese\nState Councilor\t国务委员\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--glossary", str(glossary), str(data)])
    assert result.exit_code == 0, result.output
    assert "shuyu: warning: 1 segment pair not checked: 1 with an empty side (untranslated?)" \
        in result.stderr.splitlines()
