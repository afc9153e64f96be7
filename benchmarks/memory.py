"""Peak memory of shuyu on big inputs: the documents and glossaries at the sizes the input limits allow.

    python benchmarks/memory.py [--sizes 2,20,50] [--lines 20000,1000000] [--rows 500000,1000000] [--out DIR]

Makes the inputs in a temporary folder (or DIR) from the bundled example — English and Chinese
documents of each size in MiB (the dialogue repeated; 2 MiB is about 20,000 sentences, the most a
document may have), documents of N short lines, and CSV glossaries of N rows — and runs each
command as its own process, printing wall time and peak resident memory (ru_maxrss):

* ``shuyu align EN ZH -o out.tsv`` for each document size;
* ``shuyu align --lines`` for each number of lines;
* ``shuyu glossary convert glossary.csv -o glossary.tbx`` and ``-o glossary.xlsx`` for each glossary.

An input over shuyu's limits shows its one-line error instead (exit 2): the limits exist so that
what is accepted stays under 2 GB.  Needs no network and no evaluation data.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _repeat(src: Path, dst: Path, mib: float) -> Path:
    unit = src.read_text(encoding="utf-8").strip() + "\n\n"
    want = int(mib * (1 << 20))
    data = unit.encode("utf-8")
    with open(dst, "wb") as fh:
        written = 0
        while written < want:
            fh.write(data)
            written += len(data)
    return dst


def _lines(dst: Path, n: int, lang: str) -> Path:
    with open(dst, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(f"Sentence number {i} is here.\n" if lang == "en" else f"这是第{i}句话。\n")
    return dst


def _glossary(dst: Path, rows: int) -> Path:
    with open(dst, "w", encoding="utf-8", newline="") as fh:
        fh.write("English,Chinese,Status,Note\r\n")
        for i in range(rows):
            fh.write(f"term number {i},术语{i},preferred,note for term {i}\r\n")
    return dst


def run(label: str, *args: str) -> None:
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", "from shuyu.cli import main; main()", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.stderr else []
    code = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    note = f"  ({err[-1][:110]})" if code not in (0, 1) and err else ""
    print(f"{label:44} exit {code}  {time.monotonic() - start:7.1f} s  peak {peak:7.0f} MiB{note}", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2,20,50", help="document sizes in MiB (comma-separated)")
    ap.add_argument("--lines", default="20000,1000000", help="lines of the --lines documents (comma-separated)")
    ap.add_argument("--rows", default="500000,1000000", help="rows of the CSV glossaries (comma-separated)")
    ap.add_argument("--out", type=Path, help="folder for the inputs (default: a temporary folder, removed)")
    args = ap.parse_args(argv)
    folder = args.out or Path(tempfile.mkdtemp(prefix="shuyu-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SHUYU_CACHE_DIR", str(folder / "cache"))
    try:
        for mib in (float(x) for x in args.sizes.split(",") if x.strip()):
            en = _repeat(EXAMPLES / "dialogue.en.txt", folder / f"doc{mib:g}.en.txt", mib)
            zh = _repeat(EXAMPLES / "dialogue.zh.txt", folder / f"doc{mib:g}.zh.txt", mib * 0.8)
            run(f"align {mib:g} MiB documents", "align", en, zh, "-o", folder / "out.tsv")
        for n in (int(x) for x in args.lines.split(",") if x.strip()):
            en = _lines(folder / "lines.en.txt", n, "en")
            zh = _lines(folder / "lines.zh.txt", n, "zh")
            run(f"align --lines, {n:,} lines", "align", "--lines", en, zh, "-o", folder / "lines.tsv")
        for n in (int(x) for x in args.rows.split(",") if x.strip()):
            g = _glossary(folder / "glossary.csv", n)
            size = g.stat().st_size / (1 << 20)
            run(f"glossary convert {n:,} rows ({size:.0f} MiB) -> tbx", "glossary", "convert", g,
                "-o", folder / "glossary.tbx")
            run(f"glossary convert {n:,} rows -> xlsx", "glossary", "convert", g, "-o", folder / "glossary.xlsx")
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)
    print("target: every accepted input under 2048 MiB peak")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
