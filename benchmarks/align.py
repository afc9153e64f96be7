"""Alignment benchmark: quality, speed and memory on the gold sets.

    python benchmarks/align.py DATA_DIR            # e.g. /work/shared/eval/align
    python benchmarks/align.py DATA_DIR --sets pol-dev mac-dev
    python benchmarks/align.py DATA_DIR --no-synthetic

Every set (a folder of NNN.en / NNN.zh / NNN.gold, one sentence per line) is
aligned with lines as sentences in a fresh subprocess, so that the wall time
and the peak memory (the child's own ru_maxrss) are those of the whole process:
interpreter start, imports, lexicon load from the cache, alignment, scoring.
Sets with NNN.en.verse / NNN.zh.verse are scored verse-merged (Bible).

Columns: strict and lax P/R/F1 (micro-averaged over the set's documents),
``low10``: share of the wrong predicted beads (strict) that fall in the lowest
10% of beads by confidence (higher is better: sorting by confidence puts errors
first), wall seconds and peak MB.  The synthetic row aligns the Bible repeated
to about 50,000 English sentences (speed and memory only).

Not a test: needs the evaluation data and a built lexicon cache.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def run_set(folder: Path, options: dict) -> dict:
    """Align and score every document of one set (runs inside the child process)."""
    from shuyu.aligner.align import align_sentences
    from shuyu.aligner.evaluate import merge_by_verse, read_beads, read_verses, score_many
    from shuyu.aligner.lexicon import load_lexicon

    lex = load_lexicon()
    pairs = []
    conf_rows = []  # (confidence, wrong)
    for gold_path in sorted(folder.glob("*.gold")):
        stem = gold_path.name[: -len(".gold")]
        en = _lines(folder / f"{stem}.en")
        zh = _lines(folder / f"{stem}.zh")
        hyp = align_sentences(en, zh, lexicon=lex, **options)
        gold = read_beads(gold_path)
        ev, zv = folder / f"{stem}.en.verse", folder / f"{stem}.zh.verse"
        if ev.is_file() and zv.is_file():
            hyp = merge_by_verse(hyp, read_verses(ev), read_verses(zv))
        gold_set = {(b.en, b.zh) for b in gold}
        conf_rows.extend((b.confidence, (b.en, b.zh) not in gold_set) for b in hyp)
        pairs.append((gold, hyp))
    scores = score_many(pairs)
    conf_rows.sort(key=lambda r: r[0])
    k = max(1, len(conf_rows) // 10)
    wrong = sum(w for _, w in conf_rows)
    low = sum(w for _, w in conf_rows[:k])
    return {"scores": scores.as_dict(), "docs": len(pairs), "beads": len(conf_rows),
            "wrong": wrong, "wrong_low10": low, "low10_size": k}


def run_synthetic(folder: Path, target: int) -> dict:
    from shuyu.aligner.align import align_sentences
    from shuyu.aligner.lexicon import load_lexicon

    en = _lines(folder / "001.en")
    zh = _lines(folder / "001.zh")
    reps = max(1, round(target / len(en)))
    lex = load_lexicon()
    beads = align_sentences(en * reps, zh * reps, lexicon=lex)
    return {"en": len(en) * reps, "zh": len(zh) * reps, "beads": len(beads)}


def _child(args: list[str]) -> tuple[dict, float, float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"child failed: {' '.join(args)}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    return res, wall, res["maxrss_mb"]



def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, help="folder with one sub-folder per gold set")
    ap.add_argument("--sets", nargs="*", help="only these sets")
    ap.add_argument("--no-synthetic", action="store_true")
    ap.add_argument("--synthetic-size", type=int, default=50_000)
    ap.add_argument("--option", "-O", action="append", default=[], metavar="NAME=VALUE",
                    help="aligner option, e.g. -O del_cost=1.2")
    ap.add_argument("--_child-set", dest="child_set", help=argparse.SUPPRESS)
    ap.add_argument("--_child-synth", dest="child_synth", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    options = {}
    for item in args.option:
        name, _, value = item.partition("=")
        try:
            options[name] = json.loads(value)
        except json.JSONDecodeError:
            options[name] = value
    if args.child_set or args.child_synth:
        res = (run_set(Path(args.child_set), options) if args.child_set
               else run_synthetic(Path(args.child_synth), args.synthetic_size))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        res["maxrss_mb"] = usage.ru_maxrss / 1024  # KiB on Linux
        res["cpu_s"] = usage.ru_utime + usage.ru_stime
        print(json.dumps(res))
        return 0

    # make sure the lexicon cache exists, so the per-set figures do not include building it
    subprocess.run([sys.executable, "-c", "from shuyu.aligner.lexicon import load_lexicon; load_lexicon()"],
                   check=True)
    sets = [p for p in sorted(args.data.iterdir()) if p.is_dir() and list(p.glob("*.gold"))]
    if args.sets:
        sets = [p for p in sets if p.name in args.sets]
    opt_args = [x for o in args.option for x in ("-O", o)]
    print(f"{'set':<10}{'docs':>5}{'beads':>7}  {'strict P':>8}{'R':>7}{'F1':>7}  {'lax P':>7}{'R':>7}{'F1':>7}"
          f"  {'low10':>11}  {'wall s':>7}{'cpu s':>7}{'peak MB':>8}")
    for folder in sets:
        res, wall, peak = _child([str(args.data), "--_child-set", str(folder), *opt_args])
        s = res["scores"]
        low = f"{res['wrong_low10']}/{res['wrong']}"
        print(f"{folder.name:<10}{res['docs']:>5}{res['beads']:>7}  {s['strict_precision']:>8.3f}"
              f"{s['strict_recall']:>7.3f}{s['strict_f1']:>7.3f}  {s['lax_precision']:>7.3f}"
              f"{s['lax_recall']:>7.3f}{s['lax_f1']:>7.3f}  {low:>11}  {wall:>7.2f}{res['cpu_s']:>7.2f}{peak:>8.0f}",
              flush=True)
    if not args.no_synthetic:
        bible = args.data / "bible"
        if (bible / "001.en").is_file():
            res, wall, peak = _child([str(args.data), "--_child-synth", str(bible),
                                      "--synthetic-size", str(args.synthetic_size)])
            print(f"synthetic: bible x{round(args.synthetic_size / 5000)} = {res['en']} EN / {res['zh']} ZH "
                  f"sentences, {res['beads']} beads: wall {wall:.2f} s, cpu {res['cpu_s']:.2f} s, peak {peak:.0f} MB")
    print("wall = whole child process (start, imports, lexicon load, align, score); cpu = its user+sys "
          "time (less sensitive to other load); peak MB = the child's ru_maxrss")
    return 0


if __name__ == "__main__":
    sys.exit(main())
