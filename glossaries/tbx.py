"""TBX: read TBX v3 (ISO 30042:2019; DCA and DCT styles, TBX-Basic/Min/Core) and
TBX 2 (``martif``); write TBX-Basic v3 in DCA style (:func:`write_tbx`, with the LTAC
``<?xml-model?>`` lines) and TBX 2 / martif (:func:`write_tbx2`, for translate-toolkit,
OmegaT and other readers that know only TBX 2).

Reading checks the core structure (and the TBX-Basic / TBX-Min picklists and
levels when the file declares that dialect) and rejects a file that breaks
them with an :class:`~shuyu.errors.InputError` listing the problems with
line numbers.  XML is parsed with lxml without DTDs, entity expansion or
network access; a file that declares entities is refused outright.

Mapping (shuyu ↔ TBX-Basic DCA)::

    entry.id          conceptEntry/@id (made an XML name if it is not one)
    entry.domain      conceptEntry/descrip[@type=subjectField]
    entry.definition  conceptEntry/descrip[@type=definition]
    entry.source      conceptEntry/admin[@type=source]
    entry.note        conceptEntry/note
    entry.context     descrip[@type=context] of the first English term
    term.status       termNote[@type=administrativeStatus]  (forbidden, unreviewed: see below)
    term.pos          termNote[@type=partOfSpeech]  (noun/verb/adjective/adverb/other; n., v., 名词… mapped)
    Chinese           langSec/@xml:lang zh-CN, or zh-TW when the Chinese terms are Traditional
    term.source       termSec/admin[@type=source]
    term.note         termSec/note

TBX-Basic has no "forbidden" status: a forbidden term is written as
``deprecatedTerm-admn-sts`` with the note ``shuyu status: forbidden`` and read
back as forbidden; the write report says so.  TBX-Basic has no "proposed"
status either: an unreviewed mined term (status ``""``, see
:func:`shuyu.glossaries.entries_from_term_pairs`) is written without an
administrativeStatus, and its entry's note says that it is an unreviewed
candidate.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..files import read_input
from ..errors import InputError
from ..records import Glossary, GlossaryEntry, Term
from ..xlsxkit import clean_text
from .model import POS_VALUES, UNREVIEWED, LossLog, WriteReport, entry_label, tbx_pos, zh_code  # noqa: F401

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORBIDDEN_NOTE = "shuyu status: forbidden"

STATUS_TO_TBX = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    "superseded": "supersededTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}
TBX_TO_STATUS = {
    "preferredterm-admn-sts": "preferred", "admittedterm-admn-sts": "admitted",
    "deprecatedterm-admn-sts": "deprecated", "supersededterm-admn-sts": "superseded",
    # TBX-Min usageStatus, TBX 2 / other dialects
    "preferred": "preferred", "admitted": "admitted", "notrecommended": "deprecated",
    "obsolete": "superseded", "deprecated": "deprecated", "superseded": "superseded",
    "standardizedterm-admn-sts": "preferred", "legalterm-admn-sts": "preferred",
    "regulatedterm-admn-sts": "preferred", "forbidden": "forbidden",
}
# ---------------------------------------------------------------------------
# safety


def _refuse_entities(data: bytes, where: str) -> None:
    head = data[:65536]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = head.decode("utf-16", errors="ignore").encode("utf-8")
        except Exception:  # pragma: no cover
            pass
    if re.search(rb"<!ENTITY", head, re.I):
        raise InputError("the file declares XML entities; shuyu refuses them (they can expand without limit "
                         "or read other files)", where=where,
                         hint="remove the <!DOCTYPE …[ <!ENTITY …> ]> block and export the TBX again")


def _parse(path: Path):
    from lxml import etree

    where = str(path)
    data = read_input(path)
    if not data.strip():
        raise InputError("the file is empty", where=where, hint="export the term base again")
    _refuse_entities(data, where)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(f"not well-formed XML: {exc.msg if hasattr(exc, 'msg') else exc}",
                         where=f"{where}:{line}" if line else where,
                         hint="fix the XML (an unclosed tag or a bare & is the usual cause)") from None
    return root


@lru_cache(maxsize=1024)
def _split_tag(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _local(el) -> str:
    tag = el.tag
    return _split_tag(tag)[1] if isinstance(tag, str) else ""


def _ns(el) -> str:
    tag = el.tag
    return _split_tag(tag)[0] if isinstance(tag, str) else ""


_WRAPPED = re.compile(r"[ \t]*\r?\n[ \t]+")


def _text(el) -> str:
    text = (el.text or "") if len(el) == 0 else "".join(el.itertext())
    if "\n" in text:
        text = _WRAPPED.sub(" ", text)
    return text.strip()


# ---------------------------------------------------------------------------
# structure checks (a fast subset of the RELAX NG + Schematron rules)

_AUX = {"admin", "adminGrp", "descrip", "descripGrp", "note", "ref", "transacGrp", "xref"}
_TYPED = {"admin", "descrip", "termNote", "transac", "ref", "xref", "transacNote", "adminNote", "descripNote"}
_ATTRS = {"id", "type", "target", "datatype", "style", XML_LANG, "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"}
# elements whose children need no structural check
_LEAVES = {"term", "termNote", "descrip", "admin", "note", "ref", "xref", "transac", "transacNote", "date", "p",
           "title", "adminNote", "descripNote", "item", "hi", "sc", "ec", "ph"}
_GRP_HEAD = {"descripGrp": "descrip", "adminGrp": "admin", "termNoteGrp": "termNote", "transacGrp": "transac"}

_BASIC_PICK = {
    "partOfSpeech": {"adjective", "noun", "other", "verb", "adverb"},
    "administrativeStatus": {"admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts",
                             "preferredTerm-admn-sts"},
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
    "grammaticalGender": {"masculine", "feminine", "neuter", "other"},
}
_MIN_PICK = {
    "partOfSpeech": {"adjective", "noun", "other", "verb", "adverb"},
    "administrativeStatus": _BASIC_PICK["administrativeStatus"],
    # older TBX-Min drafts (the LTAC test files) use usageStatus
    "usageStatus": {"preferred", "admitted", "notRecommended", "obsolete", "deprecated", "superseded"},
}
# data-category types each DCA element may carry (TBX-Basic integrated RNG, TBX-Min Schematron)
_BASIC_TYPES = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"context", "definition", "subjectField"},
    "ref": {"crossReference", "relatedConcept", "relatedTerm"},
    "transac": {"transactionType"},
    "transacNote": {"responsibility"},
    "xref": {"externalCrossReference", "xGraphic"},
    "termNote": {"administrativeStatus", "grammaticalGender", "geographicalUsage", "partOfSpeech",
                 "termLocation", "termType", "usageStatus"},  # usageStatus: older drafts (LTAC test files)
}
_MIN_TYPES = {
    "admin": {"customerSubset"},
    "descrip": {"subjectField"},
    "termNote": {"administrativeStatus", "partOfSpeech", "usageStatus"},
    "xref": {"externalCrossReference"},
    "ref": set(),
}


def _problem(out: list[str], el, msg: str) -> None:
    out.append(f"line {el.sourceline}: {msg}")


def _check_v3(root) -> list[str]:
    out: list[str] = []
    dialect = root.get("type", "")
    style = root.get("style", "dca")
    ids = {str(v) for v in root.xpath("//@id")}
    core = TBX_NS
    for el in root.iter("*"):
        ns, name = _split_tag(el.tag)
        if ns != core:
            if style != "dct" and ns not in ("", core):
                _problem(out, el, f"<{name}> from namespace {ns} in a DCA-style file")
            continue
        for a in el.attrib:
            if a not in _ATTRS and not a.startswith("{http://www.w3.org/2000/xmlns/}") and name not in ("sc", "ec", "ph", "hi"):
                _problem(out, el, f"attribute {a!r} is not allowed on <{name}>")
        if name in _TYPED and not el.get("type", "").strip():
            _problem(out, el, f"<{name}> has no type attribute")
        if name in _LEAVES:
            if name == "termNote" and _local(el.getparent()) not in ("termSec", "termNoteGrp"):
                _problem(out, el, "<termNote> is only allowed in <termSec>")
            if dialect in ("TBX-Basic", "TBX-Min") and name in _TYPED:
                _check_dialect(out, el, name, el.get("type", ""), dialect, ids)
            continue
        kids = list(el.iterchildren("*"))
        knames = []
        for k in kids:
            kns, kname = _split_tag(k.tag)
            knames.append(kname if kns == core else "*")
        if name in ("sourceDesc", "publicationStmt", "titleStmt", "fileDesc", "tbxHeader", "encodingDesc"):
            if (el.text or "").strip():
                _problem(out, el, f"text directly inside <{name}> must be wrapped in <p>")
        elif name == "text":
            for k, kn in zip(kids, knames):
                if kn not in ("body", "back"):
                    _problem(out, k, f"<{kn}> is not allowed directly inside <text>")
        elif name == "body":
            for k, kn in zip(kids, knames):
                if kn != "conceptEntry":
                    _problem(out, k, f"<{kn}> is not allowed directly inside <body>")
        elif name in ("conceptEntry", "langSec"):
            if name == "conceptEntry" and not el.get("id"):
                _problem(out, el, "<conceptEntry> has no id")
            if name == "langSec" and not el.get(XML_LANG):
                _problem(out, el, "<langSec> has no xml:lang")
            child = "langSec" if name == "conceptEntry" else "termSec"
            seen_child = False
            for k, kn in zip(kids, knames):
                if kn == child:
                    seen_child = True
                elif kn in _AUX or (kn == "*" and style == "dct"):
                    if seen_child:
                        _problem(out, k, f"<{kn}> must come before the <{child}> elements in <{name}>")
                else:
                    _problem(out, k, f"<{kn}> is not allowed in <{name}>")
            if not seen_child:
                _problem(out, el, f"<{name}> has no <{child}>")
        elif name == "termSec":
            if not knames or knames[0] != "term":
                _problem(out, el, "<term> must come first in <termSec>")
            if knames.count("term") != 1:
                _problem(out, el, f"<termSec> must hold exactly one <term> (found {knames.count('term')})")
            after_notes = False
            for k, kn in zip(kids[1:], knames[1:]):
                if kn in ("termNote", "termNoteGrp") or (kn == "*" and style == "dct" and not after_notes):
                    if after_notes and kn != "*":
                        _problem(out, k, f"<{kn}> must come right after <term>")
                elif kn in _AUX or kn == "*":
                    after_notes = True
                elif kn != "term":
                    _problem(out, k, f"<{kn}> is not allowed in <termSec>")
        elif name in _GRP_HEAD:
            head = _GRP_HEAD[name]
            if not knames or knames[0] != head and not (style == "dct" and knames[0] == "*"):
                _problem(out, el, f"<{name}> must start with <{head}>")
            if knames.count(head) > 1:
                _problem(out, el, f"<{name}> may hold only one <{head}>")
        elif name == "termNote":
            p = el.getparent()
            if _local(p) not in ("termSec", "termNoteGrp"):
                _problem(out, el, "<termNote> is only allowed in <termSec>")
        # dialect rules (DCA)
        if dialect in ("TBX-Basic", "TBX-Min") and name in _TYPED:
            _check_dialect(out, el, name, el.get("type", ""), dialect, ids)
    if dialect in ("TBX-Basic", "TBX-Min") and style == "dct":
        for el in root.iter():
            if isinstance(el.tag, str) and _ns(el) not in ("", core):
                _check_dialect(out, el, _local(el), _local(el), dialect, ids)
    return out


def _level(el) -> str:
    p = el.getparent()
    while p is not None and _local(p) in ("descripGrp", "adminGrp", "termNoteGrp", "transacGrp"):
        p = p.getparent()
    return _local(p) if p is not None else ""


def _check_dialect(out: list[str], el, name: str, dc: str, dialect: str, ids: set[str]) -> None:
    value = _text(el)
    pick = _BASIC_PICK if dialect == "TBX-Basic" else _MIN_PICK
    if dc == "usageStatus":
        pick = _MIN_PICK
    if dc in pick and value not in pick[dc]:
        _problem(out, el, f"{dc} value {value!r} is not allowed in {dialect} (allowed: {', '.join(sorted(pick[dc]))})")
    lvl = _level(el)
    if dc == "definition" and lvl not in ("conceptEntry", "langSec"):
        _problem(out, el, "definition may only appear at the conceptEntry or langSec level")
    if dc == "context" and lvl != "termSec":
        _problem(out, el, "context may only appear at the termSec level")
    if dc == "subjectField" and lvl != "conceptEntry":
        _problem(out, el, "subjectField may only appear at the conceptEntry level")
    types = (_BASIC_TYPES if dialect == "TBX-Basic" else _MIN_TYPES).get(name)
    if types is not None and dc != name and dc not in types:
        _problem(out, el, f"<{name} type={dc!r}> is not a {dialect} data category"
                          + (f" (allowed: {', '.join(sorted(types))})" if types else ""))
    tgt = el.get("target")
    if tgt is not None and not re.match(r"https?://.+", tgt) and tgt not in ids:
        _problem(out, el, f"target {tgt!r} is neither an http(s) URL nor the id of an element in the file")


# ---------------------------------------------------------------------------
# reading


def _category(el, core: str) -> str:
    """Data category of an element: @type for DCA elements, local name for DCT ones."""
    name = _local(el)
    if _ns(el) in (core, "") and name in ("descrip", "admin", "termNote", "transac", "xref", "ref"):
        return el.get("type", "")
    if name == "note" and _ns(el) in (core, ""):
        return "note"
    if _ns(el) not in (core, ""):
        return name
    return ""


def _items(el, core: str) -> Iterable[tuple[str, str, object]]:
    """(category, text, element) of the data categories directly at this level (groups unwrapped to their head)."""
    for k in el:
        if not isinstance(k.tag, str):
            continue
        n = _local(k)
        if n in ("descripGrp", "adminGrp", "termNoteGrp"):
            heads = [h for h in k if isinstance(h.tag, str)]
            if heads:
                yield _category(heads[0], core), _text(heads[0]), heads[0]
                for extra in heads[1:]:
                    yield "grp:" + (_category(extra, core) or _local(extra)), _text(extra), extra
            continue
        if n in ("transacGrp", "langSec", "termSec", "langSet", "tig", "ntig", "term", "termGrp"):
            continue
        cat = _category(k, core)
        if cat:
            yield cat, _text(k), k


def _lang(code: str) -> str | None:
    c = code.lower().replace("_", "-")
    if c == "en" or c.startswith("en-"):
        return "en"
    if c in ("zh", "cmn", "chi", "zho") or c.startswith(("zh-", "cmn-")):
        return "zh"
    return None


def read_tbx(path: str | os.PathLike) -> Glossary:
    """Read a TBX v3 (DCA or DCT) or TBX 2 (martif) file; English and Chinese terms only."""
    path = Path(path)
    where = str(path)
    root = _parse(path)
    rname = _local(root)
    if rname == "tbx":
        problems = _check_v3(root)
        core = _ns(root)
        if core != TBX_NS:
            problems.insert(0, f"line {root.sourceline}: namespace {core or '(none)'!r} is not {TBX_NS!r}")
        entry_tag, lang_tag, term_tags = "conceptEntry", "langSec", ("termSec",)
    elif rname == "martif":
        problems = []
        core = _ns(root)
        entry_tag, lang_tag, term_tags = "termEntry", "langSet", ("tig", "ntig")
    else:
        raise InputError(f"not a TBX file: the root element is <{rname}>, not <tbx> or <martif>", where=where,
                         hint="export a TBX (ISO 30042) file, or use xlsx/csv")
    if problems:
        shown = "; ".join(problems[:6]) + (f"; … {len(problems) - 6} more" if len(problems) > 6 else "")
        raise InputError(f"invalid TBX ({len(problems)} problem{'s' if len(problems) > 1 else ''}): {shown}",
                         where=where, hint="fix these elements or export the TBX again from the terminology tool")
    entries: list[GlossaryEntry] = []
    warnings: list[str] = []
    ignored: Counter[str] = Counter()
    other_langs: Counter[str] = Counter()
    n = 0
    for ce in root.iter(f"{{{core}}}{entry_tag}" if core else entry_tag):
        n += 1
        eid = ce.get("id", "") or f"e{n}"
        line = ce.sourceline
        fields = {"domain": [], "definition": [], "source": [], "note": [], "context": []}

        def take(cat: str, text: str, level: str) -> bool:
            if not text:
                return True
            if cat == "subjectField":
                fields["domain"].append(text)
            elif cat == "definition":
                fields["definition"].append(text)
            elif cat in ("source", "entrySource") and level == "entry":
                fields["source"].append(text)
            elif cat == "note" and level in ("entry", "lang"):
                fields["note"].append(text)
            elif cat == "context":
                fields["context"].append(text)
            else:
                return False
            return True

        for cat, text, _el in _items(ce, core):
            if not take(cat, text, "entry"):
                ignored[cat] += 1
        terms: list[Term] = []
        for ls in ce:
            if not isinstance(ls.tag, str) or _local(ls) != lang_tag:
                continue
            lang = _lang(ls.get(XML_LANG, "") or ls.get("lang", ""))
            if lang is None:
                other_langs[ls.get(XML_LANG, "?")] += 1
                continue
            for cat, text, _el in _items(ls, core):
                if not take(cat, text, "lang"):
                    ignored[cat] += 1
            for ts in ls:
                if not isinstance(ts.tag, str) or _local(ts) not in term_tags:
                    continue
                holders = [ts] + [g for g in ts if isinstance(g.tag, str) and _local(g) == "termGrp"]
                term_el = next((t for h in holders for t in h if isinstance(t.tag, str) and _local(t) == "term"), None)
                if term_el is None:
                    continue
                text = _text(term_el)
                if not text:
                    warnings.append(f"{where}:{ts.sourceline}: skipped: empty <term>")
                    continue
                status, pos, notes, tsource = "preferred", "", [], []
                for h in holders:
                    for cat, val, _el in _items(h, core):
                        if cat in ("administrativeStatus", "usageStatus", "normativeAuthorization"):
                            st = TBX_TO_STATUS.get(val.replace(" ", "").lower())
                            if st is None:
                                warnings.append(f"{where}:{_el.sourceline}: unknown status {val!r} read as admitted")
                                st = "admitted"
                            status = st
                        elif cat == "partOfSpeech":
                            pos = val
                        elif cat == "note":
                            notes.append(val)
                        elif cat == "source":
                            tsource.append(val)
                        elif cat == "context":
                            fields["context"].append(val)
                        elif val:
                            ignored[cat] += 1
                if FORBIDDEN_NOTE in notes:
                    notes.remove(FORBIDDEN_NOTE)
                    status = "forbidden"
                terms.append(Term(text, lang, status, pos=pos, note="\n".join(notes), source="\n".join(tsource)))
        origin = f"{where}:{line}"
        if not any(t.lang == "en" for t in terms) or not any(t.lang == "zh" for t in terms):
            missing = "English" if not any(t.lang == "en" for t in terms) else "Chinese"
            warnings.append(f"{origin}: skipped: no {missing} term (entry {eid})")
            continue
        entries.append(GlossaryEntry(
            id=eid, terms=tuple(terms), definition="\n".join(fields["definition"]),
            domain="; ".join(fields["domain"]), source="\n".join(fields["source"]),
            context=fields["context"][0] if fields["context"] else "", note="\n".join(fields["note"]),
            origin=origin))
        if len(fields["context"]) > 1:
            ignored["context (beyond the first)"] += len(fields["context"]) - 1
    if n == 0:
        warnings.append(f"{where}: the TBX file holds no concept entries")
    if other_langs:
        warnings.append(f"{where}: ignored language sections: "
                        + ", ".join(f"{k} ({v}×)" for k, v in other_langs.most_common()))
    if ignored:
        warnings.append(f"{where}: ignored data categories: "
                        + ", ".join(f"{k} ({v}×)" for k, v in ignored.most_common()))
    warnings.insert(0, f"{where}: read {len(entries)} of {n} concept entries")
    return Glossary(entries=tuple(entries), sources=(where,), warnings=tuple(warnings))


# ---------------------------------------------------------------------------
# writing

_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")  # ASCII: the TBX schema rejects some Unicode names

#: The ``<?xml-model?>`` lines of the LTAC TBX-Basic DCA example: they let an XML editor (oXygen, …)
#: validate the file against the TBX-Basic RELAX NG schema and Schematron rules.
XML_MODEL_LINES = (
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n',
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/'
    'TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n',
)


@dataclass(frozen=True, slots=True)
class TbxDialect:
    """The element names and header of one TBX version: the writer is the same for both."""

    name: str
    prolog: str          # everything before the header
    header: str          # header element
    entry: str           # concept entry
    lang: str            # language section
    term: str            # term section
    close: str           # after the last entry
    empty_body: bool     # an empty glossary may leave <body> out


V3 = TbxDialect(
    name="TBX-Basic v3 (ISO 30042:2019, DCA)",
    prolog='<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(XML_MODEL_LINES)
           + f'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="{TBX_NS}">\n',
    header="tbxHeader", entry="conceptEntry", lang="langSec", term="termSec", close="</tbx>\n", empty_body=True)
V2 = TbxDialect(
    name="TBX 2 (martif, ISO 30042:2008, TBX-Default)",
    prolog='<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">\n'
           '<martif type="TBX" xml:lang="en">\n',
    header="martifHeader", entry="termEntry", lang="langSet", term="tig", close="</martif>\n", empty_body=False)


def _esc(text: str) -> str:
    return (clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _attr(text: str) -> str:
    return _esc(text).replace('"', "&quot;")


def render_tbx(glossary: Glossary, log: LossLog | None = None, title: str = "", dialect: TbxDialect = V3) -> str:
    """The TBX document for ``glossary`` (TBX-Basic v3 DCA by default, or :data:`V2` martif) as a string;
    losses go to ``log``."""
    from .. import __version__

    log = log if log is not None else LossLog()
    d = dialect
    zh_lang, _note = zh_code(glossary)
    out: list[str] = [d.prolog, f"<{d.header}><fileDesc>"]
    if title:
        out.append(f"<titleStmt><title>{_esc(title)}</title></titleStmt>")
    out.append(f"<sourceDesc><p>{_esc(f'made by shuyu {__version__}')}</p>")
    for s in glossary.sources:
        out.append(f"<p>{_esc('source: ' + str(s))}</p>")
    out.append("</sourceDesc></fileDesc>")
    if d is V2:
        out.append('<encodingDesc><p type="XCSURI">TBXXCSV02.xcs</p></encodingDesc>')
    out.append(f"</{d.header}>\n<text>")
    body_at = len(out)
    out.append("<body>\n")
    used: set[str] = set()
    for i, e in enumerate(glossary.entries, start=1):
        label = entry_label(e)
        if not e.terms:
            log.add("entry without terms not written", label)
            continue
        eid = e.id if e.id and _NCNAME.match(e.id) else ""
        if not eid:
            cand = re.sub(r"[^\w.\-]", "_", e.id) if e.id else ""
            eid = f"c{cand or i}" if not (cand and _NCNAME.match(cand)) else cand
            if e.id:
                log.add("entry id changed (TBX ids must be XML names)", f"{e.id!r} → {eid!r}")
        base, k = eid, 1
        while eid in used:
            k += 1
            eid = f"{base}.{k}"
            log.add("duplicate entry id made unique", f"{base!r} → {eid!r}")
        used.add(eid)
        out.append(f'<{d.entry} id="{_attr(eid)}">')
        if e.domain:
            out.append(f'<descrip type="subjectField">{_esc(e.domain)}</descrip>')
        if e.definition:
            out.append(f'<descrip type="definition">{_esc(e.definition)}</descrip>')
        if e.source:
            out.append(f'<admin type="source">{_esc(e.source)}</admin>')
        if e.note:
            out.append(f"<note>{_esc(e.note)}</note>")
        context_done = not e.context
        langs = [lang for lang in ("en", "zh") if e.terms_in(lang)]
        for lang in langs:
            out.append(f'<{d.lang} xml:lang="{zh_lang if lang == "zh" else "en"}">')
            for t in e.terms_in(lang):
                out.append(f"<{d.term}><term>{_esc(t.text)}</term>")
                pos = tbx_pos(t.pos)
                if pos:
                    if pos != t.pos:
                        log.add("part of speech mapped to a TBX value", f"{label}: {t.pos!r} → {pos!r}")
                    out.append(f'<termNote type="partOfSpeech">{pos}</termNote>')
                status = t.status if t.status in STATUS_TO_TBX or t.status == UNREVIEWED else "preferred"
                if status != t.status:
                    log.add("unknown status written as preferred", f"{label}: {t.status!r}")
                if status != UNREVIEWED:  # an unreviewed candidate has no status
                    out.append(f'<termNote type="administrativeStatus">{STATUS_TO_TBX[status]}</termNote>')
                if not context_done:
                    out.append(f'<descrip type="context">{_esc(e.context)}</descrip>')
                    context_done = True
                if t.source:
                    out.append(f'<admin type="source">{_esc(t.source)}</admin>')
                if t.note:
                    out.append(f"<note>{_esc(t.note)}</note>")
                if status == "forbidden":
                    out.append(f"<note>{FORBIDDEN_NOTE}</note>")
                out.append(f"</{d.term}>")
            out.append(f"</{d.lang}>")
        out.append(f"</{d.entry}>\n")
    if len(out) == body_at + 1 and d.empty_body:  # no entry: <body> needs at least one, <text> may go without it
        out[body_at] = ""
        out.append("</text>\n" + d.close)
    else:
        out.append("</body></text>\n" + d.close)
    return "".join(out)


def _write(glossary: Glossary, path, fmt: str, bom: bool, dialect: TbxDialect) -> WriteReport:
    from ..files import atomic_write

    log = LossLog()
    text = render_tbx(glossary, log, title=Path(path).stem, dialect=dialect)
    forbidden = sum(1 for e in glossary.entries for t in e.terms if t.status == "forbidden")
    notes = []
    if forbidden:
        notes.append(f"TBX has no 'forbidden' status: {forbidden} forbidden term(s) written as "
                     f"deprecatedTerm-admn-sts with the note {FORBIDDEN_NOTE!r} (shuyu reads them back as forbidden)")
    _lang, mixed = zh_code(glossary)
    if mixed:
        notes.append(mixed)
    if dialect is V2 and not glossary.entries:
        notes.append("an empty TBX 2 file has an empty <body>, which the TBX 2 core structure does not allow")
    with atomic_write(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="\n") as fh:
        fh.write(text)
    return WriteReport(path=os.fspath(path), fmt=fmt, entries=len(glossary.entries), rows=len(glossary.entries),
                       lost=log.messages(), notes=tuple(notes))


def write_tbx(glossary: Glossary, path: str | os.PathLike, *, fmt: str = "tbx", bom: bool | None = False,
              **_options) -> WriteReport:
    """Write TBX-Basic v3 (ISO 30042:2019, DCA style) with the LTAC ``<?xml-model?>`` lines, atomically."""
    return _write(glossary, path, fmt, bool(bom), V3)


def write_tbx2(glossary: Glossary, path: str | os.PathLike, *, fmt: str = "tbx2", bom: bool | None = False,
               **_options) -> WriteReport:
    """Write TBX 2 (``martif``, ISO 30042:2008 / TBX-Default) for the readers that know only that version
    (translate-toolkit, OmegaT, many older CAT tools), atomically.

    Same mapping as :func:`write_tbx`: termEntry / langSet / tig instead of conceptEntry / langSec / termSec.
    """
    return _write(glossary, path, fmt, bool(bom), V2)
