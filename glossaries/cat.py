"""Term-base import layouts of two CAT tools, as CSV and XLSX, that keep every term and its status.

* **memoQ** (``memoq-csv``, ``memoq-xlsx``) — one row per concept in the column layout
  of memoQ's own term base CSV (documented in the memoQ WS API help, "Term base in CSV
  format", docs.memoq.com …/tbservice.importexport.csv.html; import: "Term base CSV
  import settings" / "Term base Excel import settings"): the entry columns
  ``Entry_ID``, ``Entry_Subject``, ``Entry_Domain``, ``Entry_Note``; per language the
  language column ``<Language>_Def``; then for every term of that language the term
  column ``<Language>`` followed by its own columns ``Term_Example`` (the entry's
  context, on the first English term), ``Term_Note``, ``Term_Forbidden`` (``True`` for
  forbidden, deprecated and superseded terms: memoQ knows only "forbidden") and
  ``Term_Status`` (shuyu's status word, so that nothing is lost).  Languages are
  ``English`` and ``Chinese_PRC``, or ``Chinese_Taiwan`` when the Chinese terms are
  Traditional.  In memoQ's import dialog map ``Term_Forbidden`` to the term's
  *Forbidden* property.
* **Phrase TMS** (``phrase-xlsx``) — the term base workbook of Phrase TMS ("Modify Term
  Bases", support.phrase.com/hc/en-us/articles/5709733407772): one row per concept with
  ``CID``, ``Domain``, ``Definition``, ``Concept note``; every term is a column headed by
  its language code (``en``, ``zh_cn`` or ``zh_tw``) followed by its attributes
  ``Status`` (``Approved``, or ``New`` for an unreviewed mined candidate), ``Preferred`` and
  ``Forbidden`` (real TRUE/FALSE cells, as the help page asks), ``Part of speech``,
  ``Usage`` and ``Note``.  A deprecated or superseded term is ``Forbidden`` TRUE (Phrase
  has no other "do not use" mark) and its note says ``shuyu status: deprecated``.
* **Phrase Strings** (``phrase-csv``) — the documented CSV of Phrase Strings term bases
  ("Uploading and Downloading Terms (Strings)", support.phrase.com/hc/en-us/articles/
  10112307427740): ``term``, ``description``, ``translatable``, ``case sensitive`` and one
  column per locale (``en``, ``zh-CN`` or ``zh-TW``), one translation per locale.  The
  translation is the preferred (or admitted) term; every other term — synonyms,
  deprecated, superseded and forbidden variants — is named with its status in the
  description, so that an entry whose only Chinese term is forbidden is still written.

shuyu reads all three back (:func:`shuyu.glossaries.table.term_blocks` finds the
per-term columns).  The CSV layouts are written for the CAT tool, not for a
spreadsheet: no byte-order mark and no apostrophe before ``= + - @`` (``bom=True``
adds the BOM).  The write report lists what a layout cannot hold.
"""

from __future__ import annotations

import os
from typing import Sequence

from ..records import Glossary, GlossaryEntry, Term
from .model import UNREVIEWED, LossLog, WriteReport, entry_label, tbx_pos, zh_code
from .table import STATUS_NOTE

_USABLE = ("preferred", "admitted")
_DO_NOT_USE = ("deprecated", "superseded", "forbidden")
MEMOQ_TERM_COLUMNS = ("Term_Example", "Term_Note", "Term_Forbidden", "Term_Status")
PHRASE_TERM_COLUMNS = ("Status", "Preferred", "Forbidden", "Part of speech", "Usage", "Note")


def _entry_note(e: GlossaryEntry, log: LossLog, where: str) -> str:
    note = e.note
    if e.source:
        note = f"{note}\nSource: {e.source}" if note else f"Source: {e.source}"
        log.add(f"entry source written into {where}", entry_label(e))
    return note


def _complete(glossary: Glossary, log: LossLog) -> list[GlossaryEntry]:
    out = []
    for e in glossary.entries:
        if not e.en or not e.zh:
            log.add("entry not written (no English or no Chinese term)", entry_label(e))
            continue
        out.append(e)
    return out


def memoq_table(glossary: Glossary, log: LossLog, *, booleans: bool = False) -> tuple[list[str], list[list]]:
    entries = _complete(glossary, log)
    zh_lang, _mixed = zh_code(glossary, "memoq")
    n_en = max((len(e.en) for e in entries), default=1)
    n_zh = max((len(e.zh) for e in entries), default=1)
    header = ["Entry_ID", "Entry_Subject", "Entry_Domain", "Entry_Note", "English_Def"]
    header += ["English", *MEMOQ_TERM_COLUMNS] * n_en
    header += [f"{zh_lang}_Def"] + [zh_lang, *MEMOQ_TERM_COLUMNS] * n_zh
    width = 1 + len(MEMOQ_TERM_COLUMNS)
    rows = []
    for e in entries:
        label = entry_label(e)
        row: list = [e.id, "", e.domain, _entry_note(e, log, "Entry_Note"), e.definition]
        for lang, terms, n in (("en", e.en, n_en), ("zh", e.zh, n_zh)):
            if lang == "zh":
                row.append("")
            for i in range(n):
                if i >= len(terms):
                    row += [""] * width
                    continue
                t = terms[i]
                for name in ("pos", "source"):
                    if getattr(t, name):
                        log.add(f"{lang} term {name} not kept", f"{label}: {t.text!r}")
                example = e.context if lang == "en" and i == 0 else ""
                forbidden = t.status in _DO_NOT_USE
                row += [t.text, example, t.note, forbidden if booleans else ("True" if forbidden else "False"),
                        t.status]
        rows.append(row)
    return header, rows


def _phrase_terms(e: GlossaryEntry, terms: Sequence[Term], n: int, log: LossLog, *, context: bool) -> list:
    out: list = []
    label = entry_label(e)
    for i in range(n):
        if i >= len(terms):
            out += [""] * (1 + len(PHRASE_TERM_COLUMNS))
            continue
        t = terms[i]
        if t.source:
            log.add(f"{t.lang} term source not kept", f"{label}: {t.text!r}")
        note = t.note
        if t.status in ("deprecated", "superseded"):
            note = f"{note}\n{STATUS_NOTE}{t.status}" if note else f"{STATUS_NOTE}{t.status}"
        approval = "New" if t.status == UNREVIEWED else "Approved"
        out += [t.text, approval, t.status == "preferred", t.status in _DO_NOT_USE, tbx_pos(t.pos) or "",
                e.context if context and i == 0 else "", note]
    return out


def phrase_table(glossary: Glossary, log: LossLog) -> tuple[list[str], list[list]]:
    entries = _complete(glossary, log)
    zh_lang, _mixed = zh_code(glossary, "phrase")
    n_en = max((len(e.en) for e in entries), default=1)
    n_zh = max((len(e.zh) for e in entries), default=1)
    header = ["CID", "Domain", "Definition", "Concept note"]
    header += ["en", *PHRASE_TERM_COLUMNS] * n_en + [zh_lang, *PHRASE_TERM_COLUMNS] * n_zh
    rows = []
    for e in entries:
        for t in e.terms:
            if t.pos and tbx_pos(t.pos) != t.pos:
                log.add("part of speech mapped to a TBX value", f"{entry_label(e)}: {t.pos!r} → {tbx_pos(t.pos)!r}")
        row: list = [e.id, e.domain, e.definition, _entry_note(e, log, "Concept note")]
        row += _phrase_terms(e, e.en, n_en, log, context=True)
        row += _phrase_terms(e, e.zh, n_zh, log, context=False)
        rows.append(row)
    return header, rows


def _pick(terms: Sequence[Term]) -> Term | None:
    """The term a one-translation layout shows: the first preferred, else admitted, else unreviewed one."""
    for wanted in ("preferred", "admitted", UNREVIEWED):
        for t in terms:
            if t.status == wanted:
                return t
    return None


def phrase_strings_table(glossary: Glossary, log: LossLog) -> tuple[list[str], list[list]]:
    zh_lang, _mixed = zh_code(glossary)
    header = ["term", "description", "translatable", "case sensitive", "en", zh_lang]
    rows = []
    for e in _complete(glossary, log):
        label = entry_label(e)
        en, zh = _pick(e.en) or e.en[0], _pick(e.zh)
        lines = [x for x in (e.definition, e.note) if x]
        others = [t for t in e.terms if t is not en and t is not zh]
        for t in others:
            code = "en" if t.lang == "en" else zh_lang
            lines.append(f"{code} {t.status or 'unreviewed'}: {t.text}")
        if others:
            log.add("terms beyond one per locale written into the description", label)
        if zh is None:
            log.add("entry written without a Chinese translation (its Chinese terms are all do-not-use: named in "
                    "the description)", label)
        for name in ("domain", "context", "source"):
            if getattr(e, name):
                log.add(f"entry {name} not kept", label)
        for t in e.terms:
            if t.pos or t.note or t.source:
                log.add(f"{t.lang} term pos/note/source not kept", f"{label}: {t.text!r}")
        rows.append([en.text, "\n".join(lines), "true", "false", en.text, zh.text if zh else ""])
    return header, rows


def _report(path, fmt: str, rows: Sequence, log: LossLog, notes=()) -> WriteReport:
    return WriteReport(path=os.fspath(path), fmt=fmt, entries=len(rows), rows=len(rows), lost=log.messages(),
                       notes=tuple(notes))


def _mixed_note(glossary: Glossary) -> list[str]:
    _code, mixed = zh_code(glossary)
    return [mixed] if mixed else []


def _csv(glossary, path, fmt, build, bom) -> WriteReport:
    from ..xlsxkit import write_text_table

    log = LossLog()
    header, rows = build(glossary, log)
    # for the CAT tool's import, not a spreadsheet: no BOM by default, cells as they are
    write_text_table(path, header, rows, delimiter=",", bom=bool(bom), escape_formulas=False)
    return _report(path, fmt, rows, log, _mixed_note(glossary))


def _xlsx(glossary, path, fmt, build, title) -> WriteReport:
    from .xlsx import write_table_xlsx

    log = LossLog()
    header, rows = build(glossary, log)
    write_table_xlsx(path, header, rows, sheet_title=title, about_title=f"{title} term base import",
                     sources=glossary.sources, widths={}, wrap=set(), status_col=None)
    return _report(path, fmt, rows, log,
                   ["the workbook has an extra 'About' sheet; tell the import to use the first sheet"]
                   + _mixed_note(glossary))


def write_memoq_csv(glossary: Glossary, path, *, fmt: str = "memoq-csv", bom: bool | None = None,
                    **_options) -> WriteReport:
    return _csv(glossary, path, fmt, memoq_table, bom)


def write_memoq_xlsx(glossary: Glossary, path, *, fmt: str = "memoq-xlsx", bom: bool | None = None,
                     **_options) -> WriteReport:
    return _xlsx(glossary, path, fmt, lambda g, log: memoq_table(g, log, booleans=True), "memoQ")


def write_phrase_csv(glossary: Glossary, path, *, fmt: str = "phrase-csv", bom: bool | None = None,
                     **_options) -> WriteReport:
    return _csv(glossary, path, fmt, phrase_strings_table, bom)


def write_phrase_xlsx(glossary: Glossary, path, *, fmt: str = "phrase-xlsx", bom: bool | None = None,
                      **_options) -> WriteReport:
    return _xlsx(glossary, path, fmt, phrase_table, "Phrase")
