"""Termhood and the score of a mined pair.

A pair ranks high when three things hold: the links inside its segment pairs
explain both sides (evidence, from :mod:`.project`), each side looks like a
term rather than a free phrase or a fragment (termhood, here), and the English
term is translated the same way where it recurs (consistency).  Frequency
adds a little: official terms often occur once.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from .chinese import COORDINATORS, general_zipf, word_tag
from .english import FUNCTION, WEAK

#: Evidence names shown to the reviewer, in the order they are listed.
EVIDENCE = ("gloss", "acronym", "title", "name", "heading", "dictionary", "glossary", "number", "latin",
            "position", "set phrase", "frequency")

_ADJ_SUFFIX = ("ive", "ous", "ful", "able", "ible", "ic", "ical", "ary", "less", "ish")
_NOUN_ING = frozenset("""meeting building training funding housing planning spending financing bidding
opening understanding wellbeing well-being beijing ping offering setting gathering hearing briefing
landing warning dealing trading marketing reporting policing poverty-reduction""".split())
_NOT_VERB_ED = frozenset("need speed seed creed breed greed hundred deed bed red shed united kindred".split())


@lru_cache(maxsize=200_000)
def general_zipf_en(word: str) -> float:
    """Zipf frequency of an English word in general language (wordfreq; 3.0 when wordfreq is missing)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 3.0
    return zipf_frequency(word, "en", wordlist="small")


def _verbish(low: str) -> bool:
    if low in _NOUN_ING:
        return False
    if low.endswith("ing") and len(low) > 5:
        return True
    return low.endswith("ed") and len(low) > 4 and low not in _NOT_VERB_ED


def en_termhood(text: str, kind: str, words: list[str], participle: bool = False) -> float:
    """Prior that an English span is a term, from its form alone (0..1).

    ``words`` are the lowercase tokens of the span; ``kind`` is ``title``,
    ``acronym``, ``name``, ``heading``, ``phrase`` or ``word``; ``participle`` says a first word in -ed
    modifies the rest ("projected development targets" = 主要预期目标, whose Chinese starts with no verb).
    """
    if kind == "acronym":
        return 0.95
    content = [w for w in words if w not in FUNCTION and w not in (",", "&")]
    if not content:
        return 0.0
    if kind in ("title", "name"):
        t = 1.0
        if len(content) > 7:
            t *= 0.8
        return t
    if kind == "title+name":
        return 0.5  # a title and a name are two glossary entries, not one
    if kind == "document title":
        return 0.95
    if kind == "acronym":
        return 0.95
    if kind == "heading":
        return 0.8 if len(content) <= 8 else 0.55
    if kind == "set phrase":
        return 0.75 if len(content) <= 6 else 0.5
    if kind == "verbal":
        return 0.45 if len(content) <= 4 else 0.3
    first, last = content[0], content[-1]
    if kind == "word" and "-" in first:
        return 0.75  # a hyphenated compound: range-based, cross-regional
    if kind == "word":
        z = general_zipf_en(first)
        if z >= 5.3:
            t = 0.15
        elif z >= 4.8:
            t = 0.3
        elif z >= 4.3:
            t = 0.45
        elif z >= 3.6:
            t = 0.65
        else:
            t = 0.85
        if _verbish(first):
            t *= 0.6
        elif first.endswith(("ly",)) or (first.endswith(_ADJ_SUFFIX) and not first.endswith(("ics",))):
            t *= 0.6
        return t
    # a lowercase phrase
    t = 0.85
    if last.endswith(_ADJ_SUFFIX) and not last.endswith(("ics", "ic")):
        t *= 0.5
    elif _verbish(last):
        t *= 0.55
    if _verbish(first) and not (first.endswith("ed") and ("-" in first or participle)):
        t *= 0.7  # "promoting reform": a free verb phrase more often than a term (not "law-based", "people-centred")
    if last in WEAK:
        t *= 0.4
    if len(content) > 5:
        t *= 0.75
    zipfs = [general_zipf_en(w.replace("'s", "")) for w in content]
    if all(z >= 5.5 for z in zipfs):
        t *= 0.6  # "last year", "this time"
    elif len(content) == 2 and all(z >= 4.5 for z in zipfs):
        t *= 0.75  # two everyday words: "international meeting", "cooperation platform"
    if any(w.endswith("'s") and w != "people's" for w in words):
        t *= 0.6  # "China's economy": a possessive is seldom part of a term (People's Republic is a name)
    return t


#: Chinese suffixes that make a term of what they end (城镇化, 霸权主义, 韧性).
_TERM_SUFFIX = ("化", "主义", "性", "制", "权", "论", "观", "率", "区", "部", "委", "会", "院", "局", "办", "署", "组",
                "省", "市", "县", "国", "党", "法", "案", "书", "协议", "机制", "体系", "战略", "倡议", "政策")


def zh_termhood(z: str, whole_word: bool, lexical: bool) -> float:
    """Prior that a Chinese span is a term (0..1): a dictionary word, its length, what it ends with.

    ``whole_word`` says the span is one jieba word; ``lexical`` that it is a
    headword of the lexicon (or of jieba's dictionary).
    """
    n = len(z)
    if n == 1:
        return 0.35
    t = 1.0 if (whole_word or lexical) else 0.9
    if n > 14:
        t *= 0.6
    elif n > 10:
        t *= 0.85
    if (whole_word or lexical) and n <= 3:
        zf = general_zipf(z)
        if zf >= 5.6:
            t *= 0.7
    if z.endswith(_TERM_SUFFIX):
        t = min(1.0, t * 1.05)
    tag = word_tag(z)
    if tag in ("a", "ad", "d", "b", "z", "vd", "ag", "dg") or (tag.startswith("v") and tag != "vn" and n <= 2):
        t *= 0.6  # an adjective, adverb or verb on its own is seldom a glossary entry
    return t


def consistency(joint: int, freq_en: int) -> float:
    """How regularly the English term is rendered by this Chinese term, smoothed for small counts."""
    return (joint + 0.5) / (freq_en + 0.5)


FREQ_WEIGHT = 0.12


def pair_score(evidence: float, te: float, tz: float, joint: int, freq_en: int, n_words: int) -> float:
    """The rank score of a pair."""
    cons = consistency(joint, freq_en)
    return evidence * te * tz * (0.6 + 0.4 * cons) * (1.0 + FREQ_WEIGHT * math.log2(joint)) * (1.0 + 0.02 * min(n_words, 6))


_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


KINDS = ("title", "title+name", "name", "acronym", "document title", "heading", "phrase", "word", "verbal",
         "set phrase")
LINK_EVIDENCE = ("dictionary", "glossary", "name", "number", "latin", "acronym", "association", "position", "list",
                 "heading", "gloss")


def pair_features(*, text: str, zh: str, kind: str, words: list[str], link_kinds: set[str], evidence: float,
                  joint: int, freq_en: int, whole_word: bool, nested: bool, cut: bool, te: float, tz: float,
                  zh_last_tag: str) -> dict[str, float]:
    """The features the ranker weighs (names are stable: they key :data:`WEIGHTS`)."""
    content = [w for w in words if w not in FUNCTION and w not in (",", "&")]
    zipfs = [general_zipf_en(w.replace("'s", "")) for w in content] or [0.0]
    f: dict[str, float] = {
        "bias": 1.0,
        "evidence": evidence,
        "log_joint": math.log1p(joint),
        "consistency": min(1.0, consistency(joint, freq_en)),
        "te": te,
        "tz": tz,
        "n_words": min(len(content), 8) / 8,
        "one_word": float(len(content) == 1),
        "zh_len": min(len(zh), 16) / 16,
        "zh_one_char": float(len(zh) == 1),
        "zh_lexical": float(whole_word),
        "nested": float(nested),
        "cut": float(cut),
        "zipf_min": min(zipfs) / 7,
        "zipf_max": max(zipfs) / 7,
        "zh_de": float("的" in zh),
        "zh_list": float(any(c in zh for c in COORDINATORS)),
        "zh_suffix": float(zh.endswith(_TERM_SUFFIX)),
        "zh_ends_verb": float(zh_last_tag.startswith("v") and zh_last_tag != "vn"),
        "zh_ends_noun": float(zh_last_tag[:1] in ("n", "j", "l", "i") or zh_last_tag == "vn"),
        "possessive": float(any(w.endswith("'s") for w in words)),
        "has_digit": float(any(ch.isdigit() for ch in text)),
        "capitalised": float(bool(content) and all(w[:1].isupper() for w in text.split() if w.lower() not in FUNCTION)),
    }
    for k in KINDS:
        f["kind=" + k] = float(kind == k)
    for k in LINK_EVIDENCE:
        f["link=" + k] = float(k in link_kinds)
    return f


#: Weights of the ranker (logistic regression over :func:`pair_features`); None ranks by :func:`pair_score`.
WEIGHTS: dict[str, float] | None = None


def probability(features: dict[str, float], weights: dict[str, float]) -> float:
    """The ranker's estimate that a translator would accept the pair into a glossary (0..1)."""
    z = sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
