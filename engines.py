"""Where batch work runs: this machine's processes (``local``) or a Dask cluster (``dask``).

An engine runs one function over many items and merges results.  The batch jobs
(:func:`shuyu.aligner.batch.align_batch`, :func:`shuyu.pipeline.mine_files`) take an
engine and do not care where the work runs:

- :meth:`each` runs ``fn(item)`` for every item and yields ``(index, result, error)`` as the
  items finish (one failing item does not stop the others);
- :meth:`map` / :meth:`reduce` are the map-reduce pair of
  :func:`shuyu.terms.mining.corpus.mine_parts`: on Dask the mapped results stay on the workers
  as futures and only the merged result comes back;
- :meth:`keep` runs ``fn(item)`` (a list) for every item and keeps the results where they were made,
  as parts in item order: each item's list in this process; on the cluster futures of the lists of
  several items joined.  :meth:`map` runs the later passes over those parts.

The ``dask`` engine needs ``pip install 'shuyu[dask]'``; it connects to the scheduler given
(``--scheduler`` or ``$DASK_SCHEDULER_ADDRESS``) or starts a ``LocalCluster`` with ``jobs``
worker processes, one thread each.  The files named in the items are read and written by the
workers: on a cluster they must sit on storage every worker sees (the same paths).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, Callable, Iterator, Sequence

from .errors import UsageError

DASK_HINT = "pip install 'shuyu[dask]'"
SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"


def _workers(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


class LocalEngine:
    """This process, and a pool of ``jobs`` processes (0 = one per core) for :meth:`each` and :meth:`keep`."""

    name = "local"

    def __init__(self, jobs: int = 0):
        self.jobs = _workers(jobs)

    def describe(self) -> str:
        return f"local, {self.jobs} process{'es' if self.jobs > 1 else ''}"

    def group_size(self, n_items: int) -> int:
        """How many items one task should take: one (a process pool's overhead per task is small)."""
        return 1

    def each(self, fn: Callable, items: Sequence) -> Iterator[tuple[int, Any, BaseException | None]]:
        if self.jobs == 1 or len(items) <= 1:
            for i, item in enumerate(items):
                try:
                    yield i, fn(item), None
                except Exception as exc:  # reported per item by the caller
                    yield i, None, exc
            return
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(items))) as pool:
            futures = {pool.submit(fn, item): i for i, item in enumerate(items)}
            for future in as_completed(futures):
                exc = future.exception()
                yield futures[future], (None if exc else future.result()), exc

    def keep(self, fn: Callable, items: Sequence, *, per_part: int = 0) -> list:
        """The results, in order, in this process (``per_part`` is for engines that group them)."""
        results: list = [None] * len(items)
        for i, result, exc in self.each(fn, items):
            if exc is not None:
                raise exc
            results[i] = result
        return results

    def map(self, fn: Callable, parts: Sequence, **kwargs) -> list:
        return [fn(part, **kwargs) for part in parts]

    def call(self, fn: Callable, *args):
        """``fn(*args)`` where the work runs (here: in this process)."""
        return fn(*args)

    def reduce(self, merge: Callable[[Any, Any], Any], items: Sequence):
        import functools

        return functools.reduce(merge, items)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _join(*parts: list) -> list:
    return [p for part in parts for p in part]


def _map_join(items: Sequence, fn: Callable) -> list:
    """``fn`` of each item (each a list), joined in order: one task for several items."""
    return [p for item in items for p in fn(item)]


class DaskEngine:
    """A Dask ``Client``: to ``scheduler`` when given, else to a new ``LocalCluster`` of ``jobs`` workers."""

    name = "dask"

    def __init__(self, jobs: int = 0, scheduler: str | None = None):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("the dask engine needs Dask", hint=DASK_HINT) from None
        self.cluster = None
        address = scheduler or os.environ.get(SCHEDULER_ENV, "").strip() or None
        try:
            if address:
                self.client = Client(address, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=_workers(jobs), threads_per_worker=1, processes=True,
                                            dashboard_address="127.0.0.1:0")
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise UsageError(f"cannot reach the Dask scheduler {address or 'of a local cluster'}: "
                             f"{' '.join(str(exc).split()) or type(exc).__name__}",
                             hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`, "
                                  "or leave out --scheduler for a local cluster") from None
        self.address = address or self.client.scheduler.address

    def describe(self) -> str:
        workers = len(self.client.scheduler_info().get("workers", {}))
        return f"dask, {workers} worker{'s' if workers != 1 else ''} at {self.address}"

    def group_size(self, n_items: int) -> int:
        """How many items one task should take: up to 16, keeping at least 8 tasks per worker.  The
        scheduler spends a few milliseconds on each task (3.6 ms measured here), as long as aligning a
        short document: one pair per task would make the scheduler the limit beyond about 15 workers."""
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        return max(1, min(16, n_items // (8 * workers)))

    def each(self, fn: Callable, items: Sequence) -> Iterator[tuple[int, Any, BaseException | None]]:
        from dask.distributed import as_completed as dask_completed

        futures = self.client.map(fn, list(items), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for future in dask_completed(futures):
                i = index[future.key]
                if future.status == "error":
                    yield i, None, future.exception()
                else:
                    yield i, future.result(), None
                future.release()
        finally:
            for future in futures:
                future.release()

    def keep(self, fn: Callable, items: Sequence, *, per_part: int = 0) -> list:
        """The results (lists, joined) as futures on the workers, in about four parts per worker (or
        ``per_part`` items' results each), so that later passes run a few large tasks, not many small
        ones.  The items themselves run up to :meth:`group_size` to a task."""
        from dask.distributed import wait

        items = list(items)
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        if not per_part:
            per_part = max(1, -(-len(items) // (4 * workers)))
        size = max(1, min(self.group_size(len(items)), per_part))
        chunks = self.client.map(_map_join, [items[i:i + size] for i in range(0, len(items), size)], fn=fn,
                                 pure=False)
        wait(chunks)  # the results stay on the workers; the first error is raised now, with its own message
        for future in chunks:
            if future.status == "error":
                raise future.exception()
        step = max(1, per_part // size)
        if step == 1:
            return chunks
        return [self.client.submit(_join, *chunks[i:i + step], pure=False) for i in range(0, len(chunks), step)]

    def _shared(self, value):
        if isinstance(value, (int, float, str, bool, type(None))):
            return value
        [future] = self.client.scatter([value], broadcast=True, hash=False)
        return future

    def map(self, fn: Callable, parts: Sequence, **kwargs) -> list:
        shared = {k: self._shared(v) for k, v in kwargs.items()}  # sent once, not once per task
        return self.client.map(fn, list(parts), pure=False, **shared)

    def call(self, fn: Callable, *args):
        """``fn(*args)`` on a worker, e.g. to ask what a worker has loaded."""
        return self.client.submit(fn, *args, pure=False).result()

    def reduce(self, merge: Callable[[Any, Any], Any], items: Sequence):
        """A tree of merges of adjacent items on the workers; the merged result comes back."""
        items = list(items)
        if not items:
            raise ValueError("nothing to reduce")
        while len(items) > 1:
            items = [self.client.submit(merge, items[i], items[i + 1], pure=False) if i + 1 < len(items) else items[i]
                     for i in range(0, len(items), 2)]
        return items[0].result() if hasattr(items[0], "result") else items[0]

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


ENGINES: dict[str, type] = {"local": LocalEngine, "dask": DaskEngine}


def open_engine(name: str = "local", *, jobs: int = 0, scheduler: str | None = None):
    """The engine called ``name`` (``local`` or ``dask``); close it when done (it is a context manager)."""
    key = (name or "local").strip().lower()
    if key not in ENGINES:
        raise UsageError(f"unknown engine {name!r}", hint=f"use one of: {', '.join(ENGINES)}")
    if key == "local":
        if scheduler:
            raise UsageError("--scheduler is for the dask engine", hint="add --engine dask")
        return LocalEngine(jobs)
    return DaskEngine(jobs, scheduler)
