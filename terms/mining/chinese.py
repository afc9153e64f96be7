"""Chinese side of term mining: the segment as matched, its words, and what may bound a term.

The segment is normalised for matching (Simplified, half-width: see
:func:`shuyu.textnorm.normalize_zh`) and segmented by a private
``jieba.Tokenizer`` (never jieba's global one).  A term's Chinese side is a
character span of the normalised text; what is shown to the user is the same
span of the original text, so Traditional input stays Traditional.

Words that cannot begin or end a term (particles, prepositions, conjunctions,
adverbs) are listed here; jieba's part-of-speech tags catch the rest.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ...numerals import ZH_NUMERAL_CHARS
from ...textnorm import HAN_RE, normalize_zh

#: Words that never start a term.
BAD_START = frozenset("""
的 地 得 了 着 过 之 其 和 与 及 以及 并 并且 或 或者 而 而且 但 但是 也 都 又 还 就 才 在 是 为 于 对 对于 从 向
把 被 将 以 由 给 同 跟 比 让 使 到 自 至 按 按照 根据 通过 关于 至于 随着 因为 所以 因此 如果 虽然 尽管 即使 不仅 个 项 位 名 种 批 次 件 条 支 只 张
场 轮 份 届 年来 以来 当前 目前 现在 今年 去年 昨天 今天 赴 往 去 来
而是 这 那 这些 那些 这个 那个 此 该 某 本 我 你 他 她 它 我们 你们 他们 她们 它们 自己 大家 谁 什么 怎么 如何 哪
有 没有 不 没 已 已经 正在 曾 曾经 要 会 能 可 可以 应 应该 应当 需要 必须 愿 愿意 希望 表示 说 称 指出 强调 认为
等 等等 很 更 最 非常 十分 特别 尤其 一起 一道 继续 不断 亲自 则 即 又 再 所 当 其中 此次 这次 加 及其 向 就是
作为 像 各 每
""".split())

#: Words that never end a term.
BAD_END = frozenset("""
的 地 得 了 着 过 之 和 与 及 以及 并 或 而 但 也 都 又 还 就 才 在 是 为 于 对 从 向 把 被 将 以 由 给 同 跟 比
让 使 到 自 至 等 等等 很 更 最 非常 这 那 此 该 各 每 某 其 有 没有 不 没 已 要 会 能 可 应 说 称 上 中 下 里 内
时 后 前 间 来 去 起 出 向 加 一个 一种 一些 方面 则 即 所 当 亲自 之一 赴 往
""".split())

#: jieba tags of words that do not end a term: adverb, preposition, conjunction, particles;
#: for one-character words also pronoun, numeral, measure word and locality (上, 中).
BAD_END_TAGS = frozenset("d p c u uj ul uz uv ug ud y e o".split())
BAD_END_TAGS_1 = BAD_END_TAGS | frozenset("r m q f".split())
#: jieba tags that do not start a term.
BAD_START_TAGS = frozenset("d p c u uj ul uz uv ug ud y e o".split())

#: Punctuation allowed inside a term (lists, compound names, transliterations).
INNER_PUNCT = frozenset("、—–-·•‧・/")
_OPENERS = "《“‘（(【〈「『"
_CLOSERS = "》”’）)】〉」』"
#: Each closing bracket or quote and the one that opens it (》: 《, ”: “, ）: （ …).
BRACKETS = dict(zip(_CLOSERS, _OPENERS))
#: The quotes among them: a name in quotes is part of a term (“一带一路”倡议), a bracket seldom is (（五）).
QUOTES = {c: o for c, o in BRACKETS.items() if c in "》”’」』"}
JIEBA_HMM = True
_PUNCT_RE = re.compile(r"[^\w\u3400-\u9fff]")


@lru_cache(maxsize=1)
def tokenizer():
    """A private, initialised ``jieba.Tokenizer`` whose dictionary cache lives in shuyu's per-user cache
    folder (not the shared temporary folder, where another user's ``jieba.cache`` cannot be replaced)."""
    import logging

    import jieba

    from ...files import jieba_cache_folder

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.tmp_dir = jieba_cache_folder()
    tok.initialize()
    return tok


def general_zipf(word: str) -> float:
    """Zipf frequency of ``word`` in jieba's general dictionary (0 when absent)."""
    tok = tokenizer()
    f = tok.FREQ.get(word, 0)
    if not f:
        return 0.0
    return math.log10(f / tok.total * 1e9)


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    """Word → part-of-speech tag from jieba's dictionary, built once into the per-user cache (marshal)."""
    import marshal
    import os

    tok = tokenizer()
    path = tok.dictionary if isinstance(tok.dictionary, str) else ""
    cache = None
    try:
        from ...aligner.lexicon import cache_dir

        stamp = f"{os.path.getsize(path)}-{int(os.path.getmtime(path))}" if path and os.path.exists(path) else "default"
        cache = cache_dir() / f"jieba-tags-{stamp}-2.marshal"
        if cache.exists():
            with open(cache, "rb") as fh:
                words, tags = marshal.load(fh)
            return dict(zip(words.split("\n"), tags.split("\n")))
    except (OSError, EOFError, ValueError, TypeError):
        cache = None  # an unreadable cache is rebuilt below
    table: dict[str, str] = {}
    with tok.get_dict_file() as fh:
        for raw in fh.read().decode("utf-8", "replace").splitlines():
            parts = raw.split(" ")
            if len(parts) >= 3:
                table[parts[0]] = parts[2]
    if cache is not None:
        from ...files import write_cache

        write_cache(cache, lambda fh: marshal.dump(("\n".join(table), "\n".join(table.values())), fh))
    return table


def word_tag(word: str) -> str:
    """jieba's part of speech for ``word`` ("" when unknown)."""
    return _tags().get(word, "")


@dataclass(frozen=True, slots=True)
class ZhSegment:
    """A Chinese segment: original and normalised text (same length) and its words."""

    text: str                 # as written
    norm: str                 # matching form
    words: tuple[tuple[str, int, int], ...]  # (word, start, end) in norm

    def word_at(self) -> list[int]:
        """Index of the word covering each character."""
        out = [0] * len(self.norm)
        for k, (_, s, e) in enumerate(self.words):
            for c in range(s, e):
                out[c] = k
        return out

    def shown(self, a: int, b: int) -> str:
        """The span as written (original script)."""
        return self.text[a:b]


@lru_cache(maxsize=20_000)
def segment(text: str) -> ZhSegment:
    """Normalise and segment a Chinese segment (an immutable record, remembered for its text: the learner
    and the miner read the same segments, and the ranker segments the same candidate strings again)."""
    text = unicodedata.normalize("NFC", text)
    norm = normalize_zh(text)
    if len(norm) != len(text):  # a phrase conversion changed the length: convert char by char
        norm = "".join(normalize_zh(c) if len(normalize_zh(c)) == 1 else c for c in text)
    words = []
    pos = 0
    for w in _parallel(_prepositions(_congresses(tokenizer().lcut(norm, HMM=JIEBA_HMM)))):
        words.append((w, pos, pos + len(w)))
        pos += len(w)
    return ZhSegment(text, norm, tuple(words))


_CONGRESS_NUMBER = re.compile(r"^二?十[一二三四五六七八九]?$")  # the 10th to the 29th (not 五十大企业)


def _congresses(words: list[str]) -> list[str]:
    """A Party congress by its number is one word: jieba cuts 十九大后 as 十九|大后 (and a bare 大 after such a
    number is the congress's)."""
    out: list[str] = []
    for w in words:
        if out and w[:1] == "大" and _CONGRESS_NUMBER.match(out[-1]) and (w == "大" or w in _AFTER_CONGRESS):
            out[-1] += "大"
            if len(w) > 1:
                out.append(w[1:])
            continue
        out.append(w)
    return out


def _prepositions(words: list[str]) -> list[str]:
    """A word jieba guessed (not in its dictionary) that ends in a preposition is a word and the preposition:
    武汉市卫生健康委向辖区 is 委|向|辖区, not 委向; one that starts with a measure word after a number is the
    measure word and a word (40场双多边 is 40|场|双|多边)."""
    out: list[str] = []
    freq = tokenizer().FREQ
    for w in words:
        if len(w) >= 2 and w[-1] in _PREPOSITIONS and not freq.get(w) and _HAN_ONLY.match(w):
            out += [w[:-1], w[-1]]
            continue
        if len(w) >= 2 and w[0] in MEASURES and out and NUMBER_WORD.match(out[-1]) and not freq.get(w) and \
                _HAN_ONLY.match(w):
            out += [w[0], w[1:]]  # a measure word after a number: 40|场|双 多边, not 场双
            continue
        out.append(w)
    return out


#: Measure words that follow a number (40场, 三次, 五项).
MEASURES = frozenset("场个次项名位家件条届轮批份座所起篇部")
#: What joins the items of a Chinese coordination: 经验和教训, 美国与伊朗, 精准、安全.
COORDINATORS = "和与及、"
NUMBER_WORD = re.compile(rf"^[0-9０-９.{ZH_NUMERAL_CHARS}几]+$")


def after_number(seg: "ZhSegment", k: int) -> bool:
    """Is the character at ``k`` right after a word that is a number (40, 四十), not a word ending in one (统一)?"""
    prev = next((w for w, s, e in seg.words if e == k), "")
    return bool(prev) and bool(NUMBER_WORD.match(prev))


_PREPOSITIONS = frozenset("向对从把被给")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


def _parallel(words: list[str]) -> list[str]:
    """Two two-character words on one first character are one unit of official Chinese, which jieba
    cuts in two: 联防|联控 (joint prevention and control), 群防|群控, 共建|共享."""
    out: list[str] = []
    for w in words:
        prev = out[-1] if out else ""
        if len(w) == 2 and len(prev) == 2 and w[0] == prev[0] and w[1] != prev[1] and w[0] not in _NOT_PARALLEL \
                and _HAN2.match(w) and _HAN2.match(prev) and _rare_pair(prev, w):
            out[-1] = prev + w
            continue
        out.append(w)
    return out


def _rare_pair(a: str, b: str) -> bool:
    """Rare words (联防, 联控), not two everyday words that happen to meet (国家|国际)."""
    za, zb = general_zipf(a), general_zipf(b)
    return max(za, zb) < 4.6 and za + zb < 8.0


_HAN2 = re.compile(r"^[\u4e00-\u9fff]{2}$")
#: First characters of two words side by side that are not one unit (不断|不会, 第一|第二, 一是|一要).
_NOT_PARALLEL = frozenset("不没未非第一二三四五六七八九十两是有在的了这那其此每各该本我你他她它们上下中前后大小多少")


#: jieba words that start with the 大 of a congress (十九大后, 十八大前).
_AFTER_CONGRESS = frozenset("大后 大前 大上 大时 大会上".split())


def is_punct(ch: str) -> bool:
    return bool(_PUNCT_RE.match(ch)) and ch not in "-"


def trim(seg: ZhSegment, a: int, b: int) -> tuple[int, int]:
    """Drop spaces, unmatched brackets and quotes at the span's edges."""
    z = seg.norm
    while a < b and (z[a].isspace() or z[a] in _CLOSERS or z[a] in "、，。；：？！" or
                     (z[a] in _OPENERS and _CLOSERS[_OPENERS.index(z[a])] not in z[a:b])):
        a += 1
    while b > a and (z[b - 1].isspace() or z[b - 1] in _OPENERS or z[b - 1] in "、，。；：？！" or
                     (z[b - 1] in _CLOSERS and _OPENERS[_CLOSERS.index(z[b - 1])] not in z[a:b])):
        b -= 1
    return a, b


def clause_breaks(norm: str, a: int, b: int) -> bool:
    """True when the span crosses clause punctuation (，。；：？！ or an unpaired bracket)."""
    for k in range(a, b):
        ch = norm[k]
        if ch in "，,。；;：:？?！!\n":
            return True
        if ch.isspace() and not (0 < k < len(norm) - 1 and norm[k - 1].isascii() and norm[k + 1].isascii()):
            return True  # 国务院总理　李克强: a space parts Chinese words
    return False


def well_formed(seg: ZhSegment, a: int, b: int, linked=lambda s, e: False) -> bool:
    """May ``seg.norm[a:b]`` be the Chinese side of a term?  ``linked(s, e)`` says a word is linked to
    the English term (then 会 "meeting" may end it although 会 "will" may not)."""
    if b - a < 1 or clause_breaks(seg.norm, a, b):
        return False
    z = seg.norm[a:b]
    if not HAN_RE.search(z):
        return False  # a Latin word in the Chinese (FOCAC, COVID-19) is not its Chinese
    if z[0] in INNER_PUNCT or z[-1] in INNER_PUNCT:
        return False
    first = last = None
    for w, s, e in seg.words:
        if s <= a < e:
            first = (w, s, e)
        if s < b <= e:
            last = (w, s, e)
    if first and first[1] == a and not linked(first[1], first[2]):
        w = first[0]
        if w in BAD_START or (word_tag(w) in BAD_START_TAGS and len(w) == 1):
            return False
    if last and last[2] == b and not linked(last[1], last[2]):
        w = last[0]
        tag = word_tag(w)
        if w in BAD_END or (w not in _OK_END and (tag in BAD_END_TAGS if len(w) > 1 else tag in BAD_END_TAGS_1)):
            return False
    return True


#: Words tagged as adverbs or numerals that do end terms.
_OK_END = frozenset("至上 第一 唯一 统一 同一 万一 一体 一流".split())


def cut_inside_word(seg: ZhSegment, a: int, b: int) -> int:
    """How many span edges fall inside a jieba word (0, 1 or 2)."""
    n = 0
    for w, s, e in seg.words:
        if s < a < e:
            n += 1
        if s < b < e:
            n += 1
    return n
