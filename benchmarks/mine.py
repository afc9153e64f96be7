"""Quality and speed of the term miner (``shuyu mine``) on real official texts.

Quality: every ``NAME`` in ``SHARED/eval/terms/`` with ``NAME.en.txt``,
``NAME.zh.txt`` and ``NAME.terms.tsv`` (raw documents and a reference glossary
written by reading them) is read, split, aligned and mined as ``shuyu mine EN
ZH`` does it (:func:`shuyu.aligner.readers.read_document`,
:func:`shuyu.aligner.align.align`, :func:`shuyu.terms.mining.pairs_from_alignment`,
:func:`shuyu.terms.mining.mine`); ``pol-dev`` is mined from the segment pairs
of the gold beads of ``SHARED/eval/align/pol-dev`` (English sentences joined
with a space, Chinese with nothing) and scored against
``SHARED/eval/terms/pol-dev.terms.tsv``.  ``--extra DIR`` adds another folder
of ``NAME.{en,zh}.txt`` + ``NAME.terms.tsv`` (held-out texts), scored the same
way and averaged apart.

Scoring is the rule of ``SHARED/eval/terms/README.md`` (:mod:`termscore`,
needs nltk: ``pip install -e '.[bench]'``): lenient recall@100 of the
reference pairs (@200 for pol-dev).  Each text's top 50 is written to
``OUT/NAME.top50.txt`` with ``+`` for a row that matches a reference pair and
``-`` for one that does not, followed by the reference pairs missed; precision
is for a translator to judge from those files.

Speed (``--speed``): 1,000 and 100,000 segment pairs made by repeating and
shuffling the pol-dev gold pairs and the WMT pairs of
``SHARED/eval/docs/wmt23-generaltest-zh-en-news/docs``, each size mined in a
fresh process; prints wall time and that process's peak RSS.  Targets: 1,000
pairs <= 10 s; 100,000 pairs <= 10 min and <= 2 GB.

    python benchmarks/mine.py [--shared DIR] [--extra DIR] [--out DIR] [--text NAME] [--show N]
        [--speed | --speed-only [--sizes 1000,100000]]
"""

from __future__ import annotations

import argparse
import ast
import multiprocessing
import random
import resource
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))  # termscore

SHARED = ROOT.parent / "shared"  # ../shared beside the checkout
OUT = HERE / "out"
POL_DEV = "pol-dev"
TOP_FILE = 50


# ----------------------------------------------------------------------------- segment pairs

def document_pairs(folder: Path, name: str) -> list:
    """Segment pairs of NAME.en.txt / NAME.zh.txt, read, split and aligned as `shuyu mine EN ZH` does."""
    from shuyu.aligner.align import align
    from shuyu.aligner.readers import read_document
    from shuyu.terms.mining import pairs_from_alignment

    en = read_document(folder / f"{name}.en.txt", "en")
    zh = read_document(folder / f"{name}.zh.txt", "zh")
    return [p for p in pairs_from_alignment(align(en, zh), source=name) if p.en and p.zh]


def gold_pairs(folder: Path) -> list:
    """Segment pairs of the gold beads of a folder of NNN.en / NNN.zh / NNN.gold (``[0, 1]:[2]``, English first)."""
    from shuyu.records import SegmentPair

    out = []
    for gold in sorted(folder.glob("*.gold")):
        en = gold.with_suffix(".en").read_text(encoding="utf-8").split("\n")
        zh = gold.with_suffix(".zh").read_text(encoding="utf-8").split("\n")
        for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            left, right = line.split(":")
            e_idx, z_idx = ast.literal_eval(left.strip()), ast.literal_eval(right.strip())
            if e_idx and z_idx:
                out.append(SegmentPair(" ".join(en[i].strip() for i in e_idx), "".join(zh[i].strip() for i in z_idx),
                                       f"{folder.name}/{gold.stem}", n))
    return out


def wmt_pairs(folder: Path) -> list:
    """Line-aligned WMT documents NAME.en / NAME.zh."""
    from shuyu.records import SegmentPair

    out = []
    for zh_path in sorted(folder.glob("*.zh")):
        en = zh_path.with_suffix(".en").read_text(encoding="utf-8").split("\n")
        zh = zh_path.read_text(encoding="utf-8").split("\n")
        for n, (e, z) in enumerate(zip(en, zh), start=1):
            if e.strip() and z.strip():
                out.append(SegmentPair(e, z, f"wmt/{zh_path.stem}", n))
    return out


# ----------------------------------------------------------------------------- quality

def texts_in(folder: Path) -> list[str]:
    """NAMEs with NAME.en.txt, NAME.zh.txt and NAME.terms.tsv in ``folder``."""
    return sorted(p.name[: -len(".terms.tsv")] for p in folder.glob("*.terms.tsv")
                  if (folder / (p.name[: -len(".terms.tsv")] + ".en.txt")).is_file()
                  and (folder / (p.name[: -len(".terms.tsv")] + ".zh.txt")).is_file())


def run_text(name: str, pairs: list, reference_path: Path, cutoff: int, out_dir: Path, show: int) -> float:
    from termscore import read_reference, score

    from shuyu.terms.mining import mine

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one-sided pairs: counted by the miner, not news here
        got = [p for p in mine(pairs, top=max(cutoff, TOP_FILE)) if not p.known]
    secs = time.perf_counter() - t0
    reference = read_reference(reference_path)
    s = score([(p.en, p.zh) for p in got], reference, cutoff)
    hits = list(s.hits) + [False] * max(0, TOP_FILE - len(s.hits))
    lines = [f"{name}: recall@{cutoff} {s.recall:.2f} ({len(s.found)} of {len(reference)} reference pairs); "
             f"top {TOP_FILE} of {len(got)} mined from {len(pairs)} segment pairs (+ = a reference pair)", ""]
    for k, p in enumerate(got[:TOP_FILE], start=1):
        lines.append(f"{k:3} {'+' if hits[k - 1] else '-'} {p.en} = {p.zh}    "
                     f"[{p.score:.3f}; {', '.join(p.signals)}; {p.freq_en}/{p.freq_zh}/{p.freq_joint}]")
    lines += ["", f"missed in the top {cutoff} ({len(s.missed)}):"] + [f"    {r.label}" for r in s.missed]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.top{TOP_FILE}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name:40} pairs {len(pairs):5}  mined {len(got):4}  recall@{cutoff} {s.recall:.2f} "
          f"({len(s.found):2}/{len(reference):2})  {secs:5.1f}s", flush=True)
    for line in lines[2:2 + show]:
        print("   " + line)
    return s.recall


def quality(shared: Path, extra: Path | None, out_dir: Path, only: list[str], show: int) -> int:
    terms = shared / "eval" / "terms"
    if not terms.is_dir():
        print(f"no {terms}: give the evaluation data folder with --shared DIR", file=sys.stderr)
        return 2
    sets = [("dev", terms, texts_in(terms) + ([POL_DEV] if (terms / f"{POL_DEV}.terms.tsv").is_file() else []))]
    if extra is not None:
        if not extra.is_dir():
            print(f"no folder {extra} (--extra)", file=sys.stderr)
            return 2
        sets.append(("extra", extra, texts_in(extra)))
    for label, folder, names in sets:
        names = [n for n in names if not only or n in only]
        if not names:
            continue
        print(f"{label}: {folder}")
        recalls = []
        for name in names:
            if name == POL_DEV and label == "dev":
                recalls.append(run_text(name, gold_pairs(shared / "eval" / "align" / POL_DEV),
                                        folder / f"{name}.terms.tsv", 200, out_dir, show))
            else:
                recalls.append(run_text(name, document_pairs(folder, name), folder / f"{name}.terms.tsv", 100,
                                        out_dir, show))
        cutoffs = "@100 per document" + (", @200 for pol-dev" if label == "dev" and POL_DEV in names else "")
        print(f"{label}: mean recall {sum(recalls) / len(recalls):.3f} over {len(recalls)} texts ({cutoffs}); "
              f"top {TOP_FILE} lists in {out_dir}")
    return 0


# ----------------------------------------------------------------------------- speed

def _timed_mine(shared: str, n: int, seed: int) -> tuple[float, float, int, float]:
    """In a fresh process: build ``n`` pairs, mine them; (wall s, CPU s, term pairs, peak RSS MB)."""
    from shuyu.records import SegmentPair
    from shuyu.terms.mining import mine

    base = gold_pairs(Path(shared) / "eval/align/pol-dev") + wmt_pairs(
        Path(shared) / "eval/docs/wmt23-generaltest-zh-en-news/docs")
    rng = random.Random(seed)
    pairs: list = []
    while len(pairs) < n:
        batch = base[:]
        rng.shuffle(batch)
        pairs.extend(SegmentPair(p.en, p.zh, p.source, p.line) for p in batch[: n - len(pairs)])
    t0 = time.perf_counter()
    c0 = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = mine(pairs)
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return secs, cpu, len(got), rss


def speed(shared: Path, sizes: list[int], seed: int = 1) -> int:
    for folder in (shared / "eval/align/pol-dev", shared / "eval/docs/wmt23-generaltest-zh-en-news/docs"):
        if not folder.is_dir():
            print(f"speed: no {folder}", file=sys.stderr)
            return 2
    ctx = multiprocessing.get_context("spawn")
    for n in sizes:
        with ctx.Pool(1) as pool:
            secs, cpu, terms, rss = pool.apply(_timed_mine, (str(shared), n, seed))
        print(f"speed: {n:7} segment pairs mined in {secs:6.1f}s wall ({cpu:.1f}s CPU), {terms} term pairs, "
              f"peak RSS {rss:.0f} MB", flush=True)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the evaluation data folder (default: ../shared beside the checkout)")
    ap.add_argument("--extra", type=Path, help="another folder of NAME.en.txt, NAME.zh.txt, NAME.terms.tsv")
    ap.add_argument("--out", type=Path, default=OUT, help=f"folder for the top-{TOP_FILE} lists (default: {OUT})")
    ap.add_argument("--text", action="append", default=[], help="score only this NAME (repeatable)")
    ap.add_argument("--show", type=int, default=0, help="also print each text's top N with +/- marks")
    ap.add_argument("--speed", action="store_true", help="also time 1,000 and 100,000 segment pairs")
    ap.add_argument("--speed-only", action="store_true", help="only the speed part")
    ap.add_argument("--sizes", default="1000,100000", help="segment-pair counts for the speed part")
    args = ap.parse_args(argv)
    rc = 0
    if not args.speed_only:
        rc = quality(args.shared, args.extra, args.out, args.text, args.show)
    if (args.speed or args.speed_only) and rc == 0:
        rc = speed(args.shared, [int(s) for s in args.sizes.split(",") if s.strip()])
    return rc


if __name__ == "__main__":
    sys.exit(main())
