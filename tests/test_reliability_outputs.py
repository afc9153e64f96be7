"""Issue 14, output policy: inputs never overwritten, devices written straight through, honest exits.

Every command that writes an output refuses an output that is one of its inputs (exit 2, input
untouched); ``-``, devices and FIFOs are written through and never replaced; a full disk, a read-only
output or a missing permission is one line with exit 2 and leaves no partial or temporary file;
``run`` writes all its outputs or none; SIGTERM and SIGHUP clean up like Ctrl-C.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from shuyu import files
from shuyu.cli import main
from shuyu.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHUYU = [sys.executable, "-c", "from shuyu.cli import main; main()"]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def shuyu(*args, cwd, **kw):
    env = {**os.environ, "SHUYU_CACHE_DIR": os.environ.get("SHUYU_CACHE_DIR", str(Path(cwd) / "cache"))}
    return subprocess.run([*SHUYU, *map(str, args)], cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=300, **kw)


def one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.startswith("shuyu: error:")]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def work(tmp_path):
    """A folder with the example documents and glossary, a bilingual TSV, an xlsx glossary and a folder."""
    for name in ("dialogue.en.txt", "dialogue.zh.txt", "glossary.tsv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    shutil.copy(EXAMPLES / "dialogue.en.txt", tmp_path / "x.en.tsv")  # a document whose name is a TSV's
    (tmp_path / "data.tsv").write_text("en\tzh\nThe State Councilor spoke.\t国务委员讲话。\n", encoding="utf-8")
    shutil.copy(tmp_path / "glossary.tsv", tmp_path / "a.csv")
    assert invoke("glossary", "convert", tmp_path / "glossary.tsv", "-o", tmp_path / "g.xlsx").exit_code == 0
    (tmp_path / "out").mkdir()
    assert invoke("glossary", "convert", tmp_path / "glossary.tsv", "-o", tmp_path / "out" / "glossary.xlsx"
                  ).exit_code == 0
    (tmp_path / "D").mkdir()
    shutil.copy(tmp_path / "data.tsv", tmp_path / "D" / "segs.tsv")
    shutil.copy(EXAMPLES / "dialogue.en.txt", tmp_path / "D" / "a.en.txt")
    shutil.copy(EXAMPLES / "dialogue.zh.txt", tmp_path / "D" / "a.zh.txt")
    shutil.copy(tmp_path / "data.tsv", tmp_path / "D" / "b.en.tsv")
    shutil.copy(EXAMPLES / "dialogue.zh.txt", tmp_path / "D" / "b.zh.txt")
    (tmp_path / "link.tsv").symlink_to(tmp_path / "glossary.tsv")
    os.link(tmp_path / "a.csv", tmp_path / "hard.csv")
    return tmp_path


# (arguments, the input the output would overwrite); "{w}" is the work folder
SAME_AS_INPUT = {
    "run --glossary out/glossary.xlsx -o out": (
        ["run", "{w}/dialogue.en.txt", "{w}/dialogue.zh.txt", "--glossary", "{w}/out/glossary.xlsx", "-o", "{w}/out"],
        "out/glossary.xlsx"),
    "align -o EN": (["align", "{w}/x.en.tsv", "{w}/dialogue.zh.txt", "-o", "{w}/x.en.tsv"], "x.en.tsv"),
    "align -o GLOSSARY": (["align", "{w}/dialogue.en.txt", "{w}/dialogue.zh.txt", "--glossary", "{w}/data.tsv",
                           "-o", "{w}/data.tsv"], "data.tsv"),
    "align --batch -o OUT with the glossary in OUT": (
        ["align", "--batch", "{w}/D", "--format", "tsv", "-o", "{w}", "--glossary", "{w}/a.tsv"], "a.tsv"),
    "mine -o EN": (["mine", "{w}/x.en.tsv", "{w}/dialogue.zh.txt", "-o", "{w}/x.en.tsv"], "x.en.tsv"),
    "mine --aligned A -o A": (["mine", "--aligned", "{w}/data.tsv", "-o", "{w}/data.tsv"], "data.tsv"),
    "mine --batch DIR -o DIR/a.en.tsv": (["mine", "--batch", "{w}/D", "-o", "{w}/D/b.en.tsv"], "D/b.en.tsv"),
    "mine --glossary G -o G": (["mine", "{w}/dialogue.en.txt", "{w}/dialogue.zh.txt", "--glossary",
                                "{w}/glossary.tsv", "-o", "{w}/glossary.tsv"], "glossary.tsv"),
    "glossary convert g.xlsx -o g.xlsx": (["glossary", "convert", "{w}/g.xlsx", "-o", "{w}/g.xlsx"], "g.xlsx"),
    "glossary convert g.tsv -o link to it": (["glossary", "convert", "{w}/glossary.tsv", "-o", "{w}/link.tsv"],
                                             "glossary.tsv"),
    "glossary convert a.csv -o hard link to it": (["glossary", "convert", "{w}/a.csv", "-o", "{w}/hard.csv"],
                                                  "a.csv"),
    "glossary import a b -o b": (["glossary", "import", "{w}/a.csv", "{w}/glossary.tsv", "-o", "{w}/glossary.tsv"],
                                 "glossary.tsv"),
    "glossary merge a b -o a": (["glossary", "merge", "{w}/a.csv", "{w}/glossary.tsv", "-o", "{w}/a.csv"], "a.csv"),
    "check -o INPUT": (["check", "--glossary", "{w}/glossary.tsv", "{w}/data.tsv", "-o", "{w}/data.tsv"], "data.tsv"),
    "check -o GLOSSARY": (["check", "--glossary", "{w}/glossary.tsv", "{w}/data.tsv", "-o", "{w}/glossary.tsv"],
                          "glossary.tsv"),
    "check DIR -o DIR/segs.tsv": (["check", "--glossary", "{w}/glossary.tsv", "{w}/D", "-o", "{w}/D/segs.tsv"],
                                  "D/segs.tsv"),
    "check --write-baseline INPUT": (["check", "--glossary", "{w}/glossary.tsv", "{w}/data.tsv", "--write-baseline",
                                      "{w}/data.tsv"], "data.tsv"),
}


@pytest.mark.parametrize("case", sorted(SAME_AS_INPUT))
def test_an_output_that_is_an_input_is_refused(work, case):
    args, victim = SAME_AS_INPUT[case]
    if "a.tsv" == victim:
        shutil.copy(work / "glossary.tsv", work / "a.tsv")
    before = {p: p.read_bytes() for p in work.rglob("*") if p.is_file() and not p.is_symlink()}
    result = invoke(*[a.replace("{w}", str(work)) for a in args])
    assert result.exit_code == 2, result.output
    assert "overwrite" in one_error_line(result)
    after = {p: p.read_bytes() for p in work.rglob("*") if p.is_file() and not p.is_symlink()}
    assert after == before  # the input untouched, nothing new written
    assert (work / "link.tsv").is_symlink()


def test_check_refuses_to_overwrite_the_glossary_named_in_its_config(work, monkeypatch):
    (work / "shuyu.toml").write_text('[tool.shuyu.check]\nglossary = "glossary.tsv"\n', encoding="utf-8")
    monkeypatch.chdir(work)
    before = (work / "glossary.tsv").read_bytes()
    result = invoke("check", "data.tsv", "--output", "glossary.tsv")
    assert result.exit_code == 2, result.output
    assert "overwrite" in one_error_line(result)
    assert (work / "glossary.tsv").read_bytes() == before


def test_a_file_inside_an_input_folder_that_is_not_read_may_be_written(work):
    result = invoke("check", "--glossary", work / "glossary.tsv", work / "D", "-o", work / "D" / "report.txt")
    assert result.exit_code in (0, 1), result.output
    assert (work / "D" / "report.txt").is_file()


# ----------------------------------------------------------------------------- devices, FIFOs, "-"
STREAM_WRITERS = {
    "align": ["align", "{w}/dialogue.en.txt", "{w}/dialogue.zh.txt", "-o", "{o}.tsv"],
    "mine": ["mine", "--aligned", "{w}/data.tsv", "-o", "{o}.tsv"],
    "glossary convert csv": ["glossary", "convert", "{w}/glossary.tsv", "-o", "{o}.csv"],
    "glossary convert xlsx": ["glossary", "convert", "{w}/glossary.tsv", "-o", "{o}.xlsx"],
    "check --output": ["check", "--glossary", "{w}/glossary.tsv", "{w}/data.tsv", "-o", "{o}.txt"],
}


@pytest.mark.parametrize("name", sorted(STREAM_WRITERS))
def test_a_device_output_is_written_through_not_replaced(work, name):
    # a link to /dev/null with the extension the command needs: were the device replaced, only the link would be
    target = work / "null"
    ext = STREAM_WRITERS[name][-1].rsplit(".", 1)[1]
    link = Path(f"{target}.{ext}")
    link.symlink_to("/dev/null")
    result = invoke(*[a.replace("{w}", str(work)).replace("{o}", str(target)) for a in STREAM_WRITERS[name]])
    assert result.exit_code in (0, 1), result.output
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert not list(work.glob(".null*"))


def test_a_fifo_output_gets_the_whole_output(work):
    fifo = work / "pipe.csv"
    os.mkfifo(fifo)
    got = {}

    def reader():
        with open(fifo, "rb") as fh:
            got["data"] = fh.read()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    result = invoke("glossary", "convert", work / "glossary.tsv", "-o", fifo)
    t.join(30)
    assert result.exit_code == 0, result.output
    assert "State Councilor" in got["data"].decode("utf-8-sig")
    assert fifo.exists() and not fifo.is_file()  # still the FIFO


@pytest.mark.parametrize("out", ["-", "/dev/stdout"])
def test_standard_output_gets_the_file_and_the_messages_go_to_stderr(work, out):
    result = shuyu("glossary", "convert", work / "glossary.tsv", "-o", out, "--to", "csv", cwd=work)
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip("\ufeff").startswith("ID,English,Chinese")
    assert "wrote 12 entries" in result.stderr and "wrote" not in result.stdout
    assert not (work / "-").exists()


# ----------------------------------------------------------------------------- honest exits
def test_a_full_device_is_exit_2_in_one_line(work):
    full = work / "full.csv"
    full.symlink_to("/dev/full")
    result = invoke("glossary", "convert", work / "glossary.tsv", "-o", full)
    assert result.exit_code == 2, result.output
    assert "no space left" in one_error_line(result)


def _limit_file_size(limit: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("args, made, room", [
    (["glossary", "convert", "big.tsv", "-o", "big.xlsx"], "big.xlsx", 12_000),
    (["glossary", "convert", "big.tsv", "-o", "big.csv"], "big.csv", 12_000),
    (["align", "dialogue.en.txt", "dialogue.zh.txt", "-o", "al.tmx"], "al.tmx", 1_000),
])
def test_a_full_disk_is_exit_2_and_leaves_nothing_behind(work, args, made, room):
    with open(work / "big.tsv", "w", encoding="utf-8") as fh:
        fh.write("English\tChinese\tNote\n")
        for i in range(3000):
            fh.write(f"term number {i}\t术语{i}\ta note that takes some room {i}\n")
    result = shuyu(*args, cwd=work, preexec_fn=_limit_file_size(room))
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("shuyu: error:") == 1 and "Traceback" not in result.stderr
    assert made in result.stderr
    assert not (work / made).exists()
    assert not [p for p in work.iterdir() if p.name.endswith(".part")]


def test_run_writes_all_outputs_or_none(work, monkeypatch):
    from shuyu import glossaries

    out = work / "out"
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*_a, **_k):
        raise OutputError("no space left on the device (disk full); nothing was written", where="x")

    monkeypatch.setattr(glossaries, "write_glossary", broken)  # the fourth output fails
    result = invoke("run", work / "dialogue.en.txt", work / "dialogue.zh.txt", "-o", out)
    assert result.exit_code == 2, result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no new file, the old one as it was


def test_check_report_on_a_full_standard_output_is_exit_2(work):
    with open("/dev/full", "w") as full:
        result = subprocess.run([*SHUYU, "check", "--glossary", str(work / "glossary.tsv"), "--format", "json",
                                 str(work / "dialogue.en.txt"), str(work / "dialogue.zh.txt")], cwd=work,
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=300,
                                env={**os.environ, "SHUYU_CACHE_DIR": os.environ.get("SHUYU_CACHE_DIR",
                                                                                     str(work / "cache"))})
    assert result.returncode == 2, result.stderr
    assert "No space left" in result.stderr


def test_a_read_only_output_is_exit_2(work, monkeypatch):
    target = work / "ro.csv"
    target.write_text("keep me\n", encoding="utf-8")
    target.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == target and mode == os.W_OK
                        else real_access(p, mode, **kw))  # as root every file is writable
    result = invoke("glossary", "convert", work / "glossary.tsv", "-o", target)
    assert result.exit_code == 2, result.output
    assert "read-only" in one_error_line(result)
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_an_output_folder_without_permission_is_exit_2(work, monkeypatch):
    import tempfile

    def denied(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    result = invoke("glossary", "convert", work / "glossary.tsv", "-o", work / "x.csv")
    assert result.exit_code == 2, result.output
    assert "permission denied" in one_error_line(result)


def test_stat_permission_error_on_the_output_is_exit_2(work, monkeypatch):
    real_stat = os.stat

    def stat(p, *a, **kw):
        if str(p).startswith(str(work / "locked")):
            raise PermissionError(13, "Permission denied")
        return real_stat(p, *a, **kw)

    monkeypatch.setattr(os, "stat", stat)
    result = invoke("glossary", "convert", work / "glossary.tsv", "-o", work / "locked" / "x.csv")
    assert result.exit_code == 2, result.output


def test_a_newline_in_a_file_name_stays_on_one_line(work):
    result = invoke("glossary", "convert", work / "no\nsuch.tsv", "-o", work / "x.csv")
    assert result.exit_code == 2
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1
    assert "no\\nsuch.tsv" in result.output


# ----------------------------------------------------------------------------- signals
SIGNAL_SCRIPT = r"""
import sys, time
from shuyu.files import Terminated, atomic_write, install_signal_handlers
install_signal_handlers()
try:
    with atomic_write(sys.argv[1]) as fh:
        fh.write("half")
        print("writing", flush=True)
        time.sleep(60)
except Terminated as exc:
    sys.exit(128 + exc.signum)
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path, sig):
    target = tmp_path / "out.xlsx"
    proc = subprocess.Popen([sys.executable, "-c", SIGNAL_SCRIPT, str(target)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    proc.send_signal(sig)
    proc.wait(30)
    assert proc.returncode != 0
    assert list(tmp_path.iterdir()) == []


def test_the_cli_installs_the_signal_handlers(work, monkeypatch):
    calls = []
    monkeypatch.setattr(files, "install_signal_handlers", lambda: calls.append(1))
    assert invoke("glossary", "formats").exit_code == 0
    assert calls


# ----------------------------------------------------------------------------- jieba's cache
def test_jieba_keeps_its_cache_in_shuyus_cache_folder(tmp_path, monkeypatch):
    import jieba

    from shuyu.terms.mining import chinese

    monkeypatch.setenv("SHUYU_CACHE_DIR", str(tmp_path / "cache"))
    chinese.tokenizer.cache_clear()
    try:
        tok = chinese.tokenizer()
        assert tok.tmp_dir == str(tmp_path / "cache")
        assert (tmp_path / "cache" / "jieba.cache").is_file()
        assert jieba.Tokenizer().tmp_dir is None  # jieba itself is left as it was
    finally:
        chinese.tokenizer.cache_clear()
