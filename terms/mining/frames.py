"""Constructions of official Chinese whose English puts the parts elsewhere, made into one term from the pairs
of their parts found in a segment pair: 以X为核心的Y = "Y with X at its core", 全面 + verb + X = "X in all
respects", Y精神 = "the guiding principles of Y", 《关于X的Y》 = "Y on X".

Each construction is a function of the segment's tokens, its English text, its Chinese segment and the pairs
found in it (``Occurrence`` by (English key, Chinese key)); it returns new occurrences.  :data:`FRAMES` names
them; :func:`constructions` runs them all.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from . import chinese, english
from .occurrence import Occurrence

#: Weight of the evidence of "X in all respects" = 全面 + verb + X when the English does not say the verb.
UNSAID_VERB = 0.85


def at_its_core(tokens, text: str, seg, best: dict) -> list[Occurrence]:
    """The construction of official Chinese "以X为核心的Y" = "Y with X at its core" (以习近平同志为核心的党中央,
    "the Party Central Committee with Comrade Xi Jinping at its core"), from the pairs of Y and of X found in
    the segment: one term, though the Chinese puts X first."""
    if "为核心的" not in seg.norm:
        return []
    by_start: dict[int, list[Occurrence]] = {}
    for o in best.values():
        by_start.setdefault(o.span[0], []).append(o)
    out = []
    for y in best.values():
        a, b = y.span
        if b + 4 >= len(tokens) or tokens[b].low != "with":
            continue
        for x in by_start.get(b + 1, ()):
            c = x.span[1]
            if [t.low for t in tokens[c:c + 3]] not in (["at", "its", "core"], ["at", "the", "core"]):
                continue
            zh = f"以{x.zh_key}为核心的{y.zh_key}"
            k = seg.norm.find(zh)
            if k < 0:
                continue
            s_text = english.span_text(text, tokens, a, c + 3)
            key = english.en_key(s_text)
            out.append(Occurrence(key, s_text, y.en_kind, zh, seg.shown(k, k + len(zh)),
                                  min(x.evidence, y.evidence), tuple(sorted(set(x.kinds) | set(y.kinds))),
                                  False, y.n_words + x.n_words + 1, (a, c + 3)))
    return out


def in_all_respects(tokens, text: str, seg, best: dict) -> list[Occurrence]:
    """The construction "X in all respects" = 全面 + verb + X (a moderately prosperous society in all respects =
    全面建成小康社会), with the "building (of) a" before X that says the verb (建设, 建成), from the pair of X."""
    lows = [t.low for t in tokens]
    if "全面" not in seg.norm or "respects" not in lows:
        return []
    out = []
    for x in list(best.values()):
        a, b = x.span
        if lows[b:b + 3] != ["in", "all", "respects"] or x.en_kind not in ("phrase", "title"):
            continue
        k = seg.norm.find(x.zh_key)
        if k < 2:
            continue
        verb = next((w for w, s0, e0 in seg.words if e0 == k and s0 >= 2 and seg.norm[s0 - 2:s0] == "全面"
                     and chinese.word_tag(w).startswith("v")), "")
        start = k - len(verb) - 2
        if seg.norm[start:k - len(verb)] != "全面":
            continue
        first = a
        if verb:  # "(completing the) building of a …", "building a …": the verb the Chinese writes
            for back in (("building", "of", "a"), ("building", "a"), ("building",)):
                n = len(back)
                if a - n >= 0 and tuple(lows[a - n:a]) == back:
                    first = a - n
                    break
        s_text = english.span_text(text, tokens, first, b + 3)
        zh = seg.norm[start:k + len(x.zh_key)]
        # (a verb of the Chinese that the English does not say leaves part of the pair unexplained)
        ev = x.evidence * (UNSAID_VERB if verb and first == a else 1.0)
        out.append(Occurrence(english.en_key(s_text), s_text, x.en_kind, zh, seg.shown(start, k + len(x.zh_key)),
                              ev, x.kinds, False, x.n_words + 1 + (first < a), (first, b + 3)))
    return out


def guiding_principles(tokens, text: str, seg, best: dict) -> list[Occurrence]:
    """The construction "the guiding principles of (or from) Y" = Y精神 (the guiding principles from the Party's
    20th National Congress = 党的二十大精神), "the spirit of Y" likewise, from the pair of Y, a meeting or a
    document by its name."""
    if "精神" not in seg.norm:
        return []
    lows = [t.low for t in tokens]
    out = []
    for y in list(best.values()):
        a, b = y.span
        if y.en_kind != "title" or (y.zh_key + "精神") not in seg.norm:
            continue
        head = a - 1 if a > 0 and lows[a - 1] == "the" else a
        for lead in (("guiding", "principles", "of"), ("guiding", "principles", "from"), ("spirit", "of")):
            n = len(lead)
            if head - n >= 0 and tuple(lows[head - n:head]) == lead:
                s_text = english.span_text(text, tokens, head - n, b)
                zh = y.zh_key + "精神"
                k = seg.norm.find(zh)
                out.append(Occurrence(english.en_key(s_text), s_text, "set phrase", zh, seg.shown(k, k + len(zh)),
                                      y.evidence, y.kinds, False, y.n_words + n - 1, (head - n, b)))
                break
    return out


_DOCUMENT = re.compile(r"《关于([^《》]{2,40})的([^《》的]{2,8})》")


def document_title(tokens, text: str, seg, best: dict) -> list[Occurrence]:
    """A document named in book-title brackets, 《关于X的Y》 = "Y on X" (《关于做好不明原因肺炎救治工作的紧急通知》 =
    "Urgent Notice on Treatment of Patients with Pneumonia of Unknown Cause"), from the pair of its kind Y and the
    capitalised words after "on"; Y alone, a piece of the name here, counts as nested in it."""
    out = []
    for m in _DOCUMENT.finditer(seg.norm):
        kind_zh = m.group(2)
        for y in list(best.values()):
            a, b = y.span
            if y.zh_key != kind_zh or y.en_kind != "title" or b >= len(tokens) or \
                    tokens[b].low not in ("on", "concerning", "regarding"):
                continue
            c = b + 1
            while c < len(tokens) and tokens[c].kind == "word" and (tokens[c].cap or tokens[c].low in english.FUNCTION):
                c += 1
            while c > b + 1 and tokens[c - 1].low in english.FUNCTION:
                c -= 1
            subject = [t for t in tokens[b + 1:c] if t.low not in english.FUNCTION]
            if not subject:
                continue
            s_text = english.span_text(text, tokens, a, c)
            zh = m.group(0)[1:-1]
            start = m.start() + 1
            out.append(Occurrence(english.en_key(s_text), s_text, "title", zh, seg.shown(start, start + len(zh)),
                                  y.evidence * DOCUMENT_EVIDENCE, y.kinds, True, y.n_words + len(subject), (a, c)))
            out.append(replace(y, nested=True))
    return out


#: Weight of the evidence of a document's name made from the pair of its kind ("Urgent Notice" = 紧急通知).
DOCUMENT_EVIDENCE = 0.9


#: The constructions, by name.
FRAMES: dict[str, Callable[..., list[Occurrence]]] = {
    "at its core": at_its_core,
    "in all respects": in_all_respects,
    "guiding principles": guiding_principles,
    "document title": document_title,
}


def constructions(tokens, text: str, seg, best: dict) -> list[Occurrence]:
    """The pairs every construction of :data:`FRAMES` makes of this segment pair."""
    return [occ for frame in FRAMES.values() for occ in frame(tokens, text, seg, best)]
