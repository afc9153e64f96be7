"""Glossary benchmarks and measurements.

    python benchmarks/glossary.py                 # speed: 100,000 entries, xlsx/csv/tbx export + import
    python benchmarks/glossary.py --entries 20000
    python benchmarks/glossary.py --eval /work/shared   # real spreadsheets, Markdown table, TBX test files

Target: import + export of a 100,000-entry glossary as xlsx in at most 30 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path


def synthetic(n: int):
    from shuyu.records import Glossary, GlossaryEntry, Term

    han = "国家发展合作安全经济社会政治文化和平对话协议组织会议制度改革开放创新"
    entries = []
    for i in range(n):
        zh = "".join(han[(i * 7 + k * 3) % len(han)] for k in range(2 + i % 4)) + str(i)
        terms = [Term(f"term {i} of policy", "en"), Term(zh, "zh", pos="noun" if i % 3 else "")]
        if i % 5 == 0:
            terms.append(Term(zh + "案", "zh", "admitted"))
        if i % 50 == 0:
            terms.append(Term(zh + "旧", "zh", "forbidden", note="do not use"))
        entries.append(GlossaryEntry(f"c{i}", tuple(terms), domain="外交" if i % 2 else "",
                                     definition=f"Definition of term {i}." if i % 4 == 0 else "",
                                     note="=check" if i % 1000 == 0 else ""))
    return Glossary(entries=tuple(entries), sources=("synthetic",))


def bench(n: int) -> int:
    from shuyu.glossaries import read_glossary, write_glossary

    g = synthetic(n)
    ok = True
    with tempfile.TemporaryDirectory() as d:
        for fmt in ("xlsx", "csv", "tbx"):
            p = Path(d) / f"g.{fmt}"
            c0, t0 = time.process_time(), time.perf_counter()
            rep = write_glossary(g, p)
            t1 = time.perf_counter()
            back = read_glossary(p)
            t2, c2 = time.perf_counter(), time.process_time()
            same = len(back) == len(g)
            total = t2 - t0
            flag = ""
            if fmt == "xlsx":
                ok = ok and total <= 30 and same
                flag = "  (target ≤ 30 s: " + ("met" if total <= 30 else "MISSED") + ")"
            print(f"{fmt:5} {n:,} entries ({rep.rows:,} rows, {p.stat().st_size / 1e6:.1f} MB): "
                  f"export {t1 - t0:.1f} s, import {t2 - t1:.1f} s, total {total:.1f} s (CPU {c2 - c0:.1f} s); "
                  f"read back {len(back):,} entries, lost fields: {len(rep.lost)}{flag}")
    return 0 if ok else 1


def evaluate(shared: Path) -> None:
    from shuyu.errors import InputError
    from shuyu.glossaries import read_glossary, validate, write_glossary
    from shuyu.glossaries.tbx import read_tbx

    print("\n== real spreadsheets")
    for f in sorted((shared / "eval/glossaries/xlsx").glob("*.xlsx")) + [shared / "eval/glossaries/stats-yearbook-zh-en.md"]:
        t0 = time.perf_counter()
        try:
            g = read_glossary(f)
        except InputError as exc:
            print(f"{f.name}: InputError: {exc.message} ({exc.hint})")
            continue
        dt = time.perf_counter() - t0
        skipped = sum(1 for w in g.warnings if ": skipped:" in w)
        print(f"{f.name}: {len(g)} entries in {dt:.2f} s; {skipped} rows skipped with a reason")
        for w in g.warnings:
            if ": skipped:" not in w:
                print("   ", w.replace(str(f), f.name))
        issues = validate(g)
        codes: dict[str, int] = {}
        for i in issues:
            codes[i.code] = codes.get(i.code, 0) + 1
        print(f"    validate: {len(issues)} issues {codes}")
        with tempfile.TemporaryDirectory() as d:
            for fmt in ("xlsx", "csv", "tbx"):
                p = Path(d) / f"x.{fmt}"
                rep = write_glossary(g, p)
                back = read_glossary(p)
                print(f"    → {fmt}: {len(back)} entries back, lost: {list(rep.lost) or 'nothing'}")

    print("\n== TBX test files (accept good, reject bad)")
    tbx = shared / "formats/tbx"
    right = total = 0
    for f in sorted(tbx.rglob("*.tbx")):
        name = str(f.relative_to(tbx))
        expect_bad = any(w in f.name for w in ("bad", "poorly", "notwellformed"))
        try:
            g = read_tbx(f)
            verdict = f"accepted ({len([w for w in g.warnings if 'skipped' in w])} entries without Chinese skipped)"
            ok = not expect_bad
        except InputError as exc:
            verdict = "rejected: " + exc.message[:160]
            ok = expect_bad
        total += 1
        right += ok
        print(f"  {'OK ' if ok else 'XX '} {name}: {verdict}")
    print(f"  {right}/{total} as expected")

    try:
        from shuyu.glossaries.tbxschema import validate_rng, validate_schematron
        from shuyu.records import Glossary

        g = read_glossary(shared / "eval/glossaries/xlsx/tmc-translate_en-zh_terminology.xlsx")
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "out.tbx"
            write_glossary(g, p)
            dca = tbx / "LTAC-TBX-Basic_dialect/TBX-Basic_dialect_1.2/DCA"
            print("\n== shuyu's TBX export (tmc glossary) against the schemas")
            print("  core RNG:", validate_rng(p, tbx / "LTAC-TBX_Core_RNG/TBXcoreStructV03.rng") or "valid")
            print("  TBX-Basic integrated RNG:", validate_rng(p, dca / "TBXcoreStructV03_TBX-Basic_integrated.rng") or "valid")
            print("  TBX-Basic Schematron:", validate_schematron(p, dca / "TBX-Basic_DCA.sch") or "valid")
        del Glossary
    except ImportError as exc:
        print("schema validation skipped:", exc)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=100_000)
    ap.add_argument("--eval", type=Path, default=None, help="path of shared/ for the measurements on real files")
    args = ap.parse_args(argv)
    rc = 0
    if args.entries:
        rc = bench(args.entries)
    if args.eval:
        evaluate(args.eval)
    return rc


if __name__ == "__main__":
    sys.exit(main())
