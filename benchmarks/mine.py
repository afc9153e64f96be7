"""Quality and speed of ``shuyu mine`` (the bilingual term miner).

Quality, against hand-made reference lists in ``benchmarks/data/mine-*.tsv``
(columns ``en``, ``zh``, ``kind``: ``term`` rows are the pairs a good miner
should find — recall is counted over them; ``ok`` rows are further correct,
useful pairs that count as right for precision only; ``en`` and ``zh`` may
list accepted variants separated by ``|``):

* ``example`` — the bundled ``examples/dialogue.{en,zh}.txt``, read with
  ``shuyu.aligner.readers.read_document`` and aligned with
  ``shuyu.aligner.align.align``; the planted key pairs must be in the top 20;
* ``pol-dev`` — SHARED/eval/align/pol-dev, segment pairs from its gold beads;
* ``wmt`` — SHARED/eval/docs/wmt23-generaltest-zh-en-news/docs, one line = one line.

Prints precision@20/@50 (a mined pair is right when its English key and its
Chinese match a reference row), recall of the ``term`` rows in the whole
output and in its top 100, and the time.

Speed (``--speed``): 1,000 and 100,000 segment pairs made by repeating and
shuffling the real pol-dev and WMT pairs; prints time and peak memory.
Targets: 1,000 pairs ≤ 10 s, 100,000 pairs ≤ 10 min and ≤ 2 GB.  Identical
segment pairs are analysed once by the miner; ``--no-cache`` turns that off to
show the cost of a corpus without repeats.

    python benchmarks/mine.py [--shared DIR] [--set example|pol-dev|wmt|all] [--show 60]
        [--speed | --speed-only [--sizes 1000,100000] [--no-cache]]
"""

from __future__ import annotations

import argparse
import ast
import csv
import random
import resource
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"  # ../shared beside the checkout; --shared PATH overrides
POL = SHARED / "eval/align/pol-dev"
WMT = SHARED / "eval/docs/wmt23-generaltest-zh-en-news/docs"


def example_pairs():
    from shuyu.aligner.align import align
    from shuyu.aligner.readers import read_document
    from shuyu.terms.mine import pairs_from_alignment

    en = read_document(ROOT / "examples/dialogue.en.txt", "en")
    zh = read_document(ROOT / "examples/dialogue.zh.txt", "zh")
    return pairs_from_alignment(align(en, zh), source="dialogue")


def pol_pairs():
    from shuyu.records import SegmentPair

    out = []
    for gold in sorted(POL.glob("*.gold")):
        en = gold.with_suffix(".en").read_text(encoding="utf-8").split("\n")
        zh = gold.with_suffix(".zh").read_text(encoding="utf-8").split("\n")
        for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            left, right = line.split(":")
            e_idx, z_idx = ast.literal_eval(left), ast.literal_eval(right)
            out.append(SegmentPair(" ".join(en[i] for i in e_idx), "".join(zh[i] for i in z_idx),
                                   f"pol-dev/{gold.stem}", n))
    return out


def wmt_pairs():
    from shuyu.records import SegmentPair

    out = []
    for zh_path in sorted(WMT.glob("*.zh")):
        en = zh_path.with_suffix(".en").read_text(encoding="utf-8").split("\n")
        zh = zh_path.read_text(encoding="utf-8").split("\n")
        for n, (e, z) in enumerate(zip(en, zh), start=1):
            if e.strip() or z.strip():
                out.append(SegmentPair(e, z, f"wmt/{zh_path.stem}", n))
    return out


SETS = {"example": example_pairs, "pol-dev": pol_pairs, "wmt": wmt_pairs}
REFS = {"example": "mine-example.tsv", "pol-dev": "mine-pol-dev.tsv", "wmt": "mine-wmt.tsv"}


def load_ref(name: str):
    from shuyu.terms.candidates_en import en_key
    from shuyu.textnorm import normalize_zh

    rows = []
    with open(DATA / REFS[name], encoding="utf-8", newline="") as fh:
        for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            zhs = {normalize_zh(z.strip()) for z in row["zh"].split("|") if z.strip()}
            ens = {en_key(e.strip()) for e in row["en"].split("|") if e.strip()}
            rows.append((ens, zhs, row["kind"].strip(), row["en"], row["zh"]))
    return rows


def judge(pair, ref) -> int | None:
    from shuyu.terms.candidates_en import en_key
    from shuyu.textnorm import normalize_zh

    k = en_key(pair.en)
    z = normalize_zh(pair.zh)
    for i, (rk, rz, _, _, _) in enumerate(ref):
        if k in rk and z in rz:
            return i
    return None


def run_set(name: str, show: int) -> dict:
    from shuyu.terms.mine import mine

    pairs = SETS[name]()
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = [p for p in mine(pairs) if not p.known]
    secs = time.perf_counter() - t0
    ref = load_ref(name)
    hits = [judge(p, ref) for p in got]
    terms = [i for i, r in enumerate(ref) if r[2] == "term"]
    found_all = {h for h in hits if h is not None}
    found_100 = {h for h in hits[:100] if h is not None}

    def p_at(k):
        top = hits[:k]
        return sum(h is not None for h in top) / max(len(top), 1)

    res = {
        "set": name, "pairs": len(pairs), "mined": len(got), "p@20": p_at(20), "p@50": p_at(50),
        "recall": sum(i in found_all for i in terms) / max(len(terms), 1),
        "recall@100": sum(i in found_100 for i in terms) / max(len(terms), 1),
        "terms": len(terms), "secs": secs,
    }
    print(f"{name:8} pairs={res['pairs']:5} mined={res['mined']:5} P@20={res['p@20']:.2f} P@50={res['p@50']:.2f} "
          f"recall={res['recall']:.2f} recall@100={res['recall@100']:.2f} (of {res['terms']} terms) "
          f"time={secs:.1f}s")
    if show:
        for rank, (p, h) in enumerate(zip(got[:show], hits[:show]), start=1):
            mark = "+" if h is not None else "-"
            print(f"  {rank:3} {mark} {p.score:.3f} {p.en} | {p.zh} | {p.freq_en}/{p.freq_zh}/{p.freq_joint} "
                  f"{','.join(p.signals)}")
        missed = [ref[i] for i in terms if i not in found_all]
        if missed:
            print("  missed:", "; ".join(f"{r[3]}={r[4]}" for r in missed))
    if name == "example":
        planted = [i for i, r in enumerate(ref) if r[2] == "term"]
        top20 = {h for h in hits[:20] if h is not None}
        ok = all(i in top20 for i in planted)
        print(f"  example: all {len(planted)} planted pairs in the top 20: {'yes' if ok else 'NO'}"
              + ("" if ok else " — missing: " + ", ".join(ref[i][3] for i in planted if i not in top20)))
    return res


def speed(sizes=(1000, 100_000), seed: int = 1) -> None:
    from shuyu.records import SegmentPair
    from shuyu.terms.mine import mine

    base = pol_pairs() + wmt_pairs()
    rng = random.Random(seed)
    for n in sizes:
        def stream():
            k = 0
            while k < n:
                batch = base[:]
                rng.shuffle(batch)
                for p in batch[: n - k]:
                    yield SegmentPair(p.en, p.zh, p.source, p.line)
                k += len(batch)

        t0 = time.perf_counter()
        c0 = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = mine(stream())
        secs = time.perf_counter() - t0
        cpu = time.process_time() - c0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"speed: {n} pairs in {secs:.1f}s wall, {cpu:.1f}s CPU, {len(got)} term pairs, "
              f"peak RSS {rss:.0f} MB (whole process so far)", flush=True)


def main(argv=None) -> int:
    global SHARED, POL, WMT
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the evaluation data folder (default: ../shared beside the checkout)")
    ap.add_argument("--set", default="all", choices=["all", *SETS])
    ap.add_argument("--show", type=int, default=0, help="print the top N pairs with +/- judgements")
    ap.add_argument("--speed", action="store_true", help="also time 1,000 and 100,000 synthetic pairs")
    ap.add_argument("--speed-only", action="store_true")
    ap.add_argument("--sizes", default="1000,100000")
    ap.add_argument("--no-cache", action="store_true",
                    help="analyse repeated segment pairs again (the cost of a corpus without repeats)")
    args = ap.parse_args(argv)
    SHARED = args.shared
    POL = SHARED / "eval/align/pol-dev"
    WMT = SHARED / "eval/docs/wmt23-generaltest-zh-en-news/docs"
    if args.no_cache:
        import shuyu.terms.mine as mine_mod

        mine_mod.SEGMENT_CACHE = 0
    if not args.speed_only:
        names = list(SETS) if args.set == "all" else [args.set]
        for name in names:
            if name != "example" and not SHARED.exists():
                print(f"{name}: skipped (no {SHARED})")
                continue
            run_set(name, args.show)
    if args.speed or args.speed_only:
        speed(tuple(int(s) for s in args.sizes.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
