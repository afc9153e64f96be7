"""The pre-commit hook of shuyu check (.pre-commit-hooks.yaml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"


def test_manifest_is_valid():
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = clientlib.load_manifest(str(MANIFEST))
    hook = next(h for h in hooks if h["id"] == "shuyu-check")
    assert hook["entry"] == "shuyu check" and hook["language"] == "python" and hook["require_serial"]
    import re

    files = re.compile(hook["files"])
    assert all(files.search(f"a/b.{ext}") for ext in ("tmx", "xlf", "xliff", "po", "tsv", "csv", "xlsx", "jsonl"))
    assert not files.search("notes.txt")


# (path, whether the hook passes it to shuyu check): translations yes, glossaries no
HOOK_FILES = [
    ("translations/statement.tmx", True),
    ("translations/2024/report.tsv", True),
    ("terms.csv", True),                        # not named like a glossary: shuyu skips it when it is the glossary
    ("glossary.tsv", False),
    ("terms/glossary.xlsx", False),
    ("glossaries/legal.tsv", False),
    ("terms/Glossary-2024.xlsx", False),
    ("my-termbase.csv", False),
    ("terminology/un.xlsx", False),
    ("notes.txt", False),
]


@pytest.mark.parametrize("path, checked", HOOK_FILES)
def test_hook_checks_translation_files_only(path, checked):
    """The file selection of the hook, as pre-commit applies it (``files`` and ``exclude``)."""
    clientlib = pytest.importorskip("pre_commit.clientlib")
    import re

    hook = next(h for h in clientlib.load_manifest(str(MANIFEST)) if h["id"] == "shuyu-check")
    selected = bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)
    assert selected == checked


def _pre_commit() -> str | None:
    exe = Path(sys.executable).with_name("pre-commit")
    return str(exe) if exe.exists() else shutil.which("pre-commit")


@pytest.mark.slow
def test_pre_commit_runs_the_hook_for_real(tmp_path, request):
    """pre-commit try-repo installs shuyu into its own virtualenv (from PyPI) and runs the hook.

    It takes minutes and the network, so it runs only when asked for: ``pytest -m slow`` or
    ``SHUYU_TEST_PRECOMMIT=1``.
    """
    if request.config.getoption("markexpr", "") != "slow" and os.environ.get("SHUYU_TEST_PRECOMMIT") != "1":
        pytest.skip("run with -m slow or SHUYU_TEST_PRECOMMIT=1")
    exe = _pre_commit()
    if exe is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    from shuyu import cli

    if "check" not in getattr(cli.main, "commands", {}):
        pytest.skip("the CLI has no `shuyu check` command yet")
    repo = tmp_path / "corpus"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    glossary = ("English\tChinese\tStatus\nBelt and Road Initiative\t一带一路倡议\tpreferred\n"
                "Belt and Road Initiative\t一带一路战略\tforbidden\n")
    (repo / "glossary.tsv").write_text(glossary, encoding="utf-8")
    (repo / "shuyu.toml").write_text('[check]\nglossary = "glossary.tsv"\n', encoding="utf-8")
    data = repo / "statement.tsv"
    data.write_text("en\tzh\nThe Belt and Road Initiative is open.\t一带一路战略是开放的。\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)

    def run():
        return subprocess.run([exe, "try-repo", str(ROOT), "shuyu-check", "--files", "statement.tsv"], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=1200)

    bad = run()
    if bad.returncode not in (0, 1) and "pip" in bad.stdout + bad.stderr:
        pytest.skip("pre-commit could not install the hook's dependencies (no package index here?)")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "forbidden-term" in bad.stdout
    data.write_text("en\tzh\nThe Belt and Road Initiative is open.\t一带一路倡议是开放的。\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    good = run()
    assert good.returncode == 0, good.stdout + good.stderr

    # every file of the repository: the glossaries (with their forbidden rows) are not checked as
    # translations, whether the hook's exclude leaves them out or shuyu skips the configured one
    (repo / "terms").mkdir()
    (repo / "terms" / "glossary-old.tsv").write_text(glossary, encoding="utf-8")
    (repo / "approved.tsv").write_text(glossary, encoding="utf-8")
    (repo / "shuyu.toml").write_text('[check]\nglossary = "approved.tsv"\n', encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    every = subprocess.run([exe, "try-repo", str(ROOT), "shuyu-check", "--all-files", "--verbose"], cwd=repo,
                           env=env, capture_output=True, text=True, timeout=1200)
    assert every.returncode == 0, every.stdout + every.stderr
    assert "forbidden-term" not in every.stdout and "approved.tsv: not checked: it is the glossary" in every.stdout
