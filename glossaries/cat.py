"""Term-base import layouts of two CAT tools, as CSV and XLSX.

* **memoQ** — one row per concept; entry-level columns ``Entry_ID``,
  ``Entry_Domain``, ``Entry_Subject``, ``Entry_Note``; per language a
  language-level ``<Language>_Def`` column, then for every term of that
  language the term column ``<Language>`` followed by ``Term_Example``
  (the column names of memoQ's own term base CSV export, which its import
  maps automatically; ``English`` and ``Chinese_PRC``).  memoQ's CSV export
  uses ``;`` as the delimiter; shuyu writes ``,`` CSV in UTF-8, which the
  import dialog detects.
* **Phrase** — ``phrase-xlsx`` for Phrase TMS (formerly Memsource), whose
  term base import takes XLSX (or TBX): one row per concept, the language
  columns headed by their codes (``en``, ``zh_cn``; a synonym is another
  column with the same code) with the concept fields ``CID``, ``Domain``,
  ``Definition`` and ``Concept note``.  ``phrase-csv`` follows the documented
  CSV structure of Phrase Strings term bases: the columns ``term``,
  ``description``, ``translatable``, ``case sensitive`` and one column per
  locale code (``en``, ``zh-CN``), one translation per locale.

Neither simple layout can mark a term as forbidden, deprecated or superseded:
those terms are **left out** (a CAT tool would otherwise offer them as valid
translations) and listed in the write report, like every other field the
layout cannot hold (term notes, sources, part of speech, the
preferred/admitted distinction).
"""

from __future__ import annotations

import os
from typing import Sequence

from ..records import Glossary, GlossaryEntry, Term
from .model import LossLog, WriteReport, entry_label

_USABLE = ("preferred", "admitted")


def _usable_terms(e: GlossaryEntry, lang: str, log: LossLog) -> list[Term]:
    out = []
    label = entry_label(e)
    for t in e.terms_in(lang):
        if t.status not in _USABLE:
            log.add(f"{t.status} {lang} term left out (the layout cannot mark it)", f"{label}: {t.text!r}")
            continue
        if t.status == "admitted" and lang == "zh":
            log.add("admitted/preferred distinction not kept", f"{label}: {t.text!r}")
        for name in ("pos", "note", "source"):
            if getattr(t, name):
                log.add(f"{lang} term {name} not kept", f"{label}: {t.text!r}")
        out.append(t)
    return out


def memoq_table(glossary: Glossary, log: LossLog) -> tuple[list[str], list[list[str]]]:
    n_en = n_zh = 1
    per: list[tuple[GlossaryEntry, list[Term], list[Term]]] = []
    for e in glossary.entries:
        en, zh = _usable_terms(e, "en", log), _usable_terms(e, "zh", log)
        if not en or not zh:
            log.add("entry not written (no usable English or Chinese term)", entry_label(e))
            continue
        n_en, n_zh = max(n_en, len(en)), max(n_zh, len(zh))
        per.append((e, en, zh))
    header = ["Entry_ID", "Entry_Domain", "Entry_Subject", "Entry_Note", "English_Def"]
    header += ["English", "Term_Example"] * n_en
    header += ["Chinese_PRC_Def"] + ["Chinese_PRC", "Term_Example"] * n_zh
    rows = []
    for e, en, zh in per:
        note = e.note
        if e.source:
            note = f"{note}\nSource: {e.source}" if note else f"Source: {e.source}"
            log.add("entry source written into Entry_Note", entry_label(e))
        row = [e.id, e.domain, "", note, e.definition]
        for i in range(n_en):
            row += [en[i].text, e.context if i == 0 else ""] if i < len(en) else ["", ""]
        row += [""]
        for i in range(n_zh):
            row += [zh[i].text, ""] if i < len(zh) else ["", ""]
        rows.append(row)
    return header, rows


def phrase_table(glossary: Glossary, log: LossLog) -> tuple[list[str], list[list[str]]]:
    n_en = n_zh = 1
    per = []
    for e in glossary.entries:
        en, zh = _usable_terms(e, "en", log), _usable_terms(e, "zh", log)
        if not en or not zh:
            log.add("entry not written (no usable English or Chinese term)", entry_label(e))
            continue
        n_en, n_zh = max(n_en, len(en)), max(n_zh, len(zh))
        per.append((e, en, zh))
        if e.context:
            log.add("entry context not kept", entry_label(e))
        if e.source:
            log.add("entry source written into Concept note", entry_label(e))
    header = ["CID", "Domain", "Definition", "Concept note"] + ["en"] * n_en + ["zh_cn"] * n_zh
    rows = []
    for e, en, zh in per:
        note = e.note
        if e.source:
            note = f"{note}\nSource: {e.source}" if note else f"Source: {e.source}"
        row = [e.id, e.domain, e.definition, note]
        row += [en[i].text if i < len(en) else "" for i in range(n_en)]
        row += [zh[i].text if i < len(zh) else "" for i in range(n_zh)]
        rows.append(row)
    return header, rows


def phrase_strings_table(glossary: Glossary, log: LossLog) -> tuple[list[str], list[list[str]]]:
    header = ["term", "description", "translatable", "case sensitive", "en", "zh-CN"]
    rows = []
    for e in glossary.entries:
        en, zh = _usable_terms(e, "en", log), _usable_terms(e, "zh", log)
        if not en or not zh:
            log.add("entry not written (no usable English or Chinese term)", entry_label(e))
            continue
        label = entry_label(e)
        for t in en[1:] + zh[1:]:
            log.add(f"{t.lang} synonym not kept (one translation per locale)", f"{label}: {t.text!r}")
        for name in ("domain", "context", "source"):
            if getattr(e, name):
                log.add(f"entry {name} not kept", label)
        desc = "\n".join(x for x in (e.definition, e.note) if x)
        rows.append([en[0].text, desc, "true", "false", en[0].text, zh[0].text])
    return header, rows


def _report(glossary: Glossary, path, fmt: str, rows: Sequence, log: LossLog, notes=()) -> WriteReport:
    return WriteReport(path=os.fspath(path), fmt=fmt, entries=len(rows), rows=len(rows), lost=log.messages(),
                       notes=tuple(notes))


def _csv(glossary, path, fmt, build, bom) -> WriteReport:
    from .delimited import write_rows_delimited

    log = LossLog()
    header, rows = build(glossary, log)
    risky = write_rows_delimited(path, header, rows, delimiter=",", bom=bom)
    notes = [f"{risky} cell(s) begin with = + - or @ (written as they are)"] if risky else []
    return _report(glossary, path, fmt, rows, log, notes)


def _xlsx(glossary, path, fmt, build, title) -> WriteReport:
    from .xlsx import write_table_xlsx

    log = LossLog()
    header, rows = build(glossary, log)
    write_table_xlsx(path, header, rows, sheet_title=title, about_title=f"{title} term base import",
                     sources=glossary.sources, widths={}, wrap=set(), status_col=None)
    return _report(glossary, path, fmt, rows, log,
                   ["the workbook has an extra 'About' sheet; tell the import to use the first sheet"])


def write_memoq_csv(glossary: Glossary, path, *, fmt: str = "memoq-csv", bom: bool = False) -> WriteReport:
    return _csv(glossary, path, fmt, memoq_table, bom)


def write_memoq_xlsx(glossary: Glossary, path, *, fmt: str = "memoq-xlsx", bom: bool = False) -> WriteReport:
    return _xlsx(glossary, path, fmt, memoq_table, "memoQ")


def write_phrase_csv(glossary: Glossary, path, *, fmt: str = "phrase-csv", bom: bool = False) -> WriteReport:
    return _csv(glossary, path, fmt, phrase_strings_table, bom)


def write_phrase_xlsx(glossary: Glossary, path, *, fmt: str = "phrase-xlsx", bom: bool = False) -> WriteReport:
    return _xlsx(glossary, path, fmt, phrase_table, "Phrase")
