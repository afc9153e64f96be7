"""Lists: official texts enumerate, and both versions keep the order.

``east-west cooperation, paired assistance, and targeted support`` /
``东西部协作、对口支援、定点帮扶``: when an English list (items separated by
commas, the last by *and* or *or*) and a Chinese list (items separated by 、)
in one segment pair have the same number of items, and the links that fall
inside items agree with the order, item *i* translates item *i* — including
items no dictionary knows (``well-timed`` = 相机调控).  A shared head
(``range-based, targeted, well-timed, and precision regulation`` /
``区间调控、定向调控、相机调控、精准调控``) stays where each text puts it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .chinese import BAD_END, BAD_START, ZhSegment, word_tag
from .english import FUNCTION, EnToken
from .links import Links

#: Items a list may have.
MIN_ITEMS, MAX_ITEMS = 3, 12
#: Longest item, in English tokens and in Chinese characters.
MAX_EN_TOKENS, MAX_ZH_CHARS = 6, 10


@dataclass(frozen=True, slots=True)
class ListPair:
    """English tokens ``[a, b)`` and Chinese characters ``[za, zb)`` of one list item each."""

    a: int
    b: int
    za: int
    zb: int
    evidence: float


_SEP = (",", ";", ".", ":", "(", ")", "\n", "?", "!", '"')


def _en_lists(tokens: list[EnToken]) -> list[list[tuple[int, int]]]:
    """Lists of item spans ``(a, b)`` in token order: ``A, B, (and|or) C``."""
    out = []
    n = len(tokens)
    i = 0
    while i < n:
        items: list[tuple[int, int]] = []
        finished = False
        a = i
        while True:
            e = a
            while e < n and tokens[e].text not in _SEP and tokens[e].low not in ("and", "or"):
                e += 1
            if not 1 <= e - a <= MAX_EN_TOKENS + 4 or e >= n:
                break
            items.append((a, e))
            sep = tokens[e]
            parallel_of = sum(1 for x, y in items if any(tokens[k].low == "of" for k in range(x, y))) >= 2
            if sep.text == "," and e + 1 < n and tokens[e + 1].low in ("and", "or"):
                last = _last_item(tokens, e + 2, parallel_of)
            elif sep.low in ("and", "or"):
                last = _last_item(tokens, e + 1, parallel_of)
            elif sep.text == ",":
                a = e + 1
                continue
            else:
                break
            if last:
                items.append(last)
                finished = True
            break
        if finished and len(items) >= MIN_ITEMS:
            items = _trim(tokens, items)
            if all(1 <= b - a <= MAX_EN_TOKENS for a, b in items) and len(items) <= MAX_ITEMS:
                out.append(items)
            i = items[-1][1]
        else:
            i += 1
    return out


def _last_item(tokens: list[EnToken], start: int, of_inside: bool = False) -> tuple[int, int] | None:
    """The last item of a list, from ``start``; ``of_inside`` when the other items are "A of B" too."""
    end = start
    stops = _LAST_STOPS - {"of"} if of_inside else _LAST_STOPS
    while end < len(tokens) and tokens[end].text not in (",", ";", ".", ":", "(", ")", "\n", "?", "!") and \
            tokens[end].low not in stops:
        end += 1
    if end - start < 1 or end - start > MAX_EN_TOKENS:
        return None
    return start, end


_LAST_STOPS = frozenset(("and", "or", "that", "which", "to", "for", "in", "with", "at", "by", "of"))


def _trim(tokens: list[EnToken], items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop leading articles and verbs' objects' determiners from items; the first item may begin
    with the verb that governs the list (``improve mechanisms for …``): keep its last words only."""
    out = []
    for a, b in items:
        while a < b and tokens[a].low in FUNCTION:
            a += 1
        out.append((a, b))
    if len(out) >= 2:
        lengths = [b - a for a, b in out[1:-1]] or [out[-1][1] - out[-1][0]]
        a, b = out[0]
        if b - a > max(lengths):
            a = b - max(lengths)
            while a < b and tokens[a].low in FUNCTION:
                a += 1
            out[0] = (a, b)
    return out


def _zh_lists(seg: ZhSegment) -> list[list[tuple[int, int]]]:
    """Lists of 、-separated items ``(start, end)`` inside one clause."""
    norm = seg.norm
    out = []
    clause_start = 0
    for k in range(len(norm) + 1):
        if k == len(norm) or norm[k] in "，。；：？！,;:?!\n":
            clause = (clause_start, k)
            clause_start = k + 1
            if "、" not in norm[clause[0]:clause[1]]:
                continue
            items = []
            s = clause[0]
            for j in range(clause[0], clause[1] + 1):
                if j == clause[1] or norm[j] == "、":
                    items.append((s, j))
                    s = j + 1
            if MIN_ITEMS <= len(items) <= MAX_ITEMS:
                out.append(_zh_trim(seg, items))
    return out


def _zh_trim(seg: ZhSegment, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The first item loses the verb before the list (加强 + 区间调控), the last what follows it (等机制)."""
    norm = seg.norm
    out = list(items)
    sizes = [b - a for a, b in items[1:-1]] or [items[-1][1] - items[-1][0]]
    # the last item ends at 等 or at the end of the words of the usual item size
    a, b = out[-1]
    cut = norm.find("等", a, b)
    if cut > a:
        b = cut
    elif b - a > max(sizes) + 1 and len(set(sizes)) == 1:
        b = a + sizes[0]
    out[-1] = (a, b)
    # the first item: as long as the others when they share a length, else after a verb word
    a, b = out[0]
    if b - a > max(sizes) + 1 and len(set(sizes)) == 1:
        # whole words from the end, as long as the other items: 东西部协作 of 坚持并完善东西部协作
        start = b
        for w, s0, e0 in reversed(seg.words):
            if e0 <= b and s0 >= a:
                start = s0
                if b - start >= sizes[0]:
                    break
        out[0] = (start, b)
    else:
        # the verb before the list and what hangs on it: 目睹|了 of 目睹了各国政府的努力
        first = True
        for w, s, e in seg.words:
            if s < a:
                continue
            # then only the verb and its particles: 目睹 + 了 (not 国际 of 国际经济合作)
            short = len(w) <= 2 if first else word_tag(w)[:1] in ("v", "u", "p", "d")
            if s == a and e < b and (w in BAD_START or short) and b - e >= 2 and b - a > max(sizes) + 1:
                out[0] = (e, b)
                a = e
                first = False
                if word_tag(w)[:1] in ("v", "u", "p", "d") or w in BAD_START:
                    continue
            break
    # strip particles at item edges
    cleaned = []
    for a, b in out:
        while a < b and norm[a] in "的和与及并了":
            a += 1
        while b > a and norm[b - 1] in "的等":
            b -= 1
        cleaned.append((a, b))
    return cleaned


def list_pairs(tokens: list[EnToken], seg: ZhSegment, table: Links) -> list[ListPair]:
    """Item pairs of the lists of a segment pair (see the module docstring)."""
    en_lists = _en_lists(tokens)
    if not en_lists:
        return []
    zh_lists = _zh_lists(seg)
    out: list[ListPair] = []
    tok_units: dict[int, list[int]] = {}
    for u, t in enumerate(table.unit_token):
        tok_units.setdefault(t, []).append(u)
    for el0 in en_lists:
        for zl in zh_lists:
            if len(el0) == len(zl) + 1 and len(zl) >= MIN_ITEMS:
                el = _trim(tokens, el0[1:])  # "In this fight, we have witnessed A, B, C and D": no item before A
            elif len(el0) == len(zl):
                el = el0
            else:
                continue
            agree = disagree = 0
            for i, (a, b) in enumerate(el):
                for t in range(a, b):
                    for u in tok_units.get(t, ()):
                        for ln in table.unit_links[u]:
                            if ln.kind == "position":
                                continue
                            mid = (ln.a + ln.b) / 2
                            where = next((j for j, (za, zb) in enumerate(zl) if za <= mid < zb), None)
                            if where == i:
                                agree += 1
                            elif where is not None:
                                disagree += 1
            if not agree or disagree * MAX_DISAGREE > agree:
                continue  # one stray link in a long list does not undo the order (工作者 of 科学工作者 for "workers")
            ev = min(0.85, 0.6 + 0.1 * (agree - disagree))
            for (a, b), (za, zb) in zip(el, zl):
                if b > a and zb - za >= 2 and zb - za <= MAX_ZH_CHARS and \
                        seg.norm[za:zb] not in BAD_END:
                    # "dedication of medical workers" = 医务人员的付出 is two terms, not one
                    out += _of_inverted(tokens, seg, a, b, za, zb, ev) or [ListPair(a, b, za, zb, ev)]
    return out


#: A list stands when its links agree with its order at least this many times for each that does not.
MAX_DISAGREE = 3


def _of_inverted(tokens: list[EnToken], seg: ZhSegment, a: int, b: int, za: int, zb: int, ev: float
                 ) -> list[ListPair]:
    """An item "A of B" whose Chinese is "B的A" gives its two parts (in place of the whole item):
    "dedication of medical workers" / 医务人员的付出 is "medical workers" = 医务人员 and "dedication" = 付出."""
    of = [t for t in range(a, b) if tokens[t].low == "of"]
    norm = seg.norm
    de = [k for k in range(za, zb) if norm[k] == "的"]
    if len(of) != 1 or len(de) != 1:
        return []
    t, k = of[0], de[0]
    head = (a, t)
    tail = (t + 1, b)
    while tail[0] < tail[1] and tokens[tail[0]].low in ("the", "a", "an", "all"):
        tail = (tail[0] + 1, tail[1])
    if head[1] <= head[0] or tail[1] <= tail[0] or not (za + 2 <= k <= zb - 3):  # two characters each side
        return []
    if any(tokens[x].low in FUNCTION or tokens[x].kind == "punct" for x in range(*head)) or \
            any(tokens[x].low in FUNCTION or tokens[x].kind == "punct" for x in range(*tail)):
        return []
    return [ListPair(tail[0], tail[1], za, k, ev - 0.05), ListPair(head[0], head[1], k + 1, zb, ev - 0.05)]
