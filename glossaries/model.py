"""Glossary model helpers: matching keys, statuses, synonym splitting, column maps,
the write report, and turning mined term pairs into glossary entries.

Nothing here touches files; readers and writers build on it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ..errors import UsageError
from ..records import Glossary, GlossaryEntry, Term, TermPair
from ..textnorm import HAN_RE, normalize_en, normalize_zh, to_simplified

# ---------------------------------------------------------------------------
# matching keys

_HYPHENS = re.compile(r"[\s\-\u2010-\u2015\u2212_/·•・]+")
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def term_key(text: str, lang: str) -> str:
    """Matching key of a term: what two spellings of one term have in common.

    Case-folded, full-width folded to half-width, Traditional folded to
    Simplified (Chinese), curly quotes straightened, invisible characters
    removed, and hyphens, slashes, underscores and runs of spaces made one
    space (so ``"Belt-and-Road"`` and ``"belt and road"`` match).  For Chinese
    spaces are removed altogether.  The shown text is never changed.
    """
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    if lang == "zh":
        key = normalize_zh(text).casefold()
        key = _HYPHENS.sub(" ", key).strip()
        # a space next to a Han character carries no meaning
        return _CJK_SPACE.sub("", key)
    key = normalize_en(text).casefold()
    return _HYPHENS.sub(" ", key).strip()


# ---------------------------------------------------------------------------
# statuses

_STATUS_WORDS: dict[str, str] = {}
for _s, _words in {
    "preferred": ("preferred", "preferredterm-admn-sts", "preferredterm", "pref", "recommended", "approved", "yes",
                  "首选", "推荐", "规范", "规范用语", "优先", "标准", "首选译法", "推荐译法"),
    "admitted": ("admitted", "admittedterm-admn-sts", "admittedterm", "permitted", "allowed", "acceptable", "alternative",
                 "synonym", "variant", "new", "可用", "允许", "许可", "备选", "可接受", "同义", "可以使用"),
    "deprecated": ("deprecated", "deprecatedterm-admn-sts", "deprecatedterm", "notrecommended", "not recommended",
                   "avoid", "discouraged", "已弃用", "弃用", "不推荐", "不建议", "避免", "慎用", "废弃", "已废弃"),
    "superseded": ("superseded", "supersededterm-admn-sts", "supersededterm", "obsolete", "outdated", "legacy",
                   "已取代", "被取代", "旧译", "旧称", "已废止", "废止", "过时"),
    "forbidden": ("forbidden", "prohibited", "banned", "do not use", "don't use", "never", "no",
                  "禁用", "禁止", "禁止使用", "不得使用", "错误", "不可用"),
}.items():
    for _w in _words:
        _STATUS_WORDS[_w] = _s


def parse_status(value: str) -> str | None:
    """Map a status cell (English, Chinese in either script, or a TBX value) to a shuyu status; None if unknown.

    Chinese words are looked up in Simplified form, so 首選, 已棄用, 舊譯 work like 首选, 已弃用, 旧译.
    """
    v = " ".join(str(value).strip().casefold().split())
    if not v:
        return "preferred"
    if v in _STATUS_WORDS:
        return _STATUS_WORDS[v]
    found = _STATUS_WORDS.get(v.replace(" ", "").replace("_", ""))
    if found is None and HAN_RE.search(v):
        found = _STATUS_WORDS.get(to_simplified(v).replace(" ", ""))
    return found


# ---------------------------------------------------------------------------
# part of speech

#: TBX partOfSpeech values (TBX-Basic picklist).
POS_VALUES = ("noun", "verb", "adjective", "adverb", "other")
_POS_WORDS: dict[str, str] = {}
for _p, _words in {
    "noun": ("n", "noun", "nn", "np", "nouns", "noun phrase", "proper noun", "proper name", "pn", "prop n", "propn",
             "名", "名词", "名词短语", "专有名词", "专名", "名词词组"),
    "verb": ("v", "vb", "verb", "vt", "vi", "verb phrase", "vp", "phrasal verb", "动", "动词", "动词短语", "动词词组",
             "及物动词", "不及物动词"),
    "adjective": ("adj", "a", "adjective", "adjectival", "形", "形容词", "形容词短语"),
    "adverb": ("adv", "adverb", "adverbial", "副", "副词"),
    "other": ("other", "其他", "其它"),
}.items():
    for _w in _words:
        _POS_WORDS[_w] = _p


def tbx_pos(pos: str) -> str | None:
    """The TBX partOfSpeech value (noun, verb, adjective, adverb, other) of a part-of-speech cell; None when empty.

    Understands English and Chinese names and abbreviations (``n.``, ``v.``, ``adj.``, ``名词``, ``動詞``…);
    anything else is ``other``.
    """
    if not pos or not pos.strip():
        return None
    v = " ".join(pos.strip().casefold().replace(".", " ").split())
    found = _POS_WORDS.get(v) or _POS_WORDS.get(v.replace(" ", ""))
    if found is None and HAN_RE.search(v):
        found = _POS_WORDS.get(to_simplified(v).replace(" ", ""))
    return found or "other"


# ---------------------------------------------------------------------------
# Chinese language codes

#: Codes for Simplified (``hans``) and Traditional (``hant``) Chinese in each output family.
ZH_CODES: dict[str, dict[str, str]] = {
    "bcp47": {"hans": "zh-CN", "hant": "zh-TW"},        # TBX, TMX, Phrase Strings CSV
    "memoq": {"hans": "Chinese_PRC", "hant": "Chinese_Taiwan"},
    "phrase": {"hans": "zh_cn", "hant": "zh_tw"},      # Phrase TMS workbooks
}


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _script_counts(glossary: Glossary, sample: int = 5000) -> tuple[int, int]:
    """(Traditional terms, Simplified terms) among the first ``sample`` Chinese terms: a term that
    OpenCC's t2s changes is Traditional, one that s2t changes is Simplified, others (公安部) neither."""
    terms: list[str] = []
    for e in glossary.entries:
        terms.extend(t.text.replace("\n", " ") for t in e.terms if t.lang == "zh")
        if len(terms) >= sample:
            break
    if not terms:
        return 0, 0
    joined = "\n".join(terms[:sample])
    simp = to_simplified(joined).split("\n")
    trad = _s2t().convert(joined).split("\n")
    n_trad = n_simp = 0
    for t, s_, t_ in zip(terms, simp, trad):
        if s_ != t:
            n_trad += 1
        elif t_ != t:
            n_simp += 1
    return n_trad, n_simp


def zh_script(glossary: Glossary) -> str:
    """``"hans"``, ``"hant"`` or ``"mixed"``: the script of the Chinese terms of ``glossary``
    (Traditional terms only → ``hant``, both kinds → ``mixed``, else ``hans``)."""
    n_trad, n_simp = _script_counts(glossary)
    if n_trad and n_simp:
        return "mixed"
    return "hant" if n_trad else "hans"


def zh_code(glossary: Glossary, family: str = "bcp47") -> tuple[str, str]:
    """(language code, note) for the Chinese terms of ``glossary`` in ``family`` (see :data:`ZH_CODES`).

    Traditional terms get the Taiwan code, Simplified ones the PRC code; when both kinds occur
    the majority decides and the note says so (it is empty otherwise)."""
    n_trad, n_simp = _script_counts(glossary)
    codes = ZH_CODES[family]
    code = codes["hant"] if n_trad > n_simp else codes["hans"]
    if n_trad and n_simp:
        script = "Traditional" if n_trad > n_simp else "Simplified"
        return code, (f"the Chinese terms mix Simplified ({n_simp}) and Traditional ({n_trad}) characters; "
                      f"labelled {code} ({script}) by the majority")
    return code, ""


# ---------------------------------------------------------------------------
# synonyms

_SPLIT_RE = re.compile(r"\s*(?:;|；|\||｜|\r\n|\n|\r)\s*")


_SEPARATORS = frozenset(";；|｜\r\n")


def split_synonyms(cell: str) -> list[str]:
    """Split a cell holding several terms on ``;`` ``；`` ``|`` and newlines (never commas)."""
    cell = str(cell)
    if _SEPARATORS.isdisjoint(cell):
        s = cell.strip()
        return [s] if s else []
    return [p for p in (s.strip() for s in _SPLIT_RE.split(str(cell))) if p]


SYNONYM_JOIN = "; "

# ---------------------------------------------------------------------------
# column maps

ROLES = ("id", "en", "zh", "status", "en_status", "pos", "domain", "definition", "context", "note",
         "zh_note", "zh_source", "source", "accept", "skip")


def _col_index(letter_or_number: str, where: str) -> int:
    s = letter_or_number.strip()
    if s.isdigit() and int(s) >= 1:
        return int(s) - 1
    if re.fullmatch(r"[A-Za-z]{1,3}", s):
        n = 0
        for ch in s.upper():
            n = n * 26 + ord(ch) - 64
        return n - 1
    raise UsageError(f"bad column {s!r} in column map {where!r}",
                     hint="use a column letter (B) or a 1-based number (2), e.g. en=B,zh=C,note=E")


def parse_column_map(s: str | Mapping[str, str | int]) -> dict[str, int]:
    """Parse ``"en=B,zh=C,note=E"`` (or a mapping) into ``{"en": 1, "zh": 2, "note": 4}`` (0-based).

    Columns are letters (``B``) or 1-based numbers (``"2"``); in a mapping a
    Python ``int`` is a 0-based index.

    Roles: id, en, zh, status, en_status, pos, domain, definition, context,
    note, zh_note, zh_source, source, accept.
    """
    items: list[tuple[str, str | int]]
    if isinstance(s, Mapping):
        items = list(s.items())
    else:
        items = []
        for part in filter(None, (p.strip() for p in str(s).split(","))):
            if "=" not in part:
                raise UsageError(f"bad column map item {part!r}", hint="write role=column, e.g. en=B,zh=C,note=E")
            k, v = part.split("=", 1)
            items.append((k.strip(), v.strip()))
    out: dict[str, int] = {}
    for k, v in items:
        role = k.strip().lower()
        if role not in ROLES:
            raise UsageError(f"unknown column role {k!r}", hint=f"roles are: {', '.join(ROLES[:-1])}")
        if isinstance(v, int) and not isinstance(v, bool):
            if v < 0:
                raise UsageError(f"bad column number {v!r} for {role}", hint="integer columns are 0-based indices")
            idx = v
        else:
            idx = _col_index(str(v), str(s))
        out[role] = idx
    if "en" not in out or "zh" not in out:
        raise UsageError(f"column map {s!r} must name both en and zh columns", hint="e.g. en=B,zh=C")
    return out


# ---------------------------------------------------------------------------
# bulk work


@contextlib.contextmanager
def paused_gc():
    """Pause Python's cyclic garbage collector while a glossary is read or written.

    Reading 100,000 entries creates millions of small acyclic objects, and the
    collector's repeated passes over them cost a fifth of the time.  The
    previous state is restored on exit, also after an error.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# ---------------------------------------------------------------------------
# write report


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What a writer did: where, in which format, how many entries, and what it could not keep."""

    path: str
    fmt: str
    entries: int
    rows: int = 0
    lost: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def lossless(self) -> bool:
        return not self.lost


@dataclass(slots=True)
class LossLog:
    """Collects "field not kept" messages, at most ``limit`` per kind plus a count."""

    limit: int = 5
    kinds: dict[str, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, detail: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        lst = self.kinds.setdefault(kind, [])
        if len(lst) < self.limit:
            lst.append(detail)

    def messages(self) -> tuple[str, ...]:
        out = []
        for kind, n in self.counts.items():
            ex = "; ".join(self.kinds[kind])
            more = f" (+{n - len(self.kinds[kind])} more)" if n > len(self.kinds[kind]) else ""
            out.append(f"{kind}: {n} × — e.g. {ex}{more}")
        return tuple(out)


# ---------------------------------------------------------------------------
# comparing glossaries (used to compute what a format loses)


def entry_label(e: GlossaryEntry) -> str:
    en = e.en[0].text if e.en else ""
    zh = e.zh[0].text if e.zh else ""
    return f"{e.id or e.origin or '?'} {en!r}/{zh!r}"


def compare_entries(before: GlossaryEntry, after: GlossaryEntry | None, log: LossLog) -> None:
    """Record in ``log`` every field of ``before`` that ``after`` does not hold."""
    label = entry_label(before)
    if after is None:
        log.add("entry not written", label)
        return
    for name in ("id", "definition", "domain", "source", "context", "note"):
        if getattr(before, name) and getattr(before, name) != getattr(after, name):
            log.add(f"entry {name} not kept", label)
    for lang in ("en", "zh"):
        mine = before.terms_in(lang)
        got = {t.text: t for t in after.terms_in(lang)}
        if len(after.terms_in(lang)) < len(mine) and len({t.text for t in mine}) < len(mine):
            log.add(f"{lang} term not kept", f"{label}: a repeated term")
        for t in mine:
            a = got.get(t.text)
            if a is None:
                log.add(f"{lang} term not kept", f"{label}: {t.text!r}")
                continue
            if t.status != a.status:
                log.add(f"{lang} status {t.status!r} not kept", f"{label}: {t.text!r} became {a.status!r}")
            for name in ("pos", "note", "source"):
                if getattr(t, name) != getattr(a, name):
                    log.add(f"{lang} term {name} not kept", f"{label}: {t.text!r}")


# ---------------------------------------------------------------------------
# mined pairs → glossary


def _fmt_score(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".") if x == x else "nan"


#: Status of a mined term that nobody has reviewed: none (TBX-Basic has no "proposed" status, so the TBX
#: writer leaves administrativeStatus out for it).
UNREVIEWED = ""
#: The note on every entry made from mined term pairs.
CANDIDATE_NOTE = "unreviewed term candidate mined by shuyu: no status until a reviewer accepts it"


def entries_from_term_pairs(pairs: Sequence[TermPair], source: str) -> Glossary:
    """Turn mined term pairs into glossary entries.

    Mined pairs are candidates, not approved terms: every term gets the status
    :data:`UNREVIEWED` (none) and every entry's note starts with
    :data:`CANDIDATE_NOTE`; ``alternatives`` become further Chinese terms;
    frequency, score and evidence go into the entry note; the first example
    becomes the context (its English and Chinese sentences).  Entry ids are
    ``t1``, ``t2``… in the order given; ``source`` is recorded on every entry
    and term.
    """
    entries: list[GlossaryEntry] = []
    warnings: list[str] = []
    for i, p in enumerate(pairs, start=1):
        en = (p.en or "").strip()
        zh = (p.zh or "").strip()
        if not en or not zh:
            warnings.append(f"{source}: pair {i}: skipped: {'no English term' if not en else 'no Chinese term'}")
            continue
        terms = [Term(en, "en", UNREVIEWED, source=source), Term(zh, "zh", UNREVIEWED, source=source)]
        seen = {term_key(zh, "zh")}
        for alt in p.alternatives:
            alt = (alt or "").strip()
            k = term_key(alt, "zh")
            if alt and k not in seen:
                seen.add(k)
                terms.append(Term(alt, "zh", UNREVIEWED, source=source))
        note = (f"{CANDIDATE_NOTE}\nscore {_fmt_score(p.score)}; freq en {p.freq_en}, zh {p.freq_zh}, "
                f"joint {p.freq_joint}" + (f"; evidence: {', '.join(p.signals)}" if p.signals else "")
                + ("; already in glossary" if p.known else ""))
        context = ""
        if p.examples:
            ex = p.examples[0]
            context = "\n".join(s for s in (ex.en.strip(), ex.zh.strip()) if s)
        srcs = ", ".join(p.sources) if p.sources else source
        entries.append(GlossaryEntry(id=f"t{i}", terms=tuple(terms), source=srcs, context=context,
                                     note=note, origin=f"{source}:{i}"))
    return Glossary(entries=tuple(entries), sources=(source,), warnings=tuple(warnings))
