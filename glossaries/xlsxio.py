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

The caller checks the file first (:func:`shuyu.glossaries.xlsx.check_xlsx_file`).
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


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        o = ord(ch)
        if 65 <= o <= 90:
            n = n * 26 + o - 64
        elif 97 <= o <= 122:
            n = n * 26 + o - 96
        else:
            break
    return n - 1


def _iter(zf: zipfile.ZipFile, name: str, tag: str):
    from lxml import etree

    with zf.open(name) as fh:
        for _ev, el in etree.iterparse(fh, events=("end",), tag=f"{{*}}{tag}", resolve_entities=False,
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
    return "".join(out)


def _number(text: str) -> str:
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
_ENT_RE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_ENTS = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    if "&" not in text:
        return text

    def one(m: re.Match) -> str:
        e = m.group(1)
        if e[0] == "#":
            return chr(int(e[2:], 16) if e[1] in "xX" else int(e[1:]))
        return _ENTS[e]

    return _ENT_RE.sub(one, text)


_ROOT_RE = re.compile(r"<(?![?!])([\w:.\-]+)")
_SINGLE_QUOTED = re.compile(r"<(?:c|row)\b[^>]*='")


def _plain_xml(data: bytes) -> str | None:
    """The sheet XML as text when it is of the plain kind the regular expressions read, else None."""
    try:
        xml = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    m = _ROOT_RE.search(xml)
    if not m or m.group(1) != "worksheet" or "<![CDATA[" in xml or _SINGLE_QUOTED.search(xml):
        return None
    return xml


_ROW_NUM = re.compile(r'\br="(\d+)"')
# the usual cell: <c r="B7" s="3" t="inlineStr"><is><t xml:space="preserve">…</t></is></c> or <c r="B7" t="s"><v>12</v></c>
_STRICT_CELL = re.compile(r'<c r="([A-Z]{1,3})\d+"(?: s="\d+")?(?: t="(\w+)")?(?: s="\d+")?'
                          r'(?:/>|>(?:<is><t(?: xml:space="preserve")?>([^<]*)</t></is>|<v>([^<]*)</v>)?</c>)')


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
        if ref:
            letters = ref.rstrip("0123456789")
            ci = cache.get(letters)
            if ci is None:
                ci = cache[letters] = _col_index(letters)
        else:
            ci = nxt
        nxt = ci + 1
        t = ca.get("t")
        if t == "inlineStr":
            if "<rPh" in inner:
                inner = _RPH_RE.sub("", inner)
            val = _unescape("".join(m.group(1) or "" for m in _T_RE.finditer(inner)))
        else:
            vm = _V_RE.search(inner)
            raw = _unescape(vm.group(1)) if vm else ""
            if t == "s":
                try:
                    val = shared[int(raw)]
                except (ValueError, IndexError):
                    raise InputError(f"corrupt .xlsx: cell {ref} of sheet {name!r} points to a missing "
                                     "shared string", where=where, hint="open it in Excel and save it again") from None
            elif t == "b":
                val = "true" if raw == "1" else "false" if raw else ""
            elif t in ("str", "e"):
                val = raw
            else:
                val = _number(raw) if raw else ""
        if val:
            if ci >= len(cells):
                cells.extend([""] * (ci - len(cells) + 1))
            cells[ci] = val
    return cells


def _regex_rows(xml: str, shared: list[str], name: str, where: str):
    """Rows of a plain (unprefixed, CDATA-free) sheet XML by regular expressions: several times faster
    than walking elements.  Returns None when the XML is not of that plain kind."""
    start = xml.find("<sheetData")
    if start < 0:
        return [], []
    rows: list[list[str]] = []
    nums: list[int] = []
    prev = 0
    cache: dict[str, int] = {}
    for rm in _ROW_RE.finditer(xml, start):
        head = rm.group(1)
        rmatch = _ROW_NUM.search(head)
        rn = int(rmatch.group(1)) if rmatch else prev + 1
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
                        ci = cache[letters] = _col_index(letters)
                    if t == "inlineStr":
                        val = _unescape(itext) if "&" in itext else itext
                    elif t == "s":
                        try:
                            val = shared[int(vtext)]
                        except (ValueError, IndexError):
                            raise InputError(f"corrupt .xlsx: cell {letters}{rn} of sheet {name!r} points to a "
                                             "missing shared string", where=where,
                                             hint="open it in Excel and save it again") from None
                    elif t == "b":
                        val = "true" if vtext == "1" else "false" if vtext else ""
                    elif t in ("str", "e"):
                        val = _unescape(vtext)
                    else:
                        val = _number(vtext) if vtext else ""
                    if val:
                        if ci >= len(cells):
                            cells.extend([""] * (ci - len(cells) + 1))
                        cells[ci] = val
            else:
                cells = _general_cells(body, shared, name, where, cache)
        rows.append(cells)
        nums.append(rn)
    return rows, nums


def sheet_names(path: str | os.PathLike) -> list[tuple[str, str]]:
    """(name, part path inside the zip) of each worksheet, in workbook order."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    with zipfile.ZipFile(path) as zf:
        wb = etree.fromstring(zf.read("xl/workbook.xml"), parser)
        rels_name = "xl/_rels/workbook.xml.rels"
        targets = {}
        if rels_name in zf.namelist():
            for rel in etree.fromstring(zf.read(rels_name), parser):
                target = rel.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                targets[rel.get("Id")] = target
    out = []
    for sh in wb.iter("{*}sheet"):
        rid = next((v for k, v in sh.attrib.items() if _local(k) == "id"), None)
        out.append((sh.get("name", ""), targets.get(rid, "")))
    return out


def read_sheets(path: str | os.PathLike, wanted: Sequence[str] | None = None, *, fast: bool = True
                ) -> Iterator[tuple[str, list[list[str]], list[int]]]:
    """(sheet name, rows of cell text, 1-based row numbers) for each wanted worksheet.

    ``fast`` reads plain sheet XML (what Excel, LibreOffice, openpyxl and shuyu
    write) with regular expressions and anything else element by element.
    """
    sheets = sheet_names(path)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            shared = [_text_of(si) for si in _iter(zf, "xl/sharedStrings.xml", "si")]
        for name, part in sheets:
            if wanted is not None and name not in wanted:
                continue
            if part not in names:
                continue  # a chart sheet or a dangling reference: nothing to read
            if fast and zf.getinfo(part).file_size < (256 << 20):
                xml = _plain_xml(zf.read(part))
                got = _regex_rows(xml, shared, name, os.fspath(path)) if xml is not None else None
                del xml
                if got is not None:
                    yield name, got[0], got[1]
                    continue
            rows: list[list[str]] = []
            nums: list[int] = []
            prev = 0
            ns = None
            col_cache: dict[str, int] = {}
            for row in _iter(zf, part, "row"):
                if ns is None:
                    ns = row.tag[:-3]  # "{namespace}" of this sheet (transitional or strict)
                    C, V, IS, T = ns + "c", ns + "v", ns + "is", ns + "t"
                r = row.get("r")
                rn = int(r) if r and r.isdigit() else prev + 1
                prev = rn
                cells: list[str] = []
                nxt = 0
                for c in row:
                    if c.tag != C:
                        continue
                    ref = c.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        ci = col_cache.get(letters)
                        if ci is None:
                            ci = col_cache[letters] = _col_index(letters)
                    else:
                        ci = nxt
                    nxt = ci + 1
                    t = c.get("t")
                    if t == "inlineStr":
                        is_ = c.find(IS)
                        if is_ is None:
                            val = ""
                        elif len(is_) == 1 and is_[0].tag == T:
                            val = is_[0].text or ""
                        else:
                            val = _text_of(is_)
                    else:
                        raw = c.findtext(V) or ""
                        if t == "s":
                            try:
                                val = shared[int(raw)]
                            except (ValueError, IndexError):
                                raise InputError(f"corrupt .xlsx: cell {ref} of sheet {name!r} points to a missing "
                                                 "shared string", where=os.fspath(path),
                                                 hint="open it in Excel and save it again") from None
                        elif t == "b":
                            val = "true" if raw == "1" else "false" if raw else ""
                        elif t in ("str", "e"):
                            val = raw
                        else:
                            val = _number(raw) if raw else ""
                    if val:
                        if ci >= len(cells):
                            cells.extend([""] * (ci - len(cells) + 1))
                        cells[ci] = val
                rows.append(cells)
                nums.append(rn)
            yield name, rows, nums


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
    return clean_text(text).translate(_XML_ESC)


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;")


@dataclass(slots=True)
class SheetSpec:
    """One worksheet to write: header, rows of text, widths, wrapped columns, an optional list column."""

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
