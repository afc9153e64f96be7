"""Readers of aligned bilingual files → :class:`~shuyu.records.SegmentPair`.

One entry point, :func:`read_segment_pairs`, picks a reader from the file
extension (the :data:`READERS` table):

=============  ==========================================================
``.tmx``       TMX 1.4b; the English and Chinese ``<tuv>`` are found by
               ``xml:lang`` prefix (``en*`` / ``zh*``, any case)
``.xlf``       XLIFF 1.2 and 2.x (``.xliff`` too); source/target languages
               from the file header, Chinese-source files are swapped
``.po``        gettext PO (``.pot`` too); header ``Language`` says which
               side is Chinese, otherwise the script of the text does
``.tsv``       bilingual tables (``.tab``, ``.csv``, ``.xlsx``):
               the columns are found by header (``en``, ``English``,
               ``source``, ``中文`` ...) or, failing that, by script
``.jsonl``     one JSON object a line with ``"en"`` and ``"zh"`` keys
               (the format of ``shuyu align --format jsonl``)
=============  ==========================================================

``SegmentPair.line`` is the line of the unit in the file (1-based; the row
for tables) so that reports can point at it.  XML is parsed by
translate-toolkit's safe parser (no entity expansion, no network); a file
that declares entities in its DOCTYPE is refused outright.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Sequence

from .errors import InputError
from .records import SegmentPair
from .textnorm import han_ratio

Reader = Callable[..., list]

_XML_NS = "{http://www.w3.org/XML/1998/namespace}lang"
# TMX inline elements whose content is native markup, not text.
_TMX_CODES = {"bpt", "ept", "it", "ph", "ut"}


# --------------------------------------------------------------------- helpers
def _lang_side(lang: str | None) -> str | None:
    """``"en"`` / ``"zh"`` for a language tag (by prefix, any case), else None."""
    if not lang:
        return None
    low = lang.strip().lower().replace("_", "-")
    if low.startswith("en"):
        return "en"
    if low.startswith("zh") or low in ("cmn", "chi", "chs", "cht", "yue") or low.startswith(("cmn-", "yue-")):
        return "zh"
    return None


MAX_BYTES = 32 * 1024 * 1024
"""Largest bilingual file read (bytes); an .xlsx is limited by
:data:`shuyu.glossaries.xlsxio.XLSX_MAX_BYTES`."""


def _read_bytes(path: Path) -> bytes:
    from .files import read_input

    return read_input(path, limit=MAX_BYTES, what="the bilingual file")


class _EntityDecl(Exception):
    pass


class _RootFound(Exception):
    pass


def _check_xml_prolog(data: bytes, path: Path) -> None:
    """Refuse DOCTYPEs that declare entities (billion laughs, XXE).

    Only the prolog is scanned (expat stops at the root element) and external
    entities are never fetched.  Malformed XML raises :class:`InputError`.
    """
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity(name, *args):
        raise _EntityDecl(name)

    def root(name, attrs):
        raise _RootFound

    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        parser.Parse(data, True)
    except _RootFound:
        return
    except _EntityDecl as exc:
        raise InputError(f"the DOCTYPE declares the entity {exc.args[0]!r}; entity declarations are refused "
                         "for safety", where=f"{path}:{parser.CurrentLineNumber}",
                         hint="remove the <!ENTITY ...> declarations from the file") from None
    except expat.ExpatError as exc:
        raise InputError(f"malformed XML: {expat.errors.messages[exc.code] if exc.code else exc}",
                         where=f"{path}:{exc.lineno}", hint="fix the file or export it again") from None
    raise InputError("no XML element found", where=path, hint="is this really an XML file?")


def _parse_store(cls, data: bytes, path: Path):
    """Parse ``data`` with a translate-toolkit store class; clear errors."""
    from lxml import etree

    _check_xml_prolog(data, path)
    try:
        store = cls()
        store.filename = str(path)
        store.parse(data)
        return store
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if getattr(exc, "position", None) else 0)
        raise InputError(f"malformed XML: {exc.msg if hasattr(exc, 'msg') else exc}",
                         where=f"{path}:{line}" if line else path, hint="fix the file or export it again") from None
    except (AssertionError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise InputError(f"not a valid {cls.__name__} file: {exc or type(exc).__name__}", where=path,
                         hint="check the file type and extension") from None


def _seg_text(el) -> str:
    """Text of a TMX ``<seg>`` without the native codes of inline elements."""
    parts: list[str] = []

    def walk(node):
        if node.text and not _local(node.tag) in _TMX_CODES:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and _local(child.tag) not in _TMX_CODES:
                walk(child)
            elif isinstance(child.tag, str):
                pass
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _clean(text: str | None) -> str:
    return (text or "").strip()


# --------------------------------------------------------------------- readers
def _read_tmx(path: Path, **_) -> list[SegmentPair]:
    # translate-toolkit's safe parser (no entities, no network); the tmxfile store
    # would also build a unit object per <tu>, which we do not need (3x slower)
    from lxml import etree
    from translate.misc.xml_helpers import parse_xml

    data = _read_bytes(path)
    _check_xml_prolog(data, path)
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if getattr(exc, "position", None) else 0)
        raise InputError(f"malformed XML: {getattr(exc, 'msg', exc)}", where=f"{path}:{line}" if line else path,
                         hint="fix the file or export it again") from None
    if _local(root.tag) != "tmx":
        raise InputError(f"not a TMX file: the root element is <{_local(root.tag)}>", where=path,
                         hint="a TMX file starts with <tmx version=\"1.4\">")
    out: list[SegmentPair] = []
    for tu in root.iter("{*}tu", "tu"):
        sides: dict[str, str] = {}
        for tuv in tu:
            if _local(tuv.tag) != "tuv":
                continue
            side = _lang_side(tuv.get(_XML_NS) or tuv.get("lang"))
            if side is None or side in sides:
                continue
            seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
            if seg is not None:
                sides[side] = _clean(_seg_text(seg))
        if sides.get("en") or sides.get("zh"):
            out.append(SegmentPair(sides.get("en", ""), sides.get("zh", ""), str(path), tu.sourceline or 0))
    return out


def _read_xliff(path: Path, **_) -> list[SegmentPair]:
    data = _read_bytes(path)
    head = data[:4096]
    is2 = bool(re.search(rb'xliff:document:2\.|version\s*=\s*["\']2\.', head))
    if is2:
        from translate.storage.xliff2 import Xliff2File as cls
    else:
        from translate.storage.xliff import xlifffile as cls
    store = _parse_store(cls, data, path)
    out: list[SegmentPair] = []
    for unit in store.units:
        el = unit.xmlelement
        src_lang, tgt_lang = _xliff_langs(el, is2)
        src, tgt = _clean(unit.source), _clean(unit.target)
        if not src and not tgt:
            continue
        s, t = _lang_side(src_lang), _lang_side(tgt_lang)
        if (s, t) == ("zh", "en"):
            src, tgt = tgt, src
        elif (s, t) != ("en", "zh"):
            if not src or not tgt:
                continue  # one side only and no language attributes: cannot tell which
            src, tgt = _by_script(src, tgt)
            if src is None:
                continue
        out.append(SegmentPair(src, tgt, str(path), el.sourceline or 0))
    return out


def _xliff_langs(el, is2: bool) -> tuple[str | None, str | None]:
    node = el
    while node is not None:
        if is2 and _local(node.tag) == "xliff":
            return node.get("srcLang"), node.get("trgLang")
        if not is2 and _local(node.tag) == "file":
            return node.get("source-language"), node.get("target-language")
        node = node.getparent()
    return None, None


def _by_script(a: str, b: str) -> tuple[str | None, str | None]:
    """Order two texts as (English, Chinese) by script; (None, None) if unclear."""
    ra, rb = han_ratio(a), han_ratio(b)
    if ra < 0.3 <= rb:
        return a, b
    if rb < 0.3 <= ra:
        return b, a
    return None, None


def _read_po(path: Path, **_) -> list[SegmentPair]:
    from translate.storage import pypo

    data = _read_bytes(path)
    try:
        store = pypo.pofile()
        store.filename = str(path)
        store.parse(data)
    except Exception as exc:  # translate-toolkit raises ValueError and friends
        raise InputError(f"not a valid PO file: {exc}", where=path, hint="check it with msgfmt --check") from None
    lang = _lang_side(store.gettargetlanguage())
    lines = _po_msgid_lines(data)
    out: list[SegmentPair] = []
    idx = 0
    for unit in store.units:
        if unit.isobsolete():
            continue
        line = lines[idx] if idx < len(lines) else 0
        idx += 1
        if unit.isheader():
            continue
        src, tgt = _clean(str(unit.source)), _clean(str(unit.target))
        if not src and not tgt:
            continue
        if lang != "zh":
            if not src or not tgt:
                continue  # untranslated and no target language: cannot tell which side is which
            src, tgt = _by_script(src, tgt)
            if src is None:
                continue
        out.append(SegmentPair(src, tgt, str(path), line))
    return out


def _po_msgid_lines(data: bytes) -> list[int]:
    return [i for i, raw in enumerate(data.splitlines(), start=1) if raw.lstrip().startswith(b"msgid ")]


# ---- tables
_EN_NAMES = {"en", "eng", "english", "en-us", "en-gb", "source", "src", "source text", "英文", "英语", "原文"}
_ZH_NAMES = {"zh", "zho", "chi", "chinese", "zh-cn", "zh-hans", "zh-tw", "zh-hant", "target", "tgt",
             "target text", "translation", "中文", "汉语", "译文", "简体中文", "繁体中文"}


def _decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"bad UTF-16 text at byte {exc.start}", where=path,
                             hint="save the file again as UTF-8") from None
    from .files import refuse_mixed_encodings

    refuse_mixed_encodings(data, path)
    # Chinese legacy encodings first: GB18030 when it reads as GB2312 text, else Big5
    try:
        gb = data.decode("gb18030")
        gb.encode("gb2312")
        return gb
    except (UnicodeDecodeError, UnicodeEncodeError):
        pass
    for enc in ("big5", "big5hkscs", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot detect the text encoding", where=path, hint="save the file as UTF-8")
    return str(best)


def _pick_columns(rows: list[list[str]], path: Path, en_col, zh_col) -> tuple[int, int, int]:
    """(en index, zh index, first data row index) for a table."""
    header = [str(c or "").strip() for c in rows[0]] if rows else []
    low = [h.lower() for h in header]

    def resolve(spec, names, label):
        if spec is None:
            return next((i for i, h in enumerate(low) if h in names), None)
        if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
            i = int(spec) - 1
            if not 0 <= i < max(len(r) for r in rows):
                raise InputError(f"{label} column {spec} does not exist", where=path,
                                 hint="columns are numbered from 1")
            return i
        key = str(spec).strip().lower()
        if key in low:
            return low.index(key)
        raise InputError(f"no column named {spec!r} for {label}; the header is {header}", where=path,
                         hint=f"pass the {label} column's header name or its number (from 1)")

    en, zh = resolve(en_col, _EN_NAMES, "English"), resolve(zh_col, _ZH_NAMES, "Chinese")
    if en is not None and en == zh:
        raise InputError(f"one column ({en + 1}) is given as both the English and the Chinese column", where=path,
                         hint="pass two different columns (--en-col / --zh-col)")
    has_header = (en is not None and (en_col is None or not str(en_col).strip().isdigit())) or \
                 (zh is not None and (zh_col is None or not str(zh_col).strip().isdigit()))
    if en is not None and zh is not None:
        return en, zh, 1 if has_header else (1 if _looks_header(rows, en, zh) else 0)
    # by script over the first rows
    width = max((len(r) for r in rows[:200]), default=0)
    ratios = []
    for c in range(width):
        cells = [str(r[c]) for r in rows[1:200] if c < len(r) and r[c] not in (None, "")]
        if not cells:
            ratios.append(None)
            continue
        ratios.append(sum(han_ratio(x) for x in cells) / len(cells))
    if zh is None:
        cand = [(r, i) for i, r in enumerate(ratios) if r is not None and r >= 0.5 and i != en]
        zh = max(cand)[1] if cand else None
    if en is None:
        cand = [(r, i) for i, r in enumerate(ratios) if r is not None and r <= 0.1 and i != zh
                and any(re.search("[A-Za-z]{2}", str(row[i])) for row in rows[1:50] if i < len(row))]
        en = min(cand)[1] if cand else None
    if en is None or zh is None:
        raise InputError("cannot tell the English and Chinese columns apart"
                         + (f"; the header is {header}" if header else ""), where=path,
                         hint="name the columns 'en' and 'zh' or pass en_col/zh_col (--en-col/--zh-col)")
    return en, zh, 1 if has_header or _looks_header(rows, en, zh) else 0


def _looks_header(rows, en: int, zh: int) -> bool:
    """Whether row 0 is a header: its 'Chinese' cell has no Han characters."""
    if not rows:
        return False
    first = rows[0]
    zh_cell = str(first[zh]) if zh < len(first) and first[zh] is not None else ""
    return han_ratio(zh_cell) < 0.5


def _rows_to_pairs(rows: list[list], path: Path, en_col, zh_col, line_of) -> list[SegmentPair]:
    rows = [r for r in rows]
    if not any(any(c not in (None, "") for c in r) for r in rows):
        return []
    en, zh, start = _pick_columns(rows, path, en_col, zh_col)
    # a "confidence" column (shuyu align's TSV) gives each pair its alignment confidence, as JSONL does
    header = [str(c or "").strip().lower() for c in rows[0]] if start == 1 else []
    ci = header.index("confidence") if "confidence" in header else None
    out = []
    for i in range(start, len(rows)):
        r = rows[i]
        e = _clean(str(r[en])) if en < len(r) and r[en] is not None else ""
        z = _clean(str(r[zh])) if zh < len(r) and r[zh] is not None else ""
        if e or z:
            out.append(SegmentPair(e, z, str(path), line_of(i), _confidence(r[ci] if ci is not None and ci < len(r)
                                                                              else None)))
    return out


def _confidence(cell) -> float:
    """A confidence cell as a number in [0, 1]; 1.0 when empty or not a finite number."""
    import math

    try:
        value = float(str(cell).strip()[:40]) if cell not in (None, "") else 1.0
    except ValueError:
        return 1.0
    return min(max(value, 0.0), 1.0) if math.isfinite(value) else 1.0


def _read_delimited(path: Path, *, en_col=None, zh_col=None, delimiter: str | None = None) -> list[SegmentPair]:
    from .glossaries.delimited import parse_table

    text = _decode(_read_bytes(path), path)
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first or path.suffix.lower() == ".tsv" else ","
    rows, starts = parse_table(text, delimiter, str(path))  # strict quotes: a stray one never swallows rows
    return _rows_to_pairs(rows, path, en_col, zh_col, lambda i: starts[i])


def _read_tsv(path: Path, **kw) -> list[SegmentPair]:
    return _read_delimited(path, delimiter="\t", **kw)


def _read_csv(path: Path, **kw) -> list[SegmentPair]:
    return _read_delimited(path, delimiter=",", **kw)


def _read_xlsx(path: Path, *, en_col=None, zh_col=None) -> list[SegmentPair]:
    """The first sheet with English-Chinese pairs, read by shuyu's streaming xlsx reader: the package is
    checked first (size, zip bomb, entities) and the sheets' cell references and sizes are validated, so a
    small hostile file cannot exhaust memory; a damaged workbook is an :class:`InputError`."""
    from .glossaries.xlsxio import open_workbook, read_sheets

    zf = open_workbook(path)
    try:
        for name, rows, nums in read_sheets(zf):
            # skip leading empty/banner rows: start at the first row with >= 2 filled cells
            skip = next((i for i, r in enumerate(rows) if sum(1 for c in r if c) >= 2), None)
            if skip is None:
                continue
            body = rows[skip:]
            where = Path(f"{path}!{name}")
            pairs = _rows_to_pairs(body, where, en_col, zh_col, lambda i, s=skip, n=nums: n[i + s])
            if any(pair.en and pair.zh for pair in pairs):
                return [SegmentPair(p.en, p.zh, str(path), p.line) for p in pairs]
        return []
    except InputError:
        raise
    except Exception as exc:  # lxml, zlib and zipfile errors on damaged parts
        raise InputError(f"corrupt .xlsx: {type(exc).__name__}: {exc}", where=path,
                         hint="open it in Excel and save it again") from None
    finally:
        zf.close()


def _read_jsonl(path: Path, **_) -> list[SegmentPair]:
    from .files import parse_json

    text = _decode(_read_bytes(path), path)
    if "\x00" in text:
        raise InputError("the file holds a NUL character (a binary file or a damaged export)",
                         where=f"{path}:{text.count(chr(10), 0, text.index(chr(0))) + 1}",
                         hint="each line must be one JSON object")
    out = []
    # "\n" only: str.splitlines() would also split inside strings at U+2028/U+2029/U+0085
    for n, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        obj = parse_json(raw, f"{path}:{n}", hint="each line must be one JSON object")
        if not isinstance(obj, dict) or not isinstance(obj.get("en"), str) or not isinstance(obj.get("zh"), str):
            raise InputError('each line must be a JSON object with string "en" and "zh" keys',
                             where=f"{path}:{n}", hint='e.g. {"en": "...", "zh": "..."}')
        en, zh = obj["en"].strip(), obj["zh"].strip()
        if en or zh:
            conf = obj.get("confidence", 1.0)
            if conf is not None and not isinstance(conf, (int, float)) or isinstance(conf, bool):
                raise InputError(f'"confidence" must be a number from 0 to 1, not {str(conf)[:20]!r}',
                                 where=f"{path}:{n}", hint='e.g. "confidence": 0.87')
            out.append(SegmentPair(en, zh, str(path), n, 1.0 if conf is None else min(max(float(conf), 0.0), 1.0)))
    return out


READERS: dict[str, Reader] = {
    ".tmx": _read_tmx,
    ".xlf": _read_xliff,
    ".xliff": _read_xliff,
    ".xlf2": _read_xliff,
    ".po": _read_po,
    ".pot": _read_po,
    ".tsv": _read_tsv,
    ".tab": _read_tsv,
    ".csv": _read_csv,
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
}
"""Extension → reader; every reader takes ``(path, *, en_col=None, zh_col=None)``."""


def is_bitext(path: str | os.PathLike) -> bool:
    """Whether ``path`` has the extension of a bilingual file this module reads."""
    return Path(path).suffix.lower() in READERS


def read_segment_pairs(path: str | os.PathLike, *, en_col: str | int | None = None,
                       zh_col: str | int | None = None, one_sided: bool = False) -> list[SegmentPair]:
    """Read the aligned English/Chinese pairs of a bilingual file.

    ``en_col`` / ``zh_col`` choose the columns of a table (header name, or
    column number from 1); by default they are found by header or script.
    Units lacking either language (e.g. untranslated ones) are left out unless
    ``one_sided`` is true, when they come back with an empty side so that
    callers can count and report them.  Raises :class:`InputError` for a
    missing, unknown or malformed file.
    """
    from .files import check_input

    p = Path(path)
    check_input(p)  # missing, folder, FIFO, device, link loop: one clear error before any reader opens it
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise InputError(f"unknown bilingual file type {p.suffix or '(no extension)'!r}", where=p,
                         hint="supported: " + ", ".join(sorted(READERS)))
    pairs = reader(p, en_col=en_col, zh_col=zh_col)
    return pairs if one_sided else [pair for pair in pairs if pair.en and pair.zh]


def supported_extensions() -> Sequence[str]:
    return tuple(sorted(READERS))
