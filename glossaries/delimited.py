"""CSV / TSV glossaries: encoding and delimiter detection on reading; UTF-8 on writing.

Encodings recognised: UTF-8 (with or without BOM), UTF-16 (with BOM, or
without one when the NUL pattern shows it), GB18030 (which covers GBK and
GB2312) and Big5.  Between GB18030 and Big5 — both of which decode most byte
strings without error — the one whose text has more of the most frequent
Chinese characters wins.  Anything else is refused with an InputError.

Writing follows shuyu's one CSV/TSV convention (:data:`shuyu.xlsxkit.TEXT_TABLE_CONVENTION`:
CSV is UTF-8 with a BOM and CRLF, TSV UTF-8 with LF) and its one policy for
cells that begin with ``=`` ``+`` ``-`` ``@``: they get a leading apostrophe, so
that a spreadsheet's CSV import shows text instead of running a formula, and
shuyu's readers remove it again; ``escape_formulas=False`` writes them as they
are.  The write report counts them.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter
from pathlib import Path
from typing import Mapping

from ..files import read_input
from ..errors import InputError
from ..records import Glossary
from .model import LossLog, WriteReport
from .table import flat_losses_quick, flatten, read_rows_as_glossary

# Frequent characters of Chinese text in both scripts; wrongly decoded bytes
# give rare characters instead.
_COMMON = set(
    "的一是不了在人有我他这個个们們中来來上大为為和国國地到以说說时時要就出也得里裡後后自会會家可下而过過天去能对對小"
    "多然于於心学學么麼之都好看起发發当當没沒成只如事把还還用第样樣道想作种種开開美总總从從无無情己面最女但现現前些所"
    "同日手又行意动動方期它头頭经經长長儿兒回位分爱愛老因很给給名法间間斯知世什两兩次使身者被高已亲親其进進此话話常与與"
    "活正感见見明问問力理尔爾点點文几幾定本公特做外孩相西果走将將月十实實向声聲车車全信重三机機工物气氣每并別别真打太新"
    "比才便夫再书書部水像眼等体體却加电電主界门門利海受听聽表德少克代员員许許先口由死安写寫性马馬光白或住难難望教命花结"
    "結乐樂色更拉东東神记記处處让讓母父应應直字场場平报報友关關放至张張认認接告入笑内內英军軍候民岁歲往何度山觉覺路带帶"
    "万萬男边邊风風解叫任金快原吃妈媽变變通师師立象数數四失满滿战戰远遠格士音轻輕目条條呢病始达達深完今提求清王化空业業"
    "思切怎非找片罗羅钱錢吗嗎语語元喜曾离離飞飛科言干幹流欢歡约約各即指合反题題必该該论論交终終林请請医醫晚制製球决決窢"
    "传傳画畫保读讀运運及则則房早院量苦火布品近坐产產答星精视視五连連司巴奇管类類未朋且婚台夜青北队隊久乎越观觀落尽盡形"
    "影红紅爸百令周吧识識步希亚亞术術留市半热熱送兴興造谈談容极極随隨演收首根讲講整式取照办辦强強石古华華諾拿计計您船"
    "府政治经济會議中国外交部发展合作和平安全组织組織委员会")


def _common_share(text: str) -> float:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    return sum(1 for c in han if c in _COMMON) / len(han)


def decode_bytes(data: bytes, where: str) -> tuple[str, str]:
    """(text, encoding name) of a delimited file; InputError if the encoding is not one shuyu reads."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", where), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        return _strict(data, "utf-32", where), "utf-32"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", where), "utf-16"
    sample = data[:4000]
    if len(sample) >= 4:
        even_nul = sample[0::2].count(0) / max(len(sample[0::2]), 1)
        odd_nul = sample[1::2].count(0) / max(len(sample[1::2]), 1)
        if odd_nul > 0.3 and even_nul < 0.05:
            return _strict(data, "utf-16-le", where), "utf-16-le"
        if even_nul > 0.3 and odd_nul < 0.05:
            return _strict(data, "utf-16-be", where), "utf-16-be"
    if b"\x00" in sample:
        raise InputError("this is a binary file, not CSV/TSV text", where=where,
                         hint="export the glossary as CSV (UTF-8) or xlsx")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from ..files import refuse_mixed_encodings

    refuse_mixed_encodings(data, where)  # half UTF-8, half GB18030 would turn 国务委员 into 鍥藉姟濮斿憳
    cands = []
    for enc in ("gb18030", "big5", "big5hkscs"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cands.append((_common_share(text), enc, text))
    if cands:
        share, enc, text = max(cands)
        if share >= 0.15:
            return text, enc
    guess = ""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200000]).best()
        if best is not None:
            guess = f"; it looks like {best.encoding}"
    except Exception:  # pragma: no cover - the guess is only a hint
        pass
    raise InputError(f"unknown text encoding (not UTF-8, UTF-16, GB18030/GBK, Big5 or Big5-HKSCS{guess})", where=where,
                     hint="save the file as CSV UTF-8 (in Excel: Save As > CSV UTF-8)")


def _strict(data: bytes, enc: str, where: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise InputError(f"bad {enc} text at byte {exc.start}", where=where,
                         hint="save the file again as CSV UTF-8") from None


def sniff_delimiter(text: str, prefer: str | None = None) -> str:
    """The delimiter (, tab ; |) that splits the first lines into the most consistent number of columns."""
    lines = [ln for ln in text.splitlines()[:60] if ln.strip()]
    if not lines:
        return prefer or ","
    best, best_score = prefer or ",", -1.0
    for d in ("\t", ",", ";", "|"):
        try:
            counts = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=d)]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        if mode < 2:
            continue
        score = freq / len(counts) * 10 + min(mode, 10) * 0.1 + (0.5 if d == prefer else 0)
        if score > best_score:
            best, best_score = d, score
    return best


def parse_table(text: str, delimiter: str, where: str | None = None) -> tuple[list[list[str]], list[int]]:
    """Rows of a CSV/TSV text and the 1-based line each starts on; nothing is ever swallowed.

    Quoting is read strictly: a quote that is never closed, or a closing quote followed by more
    text, would make the csv module run one cell over the following rows (52 rows read as one
    note).  For CSV that is an :class:`InputError` naming the line the quoted cell starts on.  A
    tab-separated file is then read literally instead, one row per line, quotes kept as text
    (TSV segments often start with a quotation mark); so is a TSV whose quoted cell would hold
    both a tab and a line break (rows swallowed by a stray quote that closes later).
    A NUL character is refused, naming its line.
    """
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("the file holds a NUL character (a binary file or a damaged export)",
                         where=f"{where}:{line}" if where else f"line {line}",
                         hint="export the table again as UTF-8 text")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    nums: list[int] = []
    start = 1
    swallowed = False
    try:
        for row in reader:
            rows.append(row)
            nums.append(start)
            if delimiter == "\t" and reader.line_num > start and any("\t" in c and "\n" in c for c in row):
                swallowed = True
                break
            start = reader.line_num + 1
    except csv.Error as exc:
        if delimiter != "\t":
            what = ("a quoted cell is never closed" if "end of data" in str(exc)
                    else f"a quote closes a cell but more text follows it on line {reader.line_num}")
            raise InputError(f"unbalanced quote: {what}; the quoted cell starts on this line",
                             where=f"{where}:{start}" if where else f"line {start}",
                             hint='close the quote, or write a quote inside a quoted cell twice ("")') from None
        swallowed = True
    if swallowed:  # TSV: read it literally, one row per line
        rows, nums = [], []
        lines = text.split("\n")
        if lines and not lines[-1]:
            lines.pop()  # the newline that ends the last line
        for n, line in enumerate(lines, start=1):
            if line.endswith("\r"):
                line = line[:-1]
            rows.append(line.split("\t") if line else [])
            nums.append(n)
    return rows, nums


def read_table_text(text: str, where: str | None = None) -> tuple[list[list[str]], list[int], str]:
    """Rows, their 1-based line numbers, and the delimiter of a CSV/TSV text (see :func:`parse_table`)."""
    delim = sniff_delimiter(text)
    rows, nums = parse_table(text, delim, where)
    return rows, nums, delim


def read_delimited(path: str | os.PathLike, *, columns: Mapping[str, int] | None = None,
                   accepted_only: bool = False) -> Glossary:
    """Read a CSV/TSV glossary in any of the recognised encodings and delimiters."""
    path = Path(path)
    where = str(path)
    data = read_input(path)
    if not data.strip():
        raise InputError("the file is empty", where=where, hint="export the glossary again")
    text, enc = decode_bytes(data, where)
    if text.startswith("\ufeff"):
        text = text[1:]
    rows, nums, delim = read_table_text(text, where)
    g = read_rows_as_glossary([(where, rows, nums)], (where,), columns=columns, accepted_only=accepted_only)
    name = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}[delim]
    return Glossary(entries=g.entries, sources=g.sources,
                    warnings=(f"{where}: encoding {enc}, delimiter {name}",) + g.warnings)


# ---------------------------------------------------------------------------
# writing

FORMULA_PREFIXES = ("=", "+", "-", "@")


def write_rows_delimited(path: str | os.PathLike, header, rows, *, delimiter: str, bom: bool | None = None,
                         escape_formulas: bool = True) -> int:
    """Write a table atomically by shuyu's CSV/TSV convention (:func:`shuyu.xlsxkit.write_text_table`);
    return the number of formula-like cells."""
    from ..xlsxkit import write_text_table

    return write_text_table(path, header, rows, delimiter=delimiter, bom=bom, escape_formulas=escape_formulas)


def formula_note(risky: int, escaped: bool) -> list[str]:
    """The write-report note about formula-like cells."""
    if not risky:
        return []
    if escaped:
        return [f"{risky} cell(s) begin with = + - or @: written with a leading apostrophe so that a spreadsheet "
                "shows them as text (shuyu removes it when it reads the file; --keep-formulas writes them as they are)"]
    return [f"{risky} cell(s) begin with = + - or @ and are written as they are; a spreadsheet program "
            "may take them for formulas when it opens this file — use the .xlsx export for Excel"]


def _write(glossary: Glossary, path, fmt: str, delimiter: str, bom: bool | None, escape_formulas: bool) -> WriteReport:
    header, rows = flatten(glossary)
    log = flat_losses_quick(glossary, LossLog())
    risky = write_rows_delimited(path, header, rows, delimiter=delimiter, bom=bom, escape_formulas=escape_formulas)
    return WriteReport(path=os.fspath(path), fmt=fmt, entries=len(glossary.entries), rows=len(rows),
                       lost=log.messages(), notes=tuple(formula_note(risky, escape_formulas)))


def write_csv(glossary: Glossary, path: str | os.PathLike, *, fmt: str = "csv", bom: bool | None = None,
              escape_formulas: bool = True) -> WriteReport:
    """Comma-separated UTF-8 with a BOM (``bom=False`` leaves it out) and CRLF, one row per Chinese term;
    formula-like cells get a leading apostrophe unless ``escape_formulas=False``."""
    return _write(glossary, path, fmt, ",", bom, escape_formulas)


def write_tsv(glossary: Glossary, path: str | os.PathLike, *, fmt: str = "tsv", bom: bool | None = None,
              escape_formulas: bool = True) -> WriteReport:
    """Tab-separated UTF-8 (no BOM unless ``bom=True``) with LF, one row per Chinese term; formula-like
    cells get a leading apostrophe unless ``escape_formulas=False``."""
    return _write(glossary, path, fmt, "\t", bom, escape_formulas)
