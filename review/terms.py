"""Term candidates under review: where they come from, where they are seen, what a glossary says of them.

* :func:`terms_from_pairs` and :func:`read_term_sheet` make :class:`~shuyu.review.model.ReviewTerm`
  records from mined pairs or from the term review sheet ``shuyu run`` wrote (``glossary.xlsx``; an
  Accept or Status a reviewer already filled in there is kept);
* :func:`find_examples` finds the beads whose English holds the English term and whose Chinese holds
  the Chinese term, so that the page shows each term in context and jumps to its bead;
* :func:`term_spans` says where a term is in a sentence, for highlighting;
* :class:`GlossaryIndex` tells whether a candidate is already in a glossary (known) and where the
  glossary says something else (conflicts).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Iterable, Sequence

from ..records import Glossary, TermPair
from .model import ReviewBead, ReviewDocument, ReviewTerm, TermExample

#: Examples kept per term.
MAX_EXAMPLES = 3


def terms_from_pairs(pairs: Iterable[TermPair]) -> list[ReviewTerm]:
    """Review records for mined term pairs (undecided)."""
    out = []
    for p in pairs:
        ex = p.examples[0] if p.examples else None
        out.append(ReviewTerm(p.en, p.zh, float(p.score), int(p.freq_en), int(p.freq_zh), int(p.freq_joint),
                              tuple(p.signals), tuple(p.alternatives), bool(p.known),
                              example_en=ex.en if ex else "", example_zh=ex.zh if ex else "",
                              mined_en=p.en, mined_zh=p.zh))
    return out


def _split_list(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


def _int(cell: str) -> int:
    try:
        return int(float(cell))
    except ValueError:
        return 0


def read_term_sheet(path: str | os.PathLike) -> list[ReviewTerm]:
    """The candidates of a term review sheet (:mod:`shuyu.terms.review`), with any Accept and Status a
    reviewer filled in."""
    from ..errors import InputError
    from ..glossaries.model import parse_status
    from ..glossaries.table import parse_accept
    from ..glossaries.xlsxio import read_sheets
    from ..terms.review import COLUMNS

    where = os.fspath(path)
    for name, rows, _nums in read_sheets(path):
        if not rows or name == "About":
            continue
        header = [str(c or "").strip() for c in rows[0]]
        if "English" not in header or "Chinese" not in header:
            continue
        index = {h: header.index(h) for h in COLUMNS if h in header}
        out = []
        for row in rows[1:]:
            get = lambda h: str(row[index[h]] or "").strip() if h in index and index[h] < len(row) else ""  # noqa: E731
            en, zh = " ".join(get("English").split()), " ".join(get("Chinese").split())
            if not en or not zh:
                continue
            accept = parse_accept(get("Accept"))
            status = parse_status(get("Status")) if get("Status") else ""
            try:
                score = float(get("Score") or 0)
            except ValueError:
                score = 0.0
            out.append(ReviewTerm(en, zh, score, _int(get("Freq EN")), _int(get("Freq ZH")), _int(get("Freq joint")),
                                  _split_list(get("Evidence")), _split_list(get("Alternatives")),
                                  get("Known").lower() in ("yes", "true", "1"),
                                  example_en=get("Example EN"), example_zh=get("Example ZH"), mined_en=en, mined_zh=zh,
                                  decision="" if accept is None else ("accept" if accept else "reject"),
                                  status=status or ""))
        return out
    raise InputError("no term sheet: no sheet has English and Chinese columns", where=where,
                     hint="give the glossary.xlsx that shuyu run or shuyu mine wrote")


def _en_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split()]
    body = r"\s+".join(words) if words else re.escape(term)
    return re.compile(r"(?<![0-9A-Za-z])" + body + r"(?![0-9A-Za-z])", re.IGNORECASE)


def term_spans(text: str, terms: Sequence[str], lang: str) -> list[tuple[int, int]]:
    """Where any of ``terms`` occurs in ``text`` (start, end), sorted, not overlapping.  English is
    matched as whole words and without regard to case, Chinese as it is."""
    found: list[tuple[int, int]] = []
    for term in dict.fromkeys(t for t in terms if t):
        if lang == "en":
            found.extend(m.span() for m in _en_pattern(term).finditer(text))
        else:
            at = text.find(term)
            while at >= 0:
                found.append((at, at + len(term)))
                at = text.find(term, at + len(term))
    out: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def find_examples(terms: Sequence[ReviewTerm], en: ReviewDocument, zh: ReviewDocument,
                  beads: Sequence[ReviewBead], limit: int = MAX_EXAMPLES) -> list[ReviewTerm]:
    """``terms`` with ``examples`` (the first ``limit`` beads holding the term on both sides) and ``seen``
    (how many beads do)."""
    en_text = [" ".join(en.sentences[i].text for i in b.en) for b in beads]
    zh_text = ["".join(zh.sentences[i].text for i in b.zh) for b in beads]
    out = []
    for term in terms:
        pattern = _en_pattern(term.mined_en or term.en)
        needle = term.mined_zh or term.zh
        hits = [b for b, text in enumerate(zh_text) if needle in text and pattern.search(en_text[b])]
        examples = tuple(TermExample(beads[b].en, beads[b].zh) for b in hits[:limit])
        out.append(replace(term, examples=examples, seen=len(hits)))
    return out


class GlossaryIndex:
    """A glossary's terms by English and by Chinese, to tell known candidates and conflicts."""

    def __init__(self, glossary: Glossary):
        from ..glossaries import term_key

        self.key = term_key
        self.by_en: dict[str, list[tuple[str, str, str]]] = {}
        self.by_zh: dict[str, list[str]] = {}
        for entry in glossary.entries:
            for e in entry.en:
                for z in entry.zh:
                    self.by_en.setdefault(term_key(e.text, "en"), []).append((z.text, term_key(z.text, "zh"), z.status))
            for z in entry.zh:
                self.by_zh.setdefault(term_key(z.text, "zh"), []).extend(e.text for e in entry.en)

    def compare(self, en: str, zh: str) -> tuple[bool, list[str]]:
        """(known, conflicts): known when the glossary has this pair as a preferred or admitted term;
        a conflict for each thing the glossary says otherwise."""
        en_key, zh_key = self.key(en, "en"), self.key(zh, "zh")
        known = False
        conflicts: list[str] = []
        given = self.by_en.get(en_key, [])
        for text, key, status in given:
            if key == zh_key:
                if status in ("deprecated", "superseded", "forbidden"):
                    conflicts.append(f"the glossary marks {text} as {status} for {en!r}")
                else:
                    known = True
        if given and not any(key == zh_key for _t, key, _s in given):
            shown = "; ".join(f"{t} ({s or 'no status'})" for t, _k, s in given[:3])
            conflicts.append(f"the glossary has {en!r} = {shown}")
        others = [e for e in self.by_zh.get(zh_key, []) if self.key(e, "en") != en_key]
        if others:
            conflicts.append(f"the glossary has {zh} for {', '.join(repr(e) for e in others[:3])}")
        return known, conflicts
