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
    (repo / "glossary.tsv").write_text("English\tChinese\tStatus\nBelt and Road Initiative\t一带一路倡议\tpreferred\n"
                                       "Belt and Road Initiative\t一带一路战略\tforbidden\n", encoding="utf-8")
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
