"""The scoring rule of ``shared/eval/terms/README.md`` for mined term lists.

A reference pair (English variants ``a|b``, Chinese variants ``x|y``) is found
by a mined row when the Chinese is the same (NFKC, whitespace removed) and the
English equals a variant after normalisation (case, hyphen = space, a leading
"the", a plural -s) or, leniently, has the same bag of Porter stems without
the function words the, of, a, an, for, to, in, on, with, by, at.

Used by ``benchmarks/mine.py``; needs ``nltk`` for the Porter stemmer
(``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FUNCTION_WORDS = frozenset("the of a an for to in on with by at".split())


@lru_cache(maxsize=1)
def _stemmer():
    try:
        from nltk.stem import PorterStemmer
    except ImportError as exc:  # pragma: no cover - benchmark only
        raise SystemExit("benchmarks need nltk for the Porter stemmer: pip install -e '.[bench]'") from exc
    return PorterStemmer()


def zh_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def en_strict(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    t = re.sub(r"[-\u2010-\u2015]", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    if t.startswith("the "):
        t = t[4:]
    if t.endswith("s") and len(t) > 3 and not t.endswith("ss"):
        t = t[:-1]
    return t


def en_bag(text: str) -> tuple[str, ...]:
    t = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    toks = re.findall(r"[a-z0-9]+", t)
    stem = _stemmer().stem
    return tuple(sorted(stem(w) for w in toks if w not in FUNCTION_WORDS))


@dataclass(frozen=True)
class RefPair:
    en: tuple[str, ...]
    zh: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{'|'.join(self.en)} = {'|'.join(self.zh)}"


def read_reference(path: Path) -> list[RefPair]:
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            ens = tuple(v.strip() for v in row["en"].split("|") if v.strip())
            zhs = tuple(v.strip() for v in row["zh"].split("|") if v.strip())
            if ens and zhs:
                out.append(RefPair(ens, zhs))
    return out


def matches(ref: RefPair, en: str, zh: str) -> bool:
    if zh_key(zh) not in {zh_key(z) for z in ref.zh}:
        return False
    s = en_strict(en)
    if any(s == en_strict(v) for v in ref.en):
        return True
    b = en_bag(en)
    return bool(b) and any(b == en_bag(v) for v in ref.en)


@dataclass(frozen=True)
class Score:
    recall: float
    found: tuple[RefPair, ...]
    missed: tuple[RefPair, ...]
    hits: tuple[bool, ...]  # per mined row within the cut-off: matches some reference pair


def score(rows: list[tuple[str, str]], reference: list[RefPair], n: int) -> Score:
    """recall@n of ``rows`` (English, Chinese), best first, against ``reference``."""
    top = rows[:n]
    found, missed = [], []
    hit_rows = [False] * len(top)
    for ref in reference:
        hit = False
        for k, (en, zh) in enumerate(top):
            if matches(ref, en, zh):
                hit_rows[k] = True
                hit = True
        (found if hit else missed).append(ref)
    return Score(len(found) / max(len(reference), 1), tuple(found), tuple(missed), tuple(hit_rows))


def duplicates(rows: list[tuple[str, str]]) -> Counter:
    return Counter(zh_key(z) for _, z in rows)
