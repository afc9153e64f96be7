"""Excel workbooks: read any glossary sheet layout; write the translator workbook.

Before openpyxl sees a file it is checked: empty, encrypted / old binary
(OLE signature ``D0 CF 11 E0``), not a zip, or a zip whose members would
unpack to more than :data:`MAX_UNPACKED` bytes (a zip bomb) are refused with
one clear :class:`~shuyu.errors.InputError`.
"""

from __future__ import annotations

import datetime as _dt
import os
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
    """Refuse empty, encrypted, non-zip and zip-bomb files before openpyxl opens them."""
    import zipfile

    where = str(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", where=where) from None
    if size == 0:
        raise InputError("the file is empty (0 bytes)", where=where, hint="save the workbook again from Excel")
    if head.startswith(OLE_MAGIC[:4]):
        raise InputError("this is an encrypted (password-protected) workbook or an old binary .xls file, "
                         "not an .xlsx", where=where,
                         hint="remove the password, or open it in Excel and save it as .xlsx")
    if not head.startswith(b"PK"):
        raise InputError("not an .xlsx workbook (the file is not a zip package; it may be corrupt, or CSV/HTML "
                         "saved with an .xlsx name)", where=where, hint="open it in Excel and save it as .xlsx")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"corrupt .xlsx (bad zip package: {exc})", where=where,
                         hint="open it in Excel and save it again") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER or (info.file_size > (10 << 20) and
                                           info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise InputError(f"refused: part {info.filename!r} would unpack to {info.file_size:,} bytes from "
                             f"{info.compress_size:,} (a zip bomb or a damaged file)", where=where,
                             hint="check where the file came from")
    if total > MAX_UNPACKED:
        raise InputError(f"refused: the workbook would unpack to {total:,} bytes (over {MAX_UNPACKED:,})",
                         where=where, hint="split the glossary into smaller workbooks")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.startswith("xl/") for n in names):
        raise InputError("not an .xlsx workbook (a zip file without a workbook inside)", where=where,
                         hint="open it in Excel and save it as .xlsx")
    try:
        with zipfile.ZipFile(path) as zf:
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as fh:
                        head = fh.read(2048)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise InputError(f"refused: part {info.filename!r} declares a DOCTYPE/XML entities, which "
                                         "Excel never writes (an entity bomb or a crafted file)", where=where,
                                         hint="check where the file came from")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:  # zlib.error is raised as such too
        raise InputError(f"corrupt .xlsx (bad zip package: {exc})", where=where,
                         hint="open it in Excel and save it again") from None
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"corrupt .xlsx ({type(exc).__name__}: {exc})", where=where,
                         hint="open it in Excel and save it again") from None


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
    if skipped:
        g = Glossary(entries=g.entries, sources=g.sources, warnings=g.warnings + tuple(skipped))
    return g


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


def write_xlsx(glossary: Glossary, path: str | os.PathLike, *, fmt: str = "xlsx", bom: bool = False) -> WriteReport:
    """Write shuyu's translator workbook (one row per Chinese term)."""
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
