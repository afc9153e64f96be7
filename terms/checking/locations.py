"""Where the words of a finding are: a span of a pair's English or Chinese text → file, line and column.

A check knows which text of a pair a problem is in (``"en"`` or ``"zh"``) and
where in that text (a span, or the whole segment).  :class:`Locator` turns that
into a :class:`~shuyu.terms.checking.findings.Location` in the file the text was
read from:

* a bilingual file (TMX, XLIFF, PO, TSV, CSV, JSONL) holds both texts; the words
  are looked up in the file from the line of the unit on (the ``<seg>`` of the
  Chinese ``<tuv>``, the Chinese cell of the row), skipping XML markup, so the
  line and columns are those of the words themselves;
* an English and a Chinese document aligned on the fly: each text is looked up
  in its own document from the offset of its first sentence.

Columns count Unicode code points from 1 (SARIF ``columnKind``
``unicodeCodePoints``); ``end_column`` is exclusive.  Words that cannot be found
(an XLSX cell, text escaped in the file) get the unit's line and no column.

A pair the locator was not told about is located at its own file and line, so
:func:`~shuyu.terms.checking.checks.check_pairs` works without one.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ...records import SegmentPair
from .findings import Location

__all__ = ["Side", "PairSite", "Locator", "read_text"]

_BINARY = frozenset({".xlsx", ".xlsm", ".docx"})
_KINDS = {".tmx": "xml", ".xlf": "xml", ".xliff": "xml", ".xlf2": "xml", ".jsonl": "json", ".ndjson": "json",
          ".csv": "table", ".tsv": "table", ".tab": "table"}
_MAX_SEARCH = 200_000  # characters after the unit's start that are searched at most


@dataclass(frozen=True, slots=True)
class Side:
    """Where one text of a pair starts: file, 1-based line, and the character offset in the
    file's text when known (-1: somewhere on ``line``)."""

    file: str
    line: int
    offset: int = -1


@dataclass(frozen=True, slots=True)
class PairSite:
    """Where both texts of a pair are, and the script of its Chinese (``"hant"`` for Traditional)."""

    en: Side
    zh: Side
    script: str = ""


def read_text(path: str | os.PathLike) -> str | None:
    """The text of a file for locating words in it, or None (binary formats, unreadable files)."""
    p = Path(path)
    if p.suffix.lower() in _BINARY:
        return None
    try:
        data = p.read_bytes()
    except OSError:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


class _Text:
    """A file's text with its line starts, to turn offsets into lines and columns."""

    __slots__ = ("text", "starts", "kind")

    def __init__(self, text: str, kind: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.kind = kind

    def offset_of_line(self, line: int) -> int:
        if line < 1:
            return 0
        return self.starts[min(line, len(self.starts)) - 1]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def in_markup(self, pos: int) -> bool:
        """Whether ``pos`` is inside an XML tag (``<tuv xml:lang="en-US">``)."""
        lt = self.text.rfind("<", 0, pos)
        return lt >= 0 and self.text.rfind(">", lt, pos) < 0


def _variants(needle: str, kind: str) -> list[str]:
    """``needle`` and the forms a file may hold it in (XML and JSON escapes, doubled CSV quotes)."""
    out = [needle]
    if kind == "xml":
        out.append(needle.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    elif kind == "json":
        import json

        out += [json.dumps(needle, ensure_ascii=False)[1:-1], json.dumps(needle)[1:-1]]
    elif kind == "table":
        out.append(needle.replace('"', '""'))
    return list(dict.fromkeys(out))


class Locator:
    """Maps spans of the texts of checked pairs to places in their files.

    ``texts`` gives the text of files that are not read from disk as they are (the
    decoded text of a document); other files are read once, when a finding needs them.
    """

    def __init__(self, texts: dict[str, str] | None = None):
        self._sites: dict[SegmentPair, PairSite] = {}
        self._given = dict(texts or {})
        self._texts: dict[str, _Text | None] = {}
        self._bounds: dict[str, list[int]] = {}
        self._pending: dict[str, list[Side]] = {}

    def add_texts(self, texts: dict[str, str]) -> None:
        """Use these texts for these files (documents, whose decoded text the reader made)."""
        for file, text in texts.items():
            self._given[file] = text
            self._texts.pop(file, None)

    def add(self, pair: SegmentPair, site: PairSite) -> None:
        self._sites.setdefault(pair, site)
        for side in (site.en, site.zh):
            self._pending.setdefault(side.file, []).append(side)

    def add_all(self, items: Iterable[tuple[SegmentPair, PairSite]]) -> None:
        for pair, site in items:
            self.add(pair, site)

    def site(self, pair: SegmentPair) -> PairSite | None:
        return self._sites.get(pair)

    def script(self, pair: SegmentPair) -> str:
        site = self._sites.get(pair)
        return site.script if site is not None else ""

    # ------------------------------------------------------------ files
    def _text(self, file: str) -> _Text | None:
        if file not in self._texts:
            raw = self._given.get(file)
            if raw is None:
                raw = read_text(file)
            self._texts[file] = None if raw is None else _Text(raw, _KINDS.get(Path(file).suffix.lower(), "text"))
        return self._texts[file]

    def _start(self, t: _Text, side: Side) -> int:
        return side.offset if side.offset >= 0 else t.offset_of_line(side.line)

    def _bound(self, file: str, t: _Text, start: int) -> int:
        """Where the next unit of the file starts (the search for this unit's words stops there)."""
        if file not in self._bounds:
            self._bounds[file] = sorted({self._start(t, s) for s in self._pending.pop(file, ())})
        starts = self._bounds[file]
        i = bisect.bisect_right(starts, start)
        end = starts[i] if i < len(starts) else len(t.text)
        if end <= start:
            end = len(t.text)
        return min(end, start + _MAX_SEARCH)

    # ------------------------------------------------------------ locating
    def locate(self, pair: SegmentPair, side: str, span: tuple[int, int] | None = None,
               text: str | None = None) -> Location:
        """The place of ``(pair.en if side == "en" else pair.zh)[span]`` (``span`` None: the segment's
        first line); ``text`` is the text ``span`` points into when it is not the pair's own."""
        site = self._sites.get(pair)
        if site is None:
            return Location(pair.source, pair.line, side=side)
        where = site.en if side == "en" else site.zh
        own = text if text is not None else (pair.en if side == "en" else pair.zh)
        if span is None:
            first = own.strip().split("\n", 1)[0].strip()
            needle, before = first[:400], 0
        else:
            a, b = span
            needle = own[a:b].strip()
            before = own.count(needle, 0, a) if needle else 0
        fallback = Location(where.file, where.line, side=side)
        t = self._text(where.file) if needle else None
        if t is None:
            return fallback
        start = self._start(t, where)
        end = self._bound(where.file, t, start)
        latin = needle[:1].isascii() and needle[:1].isalnum()
        for form in _variants(needle, t.kind):
            pos = self._find(t, form, start, end, before, latin)
            if pos >= 0:
                line, col = t.line_col(pos)
                stop = t.text.find("\n", pos)
                length = min(len(form), (stop if stop >= 0 else len(t.text)) - pos)
                return Location(where.file, line, col, col + length, side)
        return fallback

    @staticmethod
    def _find(t: _Text, needle: str, start: int, end: int, skip: int, latin: bool) -> int:
        text = t.text
        pos = start
        while True:
            pos = text.find(needle, pos, end)
            if pos < 0:
                return -1
            ok = not (t.kind == "xml" and t.in_markup(pos))
            if ok and latin:
                before = text[pos - 1:pos]
                after = text[pos + len(needle):pos + len(needle) + 1]
                ok = not (before.isalnum() and before.isascii()) and not (after.isalnum() and after.isascii())
            if ok:
                if skip == 0:
                    return pos
                skip -= 1
            pos += 1
