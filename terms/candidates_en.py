"""English term candidates: rule-based chunks over Moses tokens.

No tagger is used: stop words (closed-class words and very general verbs, see
``shuyu/data/stop_en.txt``) cut a sentence into runs of content words; inside
a run every sub-span of up to :data:`MAX_WORDS` words is a candidate.  ``of``
(also ``of the``, ``of all``) and ``from`` join content words (``rule of
law``, ``Minister of Public Security``, ``rejuvenation of the Chinese
nation``, ``seek truth from facts``); ``with`` joins before a capitalised
word (``socialism with Chinese characteristics``); ``and`` joins two
lowercase words (``reform and opening``) or, like ``for``/``on``, two
capitalised ones outside headlines (``Acting Secretary for Homeland
Security``).  A candidate starting with one of
the verbs of official discourse (:data:`OFFICIAL_VERBS`) is a verb-object set
phrase (``manage differences``, ``reach broad consensus``); a possessive or
determiner between verb and object is skipped.

Variants are grouped by :func:`en_key`: lowercase, verbs to their base form,
the last word singular, hyphens and spaces removed, so ``counterterrorism``,
``counter-terrorism`` and ``Counter Terrorism`` share one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Collection

from ..textnorm import HAN_RE, normalize_en

MAX_WORDS = 6

#: Verbs that head verb-object set phrases in official texts (base forms).
OFFICIAL_VERBS = frozenset("""
accelerate achieve address adhere adopt advance advocate attach boost build champion combat
consolidate crack deepen defend develop enhance ensure establish expand explore facilitate
fight foster fulfil fulfill handle implement improve increase intensify launch maintain manage
narrow oppose optimize optimise pool promote protect pursue push raise reach realize realise
recover reform repatriate resolve respect safeguard seek settle share sign step strengthen
support sustain tackle uphold upgrade widen
""".split())

_IRREGULAR = {
    "built": "build", "fought": "fight", "sought": "seek", "held": "hold", "led": "lead", "met": "meet",
    "won": "win", "brought": "bring", "struck": "strike", "set": "set",
}

#: Plural-looking words that are not plurals (or whose plural is the term).
_NOT_PLURAL = frozenset("""
affairs arms customs goods headquarters means news series species statistics politics economics
physics mathematics ethics logistics electronics narcotics tactics logistics mechanics dynamics
states nations relations analysis basis crisis thesis diagnosis emphasis this its his us bus
status census virus campus consensus bonus apparatus chaos gas lens atlas alias always perhaps
""".split())

_JOINERS = frozenset(("of", "the", "for", "and", "on", "with", "from", "all"))
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december""".split())
_DETERMINERS = frozenset("a an the its their our his her this these those such".split())
_TITLE_JOINERS = frozenset(("for", "and", "on", "the"))
_WORD_RE = re.compile(r"[A-Za-z]")
_HEADLINE_SHARE = 0.7


@lru_cache(maxsize=None)
def _verb_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for v in OFFICIAL_VERBS:
        forms[v] = v
        if v.endswith("y") and v[-2:-1] not in "aeiou":
            forms[v[:-1] + "ies"] = v
            forms[v[:-1] + "ied"] = v
        elif v.endswith(("s", "sh", "ch", "x", "z")):
            forms[v + "es"] = v
        else:
            forms[v + "s"] = v
        if v.endswith("e"):
            forms[v + "d"] = v
            forms[v[:-1] + "ing"] = v
        elif not v.endswith("y"):
            forms[v + "ed"] = v
            forms[v + "ing"] = v
        else:
            forms[v + "ing"] = v
            if v[-2:-1] in "aeiou":
                forms[v + "ed"] = v
        # doubled final consonant: step -> stepped, stepping
        if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", v):
            forms[v + v[-1] + "ed"] = v
            forms[v + v[-1] + "ing"] = v
    for form, base in _IRREGULAR.items():
        if base in OFFICIAL_VERBS:
            forms[form] = base
    return forms


def verb_base(word: str) -> str | None:
    """Base form of an official-discourse verb (``reached`` → ``reach``), else None."""
    return _verb_forms().get(word.lower())


def singular(word: str) -> str:
    """Rule-based singular of a lowercase English noun (``differences`` → ``difference``)."""
    w = word
    if len(w) <= 3 or w in _NOT_PLURAL or not w.endswith("s") or w.endswith(("ss", "us", "is", "ics")):
        return w
    if "-" in w:
        head, _, last = w.rpartition("-")
        return f"{head}-{singular(last)}"
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    return w[:-1]


@lru_cache(maxsize=200_000)
def word_key(word: str, *, last: bool) -> str:
    """Grouping key of one word (lowercase, verb base form, singular when last)."""
    low = word.lower()
    base = verb_base(low)
    if base is not None:
        return base
    return singular(low) if last else low


def en_key(words: Collection[str] | str) -> str:
    """Grouping key of an English term: case, inflection, hyphen and space variants fold together."""
    if isinstance(words, str):
        words = tokenize_en(words)
    return _key_of(tuple(words))


_KEY_STRIP = re.compile(r"[\s\-\u2010\u2011]+")


@lru_cache(maxsize=500_000)
def _key_of(words: tuple[str, ...]) -> str:
    if not words:
        return ""
    n = len(words) - 1
    return _KEY_STRIP.sub("", "".join(word_key(w, last=i == n) for i, w in enumerate(words)))


@lru_cache(maxsize=None)
def builtin_stoplist_en() -> frozenset[str]:
    """The built-in English stop list (``shuyu/data/stop_en.txt``)."""
    text = resources.files("shuyu.data").joinpath("stop_en.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _moses():
    from sacremoses import MosesTokenizer

    return MosesTokenizer(lang="en")


def tokenize_en(text: str) -> list[str]:
    """Moses tokens of normalised English text (hyphenated words stay one token)."""
    return _moses().tokenize(normalize_en(text), escape=False, aggressive_dash_splits=False)


@dataclass(frozen=True, slots=True)
class EnCandidate:
    """One occurrence of an English candidate in a segment.

    ``words`` are the lowercase content words (connectors such as ``of``
    dropped) used for dictionary evidence; ``kind`` is ``word``, ``phrase``,
    ``title`` or ``verb-object``; ``start`` is the token index; ``cut`` is
    True when the span starts inside a lowercase noun compound
    (``enforcement cooperation`` in ``law enforcement cooperation``) or is a
    verb-object phrase whose object goes on (``deepen counter-terrorism`` in
    ``deepen counter-terrorism cooperation``).
    """

    key: str
    text: str
    words: tuple[str, ...]
    kind: str
    start: int = 0
    cut: bool = False


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _classify(tokens: list[str], stop: Collection[str]) -> list[str]:
    """Per token: ``c`` content, ``j`` connector candidate, ``x`` break."""
    out = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if not _WORD_RE.search(tok) or HAN_RE.search(tok) or tok.startswith("'"):
            out.append("x")
        elif low in ("of", "with", "from") or low in _TITLE_JOINERS or (low == "all" and i > 0 and tokens[i - 1].lower() == "of"):
            out.append("j")
        elif low in stop and not (tok.isupper() and len(tok) > 1):
            out.append("x")
        elif len(low) < 2 and not tok.isupper():
            out.append("x")
        else:
            out.append("c")
    return out


def _runs(tokens: list[str], cls: list[str], headline: bool) -> list[tuple[int, int]]:
    """Maximal runs of content words and allowed connectors."""
    n = len(tokens)
    ok = [c == "c" for c in cls]
    for i, c in enumerate(cls):
        if c != "j" or i == 0 or i == n - 1:
            continue
        low = tokens[i].lower()
        prev_c = cls[i - 1] == "c"
        nxt = i + 1
        if low in ("the", "all") and i >= 2 and tokens[i - 1].lower() == "of":
            # "Minister of the Interior", "rejuvenation of the Chinese nation"
            ok[i] = not headline and nxt < n and cls[nxt] == "c" and cls[i - 2] == "c"
        elif low in ("of", "from"):
            nxt_c = cls[nxt] == "c" or (tokens[nxt].lower() in ("the", "all") and nxt + 1 < n and cls[nxt + 1] == "c")
            ok[i] = prev_c and nxt_c and (low == "of" or not _is_cap(tokens[i - 1]))
        elif low == "with":
            # "socialism with Chinese characteristics": only before a capitalised modifier
            ok[i] = prev_c and cls[nxt] == "c" and _is_cap(tokens[nxt]) and not (headline and _is_cap(tokens[i - 1]))
        elif low == "and" and prev_c and cls[nxt] == "c" and not _is_cap(tokens[i - 1]) \
                and not _is_cap(tokens[nxt]):
            # lowercase coordination as one concept: "reform and opening", "peace and development"
            ok[i] = True
        elif low in ("for", "and", "on"):
            ok[i] = (not headline and prev_c and cls[nxt] == "c" and _is_cap(tokens[i - 1])
                     and _is_cap(tokens[nxt]) and tokens[nxt].lower() not in _CALENDAR)
    runs = []
    i = 0
    while i < n:
        if ok[i]:
            j = i
            while j < n and ok[j]:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _is_headline(tokens: list[str], cls: list[str]) -> bool:
    if tokens[-1] in (".", "!", "?", ";", ":"):
        return False
    words = [t for t, c in zip(tokens, cls) if c == "c"]
    if len(words) < 4:
        return False
    return sum(1 for t in words if _is_cap(t)) / len(words) >= _HEADLINE_SHARE


def _detok(tokens: list[str]) -> str:
    return " ".join(tokens)


def en_candidates(text: str, *, stoplist: Collection[str] | None = None,
                  max_words: int = MAX_WORDS) -> list[EnCandidate]:
    """All candidate occurrences in one English segment (duplicates kept, in order)."""
    stop = builtin_stoplist_en() if stoplist is None else stoplist
    tokens = tokenize_en(text)
    if not tokens:
        return []
    cls = _classify(tokens, stop)
    headline = _is_headline(tokens, cls)
    out: list[EnCandidate] = []
    for a, b in _runs(tokens, cls, headline):
        for i in range(a, b):
            if cls[i] != "c":
                continue
            for j in range(i + 1, min(b, i + max_words) + 1):
                if cls[j - 1] != "c":
                    continue
                span = tokens[i:j]
                # a span stopping before "of"/"from"/"with" inside its run is cut
                # ("seek truth" in "seek truth from facts")
                cut = (j < b and tokens[j].lower() in ("of", "from", "with")) or _is_cut(tokens, cls, i, j)
                out.append(_make(span, i, headline, cut))
    # verb + determiner + object: "manage their differences", "reach a consensus"
    for i, tok in enumerate(tokens[:-2]):
        if verb_base(tok) and tokens[i + 1].lower() in _DETERMINERS and cls[i + 2] == "c":
            j = i + 2
            while j < len(tokens) and cls[j] == "c" and j - i < 4:
                j += 1
                span = [tok] + tokens[i + 2:j]
                cand = _make(span, i, headline)
                cut = j < len(tokens) and cls[j] == "c"
                out.append(EnCandidate(cand.key, _detok([tok] + tokens[i + 1:j]), cand.words, "verb-object", i, cut))
    return out


_ADJ_WORDS = frozenset("""public national central general foreign international federal state local
regional special chinese american british french german japanese russian indian european african
asian arab latin economic political social cultural military scientific technical strategic
financial commercial civil criminal legal judicial administrative supreme high joint new
people's party""".split())


def _adjective_like(tok: str) -> bool:
    low = tok.lower()
    return low in _ADJ_WORDS or low.endswith(("ese", "ish", "ical", "ic", "ive", "ous", "ary"))


def _is_cut(tokens: list[str], cls: list[str], i: int, j: int) -> bool:
    inner = any(t.lower() in _JOINERS for t in tokens[i:j])
    if inner and j < len(tokens) and cls[j] == "c" and _adjective_like(tokens[j - 1]):
        return True  # "Minister of Public" + Security, "rejuvenation of the Chinese" + nation
    if inner and i > 1 and cls[i - 1] == "c" and _is_cap(tokens[i - 1]) and _is_cap(tokens[i]):
        return True  # "Outlook on Development" inside "Scientific Outlook on Development"
    if verb_base(tokens[i]) and j < len(tokens) and cls[j] == "c" and not _is_cap(tokens[j]):
        return True
    if i > 0 and cls[i - 1] == "c" and not _is_cap(tokens[i]) and not _is_cap(tokens[i - 1]):
        prev = tokens[i - 1].lower()
        if not verb_base(prev) and not prev.endswith(("ed", "ing")):
            return True
    return False


def _make(span: list[str], start: int, headline: bool, cut: bool = False) -> EnCandidate:
    key, words, kind = _describe(tuple(span), headline)
    return EnCandidate(key, " ".join(span), words, kind, start, cut)


@lru_cache(maxsize=500_000)
def _describe(span: tuple[str, ...], headline: bool) -> tuple[str, tuple[str, ...], str]:
    words = tuple(w.lower() for w in span if w.lower() not in _JOINERS)
    if len(span) == 1:
        kind = "word"
    elif verb_base(span[0]):
        kind = "verb-object"
    elif not headline and all(_is_cap(w) for w in span if w.lower() not in _JOINERS):
        kind = "title"
    else:
        kind = "phrase"
    return _key_of(span), words, kind
