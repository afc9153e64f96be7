"""The record of a problem found by ``shuyu check``: :class:`Finding`, its severities and fingerprint.

A finding points at **where the problem is** (:attr:`Finding.file`,
:attr:`~Finding.line`, :attr:`~Finding.column`: the Chinese file and line for a
Chinese-side problem, the English for an English-side one) and lists the other
side of the segment pair as a related :class:`Location`.  :attr:`Finding.source`
and :attr:`~Finding.source_line` say where the pair itself was read (the unit of
a JUnit test case).

Findings carry a stable :attr:`Finding.fingerprint` (check id, the file the pair
was read from, normalised term and a hash of the segment text, not the line
number) so that a baseline of known findings survives edits elsewhere in the file.

This module imports no other module of the checker: the checks, the reports,
the configuration and the baseline all build on it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ...records import SegmentPair
from ...textnorm import normalize_en, normalize_zh

__all__ = ["Finding", "Location", "SEVERITIES", "fingerprint", "make_finding"]

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
"""Severities from the most to the least serious."""

EXCERPT = 240


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: 1-based ``line``; ``column`` and ``end_column`` (exclusive) count
    Unicode code points from 1, 0 when unknown; ``side`` is ``"en"`` or ``"zh"``."""

    file: str
    line: int = 0
    column: int = 0
    end_column: int = 0
    side: str = ""

    def __str__(self) -> str:
        where = self.file or "-"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a check in one segment pair.

    ``file``/``line``/``column``/``end_column`` are where the problem is, ``side``
    which text of the pair that is; ``related`` holds the other side.
    """

    check: str
    severity: str
    file: str
    line: int
    message: str
    en: str = ""
    zh: str = ""
    term: str = ""
    fingerprint: str = ""
    column: int = 0
    end_column: int = 0
    side: str = ""
    related: tuple[Location, ...] = ()
    source: str = ""
    source_line: int = 0

    @property
    def location(self) -> Location:
        """The primary location as a :class:`Location`."""
        return Location(self.file, self.line, self.column, self.end_column, self.side)


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stable_path(file: str) -> str:
    """``file`` as a POSIX path, relative to the working folder when it lies inside it, so that a
    baseline does not depend on how the inputs were named (``/home/x/repo/a.tmx`` = ``a.tmx``)."""
    if not file:
        return ""
    p = Path(file)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            pass
    return p.as_posix()


def fingerprint(check: str, file: str, term: str, en: str, zh: str) -> str:
    """Stable id of a finding: check id + file + normalised term + hash of the segment text.

    Line numbers are left out on purpose, so inserting text above a known
    finding does not make it new.
    """
    seg = hashlib.sha256(("\x1f".join((" ".join(normalize_en(en).lower().split()),
                                       "".join(normalize_zh(zh).split())))).encode("utf-8")).hexdigest()
    path = _stable_path(file)
    key = "\x1f".join((check, path, " ".join(normalize_zh(normalize_en(term)).lower().split()), seg))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def make_finding(check: str, severity: str, pair: SegmentPair, message: str, term: str = "", *,
                 at: Location | None = None, related: tuple[Location, ...] = ()) -> Finding:
    """A :class:`Finding` for ``pair`` with its excerpts and fingerprint filled in.

    ``at`` is where the problem is (default: the pair's own file and line), ``related``
    the other places to show (the other side of the pair).
    """
    loc = at if at is not None else Location(pair.source, pair.line)
    return Finding(check, severity, loc.file, loc.line, message, _excerpt(pair.en), _excerpt(pair.zh), term,
                   fingerprint(check, pair.source, term, pair.en, pair.zh), loc.column, loc.end_column, loc.side,
                   tuple(related), pair.source, pair.line)

