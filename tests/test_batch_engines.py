"""Batches on the local engine and on Dask: resumable alignment (a manifest of what is done),
failed pairs reported without stopping the batch, and mining that gives the same result on
every engine."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from shuyu.aligner.batch import MANIFEST, align_batch, read_manifest
from shuyu.cli import main
from shuyu.engines import LocalEngine, open_engine
from shuyu.errors import UsageError
from shuyu.pipeline import mine_files

EXTRA = [  # a third pair, different from the bundled example
    ("The Foreign Ministry spokesperson answered questions on the Belt and Road Initiative.",
     "外交部发言人回答了关于“一带一路”倡议的提问。"),
    ("China will continue to promote high-quality Belt and Road cooperation.", "中方将继续推动共建“一带一路”高质量发展。"),
    ("The State Councilor met the press on Monday.", "国务委员周一会见了记者。"),
]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture()
def folder(tmp_path, example_paths) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    en, zh = example_paths
    for name in ("a", "b"):
        (src / f"{name}.en.txt").write_bytes(en.read_bytes())
        (src / f"{name}.zh.txt").write_bytes(zh.read_bytes())
    (src / "c.en.txt").write_text("\n\n".join(e for e, _ in EXTRA) + "\n", encoding="utf-8")
    (src / "c.zh.txt").write_text("\n\n".join(z for _, z in EXTRA) + "\n", encoding="utf-8")
    return src


def _statuses(summary) -> dict[str, str]:
    return {r.name: r.status for r in summary.results}


def _stamps(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name != MANIFEST}


# ----------------------------------------------------------------------------- resuming

def test_a_rerun_aligns_only_what_is_missing_or_changed(tmp_path, folder):
    out = tmp_path / "out"
    first = align_batch(folder, out, fmt="tsv", jobs=1)
    assert _statuses(first) == {"a": "done", "b": "done", "c": "done"}
    assert first.count("failed") == 0 and first.kinds()["1-1"] > 0
    records = read_manifest(out / MANIFEST)
    assert set(records) == {"a", "b", "c"}
    assert records["c"]["status"] == "done" and len(records["c"]["en_sha256"]) == 64
    assert records["c"]["settings"]["format"] == "tsv" and records["c"]["output"] == "c.tsv"
    stamps = _stamps(out)

    again = align_batch(folder, out, fmt="tsv", jobs=1)
    assert _statuses(again) == {"a": "skipped", "b": "skipped", "c": "skipped"}
    assert _stamps(out) == stamps  # nothing rewritten
    assert [r.beads for r in again.results] == [r.beads for r in first.results]  # the summary is kept

    (folder / "c.zh.txt").write_text("\n\n".join(z for _, z in EXTRA[:2]) + "\n", encoding="utf-8")  # an input edited
    (out / "a.tsv").unlink()  # an output lost
    third = align_batch(folder, out, fmt="tsv", jobs=1)
    assert _statuses(third) == {"a": "done", "b": "skipped", "c": "done"}
    assert _stamps(out)["b.tsv"] == stamps["b.tsv"]

    glossary = tmp_path / "g.tsv"
    glossary.write_text("en\tzh\nState Councilor\t国务委员\n", encoding="utf-8")
    fourth = align_batch(folder, out, fmt="tsv", jobs=1, glossary_path=glossary)  # other settings: all again
    assert _statuses(fourth) == {"a": "done", "b": "done", "c": "done"}
    assert read_manifest(out / MANIFEST)["a"]["settings"]["glossary"] != "-"


def test_an_output_changed_by_hand_is_aligned_again(tmp_path, folder):
    out = tmp_path / "out"
    align_batch(folder, out, fmt="jsonl", jobs=1)
    (out / "b.jsonl").write_text("{}\n", encoding="utf-8")
    assert _statuses(align_batch(folder, out, fmt="jsonl", jobs=1))["b"] == "done"


def test_a_torn_manifest_line_is_ignored(tmp_path, folder):
    """A batch killed while writing its manifest: the records before stand, the pair cut short is redone."""
    out = tmp_path / "out"
    align_batch(folder, out, fmt="tsv", jobs=1)
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    (out / MANIFEST).write_text("\n".join(lines[:2]) + "\n" + lines[2][: len(lines[2]) // 2], encoding="utf-8")
    again = align_batch(folder, out, fmt="tsv", jobs=1)
    assert sorted(_statuses(again).values()) == ["done", "skipped", "skipped"]


# ----------------------------------------------------------------------------- failures

def test_a_failing_pair_is_reported_and_the_others_are_aligned(tmp_path, folder):
    (folder / "b.zh.txt").write_bytes(b"")
    out = tmp_path / "out"
    summary = align_batch(folder, out, fmt="tsv", jobs=2)
    assert _statuses(summary) == {"a": "done", "b": "failed", "c": "done"}
    [failed] = summary.failed
    assert "b.zh.txt" in failed.error and "empty" in failed.error and "\n" not in failed.error
    assert read_manifest(out / MANIFEST)["b"]["status"] == "failed"
    assert not (out / "b.tsv").exists()
    assert "1 failed" in summary.text()

    (folder / "b.zh.txt").write_bytes((folder / "a.zh.txt").read_bytes())  # fixed
    assert _statuses(align_batch(folder, out, fmt="tsv", jobs=2)) == {"a": "skipped", "b": "done", "c": "skipped"}


def test_cli_batch_failure_exit_code_and_rerun(tmp_path, folder):
    (folder / "c.en.txt").write_bytes(b"\x00\x01\x02 not text")
    out = tmp_path / "out"
    result = invoke("align", "--batch", folder, "-o", out, "--format", "tsv", "-j", "1")
    assert result.exit_code == 2, result.output
    assert "failed: c:" in result.output and "c.en.txt" in result.output
    assert "3 document pairs: 2 aligned, 0 already done, 1 failed" in result.output
    assert "run the same command again" in result.output and "Traceback" not in result.output
    (folder / "c.en.txt").write_text("\n\n".join(e for e, _ in EXTRA) + "\n", encoding="utf-8")
    result = invoke("align", "--batch", folder, "-o", out, "--format", "tsv", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "1 aligned, 2 already done, 0 failed" in result.output
    assert "a: 18 beads" in result.output and "(already done)" in result.output


@pytest.mark.parametrize("args, message", [
    (["--engine", "dask"], "--engine and --scheduler are for --batch"),
    (["--scheduler", "tcp://127.0.0.1:8786"], "--engine and --scheduler are for --batch"),
])
def test_engine_options_need_a_batch(tmp_path, example_paths, args, message):
    result = invoke("align", *example_paths, "-o", tmp_path / "a.tsv", *args)
    assert result.exit_code == 2 and message in result.output
    result = invoke("mine", *example_paths, "-o", tmp_path / "t.tsv", *args)
    assert result.exit_code == 2 and message in result.output


def test_a_scheduler_needs_the_dask_engine(tmp_path, folder):
    result = invoke("align", "--batch", folder, "-o", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2 and "--scheduler is for the dask engine" in result.output


def test_unknown_engine_name():
    with pytest.raises(UsageError, match="unknown engine"):
        open_engine("spark")


def test_the_local_engine_reports_each_failure():
    def half(x):
        if x % 2:
            raise ValueError(f"odd {x}")
        return x * 10

    got = sorted(LocalEngine(1).each(half, [0, 1, 2]), key=lambda t: t[0])
    assert [(i, r) for i, r, e in got if e is None] == [(0, 0), (2, 20)]
    assert [str(e) for _, _, e in got if e is not None] == ["odd 1"]


# ----------------------------------------------------------------------------- Dask



@pytest.fixture(scope="module")
def dask_engine():
    pytest.importorskip("distributed", reason="the dask engine needs pip install 'shuyu[dask]'")
    engine = open_engine("dask", jobs=2)
    yield engine
    engine.close()


def test_dask_batch_writes_what_the_local_engine_writes(tmp_path, folder, dask_engine):
    local = align_batch(folder, tmp_path / "local", fmt="tsv", jobs=1)
    on_dask = align_batch(folder, tmp_path / "dask", fmt="tsv", engine=dask_engine)
    assert on_dask.engine.startswith("dask, 2 workers")
    assert [(r.name, r.beads, r.kinds) for r in on_dask.results] == [(r.name, r.beads, r.kinds) for r in local.results]
    for name in ("a", "b", "c"):
        assert (tmp_path / "dask" / f"{name}.tsv").read_bytes() == (tmp_path / "local" / f"{name}.tsv").read_bytes()
    assert _statuses(align_batch(folder, tmp_path / "dask", fmt="tsv", engine=dask_engine)) == {
        "a": "skipped", "b": "skipped", "c": "skipped"}


def test_dask_runs_a_task_again_when_its_worker_is_lost(tmp_path, dask_engine):
    """A task whose first run kills its worker process (a lost worker) succeeds when Dask retries it.
    The task is a builtin (``eval`` of an expression) because the workers cannot import this test module."""
    marker = str(tmp_path / "marker")
    dies_once = (f"'done' if __import__('os').path.exists({marker!r}) "
                 f"else (open({marker!r}, 'w').close(), __import__('os')._exit(1))")
    [(i, result, exc)] = list(dask_engine.each(eval, [dies_once]))
    assert (i, result, exc) == (0, "done", None)
    assert os.path.exists(marker)  # it did die once


def test_dask_mining_gives_the_local_result(folder, dask_engine):
    local = mine_files(batch_dir=folder, top=50, jobs=1)
    on_dask = mine_files(batch_dir=folder, top=50, engine=dask_engine)
    assert on_dask.terms == local.terms  # the same top 50: pairs, scores, counts, examples
    assert (on_dask.pairs_read, on_dask.pairs_used) == (local.pairs_read, local.pairs_used)
    assert ("engine", dask_engine.describe()) in on_dask.settings
    assert dict(on_dask.settings)["lexicon.hash"] == dict(local.settings)["lexicon.hash"]
    assert ("State Councilor", "国务委员") in {(t.en, t.zh) for t in on_dask.terms}


def test_dask_mining_in_single_document_parts(folder, dask_engine):
    """The documents grouped one per part or all in one: the same merged counts."""
    from shuyu.pipeline import _align_for_mining
    from shuyu.terms.mining import mine_settings
    from shuyu.terms.mining.corpus import mine_parts

    work = [(folder / f"{n}.en.txt", folder / f"{n}.zh.txt", []) for n in ("a", "b", "c")]
    settings = mine_settings(top=30)
    one_each = mine_parts(dask_engine.keep(_align_for_mining, work, per_part=1), settings,
                          run_map=dask_engine.map, reduce=dask_engine.reduce)
    together = mine_parts(dask_engine.keep(_align_for_mining, work, per_part=3), settings,
                          run_map=dask_engine.map, reduce=dask_engine.reduce)
    assert one_each == together and one_each[0]


def test_cli_dask_engine(tmp_path, folder):
    pytest.importorskip("distributed", reason="the dask engine needs pip install 'shuyu[dask]'")
    out = tmp_path / "out"
    result = invoke("align", "--batch", folder, "-o", out, "--engine", "dask", "-j", "1", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert "3 document pairs: 3 aligned" in result.output and "[dask, 1 worker at tcp://" in result.output
    assert json.loads((out / "c.jsonl").read_text(encoding="utf-8").splitlines()[0])
    terms = tmp_path / "terms.tsv"
    result = invoke("mine", "--batch", folder, "-o", terms, "--engine", "dask", "-j", "1")
    assert result.exit_code == 0, result.output
    local = tmp_path / "local.tsv"
    assert invoke("mine", "--batch", folder, "-o", local, "-j", "1").exit_code == 0
    assert terms.read_bytes() == local.read_bytes()


def test_readme_batch_example(tmp_path, example_paths):
    """The README's archive example: the bundled folder of three pairs, aligned, resumed and mined."""
    batch = example_paths[0].parent / "batch"
    out = tmp_path / "batch"
    first = invoke("align", "--batch", batch, "-o", out, "-j", "1")
    assert first.exit_code == 0, first.output
    assert "3 document pairs: 3 aligned, 0 already done, 0 failed" in first.output
    assert sorted(p.name for p in out.iterdir()) == ["briefing.tmx", "meeting.tmx", "report.tmx", MANIFEST]
    again = invoke("align", "--batch", batch, "-o", out, "-j", "1")
    assert "0 aligned, 3 already done" in again.output
    terms = invoke("mine", "--batch", batch, "-o", tmp_path / "terms.tsv", "-j", "1")
    assert terms.exit_code == 0, terms.output
    assert "State Councilor and Foreign Minister = 国务委员兼外长" in terms.output


def test_a_mined_archive_lists_its_first_files_and_how_many_more(tmp_path):
    import openpyxl

    from shuyu.pipeline import MAX_SOURCES_SHOWN, MineResult, write_mined
    from shuyu.records import TermPair

    sources = tuple(f"archive/doc{i:05d}.{lang}.txt" for i in range(500) for lang in ("en", "zh"))
    result = MineResult((TermPair("State Councilor", "国务委员", 0.9, 2, 2, 2),), 2, 2, sources, (("top", "200"),))
    write_mined(result, tmp_path / "t.xlsx")
    about = openpyxl.load_workbook(tmp_path / "t.xlsx")["About"]
    listed = [v for k, v in about.iter_rows(values_only=True) if k == "source" and v.startswith(("archive/", "…"))]
    assert listed[:MAX_SOURCES_SHOWN] == list(sources[:MAX_SOURCES_SHOWN])
    assert listed[-1] == f"… and {1000 - MAX_SOURCES_SHOWN} more files" and len(listed) == MAX_SOURCES_SHOWN + 1


class _Grouping(LocalEngine):
    """The local engine giving two pairs to each task, as the dask engine groups pairs."""

    def group_size(self, n_items: int) -> int:
        return 2


def test_pairs_grouped_into_tasks_are_recorded_one_by_one(tmp_path, folder):
    (folder / "b.zh.txt").write_bytes(b"")
    out = tmp_path / "out"
    summary = align_batch(folder, out, fmt="tsv", engine=_Grouping(1))
    assert _statuses(summary) == {"a": "done", "b": "failed", "c": "done"}
    assert {k: v["status"] for k, v in read_manifest(out / MANIFEST).items()} == {
        "a": "done", "b": "failed", "c": "done"}


def test_dask_groups_pairs_into_tasks(dask_engine):
    assert dask_engine.group_size(10) == 1  # small batches: a task per pair, spread over the workers
    assert dask_engine.group_size(100_000) == 16


def test_the_dask_engine_without_dask_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if the extra were not installed
    with pytest.raises(UsageError, match=r"pip install 'shuyu\[dask\]'"):
        open_engine("dask", jobs=1)
