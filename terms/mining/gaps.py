"""Set phrases the dictionary cannot see: pairs found by where they stand.

Official Chinese is full of four-character expressions (风高浪急, 同舟共济,
大道至简) whose English is a free rendering ("high winds and choppy waters",
"get this through together", "Great truths are always simple").  No word of
either side links, but the words around them do: a run of unlinked Chinese
characters between two links (or a clause boundary) is paired with the
English words between the English ends of the same links — when those English
words are unlinked too.  When a whole Chinese clause is unlinked and both
sides have the same number of clauses, the clauses pair in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .chinese import BAD_END, BAD_START, MEASURES, ZhSegment, after_number, is_punct
from .english import FUNCTION, EnToken
from .links import Links

#: Longest unlinked Chinese run, in characters, and English counterpart, in content tokens.
MAX_ZH, MAX_EN = 8, 8
_ZH_CLAUSE = "，,。；;：:？?！!\n"
_EN_CLAUSE = (",", ";", ":", ".", "?", "!", "\n", "-", "(", ")")
_EDGE = frozenset("的了着过和与及并而也都又就要是在对把被将以由从向为之等")
#: Whole words at the edge of a run that are no part of a set phrase ("each", "every", "as", "like", "or").
_EDGE_WORDS = frozenset("各 每 作为 像 或 或者".split())


@dataclass(frozen=True, slots=True)
class GapPair:
    """English tokens ``[a, b)`` and Chinese characters ``[za, zb)`` paired by position."""

    a: int
    b: int
    za: int
    zb: int
    evidence: float


def _clauses_zh(norm: str) -> list[tuple[int, int]]:
    out = []
    s = 0
    for k in range(len(norm) + 1):
        if k == len(norm) or norm[k] in _ZH_CLAUSE:
            if k > s:
                out.append((s, k))
            s = k + 1
    return out


def _clauses_en(tokens: list[EnToken]) -> list[tuple[int, int]]:
    out = []
    s = 0
    for k in range(len(tokens) + 1):
        if k == len(tokens) or tokens[k].text in _EN_CLAUSE:
            if any(t.kind != "punct" for t in tokens[s:k]):
                out.append((s, k))
            s = k + 1
    return out


def _trim_en(tokens: list[EnToken], a: int, b: int) -> tuple[int, int]:
    while a < b and (tokens[a].kind == "punct" or tokens[a].low in FUNCTION):
        a += 1
    while b > a and (tokens[b - 1].kind == "punct" or tokens[b - 1].low in FUNCTION):
        if tokens[b - 1].low in _PARTICLES and any(t.kind == "word" and t.low not in FUNCTION for t in tokens[a:b - 1]):
            break  # a free rendering ends on its particle: "get this through together" = 同舟共济
        b -= 1
    return a, b


#: Adverb particles that end a set phrase's English.
_PARTICLES = frozenset("together forward ahead through up out down off again".split())


def _without_edge_words(seg: ZhSegment, za: int, zb: int) -> tuple[int, int]:
    """A run without the whole words of :data:`_EDGE_WORDS` at its edges (各 of 各|宗教|集团, 或 of 或|集体),
    and without the edge characters they uncover; not 不 of 不折腾, which says the opposite."""
    changed = True
    while changed and za < zb:
        changed = False
        for w, s0, e0 in seg.words:
            if s0 == za and e0 < zb and w in _EDGE_WORDS:
                za, changed = e0, True
            elif e0 == zb and s0 > za and w in _EDGE_WORDS:
                zb, changed = s0, True
        while za < zb and seg.norm[za] in _EDGE:
            za += 1
        while zb > za and seg.norm[zb - 1] in _EDGE:
            zb -= 1
    return za, zb


def gap_pairs(tokens: list[EnToken], seg: ZhSegment, table: Links) -> list[GapPair]:
    """Pairs of unlinked Chinese runs and the unlinked English between the same links."""
    norm = seg.norm
    n = len(norm)
    if not n or not tokens:
        return []
    char_tokens: list[set[int]] = [{table.unit_token[u] for u in us} for us in table.char_units]
    linked_tokens = {table.unit_token[u] for ln in table.links for u in ln.en}
    zc = _clauses_zh(norm)
    ec = _clauses_en(tokens)
    same_clauses = len(zc) == len(ec) and len(zc) > 1
    out: list[GapPair] = []
    for ci, (cs, ce) in enumerate(zc):
        k = cs
        while k < ce:
            if char_tokens[k] or is_punct(norm[k]) or norm[k].isspace():
                k += 1
                continue
            s = k
            while k < ce and not char_tokens[k] and not (norm[k] in "、" and k > s):
                k += 1
            za, zb = s, k
            while za < zb and (norm[za] in _EDGE or is_punct(norm[za])):
                za += 1
            while zb > za and (norm[zb - 1] in _EDGE or is_punct(norm[zb - 1])):
                zb -= 1
            za, zb = _without_edge_words(seg, za, zb)
            if za < zb and za > 0 and norm[za] in MEASURES and after_number(seg, za):
                za += 1  # the measure word of a number before the run: 40场 | 双 (not 部 of 统一|部署)
            if not 2 <= zb - za <= MAX_ZH or _function_only(seg, za, zb):
                continue
            # English bounds: the tokens linked just outside the run, or the matching clause's ends
            left = next((max(char_tokens[j]) for j in range(s - 1, cs - 1, -1) if char_tokens[j]), None)
            right = next((min(char_tokens[j]) for j in range(k, ce) if char_tokens[j]), None)
            ev = 0.55
            if left is None or right is None:
                if not same_clauses:
                    continue
                ea, eb = ec[ci]
                ev = 0.45 if (left is not None or right is not None) else 0.4
                lo = left + 1 if left is not None else ea
                hi = right if right is not None else eb
            else:
                lo, hi = left + 1, right
            if hi <= lo:
                continue
            a, b = _trim_en(tokens, lo, hi)
            words = [t for t in tokens[a:b] if t.kind != "punct" and t.low not in FUNCTION]
            if not 1 <= len(words) <= MAX_EN or any(t in linked_tokens for t in range(a, b)):
                continue
            if any(tok.text in _EN_CLAUSE for tok in tokens[a:b]):
                continue
            out.append(GapPair(a, b, za, zb, ev))
    if same_clauses:
        out += _clause_pairs(tokens, seg, table, zc, ec, char_tokens)
    return out


def _clause_pairs(tokens, seg: ZhSegment, table: Links, zc, ec, char_tokens) -> list[GapPair]:
    """Short Chinese clauses that are set phrases (政简易行) and the English clause in the same place,
    when every link of either stays inside the pair."""
    out = []
    norm = seg.norm
    for (cs, ce), (ea, eb) in zip(zc, ec):
        za, zb = cs, ce
        while za < zb and (is_punct(norm[za]) or norm[za].isspace()):
            za += 1
        while zb > za and (is_punct(norm[zb - 1]) or norm[zb - 1].isspace()):
            zb -= 1
        if not 4 <= zb - za <= 6 or _function_only(seg, za, zb) or any(norm[k] in _EDGE for k in (za, zb - 1)):
            continue
        a, b = _trim_en(tokens, ea, eb)
        words = [t for t in tokens[a:b] if t.kind != "punct" and t.low not in FUNCTION]
        if not 1 <= len(words) <= MAX_EN:
            continue
        inside_tokens = set(range(a, b))
        linked = [char_tokens[k] for k in range(za, zb) if char_tokens[k]]
        if any(not ts <= inside_tokens for ts in linked):
            continue
        en_links = [ln for u, t in enumerate(table.unit_token) if t in inside_tokens for ln in table.unit_links[u]]
        if any(not (za <= ln.a and ln.b <= zb) for ln in en_links):
            continue
        cover = sum(1 for k in range(za, zb) if char_tokens[k]) / (zb - za)
        out.append(GapPair(a, b, za, zb, 0.5 + 0.3 * cover))
    return out


def _function_only(seg: ZhSegment, a: int, b: int) -> bool:
    words = [w for w, s, e in seg.words if s >= a and e <= b]
    return not words or all(w in BAD_START or w in BAD_END for w in words)
