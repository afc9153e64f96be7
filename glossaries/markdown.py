"""Markdown pipe tables as glossaries (read only).

Every block of consecutive lines starting with ``|`` is a table whose first
row is the header; the ``|---|`` separator row is dropped; cells are stripped
of stray tabs and spaces; ``\\|`` is a literal bar.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

from ..files import read_input
from ..errors import InputError
from ..records import Glossary
from .delimited import decode_bytes
from .table import read_rows_as_glossary

_SEP = re.compile(r"^\s*:?-{2,}:?\s*$")


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    parts = re.split(r"(?<!\\)\|", s)
    return [p.replace("\\|", "|").strip(" \t\u3000") for p in parts]


def read_markdown(path: str | os.PathLike, *, columns: Mapping[str, int] | None = None) -> Glossary:
    path = Path(path)
    where = str(path)
    data = read_input(path)
    text, _enc = decode_bytes(data, where)
    tables = []
    block: list[tuple[int, str]] = []
    lines = text.lstrip("\ufeff").splitlines()
    for n, line in enumerate(lines + [""], start=1):
        if line.lstrip().startswith("|"):
            block.append((n, line))
            continue
        if block:
            rows, nums = [], []
            for ln, raw in block:
                cells = _cells(raw)
                if all(_SEP.match(c) or not c for c in cells) and any(_SEP.match(c) for c in cells):
                    continue
                rows.append(cells)
                nums.append(ln)
            if rows:
                tables.append((f"{where}:{block[0][0]}", rows, nums))
            block = []
    if not tables:
        raise InputError("no Markdown table (lines starting with |) in the file", where=where,
                         hint="a glossary table looks like: | English | 中文 |")
    g = read_rows_as_glossary([(where, r, n) for _w, r, n in tables], (where,), columns=columns,
                              skip_unusable=len(tables) > 1)
    return g
