"""Merging glossaries without losing anything.

Entries that share an English term (by :func:`~shuyu.glossaries.model.term_key`)
become one concept.  Its terms are the union of all the terms: the same text is
kept once; spelling variants that share a matching key but are written
differently (国务委员 / 國務委員, "Belt and Road Initiative" / "belt-and-road
initiative", "(G20)" / "（G20）", "A" / "a") are all kept, each with its own
status, and listed as :class:`Variants`.  Every term carries the source it came
from.  When two files give one term (same text) different statuses (one says
preferred, another forbidden) the first file's status is kept, the term's note
records the disagreement, and the conflict is listed.  Entry fields that differ
(definitions, notes…) are all kept verbatim — blank and repeated lines included —
joined by a newline; only a value given again exactly is kept once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..records import Glossary, GlossaryEntry, Term
from .model import term_key


@dataclass(frozen=True, slots=True)
class StatusConflict:
    """One Chinese (or English) term given different statuses by different sources."""

    en: str
    term: str
    lang: str
    statuses: tuple[tuple[str, str], ...]  # (source, status)
    kept: str

    @property
    def message(self) -> str:
        said = ", ".join(f"{s or '?'}: {st}" for s, st in self.statuses)
        return f"{self.lang} term {self.term!r} (for {self.en!r}) has conflicting statuses — {said}; kept {self.kept!r}"


@dataclass(frozen=True, slots=True)
class Alternatives:
    """An English term with several Chinese translations after merging."""

    en: str
    zh: tuple[tuple[str, str, str], ...]  # (term, status, source)


@dataclass(frozen=True, slots=True)
class Variants:
    """Spellings of one term (same matching key, different text) that were all kept."""

    en: str
    lang: str
    spellings: tuple[tuple[str, str, str], ...]  # (text, status, source)

    @property
    def message(self) -> str:
        said = ", ".join(f"{t!r} ({st or 'no status'}, {src or '?'})" for t, st, src in self.spellings)
        what = "English" if self.lang == "en" else "Chinese" if self.lang == "zh" else self.lang
        return f"{what} spellings of one term kept as variants (for {self.en!r}): {said}"


@dataclass(frozen=True, slots=True)
class MergeResult:
    glossary: Glossary
    conflicts: tuple[StatusConflict, ...]
    alternatives: tuple[Alternatives, ...]
    merged: int  # entries folded into another concept
    variants: tuple[Variants, ...] = ()

    def summary(self) -> str:
        return (f"{len(self.glossary)} concepts from {self.glossary_count} input entries; {self.merged} merged; "
                f"{len(self.alternatives)} English terms with several Chinese translations; "
                f"{len(self.variants)} spelling variants kept; "
                f"{len(self.conflicts)} status conflicts")

    @property
    def glossary_count(self) -> int:
        return len(self.glossary) + self.merged


def _origin_file(origin: str) -> str:
    base = origin.split("!", 1)[0]
    if ":" in base[2:]:
        head, _, tail = base.rpartition(":")
        if tail.isdigit():
            return head
    return base


class _UF:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def _join(values: Sequence[str], sep: str = "\n") -> str:
    """The non-empty values joined by ``sep``, each verbatim (blank and repeated lines inside a value are
    kept); a value given again exactly is kept once."""
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return sep.join(out)


def _join_sources(values: Sequence[str]) -> str:
    out: list[str] = []
    for value in values:
        for v in (value.split("; ") if value else ()):
            if v and v not in out:
                out.append(v)
    return "; ".join(out)


def merge(glossaries: Sequence[Glossary]) -> MergeResult:
    """Merge ``glossaries`` (earlier ones win status conflicts); every entry is kept."""
    flat: list[tuple[GlossaryEntry, str]] = []
    for g in glossaries:
        default = g.sources[0] if g.sources else ""
        for e in g.entries:
            flat.append((e, _origin_file(e.origin) if e.origin else default))
    uf = _UF(len(flat))
    first_by_key: dict[str, int] = {}
    for i, (e, _src) in enumerate(flat):
        for t in e.en:
            k = term_key(t.text, "en")
            if not k:
                continue
            if k in first_by_key:
                uf.union(first_by_key[k], i)
            else:
                first_by_key[k] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(flat)):
        groups.setdefault(uf.find(i), []).append(i)
    entries: list[GlossaryEntry] = []
    conflicts: list[StatusConflict] = []
    alts: list[Alternatives] = []
    variants: list[Variants] = []
    used_ids: set[str] = set()
    merged = 0
    for root in sorted(groups):
        members = [flat[i] for i in groups[root]]
        merged += len(members) - 1
        terms: list[Term] = []
        index: dict[tuple[str, str], int] = {}  # (lang, exact text) -> position in terms
        owner: dict[tuple[str, str], int] = {}
        seen_status: dict[tuple[str, str], list[tuple[str, str]]] = {}
        spellings: dict[tuple[str, str], list[int]] = {}  # (lang, matching key) -> positions of its spellings
        for m, (e, src) in enumerate(members):
            for t in e.terms:
                key = (t.lang, t.text)
                tsrc = t.source or src
                if key in index and owner[key] == m:
                    # the same term listed twice in one entry on purpose: keep it as it is
                    terms.append(Term(t.text, t.lang, t.status, pos=t.pos, note=t.note, source=tsrc))
                    continue
                seen_status.setdefault(key, []).append((tsrc, t.status))
                if key in index:
                    j = index[key]
                    old = terms[j]
                    terms[j] = Term(old.text, old.lang, old.status, pos=old.pos or t.pos,
                                    note=_join([old.note, t.note]), source=_join_sources([old.source, tsrc]))
                    continue
                index[key] = len(terms)
                owner[key] = m
                spellings.setdefault((t.lang, term_key(t.text, t.lang) or t.text), []).append(len(terms))
                terms.append(Term(t.text, t.lang, t.status, pos=t.pos, note=t.note, source=tsrc))
        en0 = next((t.text for t in terms if t.lang == "en"), "")
        for key, said in seen_status.items():
            if len({st for _s, st in said}) > 1:
                j = index[key]
                t = terms[j]
                c = StatusConflict(en=en0, term=t.text, lang=t.lang, statuses=tuple(said), kept=t.status)
                conflicts.append(c)
                remark = "status conflict: " + ", ".join(f"{s or '?'} says {st}" for s, st in said)
                terms[j] = Term(t.text, t.lang, t.status, pos=t.pos, note=_join([t.note, remark]), source=t.source)
        for (lang, _k), where in spellings.items():
            owners = {owner[(terms[j].lang, terms[j].text)] for j in where}
            if len(where) > 1 and len(owners) > 1:  # written differently by different entries: variants, all kept
                variants.append(Variants(en=en0, lang=lang, spellings=tuple(
                    (terms[j].text, terms[j].status, terms[j].source) for j in where)))
        zh_terms = [t for t in terms if t.lang == "zh"]
        if len(members) > 1 and len(zh_terms) > 1:
            alts.append(Alternatives(en=en0, zh=tuple((t.text, t.status, t.source) for t in zh_terms)))
        e0 = members[0][0]
        eid = e0.id
        if eid:
            base, k = eid, 1
            while eid in used_ids:
                k += 1
                eid = f"{base}.{k}"
            used_ids.add(eid)
        ordered = tuple([t for t in terms if t.lang == "en"] + zh_terms + [t for t in terms if t.lang not in ("en", "zh")])
        entries.append(GlossaryEntry(
            id=eid, terms=ordered,
            definition=_join([e.definition for e, _ in members]),
            domain=_join_sources([e.domain for e, _ in members]),
            source=_join_sources([e.source for e, _ in members]),
            context=_join([e.context for e, _ in members]),
            note=_join([e.note for e, _ in members]),
            origin=" + ".join(dict.fromkeys(o for e, _ in members for o in e.origin.split(" + ") if o)),
        ))
    sources = tuple(s for g in glossaries for s in g.sources)
    warnings = tuple(w for g in glossaries for w in g.warnings) + tuple(c.message for c in conflicts) \
        + tuple(v.message for v in variants)
    return MergeResult(glossary=Glossary(entries=tuple(entries), sources=sources, warnings=warnings),
                       conflicts=tuple(conflicts), alternatives=tuple(alts), merged=merged,
                       variants=tuple(variants))
