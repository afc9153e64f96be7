"""Throughput of ``shuyu check`` on a synthetic corpus.

100,000 segment pairs against a 10,000-term glossary (defaults), every check
enabled.  Prints the time of each phase and the peak memory (max RSS) of the
process.  Target: ≤ 30 s and ≤ 1 GB.

    /work/venv/bin/python benchmarks/check.py [--pairs 100000] [--terms 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time

HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
SYL = ["ka", "lo", "mi", "ren", "tes", "vor", "dal", "pin", "sur", "gel", "bra", "tion", "cy", "ment", "ex", "pro"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 4)))


def build(n_pairs: int, n_terms: int, seed: int):
    from shuyu.records import Glossary, GlossaryEntry, SegmentPair, Term

    rng = random.Random(seed)
    words = sorted({word(rng) for _ in range(40000)})
    rng.shuffle(words)
    vocab, filler = words[: len(words) // 2], words[len(words) // 2:]  # term words / ordinary words
    entries, terms = [], []
    seen = set()
    while len(entries) < n_terms:
        en = " ".join(rng.choice(vocab) for _ in range(rng.choice((1, 2, 2, 3, 4))))
        if en in seen:
            continue
        seen.add(en)
        zh = "".join(rng.choice(HAN) for _ in range(rng.randint(2, 6)))
        bad = zh + rng.choice(HAN)
        alt = "".join(rng.choice(HAN) for _ in range(rng.randint(2, 5)))
        ts = [Term(en, "en"), Term(zh, "zh", "preferred"), Term(bad, "zh", "deprecated")]
        if len(entries) % 10 == 0:
            ts.append(Term(alt, "zh", "admitted"))
        entries.append(GlossaryEntry(str(len(entries)), tuple(ts)))
        terms.append((en, zh, bad, alt))
    pairs = []
    for i in range(n_pairs):
        en_words = [rng.choice(filler) for _ in range(rng.randint(12, 30))]
        zh_chars = [rng.choice(HAN) for _ in range(rng.randint(20, 50))]
        for _ in range(rng.randint(0, 3)):
            en, zh, bad, alt = rng.choice(terms)
            en_words.insert(rng.randrange(len(en_words)), en + ("s" if rng.random() < 0.3 else ""))
            r = rng.random()
            choice = zh if r < 0.85 else bad if r < 0.9 else alt if r < 0.95 else ""
            zh_chars.insert(rng.randrange(len(zh_chars)), choice)
        num = rng.randint(1, 5000)
        en_words.append(f"{num} percent")
        zh_chars.append(f"百分之{num}" if rng.random() < 0.98 else f"{num + 1}%")
        pairs.append(SegmentPair(" ".join(en_words).capitalize() + ".", "".join(zh_chars) + "。",
                                 f"doc{i // 1000}.tmx", i % 1000 + 1))
    return Glossary(tuple(entries)), pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=100_000)
    ap.add_argument("--terms", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    glossary, pairs = build(args.pairs, args.terms, args.seed)
    t1 = time.perf_counter()
    from shuyu.terms.checking import check_pairs, render

    c1 = time.process_time()
    findings = check_pairs(pairs, glossary)
    t2 = time.perf_counter()
    c2 = time.process_time()
    sarif = render(findings, "sarif")
    t3 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    by = {}
    for f in findings:
        by[f.check] = by.get(f.check, 0) + 1
    print(f"corpus: {len(pairs):,} pairs, glossary: {len(glossary):,} entries (built in {t1 - t0:.1f} s)")
    print(f"check_pairs: {t2 - t1:.1f} s wall, {c2 - c1:.1f} s CPU ({len(pairs) / (t2 - t1):,.0f} pairs/s), "
          f"{len(findings):,} findings: "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(by.items())))
    print(f"render sarif: {t3 - t2:.1f} s ({len(sarif) / 1e6:.1f} MB)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"peak memory (max RSS): {peak_mb:,.0f} MB; targets: check ≤ 30 s, ≤ 1024 MB")


if __name__ == "__main__":
    main()
