"""Baselines of known findings: adopt ``shuyu check`` on an existing corpus and fail only on new findings.

A baseline is a JSON file listing finding fingerprints (see
:func:`shuyu.terms.checking.findings.fingerprint`) with how often each occurs.  Because a
fingerprint is made of the check id, the file, the normalised term and a hash
of the segment text, and not of the line number, known findings stay known
when text is added or moved; editing the segment itself makes it new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

from ...errors import InputError
from ...files import atomic_write

BASELINE_VERSION = 1


@dataclass(frozen=True, slots=True)
class Baseline:
    """Known findings: fingerprint → number of occurrences."""

    counts: Mapping[str, int]
    path: str = ""

    def __len__(self) -> int:
        return sum(self.counts.values())

    def __contains__(self, fp: str) -> bool:
        return fp in self.counts


def write_baseline(findings: Iterable, path: str | os.PathLike) -> int:
    """Write the fingerprints of ``findings`` to ``path`` (atomically); return how many."""
    findings = list(findings)
    counts = Counter(f.fingerprint for f in findings)
    info = {}
    for f in findings:
        info.setdefault(f.fingerprint, {"check": f.check, "file": getattr(f, "source", "") or f.file, "term": f.term})
    doc = {
        "tool": "shuyu check",
        "version": BASELINE_VERSION,
        "findings": [dict(fingerprint=fp, count=counts[fp], **info[fp]) for fp in sorted(counts)],
    }
    with atomic_write(path) as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return len(findings)


def load_baseline(path: str | os.PathLike) -> Baseline:
    """Read a baseline written by :func:`write_baseline`."""
    from ...files import parse_json, read_input

    try:
        data = read_input(path, what="baseline")
    except InputError as exc:
        if "not found" in exc.message or "no such" in exc.message.lower():
            raise InputError("baseline file not found", where=path,
                             hint="create it with --write-baseline, or drop --baseline") from None
        raise
    try:
        text = data.decode("utf-8-sig")  # an editor's byte-order mark is fine
    except UnicodeDecodeError as exc:
        raise InputError(f"baseline is not UTF-8 (byte {exc.start + 1})", where=path,
                         hint="write it again with --write-baseline") from None
    doc = parse_json(text, path, hint="write it again with --write-baseline")
    items = doc.get("findings") if isinstance(doc, dict) else None
    if not isinstance(items, list) or doc.get("version") != BASELINE_VERSION:
        raise InputError("not a shuyu check baseline (version 1)", where=path,
                         hint="write it again with --write-baseline")
    counts: dict[str, int] = {}
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
            raise InputError(f"finding {n} of the baseline has no fingerprint", where=path,
                             hint="write it again with --write-baseline")
        c = item.get("count", 1)
        counts[item["fingerprint"]] = counts.get(item["fingerprint"], 0) + (c if isinstance(c, int) and c > 0 else 1)
    return Baseline(MappingProxyType(counts), os.fspath(path))


def filter_new(findings: Iterable, baseline: Baseline) -> list:
    """The findings not in ``baseline``; a fingerprint known *n* times hides *n* findings."""
    left = dict(baseline.counts)
    out = []
    for f in findings:
        if left.get(f.fingerprint, 0) > 0:
            left[f.fingerprint] -= 1
        else:
            out.append(f)
    return out
