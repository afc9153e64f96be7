"""From links to term pairs: the Chinese span an English span's words link to.

This is phrase extraction as statistical MT does it, with a term's needs:
the Chinese side is the hull of the characters linked to the English span,
completed to whole words over unlinked characters and trimmed of unlinked
function words and punctuation; it is *consistent* when no character inside
it is linked to an English word outside the span.  Its evidence says how
much of each side the links explain (coverage) and by what kind of link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...numerals import ZH_NUMERAL_CHARS
from .chinese import BAD_END, BAD_START, QUOTES, ZhSegment, is_punct, trim, well_formed
from .links import FUNCTION_CHARS, Links, en_value

_FREE_EDGE = frozenset("的之和与及并或在对为于把被将以由从向给了着过等")
_NEVER_EDGE = frozenset(("的", "地", "得", "了", "着", "是"))


@dataclass(frozen=True, slots=True)
class Projection:
    """The Chinese counterpart of an English span in one segment pair."""

    a: int
    b: int
    en_cov: float       # share of the span's content units linked inside [a, b)
    zh_cov: float       # share of the Chinese content characters explained by the span's links
    strength: float     # mean score of the links used
    kinds: tuple[str, ...]
    conflict: int       # characters inside linked to English words outside the span

    @property
    def evidence(self) -> float:
        """One number in [0, 1]: how well the links support this pair."""
        if self.conflict:
            return 0.0
        return self.en_cov * self.zh_cov * self.strength


def _lemma_units(table: Links, units: set[int]) -> set[str]:
    return {table.unit_text[u] for u in units}


def project(table: Links, seg: ZhSegment, content_units: list[int], all_units: set[int],
            word_at: list[int], lexical=lambda z: False) -> Projection | None:
    """Project the English units of a span (``content_units`` ⊆ ``all_units``) onto the Chinese segment.

    ``lexical(z)`` tells whether a Chinese string is a dictionary word (a word is
    not added to the span just because jieba wrote it together with the span).
    """
    inside = set(all_units)
    chars: list[int] = []
    used = []
    for u in content_units:
        for ln in table.unit_links[u]:
            used.append(ln)
            chars.extend(range(ln.a, ln.b))
    if not chars:
        return None
    a, b = min(chars), max(chars) + 1
    char_units = table.char_units
    same_text = _lemma_units(table, inside)
    # an acronym beside its expansion names the same thing: it does not make the expansion inconsistent
    acronyms = {u for ln in table.links if ln.kind == "acronym" for u in ln.en}

    # a link by position alone is a guess: its characters inside the hull are unexplained, not a conflict
    # ("build" = 命运 by place does not stop "community with a shared future for mankind" = 人类命运共同体)
    guessed = {u for ln in table.links if ln.kind == "position" for u in ln.en}

    def outside(c: int) -> bool:
        us = char_units[c]
        return bool(us) and any(u not in inside and table.unit_text[u] not in same_text and u not in acronyms
                                and u not in guessed for u in us)

    # complete words over unlinked characters (not over a word of its own: 香港 in 香港特别行政区)
    linked_end = b
    # a name read by its sound ends where its syllables end, not where jieba's word does (叶文洁 of 叶文|洁身|上)
    names = [ln for ln in used if ln.kind == "name"]
    a, b = _complete(seg, char_units, word_at, a, b, lexical,
                     any(ln.a == a for ln in names), any(ln.b == b for ln in names))
    suffix = range(linked_end, b) if seg.norm[linked_end:b] in _BOUND_SUFFIX else range(0)
    # trim unlinked function words and punctuation at the edges
    a, b = _trim_free(seg, table, a, b, word_at)
    b = _without_count(seg.norm, table, a, b, inside)
    if a >= b:
        return None
    a = _open_quote(seg.norm, a, b)
    conflict = sum(1 for c in range(a, b) if outside(c))
    # how much of each character the span's links explain: a link that also holds English words outside
    # the span explains its characters only in part (of "projected development" = 主要预期, "development
    # targets" has half, so "projected development targets" is the pair of 主要预期目标)
    linked_in: dict[int, float] = {}
    for ln in used:
        share = _share_inside(ln, inside)
        for c in range(max(ln.a, a), min(ln.b, b)):
            linked_in[c] = max(linked_in.get(c, 0.0), share)
    content_chars = [c for c in range(a, b) if not is_punct(seg.norm[c]) and seg.norm[c] not in _FREE_EDGE]
    linked_in.update(dict.fromkeys(suffix, 1.0))  # 主义 of 霸权主义 says what 霸权 says
    zh_cov = sum(linked_in.get(c, 0.0) for c in content_chars) / max(len(content_chars), 1)
    hit = [any(ln.a < b and ln.b > a for ln in table.unit_links[u]) for u in content_units]
    en_cov = sum(hit) / max(len(content_units), 1)
    if len(hit) > 1 and not (hit[0] and hit[-1]):
        # a term's first and last words are its anchors: a dangling word at an edge (the given name
        # in "Minister of Foreign Affairs Murat" = 外长) is not part of it
        en_cov *= 0.5
    strength = sum(ln.score for ln in used) / len(used)
    kinds = tuple(sorted({ln.kind for ln in used}))
    return Projection(a, b, en_cov, zh_cov, min(1.0, strength), kinds, conflict)


#: A number and its counter word at the end of a Chinese span: 75周年, 三十年, 40场.
_COUNT_END = re.compile(rf"(?:[0-9０-９.]+|[{ZH_NUMERAL_CHARS}]{{2,}})(?:周年|年|届|次|场|个)?$")


def _without_count(norm: str, table: Links, a: int, b: int, inside: set[int]) -> int:
    """The end of a span without a number at its end that no word of the English span says: "founding of the
    United Nations" = 联合国成立, not 联合国成立75周年 (the 75th anniversary was said before it)."""
    m = _COUNT_END.search(norm, a, b)
    if not m or m.start() == a or any(en_value(table.unit_text[u]) is not None for u in inside):
        return b
    if any(ln.kind != "position" and ln.a < b and ln.b > m.start() for u in inside for ln in table.unit_links[u]):
        return b  # a word of the span says it ("anniversary" = 周年), not a guess by position
    end = m.start()
    while end > a and is_punct(norm[end - 1]):
        end -= 1
    return end


def _share_inside(ln, inside: set[int]) -> float:
    """The share of a link's English units inside a span, for two words linked together to one Chinese
    word (a link over a longer stretch of words is a guess at a clause, not a word's translation)."""
    if len(ln.en) != 2:
        return 1.0
    return sum(1 for u in ln.en if u in inside) / len(ln.en)


#: Words that end a word as a suffix, though the dictionary has them too: 霸权 + 主义 is 霸权主义 (hegemony).
_BOUND_SUFFIX = frozenset("主义 主义者 机制 体系".split())
#: One-character suffixes with a meaning of their own: 武汉 + 市 is "Wuhan City", not "Wuhan".
_OWN_SUFFIX = frozenset("市省县区镇乡村州国部委局院会党军队厅处署办组团所站港湾河江湖山岛路街")


def _open_quote(norm: str, a: int, b: int) -> int:
    """The start of a span that closes a quote it does not open, moved back over the opening quote right before
    it: “一带一路”倡议, not 一带一路”倡议."""
    inside = norm[a:b]
    for close, opening in QUOTES.items():
        if close in inside and inside.count(close) > inside.count(opening) and a > 0 and norm[a - 1] == opening:
            return a - 1
    return a


def _complete(seg: ZhSegment, char_units, word_at: list[int], a: int, b: int, lexical,
              fixed_start: bool, fixed_end: bool) -> tuple[int, int]:
    a1, b1 = _extend(seg, char_units, word_at, a, b, lexical)
    if (fixed_start or fixed_end) and not lexical(seg.norm[a1:b1]):
        a1, b1 = (a if fixed_start else a1), (b if fixed_end else b1)  # but 新华社 for "Xinhua" is one word
    words = seg.words
    cut_left = a1 > words[word_at[a1]][1]
    cut_right = b1 < words[word_at[b1 - 1]][2]
    if (a1 < a and cut_right) or (b1 > b and cut_left):
        return a, b  # half a word is no term: 法治 of 依法治国 stays 法治, not 依法治
    return a1, b1


def _extend(seg: ZhSegment, char_units, word_at: list[int], a: int, b: int, lexical) -> tuple[int, int]:
    a0 = a
    while a0 > 0 and word_at[a0 - 1] == word_at[a] and not char_units[a0 - 1]:
        a0 -= 1
    if a0 < a and ((a - a0 == 1 and seg.norm[a0] not in BAD_START) or (a - a0 > 1 and not lexical(seg.norm[a0:a]))):
        a = a0  # but not 同 of 同新冠 (jieba's word for "with COVID")
    b0 = b
    while b0 < len(seg.norm) and word_at[b0] == word_at[b - 1] and not char_units[b0]:
        b0 += 1
    if b0 > b and ((b0 - b == 1 and seg.norm[b] not in _OWN_SUFFIX and seg.norm[b] not in FUNCTION_CHARS) or
                   (b0 - b > 1 and (not lexical(seg.norm[b:b0]) or seg.norm[b:b0] in _BOUND_SUFFIX))):
        b = b0  # but not 同 of 秦鹏同 (jieba's word for "Qin Peng with")
    return a, b


def _trim_free(seg: ZhSegment, table: Links, a: int, b: int, word_at: list[int]) -> tuple[int, int]:
    norm = seg.norm
    words = seg.words
    char_units = table.char_units
    changed = True
    while changed and a < b:
        changed = False
        a2, b2 = trim(seg, a, b)
        if (a2, b2) != (a, b):
            a, b = a2, b2
            changed = True
        if a >= b:
            break
        w, s, e = words[word_at[a]]  # the word at each edge (the words partition the segment)
        if s == a and e <= b and not any(char_units[c] for c in range(s, e)) and \
                (w in BAD_START or w in _FREE_EDGE or all(is_punct(ch) for ch in w)):
            a = e
            changed = True
        if a < b:
            w, s, e = words[word_at[b - 1]]
            if e == b and s >= a and not any(char_units[c] for c in range(s, e)) and \
                    (w in BAD_END or w in _FREE_EDGE or all(is_punct(ch) for ch in w)):
                b = s
                changed = True
        while a < b and is_punct(norm[a]):
            a += 1
            changed = True
        # a term never starts or ends with a particle or 是, linked or not (的跨区域合作平台)
        while a < b:
            w, s, e = words[word_at[a]]
            if w in _NEVER_EDGE and s == a and e < b:
                a = e
                changed = True
            else:
                break
        if a < b:
            w, s, e = words[word_at[b - 1]]
            if w in _NEVER_EDGE and e == b and s > a:
                b = s
                changed = True
        while b > a and is_punct(norm[b - 1]):
            b -= 1
            changed = True
    return a, b


def acceptable(seg: ZhSegment, p: Projection, table: Links | None = None) -> bool:
    """Is the projected span a possible Chinese term?"""
    if p.conflict:
        return False
    if table is None:
        return well_formed(seg, p.a, p.b)

    def linked(s: int, e: int) -> bool:
        return any(table.char_units[c] for c in range(s, e))

    return well_formed(seg, p.a, p.b, linked)
