"""Chinese term candidates that do not depend on one segmentation.

Text is normalised (Simplified, half-width) and segmented by a private
``jieba.Tokenizer()``; stop words (``shuyu/data/stop_zh.txt``), punctuation
and numbers cut it into runs, and every run of up to :data:`MAX_WORDS`
adjacent words is a candidate, so 人类命运共同体 is found even when jieba
gives 人类/命运/共同体.  Transliterated names joined by a middle dot
(克莱尔·杜波依斯) are candidates too.

:func:`general_zipf` gives the general-language frequency of a word from
jieba's dictionary (Zipf scale: log10 of occurrences per billion words), used
as the keyness baseline: common words (合作, 发展) make weak terms alone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Collection

from ..textnorm import HAN_RE, normalize_zh

MAX_WORDS = 4
MAX_CHARS = 12

_DOTS = frozenset("·•‧・")
_CONTENT_RE = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9\-]+$")
_DIGITS_RE = re.compile(r"^[0-9.\-]+$")


@lru_cache(maxsize=None)
def builtin_stoplist_zh() -> frozenset[str]:
    """The built-in Chinese stop list (``shuyu/data/stop_zh.txt``)."""
    text = resources.files("shuyu.data").joinpath("stop_zh.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def zh_tokenizer():
    """A private, initialised ``jieba.Tokenizer`` (never jieba's global one)."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def general_zipf(word: str) -> float:
    """Zipf frequency of ``word`` in jieba's general dictionary (0 when absent)."""
    tok = zh_tokenizer()
    f = tok.FREQ.get(word, 0)
    if not f:
        return 0.0
    return math.log10(f / tok.total * 1e9)


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    """Word → tag from jieba's dict.txt, cached (marshal) beside the lexicon cache."""
    import marshal
    import os

    tok = zh_tokenizer()
    cache = None
    try:
        from ..aligner.lexicon import cache_dir

        path = tok.dictionary if isinstance(tok.dictionary, str) else ""
        stamp = f"{os.path.getsize(path)}-{int(os.path.getmtime(path))}" if path and os.path.exists(path) else "default"
        cache = cache_dir() / f"jieba-tags-{stamp}-2.marshal"
        if cache.exists():
            with open(cache, "rb") as fh:
                words, tags = marshal.load(fh)
            return dict(zip(words.split("\n"), tags.split("\n")))
    except Exception:  # a cache problem never stops mining
        cache = None
    table: dict[str, str] = {}
    with tok.get_dict_file() as fh:
        for raw in fh.read().decode("utf-8", "replace").splitlines():
            parts = raw.split(" ")
            if len(parts) >= 3:
                table[parts[0]] = parts[2]
    if cache is not None:
        try:
            from ..files import atomic_path

            cache.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(cache) as tmp, open(tmp, "wb") as fh:
                marshal.dump(("\n".join(table), "\n".join(table.values())), fh)
        except Exception:
            pass
    return table


def word_tag(word: str) -> str:
    """Part of speech of ``word`` in jieba's dictionary (ICTCLAS tags; ``""`` when unknown)."""
    return _tags().get(word, "")


@dataclass(frozen=True, slots=True)
class ZhCandidate:
    """One occurrence of a Chinese candidate in a segment.

    ``key`` is the normalised text; ``words`` the jieba words it spans;
    ``start``/``end`` character offsets in the normalised segment; ``kind`` is
    ``word``, ``compound``, ``name`` or ``part`` (a dictionary word inside a
    longer jieba word).
    """

    key: str
    words: tuple[str, ...]
    start: int
    end: int
    kind: str


def segment_zh(norm: str) -> list[tuple[str, int, int]]:
    """jieba words of normalised text with their character offsets."""
    out = []
    pos = 0
    for w in zh_tokenizer().lcut(norm, HMM=True):
        out.append((w, pos, pos + len(w)))
        pos += len(w)
    return out


def zh_candidates(text: str, *, stoplist: Collection[str] | None = None, max_words: int = MAX_WORDS,
                  max_chars: int = MAX_CHARS, normalized: bool = False) -> list[ZhCandidate]:
    """All candidate occurrences in one Chinese segment (in order, duplicates kept)."""
    stop = builtin_stoplist_zh() if stoplist is None else stoplist
    norm = text if normalized else normalize_zh(text)
    words = segment_zh(norm)
    content = [bool(_CONTENT_RE.match(w)) and HAN_RE.search(w) is not None and w not in stop
               and not _DIGITS_RE.match(w) for w, _, _ in words]
    out: list[ZhCandidate] = []
    n = len(words)
    i = 0
    while i < n:
        if not content[i]:
            i += 1
            continue
        j = i
        while j < n and content[j]:
            j += 1
        for a in range(i, j):
            for b in range(a + 1, min(j, a + max_words) + 1):
                s, e = words[a][1], words[b - 1][2]
                if e - s < 2 or e - s > max_chars:
                    continue
                span = tuple(w for w, _, _ in words[a:b])
                out.append(ZhCandidate(norm[s:e], span, s, e, "word" if b - a == 1 else "compound"))
        i = j
    # a second segmentation: a long word split cleanly into two dictionary words
    # (毛泽东思想 → 毛泽东 + 思想), each part a candidate too
    freq = zh_tokenizer().FREQ
    for k, (w, s0, _) in enumerate(words):
        if len(w) < 4 or not content[k]:
            continue
        for cut in range(2, len(w) - 1):
            left, right = w[:cut], w[cut:]
            if freq.get(left) and freq.get(right):
                if left not in stop:
                    out.append(ZhCandidate(left, (left,), s0, s0 + cut, "part"))
                if right not in stop:
                    out.append(ZhCandidate(right, (right,), s0 + cut, s0 + len(w), "part"))
    # transliterated names: the words either side of a middle dot (克莱尔·杜波依斯)
    k = 1
    while k < n - 1:
        if words[k][0] in _DOTS and HAN_RE.match(words[k - 1][0]) and HAN_RE.match(words[k + 1][0]):
            a, b = k - 1, k + 2
            while b + 1 < n and words[b][0] in _DOTS and HAN_RE.match(words[b + 1][0]):
                b += 2
            s, e = words[a][1], words[b - 1][2]
            out.append(ZhCandidate(norm[s:e], tuple(w for w, _, _ in words[a:b]), s, e, "name"))
            k = b
        else:
            k += 1
    return out
