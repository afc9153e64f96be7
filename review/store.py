"""The review file, how a review begins, and what it exports.

A review lives in ``OUTDIR/review.json`` (:data:`REVIEW_FILE`): the documents' sentences, the beads
with their review status, the term candidates with the reviewer's decisions and the undo history.
It is rewritten atomically (and flushed to disk) after every edit, so a reload, a crash or Ctrl-C
loses nothing and the next ``shuyu review OUTDIR`` resumes where the reviewer stopped.

A review begins (:func:`open_review`) from the review file when there is one, else from what
``shuyu run`` wrote into OUTDIR: ``alignment.xlsx`` (read back against its documents, see
:mod:`shuyu.review.sheet`) and ``glossary.xlsx`` (the term candidates), or from an
:class:`~shuyu.records.Alignment` and mined pairs in memory (:func:`review_from_alignment`).

:func:`export` writes the corrected alignment (TMX, xlsx, TSV) and the reviewed glossary (xlsx,
TBX) into ``OUTDIR/reviewed/`` through the writers of ``shuyu align`` and ``shuyu glossary``,
all of them or none.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, Sequence

from .. import __version__
from ..errors import InputError
from ..records import Alignment, Bead, Document, Glossary, GlossaryEntry, Paragraph, Sentence, Term, TermPair
from .model import (BEAD_STATUSES, DECISIONS, STATUSES, Change, History, Review, ReviewBead, ReviewDocument,
                    ReviewSentence, ReviewTerm, TermChange, TermExample, check_beads)

#: The review file inside OUTDIR.
REVIEW_FILE = "review.json"
#: The folder inside OUTDIR that Export writes.
EXPORT_DIR = "reviewed"
#: What Export writes, by role.
EXPORTS = {
    "translation memory": "alignment.tmx",
    "alignment review": "alignment.xlsx",
    "alignment table": "alignment.tsv",
    "reviewed glossary": "glossary.xlsx",
    "reviewed termbase": "glossary.tbx",
}
FORMAT = "shuyu-review"
VERSION = 1
#: Largest review file read (a 5,000-bead review is about 2 MB).
MAX_BYTES = 256 << 20

_HINT = "the review file is damaged: restore it from a backup, or delete it to begin the review again"


# ----------------------------------------------------------------------------- begin


def _document(doc: Document) -> ReviewDocument:
    return ReviewDocument(doc.path, doc.lang,
                          tuple(ReviewSentence(s.text, s.paragraph, s.is_heading) for s in doc.sentences),
                          doc.encoding, doc.script)


def review_from_alignment(alignment: Alignment, terms: Sequence[ReviewTerm] | Sequence[TermPair] = (), *,
                          edited: Sequence[bool] = (), glossary: str = "") -> Review:
    """A new review of ``alignment`` and its term candidates (mined pairs or review records).
    ``edited[i]`` marks bead ``i`` as already corrected by hand."""
    from .terms import find_examples, terms_from_pairs

    en, zh = _document(alignment.en), _document(alignment.zh)
    beads = tuple(ReviewBead(tuple(b.en), tuple(b.zh), round(float(b.confidence), 6),  # as the file keeps it
                             "edited" if i < len(edited) and edited[i] else "")
                  for i, b in enumerate(alignment.beads))
    problem = check_beads(beads, len(en.sentences), len(zh.sentences))
    if problem:
        raise InputError(f"the alignment cannot be reviewed: {problem}", where=alignment.en.path,
                         hint="align the documents again")
    records = [t if isinstance(t, ReviewTerm) else None for t in terms]
    if terms and records[0] is None:
        records = terms_from_pairs(terms)  # type: ignore[arg-type]
    return Review(en, zh, beads, tuple(find_examples(records, en, zh, beads)), tuple(alignment.settings), glossary)


def review_from_outdir(outdir: str | os.PathLike, documents: Sequence | None = None) -> Review:
    """A new review of what ``shuyu run`` wrote into ``outdir``: ``alignment.xlsx`` (and its documents,
    or ``documents`` = (EN, ZH) instead) and, when it is there, ``glossary.xlsx``."""
    from .sheet import alignment_from_sheet
    from .terms import read_term_sheet

    out = Path(outdir)
    sheet = out / "alignment.xlsx"
    if not sheet.exists():
        raise InputError(f"no {REVIEW_FILE} and no alignment.xlsx in this folder", where=out,
                         hint="give the folder shuyu run wrote, or align first: shuyu review EN ZH -o OUTDIR")
    en_path, zh_path = documents if documents else (None, None)
    read = alignment_from_sheet(sheet, en_path, zh_path)
    terms = read_term_sheet(out / "glossary.xlsx") if (out / "glossary.xlsx").exists() else []
    return review_from_alignment(read.alignment, terms, edited=read.edited)


def review_path(outdir: str | os.PathLike) -> Path:
    return Path(outdir) / REVIEW_FILE


# ----------------------------------------------------------------------------- review file


def _bead_json(b: ReviewBead) -> list:
    return [list(b.en), list(b.zh), round(b.confidence, 6), b.status]


_TERM_FIELDS = ("en", "zh", "decision", "status")


def _term_json(t: ReviewTerm) -> dict:
    data = asdict(t)
    data["examples"] = [[list(x.en), list(x.zh)] for x in t.examples]
    for name in ("signals", "alternatives"):
        data[name] = list(data[name])
    return data


def _change_json(change) -> dict:
    if isinstance(change, Change):
        return {"start": change.start, "old": [_bead_json(b) for b in change.old],
                "new": [_bead_json(b) for b in change.new], "op": change.op}
    return {"index": change.index, "old": {k: getattr(change.old, k) for k in _TERM_FIELDS},
            "new": {k: getattr(change.new, k) for k in _TERM_FIELDS}}


def review_json(review: Review, align_history: History | None = None, terms_history: History | None = None) -> dict:
    """The review file's content (see :func:`load_review` for its layout)."""
    def doc(d: ReviewDocument) -> dict:
        return {"path": d.path, "lang": d.lang, "encoding": d.encoding, "script": d.script,
                "sentences": [[s.text, s.paragraph, int(s.heading)] for s in d.sentences]}

    def hist(h: History | None) -> dict:
        return {"undo": [_change_json(c) for c in h.undo], "redo": [_change_json(c) for c in h.redo]} if h else \
            {"undo": [], "redo": []}

    return {"format": FORMAT, "version": VERSION, "made_by": f"shuyu {__version__}",
            "settings": [list(kv) for kv in review.settings], "glossary": review.glossary,
            "en": doc(review.en), "zh": doc(review.zh),
            "beads": [_bead_json(b) for b in review.beads],
            "terms": [_term_json(t) for t in review.terms],
            "history": {"align": hist(align_history), "terms": hist(terms_history)}}


def save_review(path: str | os.PathLike, review: Review, align_history: History | None = None,
                terms_history: History | None = None) -> None:
    """Write the review file atomically and flush it to disk."""
    from ..files import atomic_path

    data = json.dumps(review_json(review, align_history, terms_history), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())


class _Bad(Exception):
    pass


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise _Bad(what)


def _str(value, what: str) -> str:
    _need(isinstance(value, str), f"{what} is not text")
    return value


def _ints(value, what: str) -> tuple[int, ...]:
    _need(isinstance(value, list) and all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value),
          f"{what} is not a list of sentence numbers")
    return tuple(value)


def _bead(value, what: str) -> ReviewBead:
    _need(isinstance(value, list) and len(value) == 4, f"{what} is not [en, zh, confidence, status]")
    en, zh, conf, status = value
    _need(isinstance(conf, (int, float)) and not isinstance(conf, bool) and 0 <= conf <= 1,
          f"{what} has a confidence that is not a number from 0 to 1")
    _need(status in BEAD_STATUSES, f"{what} has the unknown status {status!r}")
    return ReviewBead(_ints(en, what), _ints(zh, what), float(conf), status)


def _doc(value, lang: str) -> ReviewDocument:
    _need(isinstance(value, dict), f"{lang} is not an object")
    sentences = value.get("sentences")
    _need(isinstance(sentences, list) and sentences, f"{lang}.sentences is not a list of sentences")
    out = []
    for n, s in enumerate(sentences, start=1):
        _need(isinstance(s, list) and len(s) == 3 and isinstance(s[0], str) and isinstance(s[1], int)
              and s[2] in (0, 1), f"{lang} sentence {n} is not [text, paragraph, heading]")
        out.append(ReviewSentence(s[0], s[1], bool(s[2])))
    return ReviewDocument(_str(value.get("path", ""), f"{lang}.path"), lang, tuple(out),
                          _str(value.get("encoding", "utf-8"), f"{lang}.encoding"),
                          _str(value.get("script", "latin"), f"{lang}.script"))


def _term(value, n: int, n_en: int, n_zh: int) -> ReviewTerm:
    what = f"term {n}"
    _need(isinstance(value, dict), f"{what} is not an object")
    fields = {f: value[f] for f in ReviewTerm.__dataclass_fields__ if f in value}  # type: ignore[attr-defined]
    _need(isinstance(fields.get("en"), str) and isinstance(fields.get("zh"), str), f"{what} has no en and zh")
    _need(fields.get("decision", "") in DECISIONS, f"{what} has the unknown decision {fields.get('decision')!r}")
    _need(fields.get("status", "") in STATUSES, f"{what} has the unknown status {fields.get('status')!r}")
    for name in ("signals", "alternatives"):
        _need(isinstance(fields.get(name, []), list) and all(isinstance(x, str) for x in fields.get(name, [])),
              f"{what}.{name} is not a list of text")
        fields[name] = tuple(fields.get(name, []))
    examples = []
    for x in fields.get("examples", []) or []:
        _need(isinstance(x, list) and len(x) == 2, f"{what} has an example that is not [en, zh]")
        e, z = _ints(x[0], what), _ints(x[1], what)
        _need(bool(e or z), f"{what} has an example with no sentence")
        _need(all(i < n_en for i in e) and all(i < n_zh for i in z), f"{what} has an example past the documents")
        examples.append(TermExample(e, z))
    fields["examples"] = tuple(examples)
    for name in ("score",):
        _need(isinstance(fields.get(name, 0), (int, float)), f"{what}.{name} is not a number")
    for name in ("freq_en", "freq_zh", "freq_joint", "seen"):
        _need(isinstance(fields.get(name, 0), int), f"{what}.{name} is not a whole number")
    for name in ("example_en", "example_zh", "mined_en", "mined_zh"):
        _str(fields.get(name, ""), f"{what}.{name}")
    _need(isinstance(fields.get("known", False), bool), f"{what}.known is not true or false")
    return ReviewTerm(**fields)


def _history(value, terms: Sequence[ReviewTerm], kind: str) -> tuple[list, list]:
    _need(isinstance(value, dict), f"history.{kind} is not an object")
    stacks = []
    for name in ("undo", "redo"):
        items = value.get(name, [])
        _need(isinstance(items, list), f"history.{kind}.{name} is not a list")
        out = []
        for c in items:
            _need(isinstance(c, dict), f"history.{kind}.{name} holds something that is not an edit")
            if kind == "align":
                _need(isinstance(c.get("start"), int), "an edit has no start")
                out.append(Change(c["start"], tuple(_bead(b, "an edit's bead") for b in c.get("old", [])),
                                  tuple(_bead(b, "an edit's bead") for b in c.get("new", [])), str(c.get("op", ""))))
            else:
                i = c.get("index")
                _need(isinstance(i, int) and 0 <= i < len(terms), "a term edit names no term")
                old, new = c.get("old"), c.get("new")
                _need(isinstance(old, dict) and isinstance(new, dict), "a term edit is not old and new")
                pick = lambda d: {k: str(d.get(k, "")) for k in _TERM_FIELDS}  # noqa: E731
                out.append(TermChange(i, replace(terms[i], **pick(old)), replace(terms[i], **pick(new))))
        stacks.append(out)
    return stacks[0], stacks[1]


def load_review(path: str | os.PathLike) -> tuple[Review, History, History]:
    """The review, alignment history and terms history in a review file.

    Layout: ``{"format": "shuyu-review", "version": 1, "settings": [[name, value]…], "glossary": path,
    "en"/"zh": {"path", "lang", "encoding", "script", "sentences": [[text, paragraph, heading]…]},
    "beads": [[en ids, zh ids, confidence, status]…], "terms": [{en, zh, score, …, decision, status}…],
    "history": {"align": {"undo": […], "redo": […]}, "terms": {…}}}``.  Anything else, or beads
    that do not cover the sentences in order, is an :class:`InputError` naming the file.
    """
    from ..files import check_input, parse_json

    where = os.fspath(path)
    check_input(where)
    # Read directly, not through files.read_input: the review file is this command's input *and* output.
    with open(where, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError("the review file is too large", where=where, hint=_HINT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the review file is not UTF-8 (byte {exc.start})", where=where, hint=_HINT) from None
    obj: Any = parse_json(text, where, hint=_HINT)
    try:
        _need(isinstance(obj, dict) and obj.get("format") == FORMAT, "it is not a shuyu review file")
        if obj.get("version") != VERSION:
            raise InputError(f"review file version {obj.get('version')!r} (this shuyu reads version {VERSION})",
                             where=where, hint="use the shuyu that wrote it, or begin the review again")
        en, zh = _doc(obj.get("en"), "en"), _doc(obj.get("zh"), "zh")
        beads = tuple(_bead(b, f"bead {n}") for n, b in enumerate(obj.get("beads") or [], start=1))
        problem = check_beads(beads, len(en.sentences), len(zh.sentences))
        _need(problem is None, problem or "")
        terms_raw = obj.get("terms", [])
        _need(isinstance(terms_raw, list), "terms is not a list")
        terms = tuple(_term(t, n, len(en.sentences), len(zh.sentences)) for n, t in enumerate(terms_raw, start=1))
        settings_raw = obj.get("settings", [])
        _need(isinstance(settings_raw, list) and all(isinstance(kv, list) and len(kv) == 2 and
                                                     all(isinstance(x, str) for x in kv) for kv in settings_raw),
              "settings is not a list of [name, value]")
        review = Review(en, zh, beads, terms, tuple(tuple(kv) for kv in settings_raw),  # type: ignore[misc]
                        _str(obj.get("glossary", "") or "", "glossary"))
        hist = obj.get("history", {}) or {}
        _need(isinstance(hist, dict), "history is not an object")
        align_h, terms_h = History(), History()
        align_h.restore(*_history(hist.get("align", {}) or {}, terms, "align"))
        terms_h.restore(*_history(hist.get("terms", {}) or {}, terms, "terms"))
    except _Bad as exc:
        raise InputError(f"not a valid review file: {exc}", where=where, hint=_HINT) from None
    return review, align_h, terms_h


# ----------------------------------------------------------------------------- export


def _document_record(d: ReviewDocument) -> Document:
    from ..textnorm import normalize_en, normalize_zh

    norm = normalize_en if d.lang == "en" else normalize_zh
    sentences, paragraphs, parts = [], [], []
    pos = 0
    for i, s in enumerate(d.sentences):
        sentences.append(Sentence(i, s.text, norm(s.text), pos, pos + len(s.text), s.paragraph, s.heading))
        parts.append(s.text)
        pos += len(s.text) + 1
    text = "\n".join(parts)
    start = 0
    for i, s in enumerate(sentences):
        if i + 1 == len(sentences) or sentences[i + 1].paragraph != s.paragraph:
            first = sentences[start]
            paragraphs.append(Paragraph(len(paragraphs), text[first.start:s.end], first.start, s.end,
                                        all(x.is_heading for x in sentences[start:i + 1])))
            start = i + 1
    return Document(d.path, d.lang, text, d.encoding, tuple(paragraphs), tuple(sentences), d.script)  # type: ignore[arg-type]


def to_alignment(review: Review) -> Alignment:
    """The corrected alignment: every bead a reviewer confirmed or made gets confidence 1."""
    beads = tuple(Bead(b.en, b.zh, 1.0 if b.reviewed else b.confidence) for b in review.beads)
    done = sum(1 for b in review.beads if b.reviewed)
    settings = dict(review.settings)
    settings["reviewed"] = f"{done} of {len(beads)} beads confirmed or corrected in shuyu review; their confidence is 1"
    return Alignment(_document_record(review.en), _document_record(review.zh), beads, tuple(sorted(settings.items())))


def source_label(review: Review) -> str:
    return f"{Path(review.en.path).name} + {Path(review.zh.path).name}"


def reviewed_glossary(review: Review, origin: str = REVIEW_FILE) -> Glossary:
    """The accepted terms as a glossary: the English term preferred, the Chinese term with the status the
    reviewer chose (preferred when none), the first example as the context."""
    source = source_label(review)
    entries = []
    for n, t in enumerate(review.terms, start=1):
        if t.decision != "accept":
            continue
        context = ""
        if t.examples:
            x = t.examples[0]
            context = "\n".join((" ".join(review.en.sentences[i].text for i in x.en),
                                 "".join(review.zh.sentences[i].text for i in x.zh)))
        elif t.example_en or t.example_zh:
            context = "\n".join(s for s in (t.example_en, t.example_zh) if s)
        edited = " (edited from " + " = ".join((t.mined_en, t.mined_zh)) + ")" \
            if (t.mined_en, t.mined_zh) != (t.en, t.zh) and t.mined_en else ""
        entries.append(GlossaryEntry(id=f"t{len(entries) + 1}",
                                     terms=(Term(t.en, "en", "preferred", source=source),
                                            Term(t.zh, "zh", t.status or "preferred", source=source)),
                                     source=source, context=context, note=f"accepted in shuyu review{edited}",
                                     origin=f"{origin}:term {n}"))
    return Glossary(tuple(entries), (source,))


def export(review: Review, outdir: str | os.PathLike) -> list[tuple[str, str]]:
    """Write the corrected alignment and the reviewed glossary into ``outdir/reviewed/`` (all or none);
    the (role, path) of each file written.  With no term candidates, no glossary is written."""
    from ..aligner.writers import write_alignment
    from ..files import ensure_dir, staged_outputs
    from ..glossaries import write_glossary

    target = Path(outdir) / EXPORT_DIR
    real_out = os.path.realpath(outdir)
    ensure_dir(target)
    if os.path.commonpath([os.path.realpath(target), real_out]) != real_out:
        from ..errors import OutputError

        raise OutputError("the export folder leads out of the review folder (a symbolic link?)", where=target,
                          hint=f"remove {target} and export again")
    names = {role: name for role, name in EXPORTS.items() if review.terms or "glossary" not in name}
    alignment = to_alignment(review)
    with staged_outputs(target, names) as staged:
        for role, tmp in staged.items():
            if "glossary" in names[role]:
                write_glossary(reviewed_glossary(review), tmp)
            else:
                write_alignment(alignment, tmp)
    return [(role, str(target / name)) for role, name in names.items()]
