"""Read English and Chinese documents into :class:`~shuyu.records.Document`.

Formats (by extension):

``.txt`` and any other extension
    Plain text.  Paragraphs are blank-line separated blocks; inside a block a
    line break between two sentences also starts a paragraph (files with one
    paragraph per line), unless the block is hard-wrapped.  A line of its own
    without terminal punctuation (title, date, ``一、总体要求``) is a heading
    sentence.  ``sentence.text == document.text[start:end]``.
``.md`` / ``.markdown``
    As plain text, plus: ``# heading`` lines are heading paragraphs; each
    list item (``- ``, ``* ``, ``+ ``, ``1. ``, ``1) ``) and ``> `` quote line
    is a paragraph of its own; code fences, their content, horizontal rules
    and table rule lines are skipped.  Offsets exclude the leading markers
    (``#``, ``- ``, ``1. ``, ``> ``) but may contain inline markup; the
    sentence ``text`` shown has inline markup removed (``**b**``, ``__b__``,
    ``*i*``, ``_i_``, `` `code` ``, ``[link](url)`` → ``link``), so for
    Markdown ``text`` can be shorter than ``document.text[start:end]``.
``.docx``
    Body paragraphs and table-cell paragraphs in document order (python-docx);
    empty paragraphs are skipped; style names ``Heading …``/``Title``/``标题``
    mark headings.  ``document.text`` is the paragraphs joined by blank lines.

Decoding: BOM (UTF-8, UTF-16 LE/BE, UTF-32) first, then strict UTF-8, then
GB18030 vs Big5 by which one decodes strictly into common Chinese characters,
then cp1252, then charset-normalizer's guess.  CRLF line ends become
``\\n`` in ``document.text`` (offsets refer to that text).

Everything a user can get wrong raises :class:`~shuyu.errors.InputError`
naming the file.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from ..errors import InputError
from ..records import Document, Paragraph, Sentence
from ..textnorm import HAN_RE, detect_script, han_ratio, normalize_en, normalize_zh
from .split import blank_after, blank_before, looks_like_heading, paragraph_spans, split_text

__all__ = [
    "read_document",
    "document_from_sentences",
    "decode_bytes",
    "check_language",
    "MAX_BYTES",
    "READERS",
]

MAX_BYTES = 8 * 1024 * 1024
"""Largest input file read (bytes): 8 MiB, over a thousand pages of text.  Together with
:data:`MAX_SENTENCES` it keeps the peak memory of aligning two documents of the largest accepted size
under 2 GB (``benchmarks/memory.py`` measures it)."""

MAX_SENTENCES = 20_000
"""Most sentences (lines with ``--lines``) in one document: the aligner needs some tens of kilobytes
per sentence, so this, not the file size, is what bounds its memory."""

EN_MAX_HAN = 0.5
"""An English file with more than this share of Han letters is refused."""
ZH_MIN_HAN = 0.2
"""A Chinese file with less than this share of Han letters is refused."""

_LANG_NAME = {"en": "English", "zh": "Chinese"}
_NORMALIZERS: dict[str, Callable[[str], str]] = {"en": normalize_en, "zh": normalize_zh}
_FORMATS_HINT = "shuyu reads plain text (.txt), Markdown (.md) and Word (.docx) files"


# --------------------------------------------------------------------------
# bytes → text


def _read_bytes(path: Path) -> bytes:
    """The bytes of a document by shuyu's input policy (:func:`shuyu.files.read_input`): regular files
    only (a FIFO or a device is refused, never read), at most :data:`MAX_BYTES` read."""
    from ..files import read_input

    where = os.fspath(path)
    data = read_input(where, limit=MAX_BYTES, what="file")
    if not data:
        raise InputError("file is empty", where=where, hint="give a file with text in it")
    return data


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    """The 3,755 level-1 (most frequent) characters of GB 2312, in Simplified
    and Traditional form (OpenCC s2t)."""
    import opencc

    chars = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            ch = _strict(bytes((lead, trail)), "gb2312")
            if ch:
                chars.append(ch)
    level1 = "".join(chars)
    return frozenset(level1) | frozenset(opencc.OpenCC("s2t").convert(level1))


def _han_plausibility(text: str) -> float:
    """Share of frequent characters among the non-ASCII characters of ``text``."""
    sample = [ch for ch in text[:200000] if ord(ch) > 0x7F]
    if not sample:
        return 1.0
    common = _common_han()
    good = sum(1 for ch in sample if ch in common or 0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF
               or ch in "“”‘’—…·")
    return good / len(sample)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_bytes(data: bytes, where: str = "<bytes>", lang: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes; return ``(text, encoding)``.

    ``encoding`` is one of ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-32``,
    ``gb18030``, ``big5``, ``cp950``, ``cp1252`` or charset-normalizer's name.
    ``lang="en"`` makes a legacy Western encoding (cp1252) win over a
    Chinese one unless the Chinese reading is clearly right (many frequent
    Chinese characters).  Raises :class:`InputError` (naming ``where``) for
    binary or undecodable data, and for a UTF-8 file with a few broken bytes
    (naming the line).  Line ends are not changed here.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise InputError(f"starts with a {codec.upper()} byte-order mark but does not decode as {codec}",
                                 where=where, hint="save the file again as UTF-8")
            return _check_binary(text.lstrip("\ufeff"), where), codec
    if b"\x00" in data[:65536]:
        raise _binary_error(where, "it contains NUL bytes")
    try:
        return _check_binary(data.decode("utf-8"), where), "utf-8"
    except UnicodeDecodeError as exc:
        _nearly_utf8(data, exc, where)
    from ..files import refuse_mixed_encodings

    refuse_mixed_encodings(data, where)
    best: tuple[float, str, str] | None = None
    for codec in ("gb18030", "big5", "cp950"):
        decoded = _strict(data, codec)
        if decoded is None:
            continue
        score = _han_plausibility(decoded)
        if best is None or score > best[0] + 1e-9:
            best = (score, codec, decoded)
    if best is not None and best[0] >= 0.6:
        many = sum(1 for ch in best[2][:200000] if ord(ch) > 0x7F) >= 20
        if lang != "en" or (best[0] >= 0.9 and many) or _strict(data, "cp1252") is None:
            return _check_binary(best[2], where), best[1]
    if best is None and lang != "en":
        _nearly_legacy(data, where)
    latin = _strict(data, "cp1252")
    if latin is not None:  # Western text with curly quotes etc. saved by an old Windows editor
        return _check_binary(latin, where), "cp1252"
    try:
        from charset_normalizer import from_bytes

        guess = from_bytes(data).best()
    except Exception:  # pragma: no cover - a library failure counts as "no guess"
        guess = None
    if guess is not None:
        return _check_binary(str(guess), where), guess.encoding
    if best is not None:
        return _check_binary(best[2], where), best[1]
    raise InputError("cannot tell the text encoding (not UTF-8, UTF-16, GB18030 or Big5)", where=where,
                     hint="save the file as UTF-8")


def _nearly_legacy(data: bytes, where: str) -> None:
    """Raise if ``data`` is GB18030 or Big5 Chinese but for a few bad bytes (a damaged file), naming the
    first one, instead of calling it a file without Chinese characters."""
    for codec in ("gb18030", "big5"):
        lenient = data.decode(codec, errors="replace")
        bad = lenient.count("\ufffd")
        good = sum(1 for ch in lenient if ord(ch) > 0x7F and ch != "\ufffd")
        if good >= 20 and bad * 20 < good and _han_plausibility(lenient.replace("\ufffd", "")) >= 0.6:
            try:
                data.decode(codec)
            except UnicodeDecodeError as exc:
                line = data.count(b"\n", 0, exc.start) + 1
                raise InputError(
                    f"is {codec.upper()} Chinese text except for {bad} invalid byte sequence(s), the first one "
                    f"({data[exc.start:exc.end].hex(' ')}) at byte {exc.start}", where=f"{where}:{line}",
                    hint="fix or delete the broken character there, or save the file again as UTF-8") from None


def _nearly_utf8(data: bytes, exc: UnicodeDecodeError, where: str) -> None:
    """Raise if ``data`` is UTF-8 but for a few bad bytes (a damaged file), naming the first one."""
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good = sum(1 for ch in lenient if ord(ch) > 0x7F and ch != "\ufffd")
    if good >= 20 and bad * 20 < good:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"is UTF-8 except for {bad} invalid byte sequence(s), the first one ({data[exc.start:exc.end].hex(' ')}) "
            f"at byte {exc.start}", where=f"{where}:{line}",
            hint="fix or delete the broken character there, or save the file again as UTF-8")


def _binary_error(where: str, why: str) -> InputError:
    return InputError(f"looks like a binary file, not text ({why})", where=where,
                      hint=f"{_FORMATS_HINT}; save it in one of these formats (UTF-16 text needs a byte-order mark)")


def _check_binary(text: str, where: str) -> str:
    if "\x00" in text:
        raise _binary_error(where, "it contains NUL characters")
    sample = text[:100000]
    control = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if control > max(2, len(sample) // 100):
        raise _binary_error(where, f"{control} control characters")
    return text


def _normalize_newlines(text: str) -> str:
    """CRLF → LF; lone CR → LF only in files without any LF (old Mac files), so that
    a stray CR inside a line never shifts the line numbers of a gold set."""
    text = text.replace("\r\n", "\n")
    if "\n" not in text:
        text = text.replace("\r", "\n")
    return text


# --------------------------------------------------------------------------
# language check


def check_language(text: str, lang: str, where: str) -> None:
    """Raise :class:`InputError` if ``text`` is clearly not in ``lang``.

    Judged on letters only (Han vs Latin, :func:`shuyu.textnorm.han_ratio`):
    an English file may hold at most :data:`EN_MAX_HAN` Han letters, a
    Chinese file needs at least :data:`ZH_MIN_HAN`.
    """
    ratio = han_ratio(text[:500000])
    if lang == "en" and ratio > EN_MAX_HAN:
        raise InputError(f"this file looks Chinese, not English ({ratio:.0%} Han characters)", where=where,
                         hint="give the English file first, then the Chinese one")
    if lang == "zh" and ratio < ZH_MIN_HAN:
        if not HAN_RE.search(text) and not re.search(r"[A-Za-z]", text):
            raise InputError("this file has no Chinese characters", where=where, hint="give a Chinese document")
        raise InputError(f"this file looks English, not Chinese ({ratio:.0%} Han characters)", where=where,
                         hint="give the English file first, then the Chinese one")


# --------------------------------------------------------------------------
# text → paragraphs and sentences


def _whole_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is alone on its line (spaces aside); linear in the spaces only."""
    return blank_before(text, start) and blank_after(text, end)


def _build(path: str, lang: str, text: str, encoding: str,
           blocks: list[tuple[int, int, bool]], clean: Callable[[str], str] | None = None) -> Document:
    """Split the given blocks ``(start, end, is_heading)`` of ``text`` into
    paragraphs and sentences."""
    norm = _NORMALIZERS[lang]
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for b_start, b_end, b_heading in blocks:
        piece = text[b_start:b_end]
        spans = [(b_start + a, b_start + b) for a, b in split_text(piece, lang)]
        if not spans:
            continue
        if b_heading:
            groups = [(spans[0][0], spans[-1][1])]
        else:
            groups = [(b_start + a, b_start + b) for a, b in paragraph_spans(piece, lang, [
                (a - b_start, b - b_start) for a, b in spans])]
        cursor = 0
        for g_start, g_end in groups:
            p_index = len(paragraphs)
            first = cursor
            while cursor < len(spans) and spans[cursor][1] <= g_end:
                cursor += 1
            in_group = spans[first:cursor]
            p_heading = b_heading
            for s, e in in_group:
                original = text[s:e]
                shown = clean(original) if clean else original
                heading = b_heading or (_whole_line(text, s, e) and looks_like_heading(original, lang))
                sentences.append(Sentence(index=len(sentences), text=shown, norm=norm(shown), start=s, end=e,
                                          paragraph=p_index, is_heading=heading))
            if not b_heading:
                p_heading = all(x.is_heading for x in sentences[len(sentences) - len(in_group):])
            p_text = text[g_start:g_end]
            paragraphs.append(Paragraph(index=p_index, text=clean(p_text) if clean else p_text,
                                        start=g_start, end=g_end, is_heading=p_heading))
    return _document(path, lang, text, encoding, paragraphs, sentences)


def _document(path: str, lang: str, text: str, encoding: str,
              paragraphs: list[Paragraph], sentences: list[Sentence]) -> Document:
    if not sentences:
        raise InputError("file has no text", where=path, hint="give a file with sentences in it")
    if len(sentences) > MAX_SENTENCES:
        raise InputError(f"the document has {len(sentences):,} sentences; shuyu aligns at most {MAX_SENTENCES:,} "
                         "per document (memory)", where=path,
                         hint="split it into smaller documents (by chapter or section) and use --batch")
    script = detect_script(text) if lang == "zh" else "latin"
    return Document(path=path, lang=lang, text=text, encoding=encoding, paragraphs=tuple(paragraphs),
                    sentences=tuple(sentences), script=script)


def _plain_blocks(text: str) -> list[tuple[int, int, bool]]:
    return [(0, len(text), False)]


# Markdown -------------------------------------------------------------------

# Every pattern below runs in linear time on any line (no two quantifiers compete for the same
# characters): a 1 MB line of "**a " or "[x " must not make reading quadratic.
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_MD_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)]|>)[ \t]+")
_MD_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_=][ \t]*){3,}$"
                      r"|^[ \t]*(?:\|[ \t]*)?:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*(?:\|[ \t]*)?$")
_MD_INLINE = (
    (re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1"),
    (re.compile(r"\*\*(?=\S)((?:[^*\n]|\*(?!\*))+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"__(?=\S)((?:[^_\n]|_(?!_))+?)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w])"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)


def _md_clean(text: str) -> str:
    """Text of a Markdown span without inline markup."""
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    # list/quote markers of continuation lines inside a span
    text = re.sub(r"\n[ \t]*(?:>[ \t]*)+", "\n", text)
    return text.strip()


def _md_blocks(text: str) -> list[tuple[int, int, bool]]:
    blocks: list[tuple[int, int, bool]] = []
    current: list[int] | None = None  # [start, end]
    in_fence = False
    pos = 0

    def close() -> None:
        nonlocal current
        if current is not None and current[1] > current[0]:
            blocks.append((current[0], current[1], False))
        current = None

    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if _MD_FENCE.match(line):
            close()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if not line.strip() or _MD_RULE.match(line):
            close()
            continue
        m = _MD_HEADING.match(line)
        if m:
            close()
            body = m.group(2).rstrip(" \t").rstrip("#").rstrip(" \t")  # closing #s (linear, unlike a regex)
            if body:
                blocks.append((start + m.start(2), start + m.start(2) + len(body), True))
            continue
        m = _MD_ITEM.match(line)
        if m:
            close()
            current = [start + m.end(), end]
            continue
        if current is None:
            current = [start, end]
        else:
            current[1] = end
    close()
    return blocks


# docx -----------------------------------------------------------------------


def _docx_paragraphs(path: Path) -> list[tuple[str, bool]]:
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    import io

    from ..files import open_zip

    where = os.fspath(path)
    data = _read_bytes(path)  # missing, folder, FIFO, device, empty, too large, unreadable
    if not data.startswith(b"PK"):
        raise InputError("not a valid .docx file (not a zip package)", where=where,
                         hint="open it in Word and save it again as .docx, or save it as .txt")
    open_zip(data, where, kind="docx").close()  # zip bombs and entity declarations refused before parsing
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"not a valid .docx file ({exc})", where=where,
                         hint="open it in Word and save it again as .docx, or save it as .txt") from None
    except Exception as exc:  # lxml / python-docx raise many kinds on damaged files
        raise InputError(f"cannot read this .docx file ({type(exc).__name__}: {exc})", where=where,
                         hint="open it in Word and save it again as .docx, or save it as .txt") from None

    out: list[tuple[str, bool]] = []

    def add(par: DocxParagraph) -> None:
        value = par.text
        if not value.strip():
            return
        try:
            style = (par.style.name or "") if par.style is not None else ""
        except (KeyError, ValueError):
            style = ""
        low = style.lower()
        heading = low.startswith(("heading", "title")) or style.startswith("标题")
        out.append((value, heading))

    def walk(parent, container) -> None:
        seen_cells: set[int] = set()
        for child in container.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                add(DocxParagraph(child, parent))
            elif tag == "tbl":
                table = Table(child, parent)
                for row in table.rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen_cells:
                            continue  # merged cells repeat
                        seen_cells.add(id(cell._tc))
                        walk(cell, cell._tc)
            elif tag == "sdt":  # content controls: look inside
                content = child.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sdtContent")
                if content is not None:
                    walk(parent, content)

    walk(document, document.element.body)
    return out


# HTML -----------------------------------------------------------------------

_HTML_DROP = frozenset("script style noscript template nav form button select option textarea iframe svg canvas "
                       "object embed menu aside map audio video head title".split())
_HTML_BLOCK = frozenset("address article aside blockquote body caption center dd details dialog dir div dl dt "
                        "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
                        "main ol p pre section summary table tbody td tfoot th thead tr ul".split())
_HTML_HEADING = frozenset("h1 h2 h3 h4 h5 h6".split())
# class / id names of boilerplate: distinctive words anywhere in the name, short ones as a whole word
_BOILERPLATE = re.compile(r"nav|menu|breadcrumb|crumbs|footer|copyright|share|social|sidebar|related|pagination|"
                          r"qrcode|cookie|toolbar|fontsize|font-size|backtop|gotop|"
                          r"(?:^|[\s_-])(?:pager|search|login|ewm|skip|ads?|advert|print|hide|hidden|invisible|"
                          r"sr-only|visually-hidden)(?:$|[\s_-])", re.I)
# units that are page furniture whatever their markup: editor lines, share/print/close links, copyright, location
_BOILERPLATE_TEXT = re.compile(r"^[\[【（(]?\s*(?:责任编辑|责编|扫一扫|分享到|打印本页|关闭窗口|打印|关闭|版权所有|当前位置|"
                               r"copyright\b|all rights reserved|share to\b|print this page|close window)", re.I)
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\n\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u200b]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "big5": "cp950", "big5-hkscs": "big5hkscs", "x-big5": "cp950", "unicode": "utf-16",
                    "utf8": "utf-8"}


def html_charset(data: bytes) -> str | None:
    """The charset an HTML file declares (``<meta charset>``, ``http-equiv``, XML declaration), as a codec name."""
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").strip().lower()
    return _CHARSET_ALIASES.get(name, name)


def _hidden(el) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    role = (el.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"):
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(names.strip()) and bool(_BOILERPLATE.search(names))


def html_blocks(root, lang: str) -> list[tuple[str, bool]]:
    """(text, is_heading) of the text blocks of an HTML tree in reading order.

    Headings, paragraphs, list items, table cells and other block elements are units;
    ``<br>`` ends a unit too.  Scripts, styles, forms, navigation, hidden elements and
    elements whose class or id names boilerplate (menu, breadcrumb, footer, share, …)
    are left out, and so is a unit that is mostly link text (menus, lists of related news).
    """
    out: list[tuple[str, bool]] = []
    parts: list[str] = []
    linked = [0]
    heading = [0]

    def flush() -> None:
        text = "".join(parts)
        parts.clear()
        link_chars, linked[0] = linked[0], 0
        text = _CJK_BREAK.sub("", text) if lang == "zh" else text
        text = _SPACES.sub(" ", text).strip()
        if not text or not any(ch.isalnum() for ch in text):
            return
        if (link_chars >= 0.5 * len(text) and len(text) < 300) or _BOILERPLATE_TEXT.match(text):
            return  # a menu item, a breadcrumb, a list of links, an editor's or copyright line
        out.append((text, heading[0] > 0))

    def walk(el, in_link: bool) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag:  # comment or processing instruction: only its tail counts
            return
        if tag in _HTML_DROP or _hidden(el):
            return
        block = tag in _HTML_BLOCK
        is_h = tag in _HTML_HEADING
        if block:
            flush()
        if is_h:
            heading[0] += 1
        link = in_link or tag == "a"
        if tag == "br":
            flush()
        elif el.text:
            parts.append(el.text)
            if link:
                linked[0] += len(el.text.strip())
        for child in el:
            walk(child, link)
            if child.tail:
                parts.append(child.tail)
                if link:
                    linked[0] += len(child.tail.strip())
        if block:
            flush()
        if is_h:
            heading[0] -= 1

    walk(root, False)
    flush()
    return out


def _html_root(text: str, where: str):
    """The element that holds a page's content: its one ``<main>`` (or ``role=main``), else ``<body>``."""
    import lxml.html
    from lxml import etree

    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"cannot read this HTML file ({exc})", where=where,
                         hint="save the page again from the browser, or as .txt") from None
    main = root.xpath("//main | //*[@role='main']")
    if len(main) == 1:
        return main[0]
    body = root.find("body")
    return body if body is not None else root


def _paragraphs_document(where: str, lang: str, pars: list[tuple[str, bool]], encoding: str,
                         lines: bool) -> Document:
    """A document of ready paragraphs ``(text, is_heading)``, joined by blank lines (as for .docx)."""
    text = "\n\n".join(p for p, _ in pars)
    check_language(text, lang, where)
    blocks: list[tuple[int, int, bool]] = []
    pos = 0
    for value, heading in pars:
        blocks.append((pos, pos + len(value), heading))
        pos += len(value) + 2
    if lines:
        norm = _NORMALIZERS[lang]
        paragraphs, sentences = [], []
        for i, (s, e, heading) in enumerate(blocks):
            s2, e2 = _strip_span(text, s, e)
            value = text[s2:e2]
            paragraphs.append(Paragraph(index=i, text=value, start=s2, end=e2, is_heading=heading))
            sentences.append(Sentence(index=i, text=value, norm=norm(value), start=s2, end=e2, paragraph=i,
                                      is_heading=heading))
        return _document(where, lang, text, encoding, paragraphs, sentences)
    return _build(where, lang, text, encoding, blocks)


def _read_html(path: Path, where: str, lang: str, lines: bool) -> Document:
    """An HTML page (``.html``, ``.htm``, ``.xhtml``) read with lxml's HTML parser.

    The charset is the one the page declares (``<meta charset>``, ``http-equiv``, XML
    declaration; GB2312/GBK read as GB18030, Big5 as CP950), else it is detected as for
    text files.  Headings, paragraphs, list items and table cells are units (headings are
    heading paragraphs, ``<br>`` also ends a unit); scripts, styles, forms, navigation,
    hidden elements, boilerplate by class or id (menu, breadcrumb, footer, share…) and
    units that are mostly link text are left out (:func:`html_blocks`).  With ``lines``
    each unit is one sentence.
    """
    data = _read_bytes(path)
    declared = None if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
        else html_charset(data)
    text = _strict(data, declared) if declared else None
    if text is not None:
        text, encoding = _check_binary(text, where), declared
    else:
        text, encoding = decode_bytes(data, where, lang)
    pars = html_blocks(_html_root(text, where), lang)
    if not pars:
        raise InputError("the HTML page has no text outside scripts, menus and links", where=where,
                         hint="save the article's text as .txt")
    return _paragraphs_document(where, lang, pars, encoding, lines)


# --------------------------------------------------------------------------
# public API


def _read_text_file(path: Path, where: str, lang: str | None = None) -> tuple[str, str]:
    data = _read_bytes(path)
    text, encoding = decode_bytes(data, where, lang)
    text = _normalize_newlines(text)
    if not text.strip():
        raise InputError("file has only whitespace", where=where, hint="give a file with text in it")
    return text, encoding


def _read_plain(path: Path, where: str, lang: str, lines: bool) -> Document:
    text, encoding = _read_text_file(path, where, lang)
    check_language(text, lang, where)
    if lines:
        return _lines_document(where, lang, text, encoding)
    return _build(where, lang, text, encoding, _plain_blocks(text))


def _read_markdown(path: Path, where: str, lang: str, lines: bool) -> Document:
    text, encoding = _read_text_file(path, where, lang)
    check_language(text, lang, where)
    if lines:
        return _lines_document(where, lang, text, encoding, clean=_md_clean)
    return _build(where, lang, text, encoding, _md_blocks(text), clean=_md_clean)


def _read_docx(path: Path, where: str, lang: str, lines: bool) -> Document:
    pars = _docx_paragraphs(path)
    if not pars:
        raise InputError("the Word document has no text", where=where, hint="give a document with text in it")
    return _paragraphs_document(where, lang, pars, "utf-8", lines)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines_document(where: str, lang: str, text: str, encoding: str,
                    clean: Callable[[str], str] | None = None) -> Document:
    """One sentence per line, exactly as given (gold sets)."""
    norm = _NORMALIZERS[lang]
    raw = text.split("\n")
    while raw and not raw[-1].strip():  # trailing newline(s) at the end of the file
        raw.pop()
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    pos = 0
    for number, line in enumerate(raw, start=1):
        start, end = _strip_span(text, pos, pos + len(line))
        pos += len(line) + 1
        if start == end:
            raise InputError(
                "line is empty; with one sentence per line every line must hold a sentence",
                where=f"{where}:{number}", hint="remove the empty line or read the file without --lines",
            )
        original = text[start:end]
        shown = clean(original) if clean else original
        i = len(sentences)
        heading = looks_like_heading(original, lang)
        paragraphs.append(Paragraph(index=i, text=shown, start=start, end=end, is_heading=heading))
        sentences.append(Sentence(index=i, text=shown, norm=norm(shown), start=start, end=end, paragraph=i,
                                  is_heading=heading))
    return _document(where, lang, text, encoding, paragraphs, sentences)


_UNSUPPORTED = {
    ".pdf": "PDF", ".doc": "old Word (.doc)", ".rtf": "RTF", ".odt": "OpenDocument", ".pages": "Pages",
    ".xls": "Excel", ".xlsx": "Excel", ".ppt": "PowerPoint", ".pptx": "PowerPoint", ".zip": "zip",
}


def _read_unsupported(path: Path, where: str, lang: str, lines: bool) -> Document:
    _read_bytes(path)  # a missing file is reported as missing first
    kind = _UNSUPPORTED[path.suffix.lower()]
    raise InputError(f"{kind} files cannot be read as documents", where=where,
                     hint=f"{_FORMATS_HINT}; save or export it as .docx or .txt")


READERS: dict[str, Callable[[Path, str, str, bool], Document]] = {
    ".txt": _read_plain,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".docx": _read_docx,
    ".html": _read_html,
    ".htm": _read_html,
    ".xhtml": _read_html,
    **{ext: _read_unsupported for ext in _UNSUPPORTED},
}
"""Extension → reader; any other extension is read as plain text."""


def read_document(path: str | os.PathLike, lang: str, *, lines: bool = False) -> Document:
    """Read one document in ``lang`` (``"en"`` or ``"zh"``) and split it into sentences.

    With ``lines=True`` every line is one sentence exactly as given (no
    re-splitting; line *i* is sentence *i*); an empty line inside the file is
    an :class:`InputError` naming ``file:line`` (trailing empty lines at the
    end of the file are ignored).  For ``.docx`` each non-empty paragraph is
    one sentence.

    Raises :class:`InputError` naming the file for a missing file, a folder,
    an empty or whitespace-only file, a binary or undecodable file, a file
    over :data:`MAX_BYTES`, an unreadable file, a damaged .docx, or a file
    that is not in ``lang`` (see :func:`check_language`).
    """
    if lang not in _NORMALIZERS:
        from ..errors import UsageError

        raise UsageError(f"unknown language {lang!r}", hint="use 'en' or 'zh'")
    p = Path(path)
    where = os.fspath(path)
    reader = READERS.get(p.suffix.lower(), _read_plain)
    return reader(p, where, lang, lines)


def document_from_sentences(sentences: Sequence[str], lang: str, path: str = "<memory>") -> Document:
    """A :class:`Document` made of ready sentences, one paragraph each.

    ``document.text`` is the sentences joined by newlines; offsets point into
    it; ``encoding`` is ``"utf-8"``.  Raises :class:`InputError` for an empty
    or whitespace-only sentence (naming its 0-based index) or no sentences.
    """
    if lang not in _NORMALIZERS:
        from ..errors import UsageError

        raise UsageError(f"unknown language {lang!r}", hint="use 'en' or 'zh'")
    norm = _NORMALIZERS[lang]
    paragraphs: list[Paragraph] = []
    records: list[Sentence] = []
    parts: list[str] = []
    pos = 0
    for i, value in enumerate(sentences):
        value = str(value)
        if not value.strip():
            raise InputError(f"sentence {i} is empty", where=path, hint="drop empty sentences before building a document")
        lead = len(value) - len(value.lstrip())
        original = value.strip()
        start = pos + lead
        end = start + len(original)
        heading = looks_like_heading(original, lang)
        paragraphs.append(Paragraph(index=i, text=original, start=start, end=end, is_heading=heading))
        records.append(Sentence(index=i, text=original, norm=norm(original), start=start, end=end, paragraph=i,
                                is_heading=heading))
        parts.append(value)
        pos += len(value) + 1
    if not records:
        raise InputError("no sentences given", where=path)
    text = "\n".join(parts)
    script = detect_script(text) if lang == "zh" else "latin"
    return Document(path=path, lang=lang, text=text, encoding="utf-8", paragraphs=tuple(paragraphs),
                    sentences=tuple(records), script=script)
