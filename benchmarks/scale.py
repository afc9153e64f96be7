"""Scale benchmark: ``shuyu align --batch`` and ``shuyu mine --batch`` on thousands of document pairs, local and on dask.

    python benchmarks/scale.py --shared /work/shared                      # N = 1,000 and 10,000, everything
    python benchmarks/scale.py --shared DIR --sizes 100 --only align      # a quick estimate first
    python benchmarks/scale.py --shared DIR --configs local-1,dask-ext --json scale.json
    python benchmarks/scale.py --shared DIR --work DIR --keep --rerun     # keep the archives; time an align rerun
    python benchmarks/scale.py --from-json scale.json                     # the report of saved figures again

Archive: N synthetic document pairs ``docNNNNNN.en.txt`` / ``docNNNNNN.zh.txt`` in
``WORK/archive-N`` (``--work``, default a temporary folder), made from the parallel
texts of ``SHARED/eval``: the gold beads of ``eval/align/*`` (beads with both sides),
the line pairs of the WMT news documents (``eval/docs``) and the paragraph pairs of
the term-mining texts (``eval/terms``, when both sides have as many paragraphs).
Each pair takes runs of 3-6 consecutive units from several source documents (one
paragraph per run, 10-20 English sentences in all) and one or two sentences naming
made-up institutions ("The Kalomi Research Institute took part in the talks." =
"卡洛米研究所参加了会谈。") drawn from a pool of N/2 names, so that the vocabulary
grows with N.  English and Chinese stay parallel run by run.

Configurations (each a fresh process and a fresh output folder):

* ``local-1``, ``local-2``: ``--engine local -j 1`` / ``-j 2``;
* ``dask-2``: ``--engine dask -j 2`` (a LocalCluster of 2 workers started by shuyu);
* ``dask-ext``: ``--engine dask --scheduler tcp://...`` against a ``dask scheduler`` and two
  ``dask worker --nworkers 1 --nthreads 1`` started here before the run (fresh for every run;
  their start-up is not in the wall time).

for ``shuyu align --batch ARCHIVE -o OUT`` and ``shuyu mine --batch ARCHIVE -o OUT.tsv``.

Memory: every ~0.1 s the RSS of the shuyu process and all its descendants (and, for
``dask-ext``, of the scheduler, the nannies and the workers) is read with psutil.  Columns:
the peak of the main process, the largest peak of one worker process (pool or dask
worker; helper processes such as the resource tracker and the nannies are only in the
total), and the peak of the sum of all of them (RSS counts shared pages in every process,
so with forked workers the sum overstates).  CPU seconds per process are sampled the same
way and drive the projection: per-pair worker CPU and per-pair client (and scheduler) CPU,
marginal between the two sizes; per-task overhead from the 2-worker dask runs' wall time.

Not a test: needs ``SHARED/eval``, the ``dask`` extra (dask[distributed]) and psutil.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CONFIGS = ("local-1", "local-2", "dask-2", "dask-ext")
COMMANDS = ("align", "mine")
POLL = 0.1
MIB = 1 << 20


# ----------------------------------------------------------------------------- the archive

def _gold_units(folder: Path) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """One source document per NNN.gold: its beads with both sides as (en, zh, English sentences)."""
    docs = []
    for gold in sorted(folder.glob("*.gold")):
        en = gold.with_suffix(".en").read_text(encoding="utf-8").split("\n")
        zh = gold.with_suffix(".zh").read_text(encoding="utf-8").split("\n")
        units = []
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            left, right = line.split(":")
            e_idx, z_idx = ast.literal_eval(left.strip()), ast.literal_eval(right.strip())
            if e_idx and z_idx:
                e = " ".join(en[i].strip() for i in e_idx)
                z = "".join(zh[i].strip() for i in z_idx)
                if e and z:
                    units.append((e, z, len(e_idx)))
        if folder.name == "bible":  # one long book: chapters-sized pieces, so runs come from many places
            docs += [(f"{folder.name}/{gold.stem}.{k}", units[k:k + 250]) for k in range(0, len(units), 250)]
        elif units:
            docs.append((f"{folder.name}/{gold.stem}", units))
    return docs


def _sentences(text: str) -> int:
    return max(1, sum(text.count(c) for c in ".?!") - text.count("..."))


def _line_units(folder: Path) -> list:
    docs = []
    for zh_path in sorted(folder.glob("*.zh")):
        en = zh_path.with_suffix(".en").read_text(encoding="utf-8").split("\n")
        zh = zh_path.read_text(encoding="utf-8").split("\n")
        units = [(e.strip(), z.strip(), _sentences(e)) for e, z in zip(en, zh) if e.strip() and z.strip()]
        if units:
            docs.append((f"wmt/{zh_path.stem}", units))
    return docs


def _paragraph_units(folder: Path) -> list:
    docs = []
    for en_path in sorted(folder.glob("*.en.txt")):
        zh_path = en_path.with_name(en_path.name[: -len(".en.txt")] + ".zh.txt")
        if not zh_path.is_file():
            continue
        en = [p.strip() for p in en_path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        zh = [p.strip() for p in zh_path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        if len(en) == len(zh):
            docs.append((f"terms/{en_path.name}", [(e, z, _sentences(e)) for e, z in zip(en, zh)]))
    return docs


def sources(shared: Path) -> list:
    """(label, [(en, zh, sentences)]) for every parallel source document under ``shared/eval``."""
    ev = shared / "eval"
    docs = []
    for name in ("pol-dev", "mac-dev", "bible"):
        if (ev / "align" / name).is_dir():
            docs += _gold_units(ev / "align" / name)
    wmt = ev / "docs" / "wmt23-generaltest-zh-en-news" / "docs"
    if wmt.is_dir():
        docs += _line_units(wmt)
    if (ev / "terms").is_dir():
        docs += _paragraph_units(ev / "terms")
    return [d for d in docs if len(d[1]) >= 3]


# made-up names: English syllables and their Chinese transcriptions, institutions and sentence frames
SYLLABLES = [("ka", "卡"), ("lo", "洛"), ("mi", "米"), ("ren", "仁"), ("tes", "特斯"), ("vor", "沃尔"),
             ("dal", "达尔"), ("pin", "平"), ("sur", "苏尔"), ("gel", "格尔"), ("bra", "布拉"), ("no", "诺"),
             ("si", "西"), ("ta", "塔"), ("ber", "贝尔"), ("man", "曼"), ("ko", "科"), ("lin", "林"),
             ("du", "杜"), ("fa", "法")]
INSTITUTIONS = [("Research Institute", "研究所"), ("Development Bank", "开发银行"), ("Trade Council", "贸易理事会"),
                ("Water Commission", "水利委员会"), ("Port Authority", "港务局"), ("Science Academy", "科学院"),
                ("Energy Agency", "能源署"), ("Health Bureau", "卫生局"), ("Railway Company", "铁路公司"),
                ("Law Society", "法学会")]
FRAMES = [("The {en} took part in the talks.", "{zh}参加了会谈。"),
          ("Representatives of the {en} attended the meeting.", "{zh}的代表出席了会议。"),
          ("The {en} published its annual report on Monday.", "{zh}于周一发布了年度报告。"),
          ("Both sides praised the work of the {en}.", "双方赞扬了{zh}的工作。"),
          ("The {en} will open a new office next year.", "{zh}将于明年设立新的办事处。")]


def entity(j: int) -> tuple[str, str]:
    """The j-th made-up institution (English, Chinese); distinct for j < 84,000."""
    inst_en, inst_zh = INSTITUTIONS[j % len(INSTITUTIONS)]
    j //= len(INSTITUTIONS)
    n = len(SYLLABLES)
    length = 2 if j < n * n else 3
    j = j if length == 2 else j - n * n
    parts = [SYLLABLES[(j // n ** k) % n] for k in range(length)]
    return "".join(p[0] for p in parts).capitalize() + " " + inst_en, "".join(p[1] for p in parts) + inst_zh


def synthetic_pair(docs: list, weights: list[int], pool: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """English and Chinese paragraphs of one synthetic document pair."""
    want = rng.randint(10, 20)
    en, zh, have, used = [], [], 0, set()
    while have < want:
        k = rng.choices(range(len(docs)), weights)[0]
        if k in used and len(used) < len(docs):
            continue
        used.add(k)
        units = docs[k][1]
        run = rng.randint(3, 6)
        start = rng.randrange(0, max(1, len(units) - run))
        picked = units[start:start + run]
        take = []
        for unit in picked:
            if take and have + unit[2] > want + 2:
                break
            take.append(unit)
            have += unit[2]
        en.append(" ".join(u[0] for u in take))
        zh.append("".join(u[1] for u in take))
    for _ in range(rng.randint(1, 2)):
        name_en, name_zh = entity(rng.randrange(pool))
        f_en, f_zh = rng.choice(FRAMES)
        at = rng.randint(0, len(en))
        en.insert(at, f_en.format(en=name_en))
        zh.insert(at, f_zh.format(zh=name_zh))
    return en, zh


def build_archive(shared: Path, folder: Path, n: int, seed: int) -> dict:
    """Write ``n`` pairs into ``folder`` (kept when a stamp shows the same n and seed); return its stats."""
    stamp = folder / ".scale-archive.json"
    if stamp.is_file():
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("n") == n and info.get("seed") == seed:
            return info
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    docs = sources(shared)
    if not docs:
        raise SystemExit(f"no parallel texts under {shared / 'eval'}: give the shared data folder with --shared DIR")
    weights = [len(units) for _, units in docs]
    pool = max(50, n // 2)
    rng = random.Random(seed)
    t0 = time.perf_counter()
    en_bytes = zh_bytes = paragraphs = 0
    words: set[str] = set()
    for i in range(n):
        en, zh = synthetic_pair(docs, weights, pool, rng)
        en_text, zh_text = "\n\n".join(en) + "\n", "\n\n".join(zh) + "\n"
        (folder / f"doc{i:06d}.en.txt").write_text(en_text, encoding="utf-8")
        (folder / f"doc{i:06d}.zh.txt").write_text(zh_text, encoding="utf-8")
        en_bytes += len(en_text.encode("utf-8"))
        zh_bytes += len(zh_text.encode("utf-8"))
        paragraphs += len(en)
        words.update(w.strip(".,;:!?\"'()").lower() for w in en_text.split())
    info = {"n": n, "seed": seed, "sources": len(docs), "source_units": sum(weights), "entity_pool": pool,
            "en_mib": en_bytes / MIB, "zh_mib": zh_bytes / MIB, "paragraphs": paragraphs,
            "english_word_types": len(words), "build_s": time.perf_counter() - t0}
    stamp.write_text(json.dumps(info), encoding="utf-8")
    return info


# ----------------------------------------------------------------------------- measuring processes

@dataclass
class ProcStat:
    pid: int
    role: str  # main, worker, helper, scheduler, nanny
    name: str
    peak_rss: int = 0
    cpu: float = 0.0


@dataclass
class Run:
    command: str
    config: str
    n: int
    argv: list[str]
    wall: float = 0.0
    rc: int = 0
    error: str = ""
    main_peak: int = 0
    worker_peak: int = 0
    total_peak: int = 0
    main_cpu: float = 0.0
    worker_cpu: float = 0.0
    scheduler_cpu: float = 0.0
    other_cpu: float = 0.0
    workers: int = 0
    samples: int = 0
    tasks: int = 0
    task_compute_s: float = 0.0
    rerun: bool = False
    procs: list = field(default_factory=list)


def _is_helper(cmdline: list[str]) -> bool:
    text = " ".join(cmdline)
    return any(k in text for k in ("resource_tracker", "semaphore_tracker", "forkserver import main"))


class Monitor(threading.Thread):
    """Poll the RSS and CPU time of process trees: {root pid: role of the root} until stopped."""

    def __init__(self, roots: dict[int, str]):
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.roots = dict(roots)
        self.stats: dict[int, ProcStat] = {}
        self.handles: dict[int, object] = {}
        self.total_peak = 0
        self.samples = 0
        self._halt = threading.Event()

    def add_root(self, pid: int, role: str) -> None:
        self.roots[pid] = role

    def _procs(self):
        ps = self.psutil
        for pid, role in list(self.roots.items()):
            try:
                root = self.handles.get(pid) or ps.Process(pid)
                self.handles[pid] = root
                yield root, role
                for child in root.children(recursive=True):
                    yield child, None
            except (ps.NoSuchProcess, ps.ZombieProcess, ps.AccessDenied):
                continue

    def sample(self) -> None:
        ps = self.psutil
        total = 0
        for proc, role in self._procs():
            try:
                with proc.oneshot():
                    rss = proc.memory_info().rss
                    t = proc.cpu_times()
                    cpu = t.user + t.system
                    st = self.stats.get(proc.pid)
                    if st is None:
                        cmd = proc.cmdline()
                        if role is None:
                            if _is_helper(cmd):
                                role = "helper"
                            elif any(c.endswith("dask-worker") or c == "worker" for c in cmd[1:3]) \
                                    or "distributed.cli.dask_worker" in " ".join(cmd):
                                role = "nanny"  # `dask worker` process itself (its child is the worker)
                            else:
                                role = "worker"
                        st = self.stats[proc.pid] = ProcStat(proc.pid, role, " ".join(cmd)[:120])
            except (ps.NoSuchProcess, ps.ZombieProcess, ps.AccessDenied):
                continue
            st.peak_rss = max(st.peak_rss, rss)
            st.cpu = max(st.cpu, cpu)
            total += rss
        self.total_peak = max(self.total_peak, total)
        self.samples += 1

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(POLL)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _env() -> dict:
    env = dict(os.environ)
    env.pop("DASK_SCHEDULER_ADDRESS", None)  # only the dask-ext runs name a scheduler
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


LINEAR_CHECK = False  # set only by --from-json for figures saved by an earlier version of this script


def _shuyu() -> list[str]:
    exe = Path(sys.executable).with_name("shuyu")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "shuyu.cli"]


def _dask() -> list[str]:
    exe = Path(sys.executable).with_name("dask")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "dask"]


class ExternalCluster:
    """``dask scheduler`` and two ``dask worker --nworkers 1 --nthreads 1``, started and stopped by pid."""

    def __init__(self, folder: Path, workers: int = 2):
        self.folder = folder
        self.n = workers
        self.procs: list[subprocess.Popen] = []
        self.address = ""

    def start(self, timeout: float = 120) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        sched_file = self.folder / "scheduler.json"
        if sched_file.exists():
            sched_file.unlink()
        log = open(self.folder / "scheduler.log", "w")
        self.scheduler = subprocess.Popen(
            _dask() + ["scheduler", "--scheduler-file", str(sched_file), "--host", "127.0.0.1", "--port", "0",
                       "--no-dashboard"], stdout=log, stderr=subprocess.STDOUT, env=_env(), cwd=self.folder)
        self.procs.append(self.scheduler)
        t0 = time.monotonic()
        while not sched_file.is_file() or not sched_file.stat().st_size:
            if self.scheduler.poll() is not None or time.monotonic() - t0 > timeout:
                raise RuntimeError(f"dask scheduler did not start: see {self.folder / 'scheduler.log'}")
            time.sleep(0.1)
        time.sleep(0.2)
        self.address = json.loads(sched_file.read_text())["address"]
        self.workers = []
        for i in range(self.n):
            wlog = open(self.folder / f"worker{i}.log", "w")
            p = subprocess.Popen(_dask() + ["worker", "--scheduler-file", str(sched_file), "--nworkers", "1",
                                            "--nthreads", "1", "--no-dashboard", "--name", f"w{i}"],
                                 stdout=wlog, stderr=subprocess.STDOUT, env=_env(), cwd=self.folder)
            self.procs.append(p)
            self.workers.append(p)
        from distributed import Client

        with Client(self.address, timeout=timeout) as client:
            client.wait_for_workers(self.n, timeout=timeout)
        return self.address

    def task_stats(self) -> tuple[int, float]:
        """(tasks run, seconds of compute) over all task prefixes, from the scheduler."""
        from distributed import Client

        def stats(dask_scheduler):
            n, us = 0, 0
            for prefix in dask_scheduler.task_prefixes.values():
                n += prefix.state_counts.get("memory", 0) + prefix.state_counts.get("erred", 0)
                us += prefix._all_durations_us.get("compute", 0)
            return n, us / 1e6

        try:
            with Client(self.address, timeout=30) as client:
                return tuple(client.run_on_scheduler(stats))
        except Exception:  # noqa: BLE001 - the figures are a bonus
            return 0, 0.0

    def stop(self) -> None:
        for p in reversed(self.procs):  # workers first, then the scheduler
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs.clear()


def measure(run: Run, folder: Path, monitor_roots: dict[int, str] | None = None,
            cluster: ExternalCluster | None = None, cpu_base: dict[int, float] | None = None) -> Run:
    """Run ``run.argv`` with the monitor on; fill in wall time, peaks and CPU (less ``cpu_base``, the
    CPU seconds that processes already running had used before)."""
    folder.mkdir(parents=True, exist_ok=True)
    mon = Monitor(monitor_roots or {})
    with open(folder / "stdout.log", "w") as out, open(folder / "stderr.log", "w") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(run.argv, stdout=out, stderr=err, env=_env(), cwd=folder)
        mon.add_root(proc.pid, "main")
        mon.sample()
        mon.start()
        run.rc = proc.wait()
        run.wall = time.perf_counter() - t0
        mon.stop()
    if run.rc:
        lines = [ln for ln in (folder / "stderr.log").read_text(errors="replace").splitlines() if ln.strip()]
        run.error = lines[-1] if lines else f"exit {run.rc}"
    stats = list(mon.stats.values())
    for st in stats:
        st.cpu = max(0.0, st.cpu - (cpu_base or {}).get(st.pid, 0.0))
    run.procs = [asdict(s) for s in stats]
    run.samples = mon.samples
    run.total_peak = mon.total_peak
    run.main_peak = max((s.peak_rss for s in stats if s.role == "main"), default=0)
    workers = [s for s in stats if s.role == "worker"]
    run.workers = len(workers)
    run.worker_peak = max((s.peak_rss for s in workers), default=0)
    run.main_cpu = sum(s.cpu for s in stats if s.role == "main")
    run.worker_cpu = sum(s.cpu for s in workers)
    run.scheduler_cpu = sum(s.cpu for s in stats if s.role == "scheduler")
    run.other_cpu = sum(s.cpu for s in stats if s.role in ("helper", "nanny"))
    if cluster is not None:
        run.tasks, run.task_compute_s = cluster.task_stats()
    return run


def command_argv(command: str, config: str, archive: Path, out: Path, address: str = "",
                 engine: bool = True) -> list[str]:
    argv = _shuyu() + [command, "--batch", str(archive), "-o", str(out)]
    if config.startswith("local-"):
        argv += (["--engine", "local"] if engine else []) + ["-j", config.split("-")[1]]
    elif config == "dask-2":
        argv += ["--engine", "dask", "-j", "2"]
    elif config == "dask-ext":
        argv += ["--engine", "dask", "--scheduler", address]
    return argv


def engine_options(command: str) -> bool:
    """Whether ``shuyu COMMAND --help`` lists ``--engine`` (older versions only have ``-j``)."""
    done = subprocess.run(_shuyu() + [command, "--help"], capture_output=True, text=True, env=_env())
    return "--engine" in done.stdout


def run_one(command: str, config: str, n: int, archive: Path, work: Path, rerun: bool, keep: bool,
            engine: bool = True) -> list[Run]:
    folder = work / f"run-{command}-{config}-{n}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    out = folder / ("out" if command == "align" else "out.tsv")
    cluster = None
    roots: dict[int, str] = {}
    address = ""
    runs = []
    try:
        if config == "dask-ext":
            cluster = ExternalCluster(folder / "cluster")
            address = cluster.start()
            roots[cluster.scheduler.pid] = "scheduler"
            for p in cluster.workers:
                roots[p.pid] = "nanny"
        argv = command_argv(command, config, archive, out, address, engine)
        runs.append(measure(Run(command, config, n, argv), folder, roots, cluster))
        if rerun and command == "align" and runs[-1].rc == 0:
            if cluster is not None:  # same cluster: the task counters go on from the first run
                first = (runs[-1].tasks, runs[-1].task_compute_s)
            again = measure(Run(command, config, n, argv, rerun=True), folder / "rerun", roots, cluster,
                            {p["pid"]: p["cpu"] for p in runs[-1].procs if p["role"] != "main"})
            if cluster is not None:
                again.tasks -= first[0]
                again.task_compute_s -= first[1]
            runs.append(again)
    finally:
        if cluster is not None:
            cluster.stop()
        if not keep:
            shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink(missing_ok=True)
    return runs


# ----------------------------------------------------------------------------- report

def _mib(b: float) -> str:
    return f"{b / MIB:,.0f}" if b else "-"


def table(runs: list[Run]) -> str:
    head = f"{'command':7} {'config':14} {'N':>7} {'wall s':>8} {'pairs/s':>8} {'main MiB':>9} " \
           f"{'worker MiB':>10} {'total MiB':>9} {'cpu main':>8} {'cpu wrk':>8} {'cpu sch':>7} {'tasks':>6}"
    lines = [head, "-" * len(head)]
    for r in runs:
        config = r.config + (" rerun" if r.rerun else "")
        if r.rc:
            lines.append(f"{r.command:7} {config:14} {r.n:>7,} FAILED (exit {r.rc}) after {r.wall:.1f} s: {r.error}")
            continue
        lines.append(f"{r.command:7} {config:14} {r.n:>7,} {r.wall:8.1f} {r.n / r.wall:8.1f} {_mib(r.main_peak):>9} "
                     f"{_mib(r.worker_peak):>10} {_mib(r.total_peak):>9} {r.main_cpu:8.1f} {r.worker_cpu:8.1f} "
                     f"{r.scheduler_cpu if r.config == 'dask-ext' else 0:7.1f} {r.tasks or '-':>6}")
    return "\n".join(lines)


def _pick(runs: list[Run], command: str, config: str, n: int) -> Run | None:
    for r in runs:
        if (r.command, r.config, r.n, r.rerun) == (command, config, n, False) and r.rc == 0:
            return r
    return None


def growth(runs: list[Run], sizes: list[int]) -> str:
    if len(sizes) < 2:
        return ""
    a, b = sizes[0], sizes[-1]
    lines = [f"growth from N={a:,} to N={b:,} (x{b / a:g} pairs): ratios of wall time, main / per-worker / total peak"]
    for command in COMMANDS:
        for config in CONFIGS:
            ra, rb = _pick(runs, command, config, a), _pick(runs, command, config, b)
            if not ra or not rb:
                continue
            ratio = lambda x, y: f"{y / x:5.2f}" if x else "    -"  # noqa: E731
            lines.append(f"  {command:5} {config:9} wall x{ratio(ra.wall, rb.wall)}   memory main x{ratio(ra.main_peak, rb.main_peak)}"
                         f"  worker x{ratio(ra.worker_peak, rb.worker_peak)}  total x{ratio(ra.total_peak, rb.total_peak)}"
                         f"   (main {_mib(ra.main_peak)} -> {_mib(rb.main_peak)} MiB)")
    return "\n".join(lines)


def _marginal(ra: Run | None, rb: Run | None, attr: str) -> float:
    """Per-pair slope of ``attr`` between two runs of different sizes (0 without them)."""
    if ra and rb and rb.n != ra.n:
        return max(0.0, (getattr(rb, attr) - getattr(ra, attr)) / (rb.n - ra.n))
    return 0.0


def projection(runs: list[Run], sizes: list[int], target: int = 100_000, workers=(10, 100)) -> str:
    a, b = sizes[0], sizes[-1]
    if a == b:
        return f"projection for {target:,} pairs: needs two --sizes (it uses the per-pair slopes between them)"
    out = [f"projection for {target:,} pairs (assumptions: time linear in pairs with the per-pair slopes between "
           f"N={a:,} and N={b:,}; every worker as fast as one here; per-task overhead as measured on 2 workers; "
           "the client and the scheduler are each one serial process; the mining reduce at the client (its CPU per "
           "pair over align's) comes after the work; client memory linear in pairs, a worker's linear in the pairs "
           "it is given)"]
    for command in COMMANDS:
        ra, rb = _pick(runs, command, "dask-ext", a), _pick(runs, command, "dask-ext", b)
        base = "dask-ext"
        if not ra or not rb:
            ra, rb, base = _pick(runs, command, "dask-2", a), _pick(runs, command, "dask-2", b), "dask-2"
        if not ra or not rb:
            continue
        la, lb = _pick(runs, command, "local-1", a), _pick(runs, command, "local-1", b)
        w = _marginal(ra, rb, "worker_cpu")            # CPU s per pair in the workers
        c = _marginal(ra, rb, "main_cpu")              # CPU s per pair in the client (and LocalCluster's scheduler)
        s = _marginal(ra, rb, "scheduler_cpu") if base == "dask-ext" else 0.0
        wall_slope = _marginal(ra, rb, "wall")         # wall s per pair on 2 workers
        overhead = max(0.0, wall_slope - w / 2)       # per pair, on top of the work split over 2 workers
        fixed = max(0.0, rb.wall - rb.n * wall_slope)  # start-up: interpreter, imports, cluster, lexicon
        local = _marginal(la, lb, "wall") if lb else 0.0
        tasks = rb.tasks / rb.n if rb.tasks else 0.0
        out.append(f"  {command} (from {base}): worker {w * 1000:.1f} ms CPU/pair (local -j 1: {local * 1000:.1f} ms "
                   f"wall/pair), client {c * 1000:.2f} ms/pair, scheduler {s * 1000:.2f} ms/pair"
                   + (f" ({tasks:.2f} tasks/pair, {s / tasks * 1000:.2f} ms/task)" if tasks and s else "")
                   + f"; 2-worker wall {wall_slope * 1000:.1f} ms/pair = work/2 {w / 2 * 1000:.1f} + overhead "
                   f"{overhead * 1000:.1f} ms/pair; fixed {fixed:.1f} s")
        reduce = 0.0
        if command == "mine":
            aa, ab = _pick(runs, "align", base, a), _pick(runs, "align", base, b)
            if aa and ab:  # the client's extra CPU per pair over align's: merging and ranking, after the map
                reduce = max(0.0, c - _marginal(aa, ab, "main_cpu"))
                c -= reduce
                out.append(f"    client reduce (mine's client CPU per pair over align's): {reduce * 1000:.2f} ms/pair"
                           + (", counted after the work, not overlapped" if reduce else
                              ": none measurable (the merges run on the workers)"))
        client_mem = rb.main_peak + (target - rb.n) * _marginal(ra, rb, "main_peak")
        # a worker's peak grows with the pairs it holds: linear in pairs per worker (N / 2 here)
        per_worker = (rb.worker_peak - ra.worker_peak) / ((rb.n - ra.n) / 2) if rb.n != ra.n else 0.0
        for k in workers:
            serial = max(c, s)
            pipelined = fixed + target * (max(w / k, serial) + reduce)
            additive = fixed + target * (w / k + overhead)  # the measured overhead has the reduce in it
            bound = "workers" if w / k >= serial else ("client" if c >= s else "scheduler")
            worker_mem = rb.worker_peak + (target / k - rb.n / 2) * max(0.0, per_worker)
            out.append(f"    {k:3} workers: {pipelined / 60:6.1f} min if the work overlaps the overhead "
                       f"(bound by the {bound}), {additive / 60:6.1f} min if the overhead adds to each pair; "
                       f"{target / pipelined:5.0f}-{target / additive:.0f} pairs/s; client peak ~{client_mem / MIB:,.0f} MiB, "
                       f"worker peak ~{worker_mem / MIB:,.0f} MiB each")
    return "\n".join(out)


def report(runs: list[Run], sizes: list[int]) -> None:
    print()
    if LINEAR_CHECK:
        print("(saved by a run whose shuyu had its output-over-input check replaced by a linear one; shuyu's "
              "own check has been linear since)")
    print(table(runs))
    print("(MiB: peak RSS of the shuyu process / of the largest worker process / of the sum of all processes; "
          "cpu: CPU seconds of the main process, of all workers, of the scheduler (dask-ext); "
          "tasks: tasks the scheduler ran (dask-ext))")
    g = growth(runs, sizes)
    if g:
        print()
        print(g)
    print()
    print(projection(runs, sizes))


# ----------------------------------------------------------------------------- main

def main(argv=None) -> int:
    global LINEAR_CHECK
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (with eval/)")
    ap.add_argument("--sizes", default="1000,10000", help="numbers of document pairs (default: 1000,10000)")
    ap.add_argument("--work", type=Path, help="folder for the archives and the outputs (default: a temporary one)")
    ap.add_argument("--only", choices=COMMANDS, help="only align or only mine")
    ap.add_argument("--configs", default=",".join(CONFIGS), help=f"comma-separated subset of {','.join(CONFIGS)}")
    ap.add_argument("--rerun", action="store_true", help="align: run again into the same output folder (all skipped)")
    ap.add_argument("--keep", action="store_true", help="keep the outputs (and, with --work, the archives)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, help="save the raw figures here")
    ap.add_argument("--from-json", type=Path, help="print the report of figures saved by --json (runs nothing)")
    args = ap.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    bad = [c for c in configs if c not in CONFIGS]
    if bad or not sizes:
        ap.error(f"unknown configuration {', '.join(bad)} (use {', '.join(CONFIGS)})" if bad else "no --sizes")
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        runs = [Run(**r) for r in saved["runs"]]
        LINEAR_CHECK = saved.get("linear_check", False)
        report(runs, saved["sizes"])
        print(f"\nwhole benchmark: {saved.get('total_s', 0):.0f} s")
        return 0
    commands = [args.only] if args.only else list(COMMANDS)
    engine = {c: engine_options(c) for c in commands}
    for c in commands:
        if not engine[c]:
            print(f"note: `shuyu {c}` has no --engine option yet: local runs use -j only, dask runs are skipped")
    work = args.work or Path(tempfile.mkdtemp(prefix="shuyu-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    runs: list[Run] = []
    archives = {}
    try:
        for n in sizes:
            info = archives[n] = build_archive(args.shared, work / f"archive-{n}", n, args.seed)
            print(f"archive N={n:,}: {info['en_mib']:.1f} MiB English + {info['zh_mib']:.1f} MiB Chinese, "
                  f"{info['paragraphs']:,} paragraphs, {info['english_word_types']:,} English word types, "
                  f"from {info['sources']} source documents ({info['source_units']:,} units), "
                  f"{info['entity_pool']:,} made-up names; built in {info.get('build_s', 0):.1f} s", flush=True)
            for command in commands:
                for config in configs:
                    if config.startswith("dask") and not engine[command]:
                        continue
                    for r in run_one(command, config, n, work / f"archive-{n}", work, args.rerun, args.keep,
                                     engine[command]):
                        runs.append(r)
                        state = f"FAILED: {r.error}" if r.rc else (
                            f"{r.wall:.1f} s, main {_mib(r.main_peak)} MiB, worker {_mib(r.worker_peak)} MiB, "
                            f"total {_mib(r.total_peak)} MiB")
                        print(f"  {command} {config}{' rerun' if r.rerun else ''} N={n:,}: {state}", flush=True)
                        if r.rc:
                            print(f"    command: {' '.join(r.argv)}", flush=True)
    finally:
        if args.json:
            args.json.write_text(json.dumps({"sizes": sizes, "linear_check": LINEAR_CHECK, "archives": archives, "runs": [asdict(r) for r in runs],
                                             "cpus": os.cpu_count(), "total_s": time.perf_counter() - t_start},
                                            indent=1), encoding="utf-8")
        if args.work is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(runs, sizes)
    print(f"\nwhole benchmark: {time.perf_counter() - t_start:.0f} s")
    return 1 if any(r.rc for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
