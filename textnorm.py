"""Normalised forms of text used for matching.

The original text is never changed; these functions build the key that
matching uses: Traditional Chinese folded to Simplified (OpenCC ``t2s``),
full-width ASCII folded to half-width, ideographic space to space.  The
width fold keeps the length of the string, so offsets into a normalised
string of Simplified input are offsets into the original too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
LATIN_RE = re.compile(r"[A-Za-z]")


def fold_width(text: str) -> str:
    """Full-width ASCII (Ａ１，) to half-width (A1,); same length."""
    return text.translate(_WIDTH)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC t2s); other text unchanged."""
    if not text or not HAN_RE.search(text):
        return text
    return _t2s().convert(text)


def normalize_zh(text: str) -> str:
    """Matching key for Chinese text: Simplified, half-width, NFC."""
    return fold_width(to_simplified(unicodedata.normalize("NFC", text)))


def normalize_en(text: str) -> str:
    """Matching key for English text: half-width, NFC, curly quotes straightened."""
    text = fold_width(unicodedata.normalize("NFC", text))
    return text.translate(_QUOTES)


#: Curly quotes, dashes and the Unicode hyphens (U+2010 in "co‐operation" of UN texts, U+2011 non-breaking)
#: as their ASCII forms, one character for one.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})


def han_ratio(text: str) -> float:
    """Share of Han characters among the letters (Han + Latin) of ``text``."""
    han = len(HAN_RE.findall(text))
    latin = len(LATIN_RE.findall(text))
    return han / (han + latin) if han + latin else 0.0


def detect_script(text: str) -> str:
    """``"hans"``, ``"hant"`` or ``"mixed"`` for Chinese text, by how much OpenCC t2s changes."""
    han = HAN_RE.findall(text)
    if not han:
        return "hans"
    sample = "".join(han[:20000])
    changed = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b)
    ratio = changed / len(sample)
    if ratio > 0.05:
        return "hant"
    if ratio > 0.005:
        return "mixed"
    return "hans"
