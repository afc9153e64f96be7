"""Numbers, ordinals, percentages and dates in English and Chinese: the one reader of numbers.

The sentence aligner, its lexicon, the ``number-mismatch`` check and the term
miner all read numbers here, so that ``3.5亿`` and ``350 million``, ``十九`` and
``nineteenth``, ``10月4日`` and ``October 4`` meet wherever they are compared.

Numerals
    :func:`zh_numeral` (a well-formed Chinese numeral: ``十九`` = 19,
    ``三亿五千万``), :func:`zh_numeral_value` (any run of numeral characters,
    read leniently, digits with 万/亿, ``二〇一七`` = 2017), :func:`zh_decimal`
    (``三点五亿``), :func:`zh_digits`; English number words, ordinals and scale
    words (``seventy-five``, ``nineteenth``, ``3.5 million``), month names
    (:data:`MONTHS`, :data:`MONTH_OF`) and :func:`english_forms` (the English
    spellings of a value, for the lexicon).

Keys for the aligner
    :func:`zh_number_keys` and :func:`en_number_keys`: ``#19``,
    ``#350000000``, ``m10`` for a month.

Quantities for the checker
    :class:`Quantity` items from :func:`zh_quantities` and
    :func:`en_quantities`, compared by :func:`unmatched`; each item *provides*
    value keys (``n:350000000``, ``d:10-4`` for October 4, ``m:10`` for October)
    and, when it is **strong**, *needs* one of them on the other side:

    * strong: numbers written with digits (``3.5亿``, ``350 million``, ``19th``,
      ``2017年``), percentages (``百分之五``, ``5%``, ``5 per cent``), dates
      (``10月4日``, ``Oct. 4``), Chinese months (``10月``), and Chinese numerals
      of two or more characters (``十九``, ``一万``, ``七十``) that count something;
    * weak (only satisfy the other side, never raise): English number words
      (``one`` … ``twenty``, ``hundred``, ``two million``), ordinal words
      (``first``), English month names without a day (``May`` is also a verb),
      one-character Chinese numerals (``一``, ``十``: they hide in words such as
      ``统一``, ``十分``), digits glued to letters (``G20``, ``COVID-19``).

    So a number written two ways is never a mismatch; only a strong number with
    no counterpart is.  A Chinese day written alone (``13日``) takes its month
    from the nearest month the segment names (``10月12日和13日``); when it names
    none, the month is implied (``本月13日``) and the day matches an English date
    with that day (``October 13``).  List numbering at the start of a text
    (``1.`` ``1、`` ``(1)`` ``（一）``, English ``1.`` ``(1)``) is weak: a question
    or paragraph number is not a quantity of the text.

Values for the miner
    :func:`number_values`: the numbers a term carries (``{18.0}`` for ``18th``,
    ``eighteenth`` and ``十八``).

Everything here is pure and cheap (regular expressions and small tables).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from .textnorm import fold_width, to_simplified

__all__ = ["MONTHS", "MONTH_OF", "ZH_NUMERAL_CHARS", "zh_numeral", "zh_numeral_value", "zh_decimal", "zh_digits",
           "english_forms", "number_key", "month_key", "value_key", "zh_number_keys", "en_number_keys",
           "Quantity", "zh_quantities", "en_quantities", "unmatched", "number_values"]


# ------------------------------------------------------------------ tables
_ZH_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
ZH_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"
_ZH_MAG = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
MONTH_OF = {**{m: i + 1 for i, m in enumerate(MONTHS)}, **{m[:3]: i + 1 for i, m in enumerate(MONTHS)}, "sept": 9}
"""Month number of an English month name or abbreviation, lower case (``oct``, ``sept``, ``october``)."""

_EN_ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
            "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
           "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
           "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
           "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
           "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000}
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
             "trillion": 1_000_000_000_000}
_EN_WORD = {**_EN_ONES, **_EN_TENS, **_EN_ORD}
_EN_NUMBER_WORDS = frozenset(list(_EN_WORD) + list(_EN_SCALE) + list(MONTH_OF) + [t + "th" for t in _EN_TENS])
"""Words that may start a number or a date: texts without them and without digits are skipped at once."""
_ONES_WORDS = {v: k for k, v in _EN_ONES.items()}
_TENS_WORDS = {v: k for k, v in _EN_TENS.items()}
_ORD_WORDS = {v: k for k, v in _EN_ORD.items()}


# ------------------------------------------------------------------ values and keys
def _spelled(value: float) -> str:
    """A canonical spelling of a value, the same however it was computed (``19``, ``3.5``,
    ``1400000000`` for both 14 × 10⁸ and 1.4 × 10⁹: twelve significant digits absorb
    floating-point noise).  Numbers of any length are spelled (``inf`` past the float range)."""
    try:
        value = float(value)
    except OverflowError:  # an int of 309+ digits
        value = math.inf if value > 0 else -math.inf
    if not math.isfinite(value):
        return "inf" if value > 0 else "-inf" if value < 0 else "nan"
    if abs(value) < 1e18 and value == int(value):
        return str(int(value))
    return f"{float(f'{value:.12g}'):g}" if abs(value) < 1e6 else f"{value:.12g}"


def value_key(value: float) -> str:
    """The checker's key of a number: ``n:19``, ``n:3.5``."""
    return "n:" + _spelled(value)


def number_key(value: float) -> str:
    """The aligner's key of a number: ``#19``, ``#3.5``."""
    return "#" + _spelled(value)


def month_key(month: int) -> str:
    """The aligner's key of a month: ``m10``."""
    return f"m{month}"


def _digits(s: str) -> float:
    """Value of digits with optional thousands separators and decimals (``1,000.5``)."""
    return float(s.replace(",", ""))


def _step(digits: str) -> float:
    """The precision a number is written with: ``19.93`` → 0.01, ``350`` → 1."""
    _, dot, frac = digits.partition(".")
    return 10.0 ** -len(frac) if dot else 1.0


# ------------------------------------------------------------------ Chinese numerals
def _zh_section(s: str, final: bool) -> tuple[int, bool]:
    """``(value, well_formed)`` of a numeral below 万 (``三千零五`` = 3005).

    Well formed: units descend, each after a nonzero digit (``十`` may open the
    section: ``十九``), and no digit follows a nonzero digit.  A malformed
    section is still read, leniently: a digit replaces the one before it and a
    unit without a digit counts once (``两三百`` = 300, ``百`` = 100).
    ``final``: the section ends the numeral or stands before 亿, where leading
    零 only mark a gap (``一万零十`` = 10010).
    """
    k = len(s) - len(s.lstrip("零")) if final else 0
    total, digit, last_unit, ok = 0, None, 10_000, len(s) > k
    for i, ch in enumerate(s):
        if ch in _ZH_DIGIT:
            ok = ok and not digit                    # 两三, 一一
            digit = _ZH_DIGIT[ch]
            continue
        unit = _ZH_UNIT[ch]
        if i == k and unit == 10:
            digit = 1                                # 十九 = 19
        ok = ok and unit < last_unit and bool(digit)  # 百 alone, 三百四百, 零十 inside
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    return total + (digit or 0), ok


_BIG_ORDERS = frozenset({(), ("万",), ("亿",), ("万", "亿"), ("亿", "万"), ("万", "亿", "万")})
_BIG_RE = re.compile("([万亿])")


def _zh_read(text: str) -> tuple[int, bool]:
    """``(value, well_formed)`` of a run of Chinese numeral characters (see :func:`_zh_section`)."""
    parts = _BIG_RE.split(text)
    bigs = tuple(parts[1::2])
    ok = bigs in _BIG_ORDERS
    total = 0
    for n, group in enumerate(parts[::2]):
        big = bigs[n] if n < len(bigs) else ""
        value, good = _zh_section(group, final=big != "万")
        if big == "万":      # 三万: a nonzero section
            ok = ok and good and value > 0
            total += value * 10_000
        elif big == "亿":    # 三亿, 三万亿: a nonzero numeral
            ok = ok and (good or (group == "" and n > 0 and bigs[n - 1] == "万")) and total + value > 0
            total = (total + value) * 100_000_000
        else:                # the end, which may be empty after 万 or 亿
            ok = ok and (good or (group == "" and n > 0))
            total += value
    return total, ok


_ZH_WRITE = "零一二三四五六七八九"


def zh_written(n: int) -> str:
    """A whole number from 1 to 99 in Chinese numerals, as a name writes it (20 = 二十, 12 = 十二)."""
    if not 1 <= n <= 99:
        raise ValueError(f"zh_written takes 1..99, not {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_WRITE[tens] + "十")
    return head + (_ZH_WRITE[ones] if ones else "")


MAX_ZH_NUMERAL = 40
"""Longest run of Chinese numeral characters read as one numeral (real ones are under 30: 九千九百万亿…);
longer runs are read in pieces, so a hostile run of 亿亿亿… costs linear time."""


def zh_numeral(text: str) -> int | None:
    """Value of a well-formed Chinese numeral (``十九`` = 19, ``三亿五千万`` = 350000000); None if malformed
    (``十一五``, ``两三``, ``万一``)."""
    if not text or len(text) > MAX_ZH_NUMERAL or any(c not in ZH_NUMERAL_CHARS for c in text):
        return None
    value, ok = _zh_read(text)
    return value if ok else None


def zh_digits(text: str) -> int:
    """Chinese digits read one by one: ``二〇一七`` = 2017, ``九二`` = 92 (infinity past 300 digits)."""
    if len(text) > 300:
        return math.inf  # type: ignore[return-value]
    return int("".join(str(_ZH_DIGIT[c]) for c in text))


_ARABIC_MAG_RE = re.compile(r"(\d+(?:\.\d+)?)(万亿|亿|万|千|百)?")


def zh_numeral_value(text: str) -> float | None:
    """Value of a Chinese number as the aligner reads it (``十九``, ``两千零五``, ``二〇一七``, ``3.5亿``);
    None when ``text`` has other characters.

    Lenient: a run that is not one numeral still gets a value (``千万`` = 10 million).
    """
    if not text:
        return None
    m = _ARABIC_MAG_RE.fullmatch(text.replace(",", ""))
    if m:
        return float(m.group(1)) * _ZH_MAG.get(m.group(2), 1.0)
    if any(c not in ZH_NUMERAL_CHARS for c in text):
        return None
    if all(c in _ZH_DIGIT for c in text):
        return float(zh_digits(text))
    if len(text) > MAX_ZH_NUMERAL:
        return None
    return float(_zh_read(text)[0])


def zh_decimal(text: str) -> float | None:
    """Value of a Chinese numeral with an optional decimal part and magnitude (``三点五亿``)."""
    mag = 1.0
    for unit in ("万亿", "亿", "万"):
        if text.endswith(unit) and "点" in text:
            text, mag = text[: -len(unit)], _ZH_MAG[unit]
            break
    whole, dot, frac = text.partition("点")
    v = zh_numeral(whole)
    if v is None:
        return None
    if dot:
        if not frac or any(c not in _ZH_DIGIT for c in frac):
            return None
        v = float(f"{v}." + "".join(str(_ZH_DIGIT[c]) for c in frac))
    return v * mag if mag != 1.0 else v


# ------------------------------------------------------------------ English number words
class _WordSum:
    """The value of English number words added up one by one: ``three thousand five hundred
    and twenty-five`` = 3525; ``hundred`` multiplies what came since the last larger scale."""

    __slots__ = ("total", "current")

    def __init__(self) -> None:
        self.total = 0.0
        self.current = 0.0

    def add(self, value: float) -> None:
        self.current += value

    def scale(self, scale: float) -> None:
        if scale == 100:
            self.current = (self.current or 1) * 100
        else:
            self.total += (self.current or 1) * scale
            self.current = 0.0

    @property
    def value(self) -> float:
        return self.total + self.current


def _words_value(words: str) -> float | None:
    """Value of a run of English number words (``two hundred and fifty``, ``seventy-fifth``)."""
    acc, seen = _WordSum(), False
    for w in re.split(r"[\s-]+", words.lower()):
        if w in ("and", ""):
            continue
        if w in _EN_WORD:
            acc.add(_EN_WORD[w])
        elif w in _EN_SCALE:
            acc.scale(_EN_SCALE[w])
        else:
            return None
        seen = True
    return acc.value if seen else None


def english_forms(value: float, *, ordinal: bool = True) -> set[str]:
    """English spellings of a value for the lexicon: ``{"19", "nineteen", "nineteenth", "19th"}``."""
    forms = set()
    if math.isfinite(value) and value == int(value):
        v = int(value)
        forms.add(str(v))
        if v >= 10000:
            forms.add(f"{v:,}")
        if v < 20 and v in _ONES_WORDS:
            forms.add(_ONES_WORDS[v])
        elif v < 100 and v % 10 == 0:
            forms.add(_TENS_WORDS[v])
        elif v < 100:
            forms.add(f"{_TENS_WORDS[v - v % 10]}-{_ONES_WORDS[v % 10]}")
        if ordinal and v in _ORD_WORDS:
            forms.add(_ORD_WORDS[v])
        if ordinal and 0 < v < 1000:
            suffix = "th" if 10 <= v % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(v % 10, "th")
            forms.add(f"{v}{suffix}")
        for word, scale in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
            if v >= scale and v % (scale // 100) == 0:
                forms.add(f"{v / scale:g} {word}")
                break
    else:
        forms.add(f"{value:g}")
    return forms


# ------------------------------------------------------------------ keys for the aligner
_ZH_KEY_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?\s*(?:万亿|亿|万)?|[零〇○一二两三四五六七八九十百千万亿]+)"
                        r"(月|日|号|年|个|%|％)?")
_ZH_PCT_KEY_RE = re.compile(r"百分之([零〇○一二两三四五六七八九十百千点\d.]+)")


def zh_number_keys(text: str) -> list[str]:
    """Number and month keys in Chinese ``text``, in order (values 0/1 and lone 一 are skipped)."""
    keys: list[str] = []
    for m in _ZH_KEY_RE.finditer(text):
        num, suffix = m.group(1).replace(" ", ""), m.group(2)
        if num == "百" and text.startswith("分之", m.end(1)):
            continue  # 百分之N: the N is the number
        if len(num) == 1 and num in "一两" and suffix not in ("月", "日", "号"):
            continue  # 一 / 两 as "a", "a couple"
        value = zh_numeral_value(num)
        if value is None:
            continue
        if suffix == "月" and 1 <= value <= 12 and value == int(value):
            keys.append(month_key(int(value)))
            continue
        if value > 1:
            keys.append(number_key(value))
    for m in _ZH_PCT_KEY_RE.finditer(text):
        value = zh_numeral_value(m.group(1).replace("点", "."))
        if value is not None and value > 1:
            key = number_key(value)
            if key not in keys:
                keys.append(key)
    return keys


_DIGIT_RE = re.compile(r"\d")
_NONWORD_RE = re.compile(r"[^a-z]+")
_EN_TOKEN_RE = re.compile(r"\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|[A-Za-z]+\.?")
_EN_DIGIT_TOKEN_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)(st|nd|rd|th)?")
_EN_CARDINAL = frozenset(list(_EN_ONES) + list(_EN_TENS))


def en_number_keys(text: str) -> list[str]:
    """Number and month keys in English ``text`` (digits, number words, ordinals, months)."""
    keys: list[str] = []
    if not _DIGIT_RE.search(text) and _EN_NUMBER_WORDS.isdisjoint(_NONWORD_RE.sub(" ", text.lower()).split()):
        return keys
    tokens = _EN_TOKEN_RE.findall(text)
    i = 0
    n = len(tokens)

    def cardinal(word: str) -> float:
        """``word`` (a cardinal word) and a unit word after a tens word (``twenty five``); moves ``i``."""
        nonlocal i
        value = float(_EN_WORD[word])
        if word in _EN_TENS and i + 1 < n and tokens[i + 1].lower() in _EN_ONES:
            value += _EN_ONES[tokens[i + 1].lower()]
            i += 1
        return value

    while i < n:
        tok = tokens[i]
        low = tok.lower().rstrip(".")
        value: float | None = None
        if tok[0].isdigit():
            m = _EN_DIGIT_TOKEN_RE.fullmatch(tok)
            if m:
                try:
                    value = _digits(m.group(1))
                except ValueError:
                    value = None
        elif low in _EN_CARDINAL:
            value = cardinal(low)
        elif low in _EN_ORD:
            value = float(_EN_ORD[low])
        elif low.endswith("th") and low[:-2] in _EN_TENS:
            value = float(_EN_TENS[low[:-2]])
        elif tok[0].isupper() and low in MONTH_OF:
            if low != "may" or (i + 1 < n and tokens[i + 1][0].isdigit()):  # "may" is mostly a verb
                keys.append(month_key(MONTH_OF[low]))
            i += 1
            continue
        if value is not None:
            # scale words and compounds: "3.5 million", "two hundred", "nine hundred and fifty",
            # "three thousand five hundred"
            acc = _WordSum()
            acc.add(value)
            while True:
                while i + 1 < n and tokens[i + 1].lower() in _EN_SCALE:
                    acc.scale(_EN_SCALE[tokens[i + 1].lower()])
                    i += 1
                nxt = i + 1
                if nxt < n and tokens[nxt].lower() == "and":
                    nxt += 1
                if (acc.total or acc.current >= 100) and nxt < n and tokens[nxt].lower() in _EN_CARDINAL:
                    i = nxt
                    acc.add(cardinal(tokens[i].lower()))
                    continue
                break
            # "seven and twenty" (= 27, older English)
            if 0 < acc.value < 10 and i + 2 < n and tokens[i + 1].lower() == "and" \
                    and tokens[i + 2].lower() in _EN_TENS:
                acc.add(_EN_TENS[tokens[i + 2].lower()])
                i += 2
            if acc.value > 1:
                keys.append(number_key(acc.value))
        i += 1
    return keys


# ------------------------------------------------------------------ quantities for the checker
@dataclass(frozen=True, slots=True)
class Quantity:
    """A number, percentage or date as written in a text."""

    text: str
    start: int
    end: int
    provides: tuple[str, ...]
    strong: bool = True
    value: float | None = None
    step: float = 1.0
    accepts: tuple[str, ...] = ()

    def rounds_to(self, other: "Quantity") -> bool:
        """Same number at the coarser of the two precisions (``19.93 million`` = ``1993.03万``)."""
        if self.value is None or other.value is None:
            return False
        step = max(self.step, other.step)
        a, b = self.value / step, other.value / step
        if not (math.isfinite(a) and math.isfinite(b)):  # 310-digit numbers: beyond float, no rounding
            return False
        return step > 1 and round(a) == round(b)

    @property
    def needs(self) -> tuple[str, ...]:
        """The keys one of which the other side must provide: a date needs its date (or, given in
        ``accepts``, a day without a month: ``dd:13``), anything else one of its values."""
        if self.provides and self.provides[0].startswith("d:"):
            return self.provides[:1] + self.accepts
        return self.provides + self.accepts


def _glued(text: str, start: int, end: int) -> bool:
    """Digits glued to Latin letters (G20, 5G, COVID-19)."""
    before = text[max(0, start - 2):start]
    after = text[end:end + 1]
    return bool(re.search(r"[A-Za-z]-?$", before)) or bool(re.match(r"[A-Za-z]", after))


def _anchored(rx: re.Pattern, text: str, starts) -> list[re.Match]:
    """Matches of ``rx`` anchored at the candidate ``starts`` (ascending), without overlaps.

    Scanning only where a number can begin is much faster than letting one
    large alternation try every position of the text.
    """
    out, done = [], 0
    for s in starts:
        if s < done:
            continue
        m = rx.match(text, s)
        if m and m.end() > s:
            out.append(m)
            done = m.end()
    return out


_NUMERAL = f"[{ZH_NUMERAL_CHARS}]+"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH_DAYNUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_ZH_RE = re.compile(
    rf"(?P<date>(?P<mo>{_ZH_DAYNUM})\s?月\s?(?P<day>{_ZH_DAYNUM})\s?[日号])"
    rf"|(?P<lday>(?P<ld>{_ZH_DAYNUM})\s?[日号](?!\d))"
    rf"|(?P<month>(?P<mo2>\d{{1,2}}|十[一二]?|[一二三四五六七八九])\s?月(?!份?\s?[一二三四五六七八九十\d]))"
    rf"|(?P<year>(?P<yd>[〇○零一二三四五六七八九]{{4}})年)"
    rf"|(?P<pct>百分之(?P<pv>{_NUMERAL}(?:点[零〇一二三四五六七八九]+)?|{_DIGITS}))"
    rf"|(?P<mix>(?P<m1>\d+)\s?万\s?(?P<m2>\d)\s?千)"
    rf"|(?P<num>(?P<dv>{_DIGITS})\s*(?P<pctsign>%|％)?(?:[余多](?=万|亿))?(?P<mag>万亿|亿|万|千(?![米克瓦焦卡帕])|百(?![分米]))?)"
    rf"|(?P<han>{_NUMERAL}(?:点[零〇一二三四五六七八九]+)?(?P<hmag>万亿|亿|万)?)"
)
# a Chinese numeral counts something when a measure word or unit follows it (or 第 precedes it);
# otherwise it is likely part of an idiom: 说一千道一万, 行百里者半九十
_MEASURES = frozenset("个年月日号次届位名人元岁项条家所种大周多余倍批天只米里吨股点分秒小时亿万千百件份张座部台辆架艘省市县")
_ZH_START = re.compile(f"[0-9{ZH_NUMERAL_CHARS}]+")
_ZH_HALF = re.compile("一半|过半|近半|半数|减半")


def _day(s: str) -> int | None:
    if s.isdigit():
        return int(s) if len(s) <= 9 else None
    return zh_numeral(s)


# list numbering at the start of a text: 1. 1、 (1) （一） 一、 — a question or paragraph number
_ZH_LIST = re.compile(r"\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．](?![\d])|[(（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）])")
_EN_LIST = re.compile(r"\s*(?:\d{1,2}[.)](?![\d])|\(\d{1,2}\))")


def _unlisted(found: list[Quantity], text: str, rx: re.Pattern) -> list[Quantity]:
    """``found`` with the list number at the start of ``text`` made weak."""
    m = rx.match(text)
    if not m or not found:
        return found
    return [replace(q, strong=False) if q.start < m.end() and q.strong else q for q in found]


def _month_context(found: list[Quantity], i: int) -> int | None:
    """The month a day written alone (``found[i]``) belongs to: the nearest month named before it
    in the text, else the first named after it; None when the text names no month."""
    def month(q):
        k = next((k for k in q.provides if k.startswith("m:")), None)
        return int(k[2:]) if k else None

    for q in reversed(found[:i]):
        if month(q):
            return month(q)
    for q in found[i + 1:]:
        if month(q):
            return month(q)
    return None


_RANGE_RE = re.compile("(?P<pre>.*[万亿])?(?P<a>[一二两三四五六七八九])(?P<b>[二三四五六七八九])(?P<u>[十百千万亿]?)")


def _zh_range(run: str) -> tuple[float, float] | None:
    """The two ends of an approximate number written with two neighbouring digits before a unit:
    ``六七千`` (6,000–7,000), ``三四十`` (30–40), ``一万六七千`` (16,000–17,000).  Not ``十四五``
    (the 14th Five-Year Plan) or ``三四`` without a unit."""
    m = _RANGE_RE.fullmatch(run)
    if not m:
        return None
    a, b = _ZH_DIGIT[m["a"]], _ZH_DIGIT[m["b"]]
    if b != a + 1 or (not m["u"] and not m["pre"]):
        return None
    pre = 0
    if m["pre"]:
        pre = zh_numeral(m["pre"])
        if pre is None:
            return None
    unit = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}[m["u"]]
    if not m["u"]:  # 一万六七 = 16,000-17,000: the unit is the one below the last big unit
        unit = 1000 if m["pre"].endswith("万") else 10_000_000
    return float(pre + a * unit), float(pre + b * unit)


def _zh_run(norm: str, run: str, s: int, e: int, plain: bool) -> list[Quantity]:
    """The quantities of a run of Chinese numeral characters ``norm[s:e]``.

    One numeral is one quantity.  A run that is not one numeral (``十一五``,
    ``两三``, ``九二``) gives its longest well-formed pieces, weakly, and: a
    leading 百/千/万 is one hundred/thousand/ten thousand (``百人``, ``千亿``);
    two or four digits are also read one by one (``九二共识``: the 1992
    Consensus).  ``plain``: digits are only read one by one (``二〇三五`` =
    2035, not also 2, 0, 3, 5).
    """
    v = zh_decimal(run)
    if v is not None:
        counted = (s > 0 and norm[s - 1] == "第") or norm[e:e + 1] in _MEASURES
        keys = (value_key(v), value_key(v * 10)) if norm[e:e + 1] == "成" else (value_key(v),)  # 三成 = 30%
        return [Quantity(run, s, e, keys, strong=len(run) >= 2 and counted)]
    rng = _zh_range(run)
    if rng:  # 六七千 = 6,000 to 7,000, 一万六七千 = 16,000 to 17,000: either end
        return [Quantity(run, s, e, tuple(value_key(v) for v in rng), strong=False)]
    all_digits = all(c in _ZH_DIGIT for c in run)
    if plain and all_digits and len(run) >= 2:
        return [Quantity(run, s, e, (value_key(zh_digits(run)),), strong=False)]
    out = []
    extra = []
    if run[0] in "百千万":  # 百人 = 100 people, 千亿 = 100 billion
        v = zh_numeral("一" + run)
        if v is not None:
            extra.append(value_key(v))
    if len(run) in (2, 4) and all_digits:  # 九二共识: the 1992 Consensus
        extra.append(value_key(zh_digits(run)))
    if extra:
        out.append(Quantity(run, s, e, tuple(extra), strong=False))
    i = 0
    while i < len(run):
        for j in range(min(len(run), i + MAX_ZH_NUMERAL), i, -1):
            v = zh_numeral(run[i:j])
            if v is not None:
                out.append(Quantity(run[i:j], s + i, s + j, (value_key(v),), strong=False))
                i = j
                break
        else:
            i += 1
    return out


def _zh_quantities(norm: str, plain: bool = False) -> list[Quantity]:
    """The numbers, percentages and dates of normalised Chinese, halves (一半) left out."""
    out: list[Quantity] = []
    for m in _anchored(_ZH_RE, norm, [r.start() for r in _ZH_START.finditer(norm)]):
        s, e, raw = m.start(), m.end(), m.group()
        if m.group("date"):
            mo, day = _day(m.group("mo")), _day(m.group("day"))
            if mo and day and 1 <= mo <= 12 and 1 <= day <= 31:
                out.append(Quantity(raw, s, e, (f"d:{mo}-{day}", f"m:{mo}", value_key(day))))
        elif m.group("lday"):  # 13日: a day whose month the text gives elsewhere, or implies
            ld = m.group("ld")
            day = _day(ld)
            if day and 1 <= day <= 31:  # 一日, 三日 stay weak, as one-character numerals do (有朝一日)
                strong = not _glued(norm, s, s + len(ld)) if ld[0].isdigit() else len(ld) >= 2
                out.append(Quantity(raw, s, e, (value_key(day), f"dd:{day}"), strong=strong, value=float(day)))
            elif m.group("ld")[0].isdigit():
                out.append(Quantity(m.group("ld"), s, s + len(m.group("ld")), (value_key(_digits(m.group("ld"))),)))
            else:
                out.extend(_zh_run(norm, m.group("ld"), s, s + len(m.group("ld")), plain))
        elif m.group("month"):
            mo = _day(m.group("mo2"))
            if mo and 1 <= mo <= 12:
                out.append(Quantity(raw, s, e, (f"m:{mo}",)))
        elif m.group("year"):
            out.append(Quantity(raw, s, e, (value_key(zh_digits(m.group("yd"))),)))
        elif m.group("pct"):
            pv = m.group("pv")
            v = _digits(pv) if pv[0].isdigit() else zh_decimal(pv)
            if v is not None:
                out.append(Quantity(raw, s, e, (value_key(v),)))
        elif m.group("num"):
            v = _digits(m.group("dv"))
            step = _step(m.group("dv"))
            mag = m.group("mag")
            if mag:
                v *= _ZH_MAG[mag]
                step *= _ZH_MAG[mag]
            out.append(Quantity(raw.strip(), s, e, (value_key(v),),
                                strong=not _glued(norm, s, m.end("dv")), value=v, step=step))
        elif m.group("mix"):  # 75万7千 = 757,000
            v = _digits(m.group("m1")) * 10_000 + int(m.group("m2")) * 1000
            out.append(Quantity(raw, s, e, (value_key(v),), value=float(v), step=1000.0))
        elif m.group("han"):
            out.extend(_zh_run(norm, m.group("han"), s, e, plain))
    for i, q in enumerate(out):  # a day alone takes the month of the text, when it names one
        if len(q.provides) == 2 and q.provides[1].startswith("dd:"):
            mo = _month_context(out, i)
            if mo:
                out[i] = replace(q, provides=(q.provides[0], f"d:{mo}-{q.provides[1][3:]}"))
    return _unlisted(out, norm, _ZH_LIST)


def zh_quantities(text: str, *, normalized: bool = False) -> list[Quantity]:
    """Numbers, percentages and dates of a Chinese text (Traditional and full-width too).

    ``normalized``: ``text`` is already :func:`shuyu.textnorm.normalize_zh` output.
    """
    norm = text if normalized else fold_width(to_simplified(text))
    out = _zh_quantities(norm)
    for m in _ZH_HALF.finditer(norm):
        out.append(Quantity(m.group(), m.start(), m.end(), ("n:50", "n:0.5"), strong=False))
    return out


_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
            r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"


def _trie_re(words) -> str:
    """A regular expression matching any of ``words``, as a trie (fast alternation)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        optional = "" in node
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return emit(tree)


_WORD = _trie_re(list(_EN_WORD) + list(_EN_SCALE))
_EN_RE = re.compile(
    rf"(?P<date>\b(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)"
    rf"|(?P<date2>\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH_RE})\b\.?)"
    rf"|(?P<month>\b(?P<mon3>{_MONTH_RE})\b)"
    rf"|(?P<num>(?P<dv>{_DIGITS})(?P<suf>st|nd|rd|th|s)?(?:\s*(?P<pct>%|per\s?cent(?:age\s+points?)?\b))?"
    rf"(?:[\s-]*(?P<scale>hundred|thousand|million|billion|trillion)\b)?)"
    rf"|(?P<words>\b(?:{_WORD})(?:(?:[\s-]+(?:and\s+)?)(?:{_WORD}))*\b(?:\s*(?P<wpct>%|per\s?cent\b))?)",
    re.IGNORECASE,
)
_SHARED_SCALE = re.compile(r"\s*(?:and|or|to|-|–)\s*(?:US\$|\$|€|£)?\d[\d,]*(?:\.\d+)?\s*(hundred|thousand|million|billion|trillion)\b",
                           re.IGNORECASE)
_EN_DIGIT_START = re.compile(r"[0-9](?<![0-9.,][0-9])")
_EN_LOWER_WORD = re.compile(r"[a-z]+")


def en_quantities(text: str) -> list[Quantity]:
    """Numbers, percentages and dates of an English text."""
    norm = text if text.isascii() else fold_width(text)
    low = norm.lower()
    starts = [m.start() for m in _EN_DIGIT_START.finditer(norm)]
    if not _EN_NUMBER_WORDS.isdisjoint(_EN_LOWER_WORD.findall(low)):
        starts += [m.start() for m in _EN_LOWER_WORD.finditer(low)
                   if m.group() in _EN_NUMBER_WORDS and (m.start() == 0 or not low[m.start() - 1].isalpha())]
        starts.sort()
    out: list[Quantity] = []
    for m in _anchored(_EN_RE, norm, starts):
        s, e, raw = m.start(), m.end(), m.group()
        if m.group("date") or m.group("date2"):
            mon = (m.group("mon") or m.group("mon2")).lower().rstrip(".")
            day = int(m.group("day") or m.group("day2"))
            mo = MONTH_OF.get(mon)
            if mo and 1 <= day <= 31:  # also met by a Chinese day whose month is implied (13日)
                out.append(Quantity(raw, s, e, (f"d:{mo}-{day}", f"m:{mo}", value_key(day)),
                                    accepts=(f"dd:{day}",)))
                continue
        if m.group("month"):
            mon = m.group("mon3").lower()
            out.append(Quantity(raw, s, e, (f"m:{MONTH_OF[mon]}",), strong=False))
        elif m.group("num"):
            v = _digits(m.group("dv"))
            step = _step(m.group("dv"))
            suf = (m.group("suf") or "").lower()
            provides = []
            scale = m.group("scale")
            if not scale:  # "1.27 and 2.5 million": the scale is shared
                ahead = _SHARED_SCALE.match(norm, m.end())
                if ahead:
                    provides.append(value_key(v))
                    scale = ahead.group(1)
            if scale:
                v *= _EN_SCALE[scale.lower()]
                step *= _EN_SCALE[scale.lower()]
            provides.insert(0, value_key(v))
            if not scale and not suf and step == 1.0 and 1900 <= v <= 2099:
                provides.append(value_key(v % 100))  # the 1992 Consensus = 九二共识
            if suf == "s" and v >= 1000 and v % 10 == 0:  # the 1990s = 20世纪90年代
                provides += [value_key(v % 100), value_key(v // 100 + 1)]
            out.append(Quantity(raw.strip(), s, e, tuple(provides),
                                strong=not _glued(norm, s, m.end("suf") if suf else m.end("dv")), value=v, step=step))
        elif m.group("words"):
            v = _words_value(re.sub(r"\s*(%|per\s?cent)$", "", raw, flags=re.I))
            if v is not None:
                keys = [value_key(v)]
                if re.match(r"\s+decades?\b", norm[e:e + 9], re.I):  # two decades = 二十年
                    keys.append(value_key(v * 10))
                out.append(Quantity(raw, s, e, tuple(keys), strong=False))
    return _unlisted(out, norm, _EN_LIST)


def unmatched(en: str, zh: str, *, zh_normalized: str | None = None) -> tuple[list[Quantity], list[Quantity]]:
    """Strong quantities of each side that the other side lacks: ``(english, chinese)``.

    ``zh_normalized``: ``normalize_zh(zh)`` when the caller has it already.
    """
    eq = en_quantities(en)
    zq = zh_quantities(zh_normalized, normalized=True) if zh_normalized is not None else zh_quantities(zh)
    if not eq and not zq:
        return [], []
    e_keys = {k for q in eq for k in q.provides}
    z_keys = {k for q in zq for k in q.provides}
    miss_en = [q for q in eq if q.strong and not any(k in z_keys for k in q.needs)]
    miss_zh = [q for q in zq if q.strong and not any(k in e_keys for k in q.needs)]
    if miss_en or miss_zh:  # rounded differently: 19.93 million = 1993.03万
        miss_en = [q for q in miss_en if not any(q.rounds_to(o) for o in zq)]
        miss_zh = [q for q in miss_zh if not any(q.rounds_to(o) for o in eq)]
    return miss_en, miss_zh


# ------------------------------------------------------------------ values for the miner
def number_values(text: str, lang: str) -> frozenset[float]:
    """The numbers ``text`` (a term, a phrase) carries, as values.

    Integers, decimals and ordinals in digits or in words with their scale
    (``75``, ``75th``, ``seventy-fifth``, ``3.5 million``), Chinese numerals of
    any length (``二``, ``十四``, ``七十五``, ``两千``), digits with 万/亿
    (``14亿`` = 1.4 billion, ``75万``), and the number of a percentage (``5%``,
    ``百分之五``: 5).  A Chinese run that is not one numeral gives its pieces
    (``十四五``: 14 and 5) or, when it is all digits, its digits read one by one
    (``二〇三五``: 2035).  Dates and month names are left out, and ``一半``
    is not read as 50 (%).  Values are canonical: ``14亿`` and ``1.4 billion`` give the
    same float.  ``lang``: ``"en"`` or ``"zh"`` (also ``zh-Hant``, ``zh_CN``);
    Traditional and full-width text is read too.
    """
    code = lang.lower().replace("_", "-").split("-")[0]
    if code == "en":
        found = en_quantities(text)
    elif code == "zh":
        found = _zh_quantities(fold_width(to_simplified(text)), plain=True)
    else:
        raise ValueError(f"lang must be 'en' or 'zh', not {lang!r}")
    return frozenset(float(q.provides[0][2:]) for q in found if q.provides and q.provides[0].startswith("n:"))
