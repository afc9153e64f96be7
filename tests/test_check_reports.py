"""Report formats, exit codes, baselines and configuration of shuyu check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from shuyu.errors import InputError, UsageError
from shuyu.records import Glossary, GlossaryEntry, SegmentPair, Term
from shuyu.terms.checking import CHECKS, Finding, check_pairs, check_paths, fingerprint
from shuyu.terms.checking.baseline import filter_new, load_baseline, write_baseline
from shuyu.terms.checking.config import CheckConfig, load_config
from shuyu.terms.checking.findings import Location
from shuyu.terms.checking.reports import (RENDERERS, default_source_root, exit_code, findings_from_json,
                                          github_escape_data, github_escape_property, render)
from shuyu.terms.checking.runner import Segment


SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"


def F(check="term-missing", severity="error", file="docs/a b.tmx", line=3, message="'US' is not translated",
      term="US", en="The US side", zh="中方", column=0, end_column=0, side="", related=(), source="", source_line=0):
    return Finding(check, severity, file, line, message, en, zh, term, fingerprint(check, source or file, term, en, zh),
                   column, end_column, side, tuple(related), source or file, source_line or line)


FINDINGS = [
    F(column=5, end_column=7, side="zh", related=(Location("docs/a b.tmx", 2, 21, 23, "en"),), source_line=1),
    F("number-mismatch", "warning", "docs/报告.tsv", 7, "English '5%' not in the Chinese,\nsee: 50%", "n:5"),
    F("forbidden-term", "info", "/abs/x.po", 0, "x"),
]


# ---------------------------------------------------------------- SARIF, against the OASIS schema
def _uri(value):
    from urllib.parse import urlsplit

    return not isinstance(value, str) or bool(urlsplit(value).scheme)


def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(_uri)   # absolute URIs (jsonschema checks "uri" only with an extra package)
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def test_sarif_valid_against_the_schema(tmp_path):
    (tmp_path / "docs").mkdir()
    doc = json.loads(render(FINDINGS, "sarif", source_root=Path.cwd()))
    errors = sorted(sarif_validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.mark.parametrize("spoil", [
    lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
    lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startColumn="5"),
    lambda d: d["runs"][0]["results"][0].update(level="fatal"),
    lambda d: d["runs"][0]["tool"]["driver"]["rules"][0].update(helpUri="no scheme"),
    lambda d: d["runs"][0].update(originalUriBaseIds={"%SRCROOT%": "file:///x/"}),
    lambda d: d["runs"][0]["results"][0]["relatedLocations"][0].update(id=-3),
])
def test_sarif_schema_rejects_bad_documents(spoil):
    doc = json.loads(render(FINDINGS, "sarif", source_root=Path.cwd()))
    spoil(doc)
    assert list(sarif_validator().iter_errors(doc))


def test_sarif_for_github_code_scanning(tmp_path):
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    findings = [F(file=str(root / "docs" / "a b.tmx"), column=5, end_column=7, side="zh",
                  related=(Location(str(root / "docs" / "a b.tmx"), 2, 21, 23, "en"),)),
                F("number-mismatch", "warning", str(root / "docs" / "报告.tsv"), 7, "English '5%' not in the Chinese"),
                F("forbidden-term", "info", "/elsewhere/x.po", 0, "x")]
    doc = json.loads(render(findings, "sarif", source_root=root))
    run = doc["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.as_uri() + "/"}}
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CHECKS)
    for r in rules:   # help for the alert page, and a stable README anchor named after the check
        assert r["help"]["text"] and r["helpUri"].endswith("#" + r["id"]) and "://" in r["helpUri"]
    res = run["results"]
    assert [r["level"] for r in res] == ["error", "warning", "note"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in res)
    assert res[0]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "docs/a%20b.tmx", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 7}}
    assert res[0]["relatedLocations"] == [{"id": 1, "message": {"text": "English"}, "physicalLocation": {
        "artifactLocation": {"uri": "docs/a%20b.tmx", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2, "startColumn": 21, "endLine": 2, "endColumn": 23}}}]
    assert res[0]["message"]["text"].endswith("(see the [English](1))")
    assert res[1]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "docs/%E6%8A%A5%E5%91%8A.tsv", "uriBaseId": "%SRCROOT%"}
    assert res[1]["locations"][0]["physicalLocation"]["region"] == {"startLine": 7}   # column unknown
    assert "region" not in res[2]["locations"][0]["physicalLocation"]          # line 0: no region
    assert res[2]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///elsewhere/x.po"}
    fps = [r["partialFingerprints"] for r in res]
    assert fps[0]["shuyuFingerprint/v1"] == findings[0].fingerprint
    assert all(re.fullmatch(r"[0-9a-f]{16}:1", fp["primaryLocationLineHash"]) for fp in fps)
    # the line hash does not depend on the line: moved text keeps its alert
    moved = json.loads(render([F(file=str(root / "docs" / "a b.tmx"), line=30, column=5, end_column=7, side="zh")],
                              "sarif", source_root=root))
    assert moved["runs"][0]["results"][0]["partialFingerprints"] == fps[0]


def test_sarif_line_hashes_count_repeats():
    doc = json.loads(render([F(), F(line=9)], "sarif"))
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in doc["runs"][0]["results"]]
    assert hashes[0].endswith(":1") and hashes[1] == hashes[0][:-1] + "2"


def test_default_source_root_is_the_git_top_level(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert default_source_root(tmp_path / "a" / "b") == str(tmp_path.resolve())
    assert default_source_root("/") == "/"


# ---------------------------------------------------------------- JUnit, against Jenkins' junit-10.xsd
def junit_schema():
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))


def _valid_junit(text):
    from lxml import etree

    schema = junit_schema()
    doc = etree.fromstring(text.encode("utf-8"))
    assert schema.validate(doc), schema.error_log
    return doc


SEGMENTS = [Segment("docs/a b.tmx", 1, "docs/a b.tmx", "docs/a b.tmx:1"),
            Segment("docs/a b.tmx", 9, "docs/a b.tmx", "docs/a b.tmx:9"),
            Segment("docs/报告.tsv", 7, "docs/报告.tsv", "docs/报告.tsv:7"),
            Segment("/abs/x.po", 0, "/abs/x.po", "/abs/x.po")]


@pytest.mark.parametrize("fail_on, failed", [("error", 1), ("warning", 2), ("info", 3), ("never", 0)])
def test_junit_valid_and_fails_only_at_fail_on(fail_on, failed):
    doc = _valid_junit(render(FINDINGS, "junit", fail_on=fail_on, segments=SEGMENTS))
    assert doc.tag == "testsuites" and doc.get("tests") == "4" and doc.get("failures") == str(failed)
    assert [s.get("name") for s in doc.findall("testsuite")] == ["docs/a b.tmx", "docs/报告.tsv", "/abs/x.po"]
    cases = {c.get("name"): c for c in doc.iter("testcase")}
    assert list(cases) == ["docs/a b.tmx:1", "docs/a b.tmx:9", "docs/报告.tsv:7", "/abs/x.po"]
    assert len(doc.findall(".//failure")) == failed
    assert len(cases["docs/a b.tmx:9"]) == 0                               # a clean segment pair passes
    first = cases["docs/a b.tmx:1"]
    if fail_on == "never":
        assert first.find("failure") is None and "term-missing" in first.find("system-out").text
    else:
        fail = first.find("failure")
        assert fail.get("type") == "term-missing"
        assert fail.get("message") == "docs/a b.tmx:3:5: error term-missing 'US' is not translated"
        assert "(English: docs/a b.tmx:2:21)" in fail.text and "EN: The US side" in fail.text
    warn = cases["docs/报告.tsv:7"]
    assert (warn.find("failure") is not None) == (fail_on in ("warning", "info"))
    assert (warn.find("system-out") is not None) == (fail_on in ("error", "never"))


def test_junit_schema_rejects_file_and_line_attributes():
    doc = _valid_junit(render(FINDINGS, "junit", segments=SEGMENTS))
    doc.find(".//testcase").set("file", "docs/a b.tmx")
    assert not junit_schema().validate(doc)


def test_junit_without_segments_lists_the_pairs_with_findings():
    doc = _valid_junit(render(FINDINGS, "junit"))
    assert doc.get("tests") == "3" and doc.get("failures") == "1"
    assert _valid_junit(render([], "junit")).get("tests") == "0"


def test_json_round_trip():
    text = render(FINDINGS, "json")
    assert findings_from_json(text) == FINDINGS
    assert json.loads(text)["summary"] == {"total": 3, "error": 1, "warning": 1, "info": 1}


def test_text_format():
    out = render(FINDINGS, "text").splitlines()
    assert out[0] == "docs/a b.tmx:3:5: error term-missing 'US' is not translated (English: docs/a b.tmx:2:21)"
    assert out[1].startswith("docs/报告.tsv:7: warning number-mismatch")
    assert out[-1] == "1 error, 1 warning, 1 info in 3 files"
    assert "\x1b[31merror" in render(FINDINGS, "text", color=True)


def test_github_annotations_escaped(tmp_path):
    lines = render(FINDINGS, "github", source_root=tmp_path).splitlines()
    assert lines[0] == ("::error file=docs/a b.tmx,line=3,endLine=3,col=5,endColumn=7,title=shuyu term-missing::"
                        "'US' is not translated (English: docs/a b.tmx:2:21)")
    assert lines[1] == ("::warning file=docs/报告.tsv,line=7,title=shuyu number-mismatch::"
                        "English '5%25' not in the Chinese,%0Asee: 50%25")
    assert lines[2].startswith("::notice file=/abs/x.po,title=")


def test_github_paths_are_relative_to_the_source_root(tmp_path):
    f = F(file=str(tmp_path / "t" / "a.tmx"), column=2, end_column=4)
    assert render([f], "github", source_root=tmp_path).startswith("::error file=t/a.tmx,line=3,")


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


def test_a_baseline_with_a_byte_order_mark_is_read(tmp_path):
    f = tmp_path / "b.json"
    f.write_bytes(b"\xef\xbb\xbf" + b'{"tool": "shuyu check", "version": 1, "findings": []}')
    assert len(load_baseline(f)) == 0


@pytest.mark.parametrize("content, match", [
    ("{not json", "invalid JSON"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ('{"version": ' + "9" * 5000 + ', "findings": []}', "5,000 digits"),
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
