"""Sentence features for the aligner: English keys, Chinese units, and their links.

English sentences become *keys*: content-word lemmas (:func:`.lexicon.en_lemma`),
number/month keys (:mod:`shuyu.numerals`), Latin tokens, and a leading enumerator
(``I.``, ``A.``, ``1.`` → ``§1``).  Chinese sentences become *units*: every
lexicon headword found in the sentence by dictionary lookup of all substrings
(not one segmentation: overlapping words are all kept; a single character is
kept only where no longer word covers it), numbers, Latin tokens and the
leading enumerator (``一、``, ``（一）``, ``1.``).  A unit is *linked* to the
English keys among its lexicon translations.  Romanised Chinese names (``Chen
Qingyang``) become keys ``py:chenqingyang`` linked to the Han characters that read
so (陈清扬), using the pinyin of CC-CEDICT's single-character entries.
Chinese lengths for the length model count digits, Latin and punctuation at a
reduced weight (:func:`zh_length`).

Everything is per document and returned as integer ids and numpy arrays so
that the aligner can score a band of sentence pairs with vectorised code.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from ..textnorm import fold_width
from .lexicon import STOPWORDS, Lexicon, en_content_lemmas, en_lemma
from ..numerals import en_number_keys, zh_number_keys, zh_numeral_value

MAX_SENTENCE_CHARS = 3000
"""Only the first characters of a sentence are looked at for words (a 1 MB
"sentence" costs no more than this); its full length still counts."""

MAX_ZH_WORD = 6

ZH_STOP_CHARS = frozenset("的了是在和与及或就也都而又还把被对于以之其这那你我他她它们个着过地得吗呢吧啊呀么所"
                          "为从向到给让将要会能可该并且但如则因此些每各等被已")
"""Single characters never used as units on their own (particles, pronouns, function words)."""

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10,
          "xi": 11, "xii": 12}
_EN_ENUM_RE = re.compile(r"^\s*(?:\(?([ivxIVX]{1,4}|[A-Za-z]|\d{1,2})[.)]\s+|(?:Part|Chapter|Section)\s+"
                         r"([IVXivx]+|\d+|[A-Za-z]+)\b)")
_ZH_ENUM_RE = re.compile(r"^\s*(?:[（(]([一二三四五六七八九十\d]{1,3})[）)]|([一二三四五六七八九十]{1,3})、|"
                         r"(\d{1,2})[.、．]|第([一二三四五六七八九十\d]{1,3})[部分章节条])")
_LATIN_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")
_HAN_RUN_RE = re.compile(r"[\u3400-\u9fff]+")
_ORD_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


_HAN_CHAR_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACE_RE = re.compile(r"\s")


def zh_length(text: str, other_weight: float = 0.8) -> float:
    """Length of a Chinese sentence for the length model: Han characters count 1, other
    characters (digits, Latin, punctuation) ``other_weight`` — they are copied from the
    English side or nearly so, so counting them in full makes short dates and numbers
    look far too long."""
    if len(text) > 200_000:
        text = text[:200_000]
    han = len(_HAN_CHAR_RE.findall(text))
    other = len(text) - han - len(_SPACE_RE.findall(text))
    return float(han + other_weight * other)


PUNCT_CLASSES = ("quote", "unbalanced", "question", "exclaim", "colon", "semicolon")
"""Punctuation that a translation tends to keep (see :func:`punct_counts`)."""

_QUOTE_PUNCT = set(".,!?;:)]}-—…")


_QUOTE_RE = re.compile("[“”‘’「」『』'\"]")


def punct_counts(text: str) -> tuple[int, int, int, int, int, int]:
    """Counts of :data:`PUNCT_CLASSES` in a sentence (English, or normalised Chinese, whose
    full-width ``？！：；`` are ASCII): opening quotes, opening minus closing quotes (not 0 when a
    quotation runs on into the next sentence), ``?``, ``!``, ``:``, ``;``.

    Apostrophes are not quotes: a ``'`` or ``’`` between letters (``China’s``, ``didn't``) is
    skipped, and one after a letter closes only an open quotation.
    """
    text = text[:MAX_SENTENCE_CHARS]
    opens = closes = depth = 0
    n = len(text)
    for m in _QUOTE_RE.finditer(text):
        k = m.start()
        c = text[k]
        if c in "“‘「『":
            opens += 1
            depth += 1
        elif c in "”」』":
            closes += 1
            depth = max(depth - 1, 0)
        else:
            prev = text[k - 1] if k else " "
            nxt = text[k + 1] if k + 1 < n else " "
            if c == '"':
                if prev.isspace() or prev in "([{—-":
                    opens += 1
                    depth += 1
                else:
                    closes += 1
                    depth = max(depth - 1, 0)
            elif prev >= "\u2e80" or nxt >= "\u2e80":  # next to Chinese: a quotation mark
                if depth > 0:
                    closes += 1
                    depth -= 1
                else:
                    opens += 1
                    depth += 1
            elif prev.isalnum() and nxt.isalnum():
                continue  # an apostrophe inside a word
            elif (prev.isspace() or prev in "([{\"—-") and not nxt.isspace():
                opens += 1
                depth += 1
            elif (nxt.isspace() or nxt in _QUOTE_PUNCT or k + 1 == n) and (depth > 0 or prev in _QUOTE_PUNCT):
                closes += 1
                depth = max(depth - 1, 0)
    return (opens, opens - closes, text.count("?"), text.count("!"), text.count(":"), text.count(";"))


def en_enumerator(text: str) -> str | None:
    m = _EN_ENUM_RE.match(text)
    if not m:
        return None
    tok = (m.group(1) or m.group(2) or "").strip()
    low = tok.lower()
    if low in _ROMAN:
        return f"§{_ROMAN[low]}"
    if tok.isdigit():
        return f"§{int(tok)}"
    if len(tok) == 1 and tok.isalpha():
        return f"§{ord(low) - 96}"
    if low in _ORD_WORDS:
        return f"§{_ORD_WORDS[low]}"
    return None


def zh_enumerator(text: str) -> str | None:
    m = _ZH_ENUM_RE.match(text)
    if not m:
        return None
    tok = next(g for g in m.groups() if g)
    value = zh_numeral_value(tok)
    return f"§{int(value)}" if value else None


def en_keys(text: str) -> list[str]:
    """Keys of one English sentence (unordered, unique)."""
    text = text[:MAX_SENTENCE_CHARS]
    keys = set(en_content_lemmas(text))
    keys.update(en_number_keys(text))
    enum = en_enumerator(text)
    if enum:
        keys.add(enum)
    return list(keys)


def word_lengths(words) -> dict[str, tuple[int, ...]]:
    """For every first character, the lengths (2..MAX_ZH_WORD, longest first) of words starting with it."""
    table: dict[str, set[int]] = {}
    for w in words:
        if 2 <= len(w) <= MAX_ZH_WORD:
            table.setdefault(w[0], set()).add(len(w))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in table.items()}


def zh_units(text: str, words: frozenset[str] | set[str], lengths: dict | None = None) -> list[str]:
    """Units of one Chinese sentence (unordered, unique); ``text`` is normalised Chinese.

    ``lengths`` is :func:`word_lengths` of ``words`` (computed if not given).
    """
    if lengths is None:
        lengths = word_lengths(words)
    text = text[:MAX_SENTENCE_CHARS]
    units: set[str] = set()
    add = units.add
    get = lengths.get
    stop = ZH_STOP_CHARS
    for run in _HAN_RUN_RE.finditer(text):
        s = run.group()
        n = len(s)
        reach = 0  # end of the longest word found so far (characters before it are covered)
        for p, c in enumerate(s):
            for L in get(c, ()):
                end = p + L
                if end <= n:
                    w = s[p:end]
                    if w in words:
                        add(w)
                        if end > reach:
                            reach = end
            if reach <= p and c in words and c not in stop:
                add(c)
    for m in _LATIN_TOKEN_RE.finditer(text):
        units.add(m.group().lower())
        lem = en_lemma(m.group())
        if lem:
            units.add(lem)
    units.update(zh_number_keys(text))
    enum = zh_enumerator(text)
    if enum:
        units.add(enum)
    return list(units)


@dataclass(frozen=True)
class DocFeatures:
    """Integer features of one document pair (see :func:`extract`)."""

    en_keys: list          # per EN sentence: np.ndarray of key ids
    zh_units: list         # per ZH sentence: np.ndarray of unit ids (linked units only)
    key_weight: object     # np.ndarray float, per key id
    unit_weight: object    # np.ndarray float, per unit id
    links: list            # per unit id: np.ndarray of key ids
    en_len: object         # np.ndarray float, characters per EN sentence
    zh_len: object         # np.ndarray float, characters per ZH sentence
    key_names: list
    unit_names: list
    key_is_number: object = None   # np.ndarray bool, per key id
    unit_is_number: object = None  # np.ndarray bool, per unit id


def _is_number(key: str) -> bool:
    """Number keys ≥ 10 (``#19``, ``#2017``): nearly always carried over in translation
    (small numbers often are not: "two sides" / 双方)."""
    if key[:1] != "#":
        return False
    try:
        return float(key[1:]) >= 10
    except ValueError:
        return False


def _is_special(key: str) -> bool:
    return key[:1] in "#§m" and (key[:1] != "m" or key[1:].isdigit())


_PINYINISH_RE = re.compile(r"zh|x|q|ng|ao|ou|ui|ia|ie|uo|ei|iu|ua")
"""Letter groups typical of pinyin (and rare in e.g. Hebrew or Greek names)."""
_CAP_RUN_RE = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


def _pinyin_syllables(lexicon: Lexicon) -> frozenset[str]:
    return lexicon.pinyin_syllables()


def _is_pinyin(word: str, syllables, max_syl: int = 4) -> int:
    """Number of pinyin syllables ``word`` splits into (0 if it does not)."""
    n = len(word)
    best = [0] + [99] * n
    for i in range(1, n + 1):
        for L in range(1, min(6, i) + 1):
            if best[i - L] < 99 and word[i - L:i] in syllables:
                best[i] = min(best[i], best[i - L] + 1)
    return best[n] if best[n] <= max_syl else 0


def _add_pinyin_names(en, zh, lexicon, en_key_lists, zh_unit_lists, name_links) -> None:
    """Romanised Chinese names (``Chen Qingyang``, ``Wang Er``) ↔ the Han characters read so.

    English runs of capitalised words that spell pinyin (two to four syllables, spaces
    ignored) become keys ``py:<pinyin>``; every Han substring of 2-4 characters with
    a reading equal to such a key becomes a unit linked to it.
    """
    syllables = _pinyin_syllables(lexicon)
    if not syllables:
        return
    names: set[str] = set()
    for idx, text in enumerate(en):
        found = set()
        for m in _CAP_RUN_RE.finditer(text[:MAX_SENTENCE_CHARS]):
            toks = [t.lower() for t in re.split(r"[ -]", m.group())]
            cands = set(toks)
            cands.update("".join(toks[k:k + 2]) for k in range(len(toks) - 1))
            if len(toks) <= 4:
                cands.add("".join(toks))
            for c in cands:
                if c in STOPWORDS or lexicon.knows_en_word(en_lemma(c)):
                    continue
                if _PINYINISH_RE.search(c) and 2 <= _is_pinyin(c, syllables) <= 4:
                    found.add(c)
        if found:
            en_key_lists[idx] = list(set(en_key_lists[idx]) | {"py:" + c for c in found})
            names |= found
    if not names:
        return
    prefixes = {n[:k] for n in names for k in range(1, len(n) + 1)}
    cache: dict[str, tuple[str, ...]] = {}

    def readings(c: str) -> tuple[str, ...]:
        got = cache.get(c)
        if got is None:
            got = cache[c] = lexicon.pinyin(c)[:4]
        return got

    first = {n[:k] for n in names for k in range(1, 7) if n[:k] in syllables}
    chars = set("".join(t[:MAX_SENTENCE_CHARS] for t in zh))
    starts = {c for c in chars if any(r in first for r in readings(c))}
    if not starts:
        return
    start_re = re.compile("[" + "".join(sorted(starts)) + "]")
    for j, text in enumerate(zh):
        got = set()
        if not start_re.search(text, 0, MAX_SENTENCE_CHARS):
            continue
        for run in _HAN_RUN_RE.finditer(text[:MAX_SENTENCE_CHARS]):
            s = run.group()
            for p in range(len(s)):
                if s[p] not in starts:
                    continue
                frontier = [""]
                for q in range(p, min(p + 4, len(s))):
                    frontier = [f + r for f in frontier for r in readings(s[q]) if f + r in prefixes]
                    if not frontier:
                        break
                    if q > p:
                        for f in frontier:
                            if f in names:
                                unit = "\x01" + s[p:q + 1] + "\x01" + f
                                name_links[unit] = "py:" + f
                                got.add(unit)
        if got:
            zh_unit_lists[j] = list(set(zh_unit_lists[j]) | got)


def _truncate(key: str, n: int) -> str:
    if n and len(key) > n and key[:1] not in "#§" and " " not in key and key.isalpha():
        return key[:n]
    return key


def extract(en: Sequence[str], zh: Sequence[str], lexicon: Lexicon,
            extra_links: dict[str, set[str]] | None = None, stem: int = 0,
            names: bool = True) -> DocFeatures:
    """Features of a document pair: EN key ids, linked ZH unit ids, weights and lengths.

    ``extra_links`` maps a Chinese unit to extra English keys (learnt from the
    document in a second pass); such units are looked up as well.
    """
    import numpy as np

    words = lexicon.zh_words()
    lengths = lexicon.zh_word_lengths()
    if extra_links:
        words = set(words) | set(extra_links)
        lengths = word_lengths(words)
    en_key_lists = [en_keys(s) for s in en]
    if stem:
        en_key_lists = [list({_truncate(k, stem) for k in keys}) for keys in en_key_lists]
    zh_unit_lists = [zh_units(fold_width(s), words, lengths) for s in zh]
    name_links: dict[str, str] = {}
    if names:
        _add_pinyin_names(en, zh, lexicon, en_key_lists, zh_unit_lists, name_links)

    key_id: dict[str, int] = {}
    for keys in en_key_lists:
        for k in keys:
            if k not in key_id:
                key_id[k] = len(key_id)
    unit_links: dict[str, list[int]] = {}
    unit_id: dict[str, int] = {}
    links: list = []
    unit_names: list[str] = []
    for units in zh_unit_lists:
        for u in units:
            if u in unit_links:
                continue
            if u in name_links:
                targets = [key_id[name_links[u]]] if name_links[u] in key_id else []
            elif _is_special(u) or u.isascii():
                targets = [key_id[u]] if u in key_id else []
            else:
                trans = lexicon.en_for_zh(u)
                targets = []
                for t in trans:
                    kid = key_id.get(_truncate(t, stem) if stem else t)
                    if kid is not None:
                        targets.append(kid)
                    elif " " in t:
                        continue
                if extra_links and u in extra_links:
                    targets.extend(key_id[t] for t in extra_links[u] if t in key_id)
            targets = sorted(set(targets))
            unit_links[u] = targets
            if targets or _is_number(u):  # numbers count even when never translated
                unit_id[u] = len(unit_id)
                unit_names.append(u)
                links.append(np.asarray(targets, dtype=np.int64))
    zh_ids = [np.asarray(sorted({unit_id[u] for u in units if u in unit_id}), dtype=np.int64)
              for units in zh_unit_lists]
    linkable = np.zeros(len(key_id), dtype=bool)
    for arr in links:
        linkable[arr] = True
    for x, k in key_id.items():
        if _is_number(x):
            linkable[k] = True  # an untranslated number is evidence too
    en_ids = [np.asarray(sorted(k for k in (key_id[x] for x in keys) if linkable[k]), dtype=np.int64)
              for keys in en_key_lists]
    # idf weights
    n_en, n_zh = max(len(en), 1), max(len(zh), 1)
    df_key = np.zeros(len(key_id))
    for arr in en_ids:
        df_key[arr] += 1
    df_unit = np.zeros(len(unit_id))
    for arr in zh_ids:
        df_unit[arr] += 1
    key_weight = np.log1p(n_en / np.maximum(df_key, 1))
    unit_weight = np.log1p(n_zh / np.maximum(df_unit, 1))
    single = np.array([len(u) == 1 for u in unit_names], dtype=bool)
    if len(unit_weight):
        unit_weight[single] *= 0.5
    key_names = [None] * len(key_id)
    for k, i in key_id.items():
        key_names[i] = k
    en_len = np.array([float(len(s)) for s in en])
    zh_len = np.array([zh_length(s) for s in zh])
    return DocFeatures(en_ids, zh_ids, key_weight, unit_weight, links, en_len, zh_len,
                       key_names, unit_names,
                       np.array([_is_number(k) for k in key_names], dtype=bool),
                       np.array([_is_number(u) for u in unit_names], dtype=bool))


def idf(n: int, df: int) -> float:
    return math.log1p(n / max(df, 1))
