"""Fast streaming xlsx reading and writing for big glossaries.

openpyxl spends ~40 µs per cell on this kind of machine, which puts a
100,000-entry glossary far beyond the 30-second target.  Glossary sheets only
need cell text, so:

* :func:`read_sheets` reads the sheet XML straight from the zip with lxml's
  ``iterparse`` (no DTD, no entities, no network), resolving shared and inline
  strings; numbers come back as their text (``119``, ``0.5``);
* :func:`write_workbook` streams the sheet XML itself: every cell is an inline
  string (so never a formula), cells starting with ``= + - @`` also get Excel's
  "quote prefix" (what :func:`shuyu.xlsxkit.set_text` does), with a bold
  frozen filtered header, column widths, wrapped text, an optional drop-down
  list, and an About sheet like :func:`shuyu.xlsxkit.about_sheet`'s.

Reading goes through :func:`open_workbook`, which applies shuyu's input policy
(regular file, bounded size, zip-bomb checks: :mod:`shuyu.files`).
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from ..errors import InputError
from ..xlsxkit import FORMULA_PREFIXES, clean_text

MAX_CELL = 32767


MAX_COLUMNS = 16384          # XFD, Excel's last column
MAX_ROWS = 1048576           # Excel's last row
MAX_SLOTS = 20_000_000
"""Most cells (filled or not, up to the last filled cell of each row) that one sheet may spread over:
a small file with one cell in column XFD of every row would otherwise need gigabytes."""
MAX_MERGE_FILL = 100_000
"""Most cells filled from merged ranges in one sheet."""
XLSX_MAX_BYTES = 16 << 20
"""Largest .xlsx file read (16 MiB, some 500,000 glossary rows)."""
FAST_PART = 64 << 20
"""Sheet parts up to this size are read with regular expressions (whole part in memory), larger ones
element by element."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _col_index(ref: str) -> int:
    """0-based column of a cell reference's letters (``"B"`` → 1); -1 without letters; more than
    :data:`MAX_COLUMNS` for references past XFD (see :func:`_checked_col`)."""
    n = 0
    for ch in ref:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + o - 64
        elif 97 <= o <= 122:
            n = n * 26 + o - 96
        else:
            break
        if n > MAX_COLUMNS:
            return MAX_COLUMNS + 1
    return n - 1


def _bad_ref(ref: str, name: str, where: str) -> InputError:
    return InputError(f"corrupt .xlsx: bad cell reference {ref[:30]!r} in sheet {name!r} (Excel's columns are A to "
                      "XFD and its rows 1 to 1,048,576)", where=where, hint="open it in Excel and save it again")


def _cell_column(ref: str | None, nxt: int, cache: dict[str, int], name: str, where) -> int:
    """0-based column of a cell: from its reference (``r="C7"``, letters cached), or the next one."""
    if ref:
        letters = ref.rstrip("0123456789")
        ci = cache.get(letters)
        if ci is None:
            ci = cache[letters] = _checked_col(letters, ref, name, where)
        return ci
    if nxt >= MAX_COLUMNS:
        raise _bad_ref(f"column {nxt + 1}", name, where)
    return nxt


def _checked_col(letters: str, ref: str, name: str, where: str) -> int:
    ci = _col_index(letters)
    if not 0 <= ci < MAX_COLUMNS or len(letters) > 3:
        raise _bad_ref(ref, name, where)
    return ci


def _checked_row(text: str, name: str, where: str) -> int:
    if len(text) > 7 or not text.isdigit() or not 1 <= int(text) <= MAX_ROWS:
        raise _bad_ref(f"row {text}", name, where)
    return int(text)


def _value(t: str, raw: str, shared, ref: str, name: str, where) -> str:
    """The text of a cell's ``<v>`` value by its type ``t``: a shared string, a boolean, text or a number."""
    if t == "s":
        return _shared(shared, raw, ref, name, where)
    if t == "b":
        return "true" if raw == "1" else "false" if raw else ""
    if t in ("str", "e"):
        return _ooxml_unescape(raw)
    return _number(raw) if raw else ""


def _shared(shared: list[str], raw: str, ref: str, name: str, where: str) -> str:
    raw = raw.strip()
    if raw.isdigit() and int(raw) < len(shared):
        return shared[int(raw)]
    raise InputError(f"corrupt .xlsx: cell {ref} of sheet {name!r} points to a missing shared string "
                     f"({raw[:20]!r})", where=where, hint="open it in Excel and save it again")


_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _ooxml_unescape(text: str) -> str:
    """Undo Excel's ``_xHHHH_`` escapes (``_x000D_`` is a carriage return inside a cell; ``_x005F_``
    an underscore that starts such a sequence literally)."""
    if "_x" not in text:
        return text
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _iter(zf: zipfile.ZipFile, name: str, *tags: str):
    """The ``tags`` elements of a part as they end, each cleared after use (constant memory)."""
    from lxml import etree

    with zf.open(name) as fh:
        for _ev, el in etree.iterparse(fh, events=("end",), tag=tuple(f"{{*}}{t}" for t in tags),
                                       resolve_entities=False,
                                       no_network=True, load_dtd=False, huge_tree=False, remove_comments=True):
            yield el
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]


def _text_of(el) -> str:
    """Text of an <si>/<is> element, without phonetic runs (<rPh>)."""
    out = []
    for t in el.iter("{*}t"):
        p = t.getparent()
        if p is not None and _local(p.tag) == "rPh":
            continue
        if t.text:
            out.append(t.text)
    return _ooxml_unescape("".join(out))


def _number(text: str) -> str:
    text = text.strip()
    if len(text) > 400:  # not a number Excel writes; keep the text
        return text
    try:
        f = float(text)
    except ValueError:
        return text
    if f.is_integer() and abs(f) < 1e15:
        return str(int(f))
    return repr(f)


_ROW_RE = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL_RE = re.compile(r"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR_RE = re.compile(r'([\w:]+)="([^"]*)"')
_T_RE = re.compile(r"<t(?:\s[^>]*)?>(.*?)</t>|<t(?:\s[^>]*)?/>", re.S)
_V_RE = re.compile(r"<v(?:\s[^>]*)?>(.*?)</v>", re.S)
_RPH_RE = re.compile(r"<rPh\b.*?</rPh>", re.S)
_ENT_RE = re.compile(r"&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);")
_ENTS = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_MERGE_RE = re.compile(r'<mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"')


def _unescape(text: str) -> str:
    if "&" not in text:
        return text

    def one(m: re.Match) -> str:
        e = m.group(1)
        if e[0] == "#":
            code = int(e[2:], 16) if e[1] in "xX" else int(e[1:])
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return _ENTS[e]

    return _ENT_RE.sub(one, text)


_ROOT_RE = re.compile(r"<(?![?!])([\w:.\-]+)")
_SINGLE_QUOTED = re.compile(r"<(?:c|row|mergeCell)\b[^>]*='")


def _plain_xml(data: bytes) -> str | None:
    """The sheet XML as text when it is of the plain kind the regular expressions read, else None."""
    try:
        xml = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    m = _ROOT_RE.search(xml)
    if not m or m.group(1) != "worksheet" or "<![CDATA[" in xml or _SINGLE_QUOTED.search(xml):
        return None
    if not xml.rstrip().endswith("</worksheet>"):
        return None  # cut short or damaged: the element reader reports where
    return xml


_ROW_NUM = re.compile(r'\br="([^"]*)"')
# the usual cell: <c r="B7" s="3" t="inlineStr"><is><t xml:space="preserve">…</t></is></c> or <c r="B7" t="s"><v>12</v></c>
_STRICT_CELL = re.compile(r'<c r="([A-Z]{1,3})\d{1,7}"(?: s="\d+")?(?: t="(\w+)")?(?: s="\d+")?'
                          r'(?:/>|>(?:<is><t(?: xml:space="preserve")?>([^<]*)</t></is>|<v>([^<]*)</v>)?</c>)')


class _Budget:
    """Counts the cells a sheet spreads over (see :data:`MAX_SLOTS`)."""

    __slots__ = ("used", "name", "where")

    def __init__(self, name: str, where: str):
        self.used = 0
        self.name = name
        self.where = where

    def add(self, width: int) -> None:
        self.used += width
        if self.used > MAX_SLOTS:
            raise InputError(f"sheet {self.name!r} spreads its cells over more than {MAX_SLOTS:,} positions "
                             "(cells far to the right of the data, e.g. in column XFD, on many rows)",
                             where=self.where, hint="delete the stray cells to the right of the table in Excel "
                                                    "and save it again")


def _put(cells: list[str], ci: int, val: str) -> None:
    if ci >= len(cells):
        cells.extend([""] * (ci - len(cells) + 1))
    cells[ci] = val


def _general_cells(body: str, shared: list[str], name: str, where: str, cache: dict[str, int]) -> list[str]:
    cells: list[str] = []
    nxt = 0
    for cm in _CELL_RE.finditer(body):
        inner = cm.group(2)
        if not inner:
            nxt += 1
            continue
        ca = dict(_ATTR_RE.findall(cm.group(1)))
        ref = ca.get("r")
        ci = _cell_column(ref, nxt, cache, name, where)
        nxt = ci + 1
        t = ca.get("t")
        if t == "inlineStr":
            if "<rPh" in inner:
                inner = _RPH_RE.sub("", inner)
            val = _ooxml_unescape(_unescape("".join(m.group(1) or "" for m in _T_RE.finditer(inner))))
        else:
            vm = _V_RE.search(inner)
            val = _value(t, _unescape(vm.group(1)) if vm else "", shared, ref or f"#{ci + 1}", name, where)
        if val:
            _put(cells, ci, val)
    return cells


def _merges_of(xml: str, name: str, where: str) -> list[tuple[int, int, int, int]]:
    """(first row, last row, column, last column) of the merged ranges of a sheet, 1-based rows, 0-based columns."""
    out = []
    for m in _MERGE_RE.finditer(xml, max(xml.rfind("</sheetData>"), 0)):
        c1 = _checked_col(m.group(1), m.group(0), name, where)
        c2 = _checked_col(m.group(3), m.group(0), name, where)
        r1, r2 = _checked_row(m.group(2), name, where), _checked_row(m.group(4), name, where)
        out.append((min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)))
    return out


def _fill_merges(rows: list[list[str]], nums: list[int], merges, budget: _Budget) -> None:
    """Give the cells under a vertically merged cell its value (an English term merged over the rows of
    its Chinese variants belongs to each of those rows).  Ranges one column wide only: a title merged
    across a banner row is left as it is."""
    if not merges:
        return
    at = {n: i for i, n in enumerate(nums)}
    filled = 0
    for r1, r2, c1, c2 in merges:
        if c1 != c2 or r2 == r1 or r1 not in at:
            continue
        top = rows[at[r1]]
        value = top[c1] if c1 < len(top) else ""
        if not value:
            continue
        for r in range(r1 + 1, r2 + 1):
            i = at.get(r)
            if i is None:
                continue
            row = rows[i]
            if c1 < len(row) and row[c1]:
                continue
            filled += 1
            if filled > MAX_MERGE_FILL:
                return
            before = len(row)
            _put(row, c1, value)
            budget.add(len(row) - before)


def _regex_rows(xml: str, shared: list[str], name: str, where: str):
    """Rows of a plain (unprefixed, CDATA-free) sheet XML by regular expressions: several times faster
    than walking elements."""
    start = xml.find("<sheetData")
    if start < 0:
        return [], []
    rows: list[list[str]] = []
    nums: list[int] = []
    prev = 0
    cache: dict[str, int] = {}
    budget = _Budget(name, where)
    for rm in _ROW_RE.finditer(xml, start):
        head = rm.group(1)
        rmatch = _ROW_NUM.search(head)
        rn = _checked_row(rmatch.group(1), name, where) if rmatch else prev + 1
        prev = rn
        cells: list[str] = []
        body = rm.group(2)
        if body:
            strict = _STRICT_CELL.findall(body)
            if len(strict) == body.count("<c"):
                for letters, t, itext, vtext in strict:
                    if not itext and not vtext:
                        continue
                    ci = cache.get(letters)
                    if ci is None:
                        ci = cache[letters] = _checked_col(letters, letters + str(rn), name, where)
                    if t == "inlineStr":
                        val = _unescape(itext) if "&" in itext else itext
                        if "_x" in val:
                            val = _ooxml_unescape(val)
                    elif t == "s":
                        val = _shared(shared, vtext, f"{letters}{rn}", name, where)
                    elif t == "b":
                        val = "true" if vtext == "1" else "false" if vtext else ""
                    elif t in ("str", "e"):
                        val = _ooxml_unescape(_unescape(vtext))
                    else:
                        val = _number(vtext) if vtext else ""
                    if val:
                        _put(cells, ci, val)
            else:
                cells = _general_cells(body, shared, name, where, cache)
        budget.add(len(cells))
        rows.append(cells)
        nums.append(rn)
    _fill_merges(rows, nums, _merges_of(xml, name, where), budget)
    return rows, nums


def open_workbook(source, *, limit: int | None = None) -> zipfile.ZipFile:
    """The checked zip package of an .xlsx file (a path; a :class:`zipfile.ZipFile` is returned as is).

    Refuses, with one :class:`InputError` each: a missing or special file, an empty file, an encrypted
    or old binary workbook, a file that is not a zip package or has no workbook inside, and zip bombs
    (see :func:`shuyu.files.open_zip`).  The file is read once, up to ``limit`` bytes
    (:data:`XLSX_MAX_BYTES`).
    """
    from ..files import open_zip, read_input

    if isinstance(source, zipfile.ZipFile):
        return source
    where = os.fspath(source)
    data = read_input(where, limit=XLSX_MAX_BYTES if limit is None else limit, what="the workbook")
    if not data:
        raise InputError("the file is empty (0 bytes)", where=where, hint="save the workbook again from Excel")
    if data.startswith(_OLE_MAGIC):
        raise InputError("this is an encrypted (password-protected) workbook or an old binary .xls file, "
                         "not an .xlsx", where=where,
                         hint="remove the password, or open it in Excel and save it as .xlsx")
    if not data.startswith(b"PK"):
        raise InputError("not an .xlsx workbook (the file is not a zip package; it may be corrupt, or CSV/HTML "
                         "saved with an .xlsx name)", where=where, hint="open it in Excel and save it as .xlsx")
    zf = open_zip(data, where, kind="xlsx")
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names and not any(n.startswith("xl/") for n in names):
        raise InputError("not an .xlsx workbook (a zip file without a workbook inside)", where=where,
                         hint="open it in Excel and save it as .xlsx")
    zf.shuyu_where = where  # type: ignore[attr-defined]
    return zf


def _where(zf: zipfile.ZipFile, source) -> str:
    return getattr(zf, "shuyu_where", None) or (os.fspath(source) if not isinstance(source, zipfile.ZipFile) else
                                                 str(zf.filename or "workbook"))


def sheet_names(source) -> list[tuple[str, str]]:
    """(name, part path inside the zip) of each worksheet, in workbook order (``source``: a path or the
    :class:`zipfile.ZipFile` of :func:`open_workbook`)."""
    from lxml import etree

    zf = open_workbook(source)
    where = _where(zf, source)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        wb = etree.fromstring(zf.read("xl/workbook.xml"), parser)
        rels_name = "xl/_rels/workbook.xml.rels"
        targets = {}
        if rels_name in zf.namelist():
            for rel in etree.fromstring(zf.read(rels_name), parser):
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                targets[rel.get("Id")] = target
    except KeyError:
        raise InputError("corrupt .xlsx: the package has no xl/workbook.xml", where=where,
                         hint="open it in Excel and save it again") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(f"corrupt .xlsx: the workbook part is not well-formed XML ({exc})", where=where,
                         hint="open it in Excel and save it again") from None
    out = []
    for sh in wb.iter("{*}sheet"):
        rid = next((v for k, v in sh.attrib.items() if _local(k) == "id"), None)
        out.append((sh.get("name", ""), targets.get(rid, "")))
    return out


def read_sheets(source, wanted: Sequence[str] | None = None, *, fast: bool = True
                ) -> Iterator[tuple[str, list[list[str]], list[int]]]:
    """(sheet name, rows of cell text, 1-based row numbers) for each wanted worksheet.

    ``source`` is a path or the :class:`zipfile.ZipFile` of :func:`open_workbook`.  ``fast`` reads
    plain sheet XML (what Excel, LibreOffice, openpyxl and shuyu write) with regular expressions and
    anything else element by element.  Column letters past XFD, rows past 1,048,576, shared-string
    indices out of range and sheets spread too thin (:data:`MAX_SLOTS`) are :class:`InputError`;
    cells under a merged cell one column wide get its value; ``_x000D_`` escapes are undone.
    """
    zf = open_workbook(source)
    where = _where(zf, source)
    sheets = sheet_names(zf)
    names = set(zf.namelist())
    shared: list[str] = []
    if "xl/sharedStrings.xml" in names:
        shared = [_text_of(si) for si in _iter(zf, "xl/sharedStrings.xml", "si")]
    for name, part in sheets:
        if wanted is not None and name not in wanted:
            continue
        if part not in names:
            continue  # a chart sheet or a dangling reference: nothing to read
        if fast and zf.getinfo(part).file_size < FAST_PART:
            xml = _plain_xml(zf.read(part))
            got = _regex_rows(xml, shared, name, where) if xml is not None else None
            del xml
            if got is not None:
                yield name, got[0], got[1]
                continue
        yield (name, *_element_rows(zf, part, shared, name, where))


def _element_rows(zf: zipfile.ZipFile, part: str, shared: list[str], name: str, where: str):
    rows: list[list[str]] = []
    nums: list[int] = []
    prev = 0
    ns = None
    col_cache: dict[str, int] = {}
    budget = _Budget(name, where)
    merges: list[tuple[int, int, int, int]] = []
    for el in _iter(zf, part, "row", "mergeCell"):
        if _local(el.tag) == "mergeCell":
            m = _MERGE_RE.match(f'<mergeCell ref="{el.get("ref", "")}"')
            if m:
                c1 = _checked_col(m.group(1), m.group(0), name, where)
                c2 = _checked_col(m.group(3), m.group(0), name, where)
                r1, r2 = _checked_row(m.group(2), name, where), _checked_row(m.group(4), name, where)
                merges.append((min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)))
            continue
        row = el
        if ns is None:
            ns = row.tag[:-3]  # "{namespace}" of this sheet (transitional or strict)
            C, V, IS, T = ns + "c", ns + "v", ns + "is", ns + "t"
        r = row.get("r")
        rn = _checked_row(r, name, where) if r else prev + 1
        prev = rn
        cells: list[str] = []
        nxt = 0
        for c in row:
            if c.tag != C:
                continue
            ref = c.get("r")
            ci = _cell_column(ref, nxt, col_cache, name, where)
            nxt = ci + 1
            t = c.get("t")
            if t == "inlineStr":
                is_ = c.find(IS)
                if is_ is None:
                    val = ""
                elif len(is_) == 1 and is_[0].tag == T:
                    val = _ooxml_unescape(is_[0].text or "")
                else:
                    val = _text_of(is_)
            else:
                val = _value(t, c.findtext(V) or "", shared, ref or f"#{ci + 1}", name, where)
            if val:
                _put(cells, ci, val)
        budget.add(len(cells))
        rows.append(cells)
        nums.append(rn)
    _fill_merges(rows, nums, merges, budget)
    return rows, nums


# ---------------------------------------------------------------------------
# writing

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})

# cellXfs: 0 default, 1 header, 2 top, 3 wrap+top, 4 top+quotePrefix, 5 wrap+top+quotePrefix
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}">
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="00DDEBF7"/><bgColor rgb="00DDEBF7"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="center"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1"><alignment vertical="top"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1"><alignment vertical="top" wrapText="1"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def _letter(i: int) -> str:
    s, n = "", i + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _esc(text: str) -> str:
    """XML text of a cell: ``& < >`` escaped, a carriage return written as Excel's ``_x000D_`` (a bare CR
    would become a line feed when the XML is read) and a literal ``_xHHHH_`` protected as ``_x005F_xHHHH_``."""
    text = clean_text(text)
    if "_x" in text:
        text = _ESCAPE_RE.sub(lambda m: "_x005F_" + m.group(0)[1:], text)
    text = text.translate(_XML_ESC)
    return text.replace("\r", "_x000D_") if "\r" in text else text


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;")


@dataclass(slots=True)
class SheetSpec:
    """One worksheet to write: header, rows of text (``bool`` values become TRUE/FALSE cells), widths,
    wrapped columns, an optional list column."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] = ()
    wrap: Sequence[bool] = ()
    list_column: int | None = None
    list_values: Sequence[str] = ()
    filters: bool = True
    truncated: list[str] = field(default_factory=list)


def _sheet_xml(spec: SheetSpec, out) -> None:
    ncol = max(len(spec.header), 1)
    nrow = len(spec.rows) + 1
    letters = [_letter(i) for i in range(ncol)]
    last = f"{letters[-1]}{max(nrow, 2)}"
    w = out.write
    w(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">')
    w(f'<dimension ref="A1:{letters[-1]}{nrow}"/>')
    w('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
      'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>')
    w('<sheetFormatPr defaultRowHeight="15"/>')
    if spec.widths:
        w("<cols>")
        for i, width in enumerate(spec.widths[:ncol], start=1):
            w(f'<col min="{i}" max="{i}" width="{float(width):g}" customWidth="1"/>')
        w("</cols>")
    w("<sheetData>")
    w('<row r="1">')
    for i, h in enumerate(spec.header):
        w(f'<c r="{letters[i]}1" s="1" t="inlineStr"><is><t xml:space="preserve">{_esc(str(h))}</t></is></c>')
    w("</row>")
    wrap = list(spec.wrap) + [False] * (ncol - len(spec.wrap))
    base = [3 if wrap[i] else 2 for i in range(ncol)]
    for r, row in enumerate(spec.rows, start=2):
        parts = [f'<row r="{r}">']
        for i, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, bool):  # a real TRUE/FALSE cell (the CAT layouts' Forbidden/Preferred flags)
                parts.append(f'<c r="{letters[i]}{r}" s="{base[i]}" t="b"><v>{int(v)}</v></c>')
                continue
            v = str(v)
            if len(v) > MAX_CELL:
                spec.truncated.append(f"{letters[i]}{r}")
                v = v[:MAX_CELL]
            s = base[i] + 2 if v.startswith(FORMULA_PREFIXES) else base[i]
            parts.append(f'<c r="{letters[i]}{r}" s="{s}" t="inlineStr"><is><t xml:space="preserve">'
                         f'{_esc(v)}</t></is></c>')
        parts.append("</row>")
        w("".join(parts))
    w("</sheetData>")
    if spec.filters:
        w(f'<autoFilter ref="A1:{last}"/>')
    if spec.list_column is not None and spec.list_values:
        col = letters[spec.list_column]
        values = ",".join(spec.list_values)
        w('<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" '
          f'errorTitle="{_attr(spec.header[spec.list_column])}" error="{_attr("Choose one of: " + values)}" '
          f'sqref="{col}2:{col}{max(nrow, 1000)}"><formula1>"{_esc(values)}"</formula1></dataValidation>'
          "</dataValidations>")
    w("</worksheet>")


def about_rows(title: str, settings: Sequence[tuple[str, str]] = (), sources: Sequence[str] = ()) -> list[list[str]]:
    """The rows of the About sheet (as :func:`shuyu.xlsxkit.about_sheet` writes them)."""
    from .. import __version__

    rows = [["made by", f"shuyu {__version__}"], ["what", title],
            ["date", _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()]]
    rows += [["source", os.fspath(s)] for s in sources]
    rows += [[str(k), str(v)] for k, v in settings]
    return rows


def write_workbook(path: str | os.PathLike, sheets: Sequence[SheetSpec]) -> None:
    """Write the sheets as one .xlsx, atomically."""
    import io

    from ..files import atomic_path

    titles = []
    for s in sheets:
        t = re.sub(r"[\\/*?:\[\]]", "_", s.title)[:31] or "Sheet"
        while t in titles:
            t = (t[:28] + f"_{len(titles)}")[:31]
        titles.append(t)
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/styles.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>']
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    wb = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
          '<bookViews><workbookView activeTab="0"/></bookViews><sheets>']
    names = []
    for i, (s, t) in enumerate(zip(sheets, titles), start=1):
        ct.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                  'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        rels.append(f'<Relationship Id="rId{i}" '
                    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>')
        wb.append(f'<sheet name="{_attr(t)}" sheetId="{i}" r:id="rId{i}"/>')
        if s.filters:
            last = f"${_letter(max(len(s.header), 1) - 1)}${max(len(s.rows) + 1, 2)}"
            quoted = t.replace("'", "''")
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}" hidden="1">'
                         f"'{_esc(quoted)}'!$A$1:{last}</definedName>")
    n = len(sheets)
    rels.append(f'<Relationship Id="rId{n + 1}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
                'Target="styles.xml"/></Relationships>')
    wb.append("</sheets>")
    if names:
        wb.append("<definedNames>" + "".join(names) + "</definedNames>")
    wb.append("</workbook>")
    ct.append("</Types>")
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" '
                 'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    with atomic_path(path) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            zf.writestr("[Content_Types].xml", "".join(ct))
            zf.writestr("_rels/.rels", root_rels)
            zf.writestr("xl/workbook.xml", "".join(wb))
            zf.writestr("xl/_rels/workbook.xml.rels", "".join(rels))
            zf.writestr("xl/styles.xml", _STYLES)
            for i, s in enumerate(sheets, start=1):
                with zf.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=False) as raw:
                    buf = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                    _sheet_xml(s, buf)
                    buf.flush()
                    buf.detach()
