"""`shuyu check` as a CI job runs it: no silent pass without a glossary, the glossary is never
checked as a translation, warnings are one line each, and paths are relative to the source root."""

from __future__ import annotations

import json
import warnings

import pytest
from click.testing import CliRunner

from shuyu.cli import main
from shuyu.terms.checking.command import _unchecked_note
from shuyu.terms.checking.runner import CheckResult

GLOSSARY = ("English\tChinese\tStatus\nBelt and Road Initiative\t一带一路倡议\tpreferred\n"
            "Belt and Road Initiative\t一带一路战略\tforbidden\n")
CLEAN = "en\tzh\nThe Belt and Road Initiative is open.\t一带一路倡议是开放的。\n"
NUMBERS = "en\tzh\nIt grew 5%.\t增长6%。\n"


def invoke(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], **kw)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "glossary.tsv").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "translations").mkdir()
    (tmp_path / "translations" / "clean.tsv").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _error_line(result) -> str:
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("shuyu: error: "), result.output
    return lines[0]


# ----------------------------------------------------------------------- no silent pass
def test_no_glossary_is_a_usage_error(repo):
    result = invoke("check", "translations")
    assert result.exit_code == 2
    line = _error_line(result)
    assert "no glossary" in line and "--glossary" in line and "--no-glossary" in line and "shuyu.toml" in line


def test_no_glossary_asked_for_runs_the_glossary_free_checks(repo):
    (repo / "translations" / "numbers.tsv").write_text(NUMBERS, encoding="utf-8")
    result = invoke("check", "--no-glossary", "translations", "--fail-on", "warning")
    assert result.exit_code == 1, result.output
    assert "number-mismatch" in result.stdout and "forbidden-term" not in result.stdout


def test_glossary_in_the_config_is_enough(repo):
    (repo / "shuyu.toml").write_text('[check]\nglossary = "terms/glossary.tsv"\n', encoding="utf-8")
    result = invoke("check", "translations")
    assert result.exit_code == 0, result.output
    # --no-glossary wins over the config's glossary when asked for
    (repo / "translations" / "bad.tsv").write_text("en\tzh\nThe Belt and Road Initiative.\t一带一路战略。\n",
                                                   encoding="utf-8")
    assert invoke("check", "translations").exit_code == 1
    assert invoke("check", "--no-glossary", "translations").exit_code == 0


def test_glossary_and_no_glossary_contradict(repo):
    result = invoke("check", "-g", "terms/glossary.tsv", "--no-glossary", "translations")
    assert result.exit_code == 2 and "contradict" in _error_line(result)


# ----------------------------------------------------------------------- the glossary is not a translation
def test_glossary_given_as_input_is_skipped(repo):
    result = invoke("check", "-g", "terms/glossary.tsv", "terms/glossary.tsv")
    assert result.exit_code == 0, result.output
    assert "forbidden-term" not in result.stdout
    assert "shuyu: warning: terms/glossary.tsv: not checked: it is the glossary" in result.stderr.splitlines()


def test_glossary_inside_a_folder_is_skipped(repo):
    result = invoke("check", "-g", "terms/glossary.tsv", ".")
    assert result.exit_code == 0, result.output
    assert "checked 1 segment pairs in 1 file" in result.stderr
    assert any(x.startswith("shuyu: warning: ") and x.endswith("glossary.tsv: not checked: it is the glossary")
               for x in result.stderr.splitlines())


# ----------------------------------------------------------------------- warnings are one line
def test_library_warnings_become_one_line(repo, monkeypatch):
    import shuyu.bitext

    real = shuyu.bitext.read_segment_pairs

    def noisy(*a, **kw):
        warnings.warn("Workbook contains no default style,\n apply openpyxl's default", UserWarning)
        return real(*a, **kw)

    monkeypatch.setattr(shuyu.bitext, "read_segment_pairs", noisy)
    result = invoke("check", "-g", "terms/glossary.tsv", "translations")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "shuyu: warning: Workbook contains no default style, apply openpyxl's default" in lines
    assert "UserWarning" not in result.stderr and ".py:" not in result.stderr


def test_unchecked_segments_name_the_setting():
    r = CheckResult((), (), 5, unchecked=3, low_confidence=2)
    assert _unchecked_note(r, 0.5) == ("3 segment pairs not checked: 1 with an empty side (untranslated?); 2 aligned "
                                       "with a confidence below 0.5 (--min-confidence, config key min-confidence)")
    assert _unchecked_note(CheckResult((), (), 5), 0.5) is None


@pytest.mark.parametrize("value", ["2", "-0.1", "high"])
def test_min_confidence_option_checked(repo, value):
    result = invoke("check", "-g", "terms/glossary.tsv", "--min-confidence", value, "translations")
    assert result.exit_code == 2 and _error_line(result)


# ----------------------------------------------------------------------- paths for CI systems
def test_sarif_and_github_paths_are_repository_relative(repo):
    (repo / "translations" / "bad.tsv").write_text("en\tzh\nThe Belt and Road Initiative.\t一带一路战略。\n",
                                                   encoding="utf-8")
    sub = repo / "translations"
    result = invoke("check", "-g", repo / "terms" / "glossary.tsv", "-f", "sarif", sub / "bad.tsv")
    run = json.loads(result.stdout)["runs"][0]
    loc = run["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "translations/bad.tsv", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 2, "startColumn": 31, "endLine": 2, "endColumn": 37}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    gh = invoke("check", "-g", "terms/glossary.tsv", "-f", "github", "translations/bad.tsv").stdout
    assert gh.startswith("::error file=translations/bad.tsv,line=2,endLine=2,col=31,endColumn=37,title=shuyu "
                         "forbidden-term::")
    # another source root: the paths follow it
    other = invoke("check", "-g", "terms/glossary.tsv", "-f", "github", "--source-root", "translations",
                   "translations/bad.tsv").stdout
    assert other.startswith("::error file=bad.tsv,line=2,")
    assert invoke("check", "-g", "terms/glossary.tsv", "--source-root", "nowhere", "translations").exit_code == 2
