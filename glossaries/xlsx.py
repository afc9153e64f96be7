"""Excel workbooks: read any glossary sheet layout; write the translator workbook.

Before openpyxl sees a file it is checked: empty, encrypted / old binary
(OLE signature ``D0 CF 11 E0``), not a zip, or a zip whose members would
unpack to more than :data:`MAX_UNPACKED` bytes (a zip bomb) are refused with
one clear :class:`~shuyu.errors.InputError`.

A formula cell is read as its cached value (a hyperlink as ``label <address>``), or as
its formula text when the workbook has no value for it (files written by programs),
with a warning naming the cell.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import Mapping, Sequence

from ..errors import InputError
from ..records import TERM_STATUSES, Glossary
from .model import LossLog, WriteReport
from .table import flat_losses_quick, flatten, read_rows_as_glossary

MAX_UNPACKED = 1 << 30          # 1 GiB in total
MAX_MEMBER = 512 << 20          # 512 MiB for one part
MAX_RATIO = 200                 # unpacked/packed for parts over 10 MiB
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_xlsx_file(path: Path) -> None:
    """Refuse special, empty, encrypted, non-zip and zip-bomb files before openpyxl opens them
    (:func:`shuyu.glossaries.xlsxio.open_workbook`, shuyu's one input policy)."""
    from .xlsxio import open_workbook

    open_workbook(path).close()


def cell_text(v) -> str:
    """A cell value as the text a translator sees."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def _open(path: Path):
    import zipfile

    from openpyxl import load_workbook

    check_xlsx_file(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as exc:
        raise InputError(f"corrupt .xlsx: {type(exc).__name__}: {exc}", where=str(path),
                         hint="open it in Excel and save it again") from None
    except Exception as exc:  # openpyxl raises assorted parse errors on damaged parts
        raise InputError(f"cannot read the workbook: {type(exc).__name__}: {exc}", where=str(path),
                         hint="open it in Excel and save it again") from None


def _sheet_rows(ws) -> tuple[list[list[str]], list[int]]:
    rows: list[list[str]] = []
    nums: list[int] = []
    if hasattr(ws, "reset_dimensions"):  # never trust <dimension ref="A1:XFD1048576"/>: it pads every row
        ws.reset_dimensions()
    for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
        rows.append([cell_text(v) for v in values])
        nums.append(r)
    return rows, nums


def _read_with_openpyxl(path: Path, wanted: list[str] | None):
    wb = _open(path)
    try:
        out = []
        for name in wb.sheetnames:
            if wanted is not None and name not in wanted:
                continue
            rows, nums = _sheet_rows(wb[name])
            out.append((name, rows, nums))
        return out
    finally:
        wb.close()


def _trim(rows: list[list[str]]) -> list[list[str]]:
    width = 0
    for row in rows:
        for i in range(len(row) - 1, -1, -1):
            if row[i].strip():
                width = max(width, i + 1)
                break
    return [row[:width] for row in rows]


def read_xlsx(path: str | os.PathLike, *, sheet: str | int | Sequence[str | int] | None = None,
              columns: Mapping[str, int] | None = None, accepted_only: bool = False) -> Glossary:
    """Read the chosen sheets (all by default) of an .xlsx glossary."""
    from .xlsxio import read_sheets, sheet_names

    path = Path(path)
    check_xlsx_file(path)
    fast = True
    try:
        names = [n for n, _p in sheet_names(path)]
    except InputError:
        raise
    except Exception:  # unusual package layout: let openpyxl try
        fast = False
        wb = _open(path)
        names = list(wb.sheetnames)
        wb.close()
    if sheet is None:
        chosen = list(names)
    else:
        wanted = [sheet] if isinstance(sheet, (str, int)) else list(sheet)
        chosen = []
        for w in wanted:
            if isinstance(w, int) and not isinstance(w, bool):
                if not 0 <= w < len(names):
                    raise InputError(f"there is no sheet number {w} (0-based); the workbook has {len(names)}",
                                     where=str(path), hint=f"sheets: {', '.join(names)}")
                chosen.append(names[w])
            elif w in names:
                chosen.append(w)
            else:
                raise InputError(f"no sheet named {w!r}", where=str(path), hint=f"sheets: {', '.join(names)}")
    data = None
    if fast:
        try:
            data = list(read_sheets(path, chosen))
        except InputError:
            raise
        except Exception:
            data = None
    if data is None:
        data = [(n, _trim(r), nums) for n, r, nums in _read_with_openpyxl(path, chosen)]
    formula_notes = _keep_formulas(path, data)
    tables = []
    skipped = []
    for name, rows, nums in data:
        if sheet is None and name == "About" and rows and rows[0][:2] == ["field", "value"]:
            skipped.append(f"{path}!About: shuyu's About sheet ignored")
            continue
        if sheet is None and not any(any(c.strip() for c in r) for r in rows):
            skipped.append(f"{path}!{name}: empty sheet ignored")
            continue
        tables.append((f"{path}!{name}", rows, nums))
    if not tables:
        raise InputError("the workbook has no sheet with data", where=str(path))
    g = read_rows_as_glossary(tables, (str(path),), columns=columns, accepted_only=accepted_only,
                              skip_unusable=sheet is None and len(tables) > 1)
    if skipped or formula_notes:
        g = Glossary(entries=g.entries, sources=g.sources, warnings=tuple(formula_notes) + g.warnings + tuple(skipped))
    return g


# ---------------------------------------------------------------------------
# formula cells

_HYPERLINK = re.compile(r'^\s*HYPERLINK\(\s*"((?:[^"]|"")*)"\s*(?:[,;]\s*"((?:[^"]|"")*)"\s*)?\)\s*$', re.I)
_FORMULA_SHOWN = 5


def _formulas(zf, part: str) -> dict[tuple[int, int], tuple[str, bool]]:
    """(row, 0-based column) → (formula text, has a cached value) for the formula cells of one sheet part."""
    from lxml import etree

    from .xlsxio import _col_index

    out: dict[tuple[int, int], tuple[str, bool]] = {}
    with zf.open(part) as fh:
        for _ev, c in etree.iterparse(fh, events=("end",), tag="{*}c", resolve_entities=False, no_network=True,
                                      load_dtd=False, huge_tree=False, remove_comments=True):
            f = next((k for k in c if isinstance(k.tag, str) and k.tag.endswith("}f")), None)
            if f is not None and (f.text or "").strip():
                ref = c.get("r", "")
                letters = ref.rstrip("0123456789")
                if letters and ref[len(letters):].isdigit():
                    v = next((k for k in c if isinstance(k.tag, str) and k.tag.endswith("}v")), None)
                    cached = v is not None and bool(v.text)
                    out[(int(ref[len(letters):]), _col_index(letters))] = (f.text.strip(), cached)
            c.clear(keep_tail=False)
    return out


def _formula_value(formula: str, cached: str) -> str:
    """What shuyu reads for a formula cell: a hyperlink's label and address, else the cached value, else
    the formula text."""
    m = _HYPERLINK.match(formula)
    if m:
        url = m.group(1).replace('""', '"')
        label = (m.group(2) or "").replace('""', '"') or cached
        return f"{label} <{url}>" if label and label != url else url
    return cached or "=" + formula


def _keep_formulas(path: Path, data: list) -> list[str]:
    """Put formula cells into ``data`` (sheet name, rows, row numbers) as text and say so.

    Excel keeps a formula's last result beside it, but a workbook written by a program
    (openpyxl, scripts) often has none, and the cell would read as empty; a note cell
    holding ``=HYPERLINK(...)`` would lose its link.  Such cells are read as the text of
    :func:`_formula_value`, with one warning per cell (the first few, then a count).
    """
    from .xlsxio import _letter, open_workbook, sheet_names

    try:
        parts = dict(sheet_names(path))
    except Exception:  # unusual package layout: the readers above have said what they could
        return []
    notes: list[str] = []
    count = 0
    with open_workbook(path) as zf:
        names = set(zf.namelist())
        for name, rows, nums in data:
            part = parts.get(name)
            if not part or part not in names:
                continue
            with zf.open(part) as fh:
                raw = fh.read()
            if b"<f>" not in raw and b"<f " not in raw and b":f>" not in raw and b":f " not in raw:
                continue
            del raw
            found = _formulas(zf, part)
            if not found:
                continue
            index = {n: i for i, n in enumerate(nums)}
            for (rn, ci), (formula, _cached) in sorted(found.items()):
                ri = index.get(rn)
                if ri is None:
                    continue
                row = rows[ri]
                if ci >= len(row):
                    row.extend([""] * (ci - len(row) + 1))
                value = _formula_value(formula, row[ci])
                row[ci] = value
                count += 1
                if count <= _FORMULA_SHOWN:
                    notes.append(f"{path}!{name}:{_letter(ci)}{rn}: formula ={formula} read as {value!r} "
                                 "(check the cell: shuyu reads text, not formulas)")
    if count > _FORMULA_SHOWN:
        notes.append(f"{path}: {count - _FORMULA_SHOWN} more formula cell(s) read as their value or formula text")
    return notes


# ---------------------------------------------------------------------------
# writing

_WIDTHS = {"ID": 8, "English": 32, "Chinese": 24, "Status": 12, "English status": 14, "POS": 8, "Domain": 16,
           "Definition": 48, "Context": 60, "Note": 36, "Source": 24, "English note": 30, "English source": 20,
           "Chinese note": 30, "Chinese source": 20}
_WRAP = {"English", "Chinese", "Definition", "Context", "Note", "English note", "Chinese note"}


def write_table_xlsx(path: str | os.PathLike, header: Sequence[str], rows: Sequence[Sequence[str]], *,
                     sheet_title: str, about_title: str, settings: Sequence[tuple[str, str]] = (),
                     sources: Sequence[str] = (), widths: Mapping[str, int] | None = None,
                     wrap: set[str] | None = None, status_col: str | None = "Status",
                     status_values: Sequence[str] = TERM_STATUSES) -> list[str]:
    """A translator workbook: bold frozen filtered header, widths, wrapped text, a Status drop-down and an
    About sheet; streamed (see :mod:`shuyu.glossaries.xlsxio`).  Returns the cells cut at 32,767 characters."""
    from .xlsxio import SheetSpec, about_rows, write_workbook

    widths = widths if widths is not None else _WIDTHS
    wrap = wrap if wrap is not None else _WRAP
    header = list(header)
    main = SheetSpec(sheet_title, header, rows, widths=[widths.get(h, 16) for h in header],
                     wrap=[h in wrap for h in header],
                     list_column=header.index(status_col) if status_col and status_col in header else None,
                     list_values=status_values)
    about = SheetSpec("About", ["field", "value"], about_rows(about_title, settings, sources), widths=[22, 90],
                      wrap=[False, True], filters=False)
    write_workbook(path, [main, about])
    return main.truncated


def write_xlsx(glossary: Glossary, path: str | os.PathLike, *, fmt: str = "xlsx", bom: bool | None = None,
               **_options) -> WriteReport:
    """Write shuyu's translator workbook (one row per Chinese term; cells are text, never formulas)."""
    header, rows = flatten(glossary)
    log = flat_losses_quick(glossary, LossLog(), xml=True)
    notes = []
    if bom:
        notes.append("bom= has no meaning for xlsx and was ignored")
    cut = write_table_xlsx(path, header, rows, sheet_title="Glossary", about_title="glossary",
                     settings=[("entries", str(len(glossary.entries))), ("rows", str(len(rows))),
                               ("layout", "one row per Chinese term; rows with the same ID are one concept; "
                                          "English synonyms separated by '; '")],
                     sources=glossary.sources)
    lost = log.messages()
    if cut:
        lost += (f"text cut at 32,767 characters (Excel's cell limit) in {len(cut)} cell(s): {', '.join(cut[:5])}",)
    return WriteReport(path=os.fspath(path), fmt=fmt, entries=len(glossary.entries), rows=len(rows),
                       lost=lost, notes=tuple(notes))
