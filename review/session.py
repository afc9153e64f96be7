"""One review being edited: the state behind the page, saved after every edit.

A :class:`Session` holds the current :class:`~shuyu.review.model.Review`, the undo history of each
view and the review file it is saved to.  Its methods are what the page calls (through
:mod:`shuyu.review.server`); each takes and returns plain JSON-ready values, changes the review
only through the operations of :mod:`shuyu.review.model`, and writes the review file before it
returns, so that whatever the page shows as done is on disk.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .model import (Change, History, Review, apply_change, apply_term_change, confirm, edit_term, merge, move,
                    next_to_review, owners, split)
from .store import EXPORT_DIR, export, load_review, review_path, save_review
from .terms import GlossaryIndex, term_spans

#: Beads below this confidence are marked on the page (the review sheet's threshold).
LOW_CONFIDENCE = 0.5
#: Most beads one request returns.
MAX_PAGE = 500


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value))
        except ValueError:
            raise UsageError(f"{name} must be a whole number, not {str(value)[:20]!r}") from None
    return value


class Session:
    """The review in ``outdir`` being edited; thread-safe (one edit at a time)."""

    def __init__(self, outdir: str | os.PathLike, review: Review, align_history: History | None = None,
                 terms_history: History | None = None, glossary=None):
        self.outdir = Path(outdir)
        self.path = review_path(outdir)
        self.review = review
        self.history = {"align": align_history or History(), "terms": terms_history or History()}
        self.lock = threading.RLock()
        self.glossary = GlossaryIndex(glossary) if glossary is not None else None
        self._owners: tuple[list[int], list[int]] | None = None
        self._paragraphs: dict[int, bool] = {}
        self._conflicts: dict[tuple[int, str, str], tuple[bool, list[str]]] = {}

    @classmethod
    def open(cls, outdir: str | os.PathLike, review: Review | None = None, *, glossary=None) -> "Session":
        """The review of ``outdir``: ``review`` when given (a new review, saved at once), else the review
        file.  ``glossary`` (a :class:`~shuyu.records.Glossary`) marks known terms and conflicts."""
        if review is None:
            review, align_h, terms_h = load_review(review_path(outdir))
            session = cls(outdir, review, align_h, terms_h, glossary)
        else:
            session = cls(outdir, review, glossary=glossary)
            session.save()
        return session

    def save(self) -> None:
        save_review(self.path, self.review, self.history["align"], self.history["terms"])

    # ------------------------------------------------------------------ reading

    def summary(self) -> dict:
        with self.lock:
            r = self.review
            beads = r.beads
            return {
                "title": f"{Path(r.en.path).name} ↔ {Path(r.zh.path).name}",
                "en": {"path": r.en.path, "sentences": len(r.en.sentences)},
                "zh": {"path": r.zh.path, "sentences": len(r.zh.sentences)},
                "beads": len(beads),
                "reviewed": sum(1 for b in beads if b.reviewed),
                "low": sum(1 for b in beads if b.confidence < LOW_CONFIDENCE and not b.reviewed),
                "terms": len(r.terms),
                "accepted": sum(1 for t in r.terms if t.decision == "accept"),
                "rejected": sum(1 for t in r.terms if t.decision == "reject"),
                "undo": {k: len(h.undo) for k, h in self.history.items()},
                "redo": {k: len(h.redo) for k, h in self.history.items()},
                "low_confidence": LOW_CONFIDENCE,
                "review_file": str(self.path),
                "export_dir": str(self.outdir / EXPORT_DIR),
                "glossary": r.glossary,
            }

    def _marks_paragraphs(self, doc) -> bool:
        """Whether the page marks where ``doc``'s paragraphs start: not when nearly every sentence is a paragraph
        of its own (a document read one sentence a line), where the mark would be on every row."""
        key = id(doc)
        if key not in self._paragraphs:
            starts = sum(1 for i in range(len(doc.sentences)) if doc.starts_paragraph(i))
            self._paragraphs[key] = starts < 0.9 * len(doc.sentences) or len(doc.sentences) < 10
        return self._paragraphs[key]

    def _sentences(self, doc, ids) -> list:
        marks = self._marks_paragraphs(doc)
        return [[i, doc.sentences[i].text, marks and doc.starts_paragraph(i), doc.sentences[i].heading] for i in ids]

    def beads(self, start: Any = 0, count: Any = 100) -> dict:
        """Beads ``start`` to ``start + count - 1``: their sentences ([index, text, starts a paragraph,
        heading]), type, confidence and status."""
        start, count = _int(start, "start"), min(max(_int(count, "count"), 1), MAX_PAGE)
        with self.lock:
            r = self.review
            start = min(max(start, 0), max(len(r.beads) - 1, 0))
            rows = []
            for n, b in enumerate(r.beads[start:start + count], start=start):
                rows.append({"n": n, "en": self._sentences(r.en, b.en), "zh": self._sentences(r.zh, b.zh),
                             "kind": b.kind, "confidence": round(b.confidence, 3), "status": b.status,
                             "low": b.confidence < LOW_CONFIDENCE})
            return {"start": start, "total": len(r.beads), "beads": rows}

    def next(self, current: Any = None) -> dict:
        with self.lock:
            cur = None if current in (None, "", "null") else _int(current, "from")
            return {"bead": next_to_review(self.review.beads, cur)}

    def _owner_maps(self) -> tuple[list[int], list[int]]:
        if self._owners is None:
            r = self.review
            self._owners = owners(r.beads, len(r.en.sentences), len(r.zh.sentences))
        return self._owners

    def _compare(self, i: int, term) -> tuple[bool, list[str]]:
        if self.glossary is None:
            return term.known, []
        key = (i, term.en, term.zh)
        hit = self._conflicts.get(key)
        if hit is None:
            known, conflicts = self.glossary.compare(term.en, term.zh)
            hit = self._conflicts[key] = (known or term.known, conflicts)
        return hit

    def _term_json(self, i: int) -> dict:
        r = self.review
        t = r.terms[i]
        en_owner, zh_owner = self._owner_maps()
        en_terms, zh_terms = [t.en, t.mined_en], [t.zh, t.mined_zh]
        examples = []
        for x in t.examples:
            en_text = " ".join(r.en.sentences[k].text for k in x.en)
            zh_text = "".join(r.zh.sentences[k].text for k in x.zh)
            bead = en_owner[x.en[0]] if x.en else zh_owner[x.zh[0]]
            examples.append({"bead": bead,
                             "en": {"text": en_text, "spans": term_spans(en_text, en_terms, "en")},
                             "zh": {"text": zh_text, "spans": term_spans(zh_text, zh_terms, "zh")}})
        if not examples and (t.example_en or t.example_zh):
            examples.append({"bead": None,
                             "en": {"text": t.example_en, "spans": term_spans(t.example_en, en_terms, "en")},
                             "zh": {"text": t.example_zh, "spans": term_spans(t.example_zh, zh_terms, "zh")}})
        known, conflicts = self._compare(i, t)
        return {"i": i, "en": t.en, "zh": t.zh, "mined_en": t.mined_en, "mined_zh": t.mined_zh,
                "score": round(t.score, 4), "freq_en": t.freq_en, "freq_zh": t.freq_zh, "freq_joint": t.freq_joint,
                "signals": list(t.signals), "alternatives": list(t.alternatives), "known": known,
                "conflicts": conflicts, "seen": t.seen, "examples": examples, "decision": t.decision,
                "status": t.status}

    def terms(self) -> dict:
        with self.lock:
            return {"terms": [self._term_json(i) for i in range(len(self.review.terms))]}

    # ------------------------------------------------------------------ editing

    def _apply_beads(self, change: Change) -> None:
        self.review = replace(self.review, beads=apply_change(self.review.beads, change))
        self._owners = None

    def edit(self, payload: dict) -> dict:
        """One alignment edit: ``{"op": "merge" | "merge_prev" | "split" | "move" | "confirm", "bead": n, …}``
        (split: ``en_at``, ``zh_at``; move: ``side`` en/zh and ``to`` prev/next; confirm: optional
        ``confirmed``).  Returns the bead to show next and the summary."""
        op = payload.get("op")
        with self.lock:
            beads = self.review.beads
            n = _int(payload.get("bead"), "bead")
            if op == "merge":
                change, focus = merge(beads, n), n
            elif op == "merge_prev":
                if n == 0:
                    raise UsageError("bead 1 is the first one: there is no previous bead to merge it with")
                change, focus = merge(beads, n - 1), n - 1
            elif op == "split":
                change, focus = split(beads, n, _int(payload.get("en_at"), "en_at"),
                                      _int(payload.get("zh_at"), "zh_at")), n
            elif op == "move":
                change = move(beads, n, payload.get("side"), payload.get("to"))  # type: ignore[arg-type]
                # the bead stays where it was, unless it gave away its last sentence to the previous one
                focus = n if len(change.new) == 2 or payload.get("to") == "next" else n - 1
            elif op == "confirm":
                value = payload.get("confirmed")
                change, focus = confirm(beads, n, None if value is None else bool(value)), n
            else:
                raise UsageError(f"unknown edit {op!r}", hint="use merge, merge_prev, split, move or confirm")
            self._apply_beads(change)
            self.history["align"].record(change)
            self.save()
            focus = min(focus, len(self.review.beads) - 1)
            return {"focus": focus, "summary": self.summary()}

    def edit_term(self, payload: dict) -> dict:
        """``{"term": i, "decision"?, "status"?, "en"?, "zh"?}``; returns the term as the page shows it."""
        with self.lock:
            i = _int(payload.get("term"), "term")
            change = edit_term(self.review.terms, i, decision=payload.get("decision"), status=payload.get("status"),
                               en=payload.get("en"), zh=payload.get("zh"))
            if change.new == change.old:
                return {"term": self._term_json(i), "summary": self.summary()}
            self.review = replace(self.review, terms=apply_term_change(self.review.terms, change))
            self.history["terms"].record(change)
            self.save()
            return {"term": self._term_json(i), "summary": self.summary()}

    def step(self, view: str, redo: bool = False) -> dict:
        """Undo (or redo) the last edit of ``view`` ("align" or "terms")."""
        if view not in self.history:
            raise UsageError(f"unknown view {view!r}", hint="use align or terms")
        with self.lock:
            h = self.history[view]
            change = h.redoing() if redo else h.undoing()
            if change is None:
                raise UsageError(f"nothing to {'redo' if redo else 'undo'}")
            if view == "align":
                self._apply_beads(change)
                focus = min(change.start, len(self.review.beads) - 1)
            else:
                self.review = replace(self.review, terms=apply_term_change(self.review.terms, change))
                focus = change.index
            h.redone() if redo else h.undone()
            self.save()
            out = {"focus": focus, "summary": self.summary()}
            if view == "terms":
                out["term"] = self._term_json(focus)
            return out

    def export(self) -> dict:
        with self.lock:
            written = export(self.review, self.outdir)
            return {"written": [[role, path] for role, path in written]}
