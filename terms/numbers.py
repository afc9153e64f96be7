"""Numbers, percentages and dates of an English/Chinese pair, for ``number-mismatch``.

Each side is read into :class:`Quantity` items.  An item *provides* value
keys (``n:350000000``, ``d:10-4`` for October 4, ``m:10`` for October) and,
when it is **strong**, it *needs* one of its keys on the other side:

* strong: numbers written with digits (``3.5亿``, ``350 million``, ``19th``,
  ``2017年``), percentages (``百分之五``, ``5%``, ``5 per cent``), dates
  (``10月4日``, ``Oct. 4``), Chinese months (``10月``), and Chinese numerals
  of two or more characters (``十九``, ``一万``, ``七十``);
* weak (only satisfy the other side, never raise): English number words
  (``one`` … ``twenty``, ``hundred``, ``two million``), ordinal words
  (``first``), English month names without a day (``May`` is also a verb),
  one-character Chinese numerals (``一``, ``十``: they hide in words such as
  ``统一``, ``十分``), digits glued to letters (``G20``, ``COVID-19``).

So ``3.5亿`` = ``350 million``, ``十九`` = ``19th`` = ``nineteenth``,
``10月4日`` = ``October 4``, ``百分之五`` = ``5%``; a number written two ways
is never a mismatch, and only a strong number with no counterpart is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..textnorm import fold_width, to_simplified

__all__ = ["Quantity", "en_quantities", "zh_quantities", "unmatched", "zh_numeral", "value_key"]


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

    def rounds_to(self, other: "Quantity") -> bool:
        """Same number at the coarser of the two precisions (``19.93 million`` = ``1993.03万``)."""
        if self.value is None or other.value is None:
            return False
        step = max(self.step, other.step)
        return step > 1 and round(self.value / step) == round(other.value / step)

    @property
    def needs(self) -> tuple[str, ...]:
        return self.provides[:1] if self.provides and self.provides[0].startswith("d:") else self.provides


def value_key(value: float) -> str:
    """``n:<value>`` with a canonical spelling of the value (``n:19``, ``n:3.5``)."""
    if value == int(value) and abs(value) < 1e18:
        return f"n:{int(value)}"
    return f"n:{float(f'{value:.12g}'):g}" if abs(value) < 1e6 else f"n:{value:.12g}"


# ------------------------------------------------------------------ Chinese
_ZH_DIGIT = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUM_CHARS = "零〇○一二两三四五六七八九十百千万亿"


def _section(s: str) -> int | None:
    """Value of a numeral below 万 (``三千零五`` = 3005); None if not well formed."""
    if not s:
        return None
    total, digit, last_unit = 0, None, 10_000
    for i, ch in enumerate(s):
        if ch in _ZH_DIGIT:
            if digit is not None and digit != 0:
                return None  # two digits in a row: 两三, 一一
            digit = _ZH_DIGIT[ch]
        elif ch in _ZH_UNIT:
            unit = _ZH_UNIT[ch]
            if unit >= last_unit:
                return None
            if digit is None:
                if i != 0 or unit != 10:
                    return None
                digit = 1  # 十九
            if digit == 0:
                return None
            total += digit * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit:
        total += digit
    return total


def zh_numeral(text: str) -> int | None:
    """Value of a Chinese numeral (``十九`` = 19, ``三亿五千万`` = 350000000); None if malformed."""
    if not text or any(c not in _ZH_NUM_CHARS for c in text):
        return None
    total = 0
    rest = text
    for big in ("亿", "万"):
        if big in rest:
            head, _, rest = rest.partition(big)
            if big in rest:
                return None
            v = zh_numeral(head) if big == "亿" else _section(head)
            if v is None or v == 0:
                return None
            total += v * _ZH_BIG[big]
    if rest:
        v = _section(rest.lstrip("零"))
        if v is None:
            return None
        total += v
    return total


_NUMERAL = f"[{_ZH_NUM_CHARS}]+"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH_DAYNUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_ZH_RE = re.compile(
    rf"(?P<date>(?P<mo>{_ZH_DAYNUM})\s?月\s?(?P<day>{_ZH_DAYNUM})\s?[日号])"
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
_ZH_MAG = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}


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


def _day(s: str) -> int | None:
    return int(s) if s.isdigit() else zh_numeral(s)


def _step(digits: str) -> float:
    """The precision a number is written with: ``19.93`` → 0.01, ``350`` → 1."""
    _, dot, frac = digits.partition(".")
    return 10.0 ** -len(frac) if dot else 1.0


def _digits(s: str) -> float:
    return float(s.replace(",", ""))


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


_ZH_START = re.compile(f"[0-9{_ZH_NUM_CHARS}]+")


def zh_quantities(text: str, *, normalized: bool = False) -> list[Quantity]:
    """Numbers, percentages and dates of a Chinese text (Traditional and full-width too).

    ``normalized``: ``text`` is already :func:`shuyu.textnorm.normalize_zh` output.
    """
    norm = text if normalized else fold_width(to_simplified(text))
    out: list[Quantity] = []
    for m in _anchored(_ZH_RE, norm, [r.start() for r in _ZH_START.finditer(norm)]):
        s, e, raw = m.start(), m.end(), m.group()
        if m.group("date"):
            mo, day = _day(m.group("mo")), _day(m.group("day"))
            if mo and day and 1 <= mo <= 12 and 1 <= day <= 31:
                out.append(Quantity(raw, s, e, (f"d:{mo}-{day}", f"m:{mo}", value_key(day))))
        elif m.group("month"):
            mo = _day(m.group("mo2"))
            if mo and 1 <= mo <= 12:
                out.append(Quantity(raw, s, e, (f"m:{mo}",)))
        elif m.group("year"):
            year = int("".join(str(_ZH_DIGIT[c]) for c in m.group("yd")))
            out.append(Quantity(raw, s, e, (value_key(year),)))
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
            v = int(m.group("m1")) * 10_000 + int(m.group("m2")) * 1000
            out.append(Quantity(raw, s, e, (value_key(v),), value=float(v), step=1000.0))
        elif m.group("han"):
            run = m.group("han")
            v = zh_decimal(run)
            if v is not None:
                counted = (s > 0 and norm[s - 1] == "第") or norm[e:e + 1] in _MEASURES
                keys = (value_key(v), value_key(v * 10)) if norm[e:e + 1] == "成" else (value_key(v),)  # 三成 = 30%
                out.append(Quantity(run, s, e, keys, strong=len(run) >= 2 and counted))
                continue
            extra = []
            if run[0] in "百千万":  # 百人 = 100 people, 千亿 = 100 billion
                v = zh_numeral("一" + run)
                if v is not None:
                    extra.append(value_key(v))
            if len(run) in (2, 4) and all(c in _ZH_DIGIT for c in run):  # 九二共识: the 1992 Consensus
                extra.append(value_key(int("".join(str(_ZH_DIGIT[c]) for c in run))))
            if extra:
                out.append(Quantity(run, s, e, tuple(extra), strong=False))
            # not one numeral (十一五, 两三, 一一): its longest well-formed pieces, weakly
            i = 0
            while i < len(run):
                for j in range(len(run), i, -1):
                    v = zh_numeral(run[i:j])
                    if v is not None:
                        out.append(Quantity(run[i:j], s + i, s + j, (value_key(v),), strong=False))
                        i = j
                        break
                else:
                    i += 1
    for m in _ZH_HALF.finditer(norm):
        out.append(Quantity(m.group(), m.start(), m.end(), ("n:50", "n:0.5"), strong=False))
    return out


_ZH_HALF = re.compile("一半|过半|近半|半数|减半")


# ------------------------------------------------------------------ English
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH_OF = {m: i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_OF.update({m[:3]: i + 1 for i, m in enumerate(_MONTHS)})
_MONTH_OF["sept"] = 9
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?" \
            r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
        "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
        "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
        "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000}
_SCALE = {"hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9, "trillion": 1e12}


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


_WORD = _trie_re(list(_ONES) + list(_TENS) + list(_ORD) + list(_SCALE))
_EN_RE = re.compile(
    rf"(?P<date>\b(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b)"
    rf"|(?P<date2>\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH_RE})\b\.?)"
    rf"|(?P<month>\b(?P<mon3>{_MONTH_RE})\b)"
    rf"|(?P<num>(?P<dv>{_DIGITS})(?P<suf>st|nd|rd|th|s)?(?:\s*(?P<pct>%|per\s?cent(?:age\s+points?)?\b))?"
    rf"(?:[\s-]*(?P<scale>hundred|thousand|million|billion|trillion)\b)?)"
    rf"|(?P<words>\b(?:{_WORD})(?:(?:[\s-]+(?:and\s+)?)(?:{_WORD}))*\b(?:\s*(?P<wpct>%|per\s?cent\b))?)",
    re.IGNORECASE,
)


def _words_value(words: str) -> float | None:
    total, current, seen = 0.0, 0.0, False
    for w in re.split(r"[\s-]+", words.lower()):
        if w in ("and", ""):
            continue
        if w in _ONES:
            current += _ONES[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _ORD:
            current += _ORD[w]
        elif w in _SCALE:
            scale = _SCALE[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


_SHARED_SCALE = re.compile(r"\s*(?:and|or|to|-|–)\s*(?:US\$|\$|€|£)?\d[\d,]*(?:\.\d+)?\s*(hundred|thousand|million|billion|trillion)\b",
                           re.IGNORECASE)
_EN_DIGIT_START = re.compile(r"[0-9](?<![0-9.,][0-9])")
_EN_LOWER_WORD = re.compile(r"[a-z]+")
_EN_HINTS = frozenset(list(_ONES) + list(_TENS) + list(_ORD) + list(_SCALE) + list(_MONTH_OF) + ["june", "july"])


def en_quantities(text: str) -> list[Quantity]:
    """Numbers, percentages and dates of an English text."""
    norm = text if text.isascii() else fold_width(text)
    low = norm.lower()
    starts = [m.start() for m in _EN_DIGIT_START.finditer(norm)]
    if not _EN_HINTS.isdisjoint(_EN_LOWER_WORD.findall(low)):
        starts += [m.start() for m in _EN_LOWER_WORD.finditer(low)
                   if m.group() in _EN_HINTS and (m.start() == 0 or not low[m.start() - 1].isalpha())]
        starts.sort()
    out: list[Quantity] = []
    for m in _anchored(_EN_RE, norm, starts):
        s, e, raw = m.start(), m.end(), m.group()
        if m.group("date") or m.group("date2"):
            mon = (m.group("mon") or m.group("mon2")).lower().rstrip(".")
            day = int(m.group("day") or m.group("day2"))
            mo = _MONTH_OF.get(mon)
            if mo and 1 <= day <= 31 and not (mon == "may" and m.group("date2") and False):
                out.append(Quantity(raw, s, e, (f"d:{mo}-{day}", f"m:{mo}", value_key(day))))
                continue
        if m.group("month"):
            mon = m.group("mon3").lower()
            out.append(Quantity(raw, s, e, (f"m:{_MONTH_OF[mon]}",), strong=False))
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
                v *= _SCALE[scale.lower()]
                step *= _SCALE[scale.lower()]
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
    return out


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
