"""Report formats, exit codes, baselines and configuration of shuyu check."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from shuyu.errors import InputError, UsageError
from shuyu.records import Glossary, GlossaryEntry, SegmentPair, Term
from shuyu.terms.checking import CHECKS, Finding, check_pairs, check_paths, fingerprint
from shuyu.terms.checking.baseline import filter_new, load_baseline, write_baseline
from shuyu.terms.checking.config import CheckConfig, load_config
from shuyu.terms.checking.reports import (RENDERERS, exit_code, findings_from_json, github_escape_data,
                                 github_escape_property, render)


def F(check="term-missing", severity="error", file="docs/a b.tmx", line=3, message="'US' is not translated",
      term="US", en="The US side", zh="中方"):
    return Finding(check, severity, file, line, message, en, zh, term, fingerprint(check, file, term, en, zh))


FINDINGS = [
    F(),
    F("number-mismatch", "warning", "docs/报告.tsv", 7, "English '5%' not in the Chinese,\nsee: 50%", "n:5"),
    F("forbidden-term", "info", "/abs/x.po", 0, "x"),
]

# The parts of the SARIF 2.1.0 schema (oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json) that our
# output uses, with the same required members, enums, minimums and additionalProperties: false.
_MSG = {"type": "object", "additionalProperties": False, "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
        "properties": {"text": {"type": "string"}, "id": {"type": "string"}}}
_MFMT = {"type": "object", "additionalProperties": False, "required": ["text"],
         "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}}}
SARIF_SUBSET = {
    "type": "object", "additionalProperties": False, "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["tool"],
            "properties": {
                "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                "tool": {"type": "object", "additionalProperties": False, "required": ["driver"], "properties": {
                    "driver": {"type": "object", "additionalProperties": False, "required": ["name"], "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "informationUri": {"type": "string"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "additionalProperties": False, "required": ["id"], "properties": {
                                "id": {"type": "string"}, "name": {"type": "string"},
                                "shortDescription": _MFMT, "fullDescription": _MFMT, "help": _MFMT,
                                "defaultConfiguration": {"type": "object", "additionalProperties": False,
                                                         "properties": {"level": {"enum": [
                                                             "none", "note", "warning", "error"]}}}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "additionalProperties": False, "required": ["message"], "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": _MSG,
                        "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                        "properties": {"type": "object"},
                        "locations": {"type": "array", "items": {
                            "type": "object", "additionalProperties": False, "properties": {
                                "physicalLocation": {
                                    "type": "object", "additionalProperties": False,
                                    "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
                                    "properties": {
                                        "artifactLocation": {"type": "object", "additionalProperties": False,
                                                             "properties": {"uri": {"type": "string"}}},
                                        "region": {"type": "object", "additionalProperties": False,
                                                   "properties": {"startLine": {"type": "integer",
                                                                                "minimum": 1}}}}}}}}}}}}}}},
}


def test_sarif_structure():
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(render(FINDINGS, "sarif"))
    jsonschema.validate(doc, SARIF_SUBSET)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CHECKS)
    res = run["results"]
    assert [r["level"] for r in res] == ["error", "warning", "note"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in res)
    assert res[0]["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "docs/a%20b.tmx"},
                                                          "region": {"startLine": 3}}
    assert res[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/%E6%8A%A5%E5%91%8A.tsv"
    assert "region" not in res[2]["locations"][0]["physicalLocation"]          # line 0: no region
    assert res[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file:///abs/x.po"
    assert res[0]["partialFingerprints"]["shuyuFingerprint/v1"] == FINDINGS[0].fingerprint


def test_sarif_subset_rejects_bad_document():
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(render(FINDINGS, "sarif"))
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SARIF_SUBSET)


def test_junit_parses():
    root = ET.fromstring(render(FINDINGS, "junit").encode("utf-8"))
    assert root.tag == "testsuites" and root.get("failures") == "3"
    failures = root.findall(".//failure")
    assert [f.get("type") for f in failures] == ["error", "info", "warning"]  # grouped by check
    assert {s.get("name") for s in root.findall("testsuite")} == set(CHECKS)
    assert ET.fromstring(render([], "junit").encode()).get("failures") == "0"


def test_json_round_trip():
    text = render(FINDINGS, "json")
    assert findings_from_json(text) == FINDINGS
    assert json.loads(text)["summary"] == {"total": 3, "error": 1, "warning": 1, "info": 1}


def test_text_format():
    out = render(FINDINGS, "text").splitlines()
    assert out[0] == "docs/a b.tmx:3: error term-missing 'US' is not translated"
    assert out[-1] == "1 error, 1 warning, 1 info in 3 files"
    assert "\x1b[31merror" in render(FINDINGS, "text", color=True)


def test_github_annotations_escaped():
    lines = render(FINDINGS, "github").splitlines()
    assert lines[0] == "::error file=docs/a b.tmx,line=3,title=shuyu term-missing::'US' is not translated"
    assert lines[1] == ("::warning file=docs/报告.tsv,line=7,title=shuyu number-mismatch::"
                        "English '5%25' not in the Chinese,%0Asee: 50%25")
    assert lines[2].startswith("::notice file=/abs/x.po,title=")


@pytest.mark.parametrize("raw, data, prop", [
    ("a%b", "a%25b", "a%25b"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("a,b:c", "a,b:c", "a%2Cb%3Ac"),
])
def test_github_escaping(raw, data, prop):
    assert github_escape_data(raw) == data and github_escape_property(raw) == prop


def test_unknown_format():
    with pytest.raises(UsageError, match="unknown report format"):
        render(FINDINGS, "html")
    assert set(RENDERERS) == {"text", "json", "junit", "sarif", "github"}


@pytest.mark.parametrize("severities, fail_on, code", [
    ([], "error", 0),
    (["warning"], "error", 0),
    (["warning"], "warning", 1),
    (["error"], "error", 1),
    (["info"], "warning", 0),
    (["info"], "info", 1),
    (["error"], "never", 0),
])
def test_exit_code(severities, fail_on, code):
    assert exit_code([F(severity=s) for s in severities], fail_on) == code


def test_exit_code_bad_level():
    with pytest.raises(UsageError):
        exit_code([], "fatal")


# ---------------------------------------------------------------- baseline
GLOSSARY = Glossary((GlossaryEntry("1", (Term("United States", "en"), Term("US", "en"), Term("美国", "zh"))),))


def test_baseline_only_new_findings_fail(tmp_path):
    old = [SegmentPair("The US side", "中方", "a.tmx", 3), SegmentPair("The US side", "中方", "a.tmx", 9)]
    base = tmp_path / "baseline.json"
    assert write_baseline(check_pairs(old, GLOSSARY), base) == 2
    # text inserted above: same findings on other lines → nothing new
    moved = [SegmentPair("New text.", "新文本。", "a.tmx", 1)] + [SegmentPair(p.en, p.zh, p.source, p.line + 5)
                                                              for p in old]
    assert filter_new(check_pairs(moved, GLOSSARY), load_baseline(base)) == []
    # a third identical finding, and one in an edited segment, are new
    more = moved + [SegmentPair("The US side", "中方", "a.tmx", 40), SegmentPair("US talks", "会谈", "a.tmx", 50)]
    new = filter_new(check_pairs(more, GLOSSARY), load_baseline(base))
    assert [f.line for f in new] == [40, 50]


def test_check_paths_applies_config_baseline(tmp_path):
    tsv = tmp_path / "a.tsv"
    tsv.write_text("en\tzh\nThe US side\t中方\n", encoding="utf-8")
    base = tmp_path / "b.json"
    write_baseline(check_paths([tsv], GLOSSARY).findings, base)
    tsv.write_text("en\tzh\nThe US side\t中方\nUS talks\t会谈\n", encoding="utf-8")
    res = check_paths([tsv], GLOSSARY, config=CheckConfig(baseline=str(base)))
    assert [f.line for f in res.findings] == [3] and res.baselined == 1 and len(res.all_findings) == 2


@pytest.mark.parametrize("content, match", [
    ("{not json", "not valid JSON"),
    ('{"version": 9, "findings": []}', "not a shuyu check baseline"),
    ('{"version": 1, "findings": [{"count": 1}]}', "no fingerprint"),
])
def test_bad_baseline(tmp_path, content, match):
    f = tmp_path / "b.json"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=match):
        load_baseline(f)
    with pytest.raises(InputError, match="not found"):
        load_baseline(tmp_path / "none.json")


# ---------------------------------------------------------------- config
@pytest.mark.parametrize("name, text", [
    ("shuyu.toml", '[check]\nglossary = "g.xlsx"\ndisable = ["number-mismatch"]\nfail-on = "warning"\n'
                   'baseline = ".base.json"\nformat = "github"\n'),
    ("shuyu.toml", '[tool.shuyu.check]\nglossary = "g.xlsx"\ndisable = ["number-mismatch"]\nfail_on = "warning"\n'
                   'baseline = ".base.json"\nformat = "github"\n'),
    ("pyproject.toml", '[project]\nname = "x"\n[tool.shuyu.check]\nglossary = "g.xlsx"\n'
                       'disable = ["number-mismatch"]\nfail-on = "warning"\nbaseline = ".base.json"\nformat = "github"\n'),
])
def test_load_config_found_upwards(tmp_path, name, text):
    (tmp_path / ".git").mkdir()
    (tmp_path / name).write_text(text, encoding="utf-8")
    sub = tmp_path / "docs" / "2024"
    sub.mkdir(parents=True)
    cfg = load_config(sub)
    assert cfg == CheckConfig((), ("number-mismatch",), "warning", str(tmp_path / "g.xlsx"),
                              str(tmp_path / ".base.json"), "github", 0.5, str(tmp_path / name))


def test_load_config_defaults_and_explicit_path(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(tmp_path) == CheckConfig()
    f = tmp_path / "ci.toml"
    f.write_text('[check]\nenable = ["term-missing"]\n', encoding="utf-8")
    assert load_config(tmp_path, f).enable == ("term-missing",)


@pytest.mark.parametrize("text, match", [
    ("[check\n", "invalid TOML"),
    ('[check]\nfail-on = "fatal"\n', "fail-on must be one of"),
    ('[check]\nenable = ["spelling"]\n', "unknown check 'spelling'"),
    ('[check]\ncolour = true\n', "unknown check setting 'colour'"),
    ('[check]\ndisable = 3\n', "disable must be a list"),
    ('[check]\nformat = "pdf"\n', "unknown report format"),
])
def test_bad_config(tmp_path, text, match):
    f = tmp_path / "shuyu.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=match):
        load_config(tmp_path)


# ---------------------------------------------------------------- the whole command
def _project(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "g.tsv").write_text("English\tChinese\tStatus\nBelt and Road Initiative\t一带一路倡议\tpreferred\n"
                                    "Belt and Road Initiative\t一带一路战略\tforbidden\n", encoding="utf-8")
    (tmp_path / "shuyu.toml").write_text('[check]\nglossary = "g.tsv"\n', encoding="utf-8")
    data = tmp_path / "c.tsv"
    data.write_text("en\tzh\nThe Belt and Road Initiative works.\t一带一路战略有效。\nIt grew 5%.\t增长6%。\n",
                    encoding="utf-8")
    return data


def test_run_check_end_to_end(tmp_path):
    from shuyu.terms.checking import run_check

    data = _project(tmp_path)
    out = run_check([data], start_dir=tmp_path)
    assert out.exit_code == 1 and "forbidden-term" in out.report and "number-mismatch" in out.report
    assert run_check([data], start_dir=tmp_path, disable=["forbidden-term", "term-missing"]).exit_code == 0
    assert run_check([data], start_dir=tmp_path, disable=["forbidden-term"], fail_on="warning").exit_code == 1
    report = tmp_path / "r.sarif"
    out = run_check([data], start_dir=tmp_path, fmt="sarif", output=report)
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == "2.1.0" and out.output == str(report)
    base = tmp_path / "base.json"
    assert run_check([data], start_dir=tmp_path, write_baseline=base).exit_code == 0
    again = run_check([data], start_dir=tmp_path, baseline=base)
    assert again.exit_code == 0 and again.result.baselined == 2
    assert "term-missing" in run_check([], list_only=True).report


@pytest.mark.parametrize("kw, error", [
    ({"fail_on": "fatal"}, UsageError),
    ({"fmt": "pdf"}, UsageError),
    ({"enable": ["nope"]}, UsageError),
    ({"baseline": "missing.json"}, InputError),
    ({"glossary": "missing.xlsx"}, InputError),
])
def test_run_check_bad_options(tmp_path, kw, error):
    from shuyu.terms.checking import run_check

    data = _project(tmp_path)
    with pytest.raises(error):
        run_check([data], start_dir=tmp_path, **kw)


def test_fingerprint_same_for_absolute_and_relative_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rel = fingerprint("term-missing", "docs/a.tmx", "US", "The US side", "中方")
    assert fingerprint("term-missing", str(tmp_path / "docs" / "a.tmx"), "US", "The US side", "中方") == rel
    assert fingerprint("term-missing", "docs/b.tmx", "US", "The US side", "中方") != rel
