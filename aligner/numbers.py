"""Numbers, ordinals and dates in English and Chinese, as comparable keys.

Both sides are reduced to *value keys* so that ``3.5亿`` and ``350 million``,
``十九`` and ``nineteenth``, ``10月4日`` and ``October 4`` meet:

* ``"#<value>"`` for a number (``#19``, ``#350000000``, ``#3.5``),
* ``"m<1-12>"`` for a month name / ``N月``.

Everything here is pure and cheap (regular expressions only).
"""

from __future__ import annotations

import re

__all__ = ["zh_numeral_value", "zh_number_keys", "en_number_keys", "number_key", "english_forms",
           "MONTHS", "month_key"]

_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿"

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_ABBR["sept"] = 9
_MONTH_FULL = {m: i + 1 for i, m in enumerate(MONTHS)}

_EN_ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
            "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
            "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_EN_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
           "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
           "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
           "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
           "hundredth": 100, "thousandth": 1000}
_EN_NUMBERISH = frozenset(list(_EN_ONES) + list(_EN_TENS) + list(_EN_ORD) + list(_MONTH_FULL)
                          + list(_MONTH_ABBR) + [t + "th" for t in _EN_TENS])
_EN_WORD_NUM = frozenset(list(_EN_ONES) + list(_EN_TENS))
_EN_SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
             "trillion": 1_000_000_000_000}
_ONES_WORDS = {v: k for k, v in _EN_ONES.items()}
_TENS_WORDS = {v: k for k, v in _EN_TENS.items()}
_ORD_WORDS = {v: k for k, v in _EN_ORD.items()}


def number_key(value: float) -> str:
    """Canonical key of a numeric value: ``#19``, ``#3.5``."""
    if value == int(value):
        return f"#{int(value)}"
    return f"#{round(value, 6):g}"


def month_key(month: int) -> str:
    return f"m{month}"


def zh_numeral_value(text: str) -> float | None:
    """Value of a Chinese numeral string (``十九``, ``两千零五``, ``二〇一七``, ``3.5亿``), else None."""
    if not text:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万亿|亿|万|千|百)?", text.replace(",", ""))
    if m:
        value = float(m.group(1))
        unit = m.group(2)
        if unit:
            value *= {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}[unit]
        return value
    if any(c not in _ZH_NUMERAL_CHARS for c in text):
        return None
    if all(c in _ZH_DIGITS for c in text):
        if len(text) == 1:
            return float(_ZH_DIGITS[text])
        return float("".join(str(_ZH_DIGITS[c]) for c in text))  # 二〇一七 -> 2017
    total = 0
    section = 0
    number = 0
    seen = False
    for c in text:
        if c in _ZH_DIGITS:
            number = _ZH_DIGITS[c]
            seen = True
        elif c in _ZH_UNITS:
            section += (number if (number or seen) else 1) * _ZH_UNITS[c]
            number = 0
            seen = False
        elif c in _ZH_BIG:
            section += number
            big = _ZH_BIG[c]
            if big == 100_000_000:
                total = (total + section) * big
            else:
                total += section * big
            section = 0
            number = 0
            seen = False
    return float(total + section + number)


_ZH_NUM_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?\s*(?:万亿|亿|万)?|[零〇○一二两三四五六七八九十百千万亿]+)"
                        r"(月|日|号|年|个|%|％)?")
_ZH_PCT_RE = re.compile(r"百分之([零〇○一二两三四五六七八九十百千点\d.]+)")


def zh_number_keys(text: str) -> list[str]:
    """Number and month keys in Chinese ``text``, in order (values 0/1 and lone 一 are skipped)."""
    keys: list[str] = []
    for m in _ZH_NUM_RE.finditer(text):
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
    for m in _ZH_PCT_RE.finditer(text):
        value = zh_numeral_value(m.group(1).replace("点", "."))
        if value is not None and value > 1:
            key = number_key(value)
            if key not in keys:
                keys.append(key)
    return keys


_DIGIT_RE = re.compile(r"\d")
_NONWORD_RE = re.compile(r"[^a-z]+")
_EN_TOKEN_RE = re.compile(r"\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?|[A-Za-z]+\.?")


def en_number_keys(text: str) -> list[str]:
    """Number and month keys in English ``text`` (digits, number words, ordinals, months)."""
    keys: list[str] = []
    if not _DIGIT_RE.search(text) and _EN_NUMBERISH.isdisjoint(_NONWORD_RE.sub(" ", text.lower()).split()):
        return keys
    tokens = _EN_TOKEN_RE.findall(text)
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        low = tok.lower().rstrip(".")
        value: float | None = None
        if tok[0].isdigit():
            m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)(st|nd|rd|th)?", tok)
            if m:
                try:
                    value = float(m.group(1).replace(",", ""))
                except ValueError:
                    value = None
        elif low in _EN_ONES or low in _EN_TENS:
            value = float(_EN_ONES.get(low, _EN_TENS.get(low, 0)))
            if low in _EN_TENS and i + 1 < n and tokens[i + 1].lower() in _EN_ONES:
                value += _EN_ONES[tokens[i + 1].lower()]
                i += 1
        elif low in _EN_ORD:
            value = float(_EN_ORD[low])
        elif low.endswith("th") and low[:-2] in _EN_TENS:
            value = float(_EN_TENS[low[:-2]])
        elif tok[0].isupper() and (low in _MONTH_FULL or (low in _MONTH_ABBR and tok.endswith("."))
                                   or (low in _MONTH_ABBR and low != "may")):
            month = _MONTH_FULL.get(low) or _MONTH_ABBR.get(low)
            if low == "may" and not (i + 1 < n and tokens[i + 1][0].isdigit()):
                month = None
            if month:
                keys.append(month_key(month))
            i += 1
            continue
        if value is not None:
            # scale words and compounds: "3.5 million", "two hundred", "nine hundred and fifty",
            # "three thousand five hundred"
            total = 0.0
            while True:
                while i + 1 < n and tokens[i + 1].lower() in _EN_SCALE:
                    scale = _EN_SCALE[tokens[i + 1].lower()]
                    if scale >= 1000:
                        total, value = (total + value) * scale, 0.0
                    else:
                        value *= scale
                    i += 1
                nxt = i + 1
                if nxt < n and tokens[nxt].lower() == "and":
                    nxt += 1
                if (total or value >= 100) and nxt < n and tokens[nxt].lower() in _EN_WORD_NUM:
                    word = tokens[nxt].lower()
                    total += value
                    value = float(_EN_ONES.get(word, _EN_TENS.get(word, 0)))
                    i = nxt
                    if word in _EN_TENS and i + 1 < n and tokens[i + 1].lower() in _EN_ONES:
                        value += _EN_ONES[tokens[i + 1].lower()]
                        i += 1
                    continue
                break
            value += total
            # "seven and twenty" (= 27, older English)
            if 0 < value < 10 and i + 2 < n and tokens[i + 1].lower() == "and" \
                    and tokens[i + 2].lower() in _EN_TENS:
                value += _EN_TENS[tokens[i + 2].lower()]
                i += 2
            if value > 1:
                keys.append(number_key(value))
        i += 1
    return keys


def english_forms(value: float, *, ordinal: bool = True) -> set[str]:
    """English spellings of a value for the lexicon: ``{"19", "nineteen", "nineteenth"}``."""
    forms = set()
    if value == int(value):
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
