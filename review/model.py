"""Records of a review and the edit operations on them.

A review holds the two documents' sentences, the beads that link them (each with the
aligner's confidence and a review status) and the mined term candidates with the
reviewer's decisions.  Every record is a small frozen dataclass; an edit never changes
a record, it returns a :class:`Change` (these beads became those) or a
:class:`TermChange` (this term became that), which :class:`History` applies, undoes and
redoes.

Beads are *contiguous*: bead ``i`` holds the sentences right after those of bead
``i - 1`` on each side, and every sentence is in exactly one bead.  The operations keep
it so (:func:`check_beads` says whether a list of beads is):

* :func:`merge` — a bead and the next one become one bead;
* :func:`split` — a bead becomes two, cut before a chosen sentence on each side;
* :func:`move` — the first sentence of one side goes to the end of the previous bead,
  or the last one to the start of the next bead (a bead left empty disappears);
* :func:`confirm` — a bead is marked reviewed as it is (or unmarked).

Beads are numbered from 0 here; the page and every message count from 1, as the review
sheet and the TMX ``tuid`` do.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Literal, Sequence

from ..errors import UsageError
from ..records import TERM_STATUSES

#: Review status of a bead: "" (as aligned, not reviewed), "confirmed" (reviewed, kept as it was)
#: or "edited" (made by a merge, split or move).
BEAD_STATUSES = ("", "confirmed", "edited")
#: A term's decision: "" (undecided), "accept" or "reject".
DECISIONS = ("", "accept", "reject")
#: Statuses a reviewer can give an accepted term ("" = preferred).
STATUSES = ("",) + tuple(TERM_STATUSES)

Side = Literal["en", "zh"]


@dataclass(frozen=True, slots=True)
class ReviewSentence:
    """One sentence of a document as the page shows it: its text, its paragraph and whether it is a heading."""

    text: str
    paragraph: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class ReviewDocument:
    """A document of the review: where it was read and its sentences (the review keeps them, so a
    review resumes even when the document has moved)."""

    path: str
    lang: str
    sentences: tuple[ReviewSentence, ...]
    encoding: str = "utf-8"
    script: str = "latin"

    def starts_paragraph(self, index: int) -> bool:
        return index == 0 or self.sentences[index].paragraph != self.sentences[index - 1].paragraph


@dataclass(frozen=True, slots=True)
class ReviewBead:
    """A bead under review: 0-based sentence indices on each side, the aligner's confidence and the
    review status (:data:`BEAD_STATUSES`)."""

    en: tuple[int, ...]
    zh: tuple[int, ...]
    confidence: float = 1.0
    status: str = ""

    @property
    def kind(self) -> str:
        return f"{len(self.en)}-{len(self.zh)}"

    @property
    def reviewed(self) -> bool:
        return bool(self.status)


@dataclass(frozen=True, slots=True)
class TermExample:
    """Where a term was seen: the sentences of the bead it was found in when the review began (the page
    finds the bead that holds them now)."""

    en: tuple[int, ...]
    zh: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReviewTerm:
    """A mined term candidate and the reviewer's decision.

    ``en`` / ``zh`` are the terms as the reviewer left them (edited or not), ``mined_en`` /
    ``mined_zh`` as they were mined; ``decision`` is one of :data:`DECISIONS` and ``status``
    one of :data:`STATUSES` (empty: preferred once accepted).  ``example_en`` / ``example_zh``
    is the miner's example, shown when no bead holds the term.
    """

    en: str
    zh: str
    score: float = 0.0
    freq_en: int = 0
    freq_zh: int = 0
    freq_joint: int = 0
    signals: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    known: bool = False
    examples: tuple[TermExample, ...] = ()
    seen: int = 0
    example_en: str = ""
    example_zh: str = ""
    mined_en: str = ""
    mined_zh: str = ""
    decision: str = ""
    status: str = ""


@dataclass(frozen=True, slots=True)
class Review:
    """Everything a review is about: the documents, the beads, the term candidates and how they were made."""

    en: ReviewDocument
    zh: ReviewDocument
    beads: tuple[ReviewBead, ...]
    terms: tuple[ReviewTerm, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    glossary: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """``beads[start:start + len(old)]`` became ``new``."""

    start: int
    old: tuple[ReviewBead, ...]
    new: tuple[ReviewBead, ...]
    op: str = ""

    def inverse(self) -> "Change":
        return Change(self.start, self.new, self.old, self.op)


@dataclass(frozen=True, slots=True)
class TermChange:
    """Term ``index`` went from ``old`` to ``new``."""

    index: int
    old: ReviewTerm
    new: ReviewTerm

    def inverse(self) -> "TermChange":
        return TermChange(self.index, self.new, self.old)


# ----------------------------------------------------------------------------- beads


def check_beads(beads: Sequence[ReviewBead], n_en: int, n_zh: int) -> str | None:
    """``None`` when ``beads`` cover sentences ``0..n_en-1`` and ``0..n_zh-1`` in order, each once, with
    no empty bead; otherwise what is wrong (for an error message)."""
    next_en = next_zh = 0
    for number, bead in enumerate(beads, start=1):
        if not bead.en and not bead.zh:
            return f"bead {number} has no sentence"
        if bead.status not in BEAD_STATUSES:
            return f"bead {number} has the unknown status {bead.status!r}"
        for side, ids, expected in (("English", bead.en, next_en), ("Chinese", bead.zh, next_zh)):
            if ids and tuple(ids) != tuple(range(expected, expected + len(ids))):
                return f"bead {number}: {side} sentences {[i + 1 for i in ids]} do not follow sentence {expected}"
        next_en += len(bead.en)
        next_zh += len(bead.zh)
    if (next_en, next_zh) != (n_en, n_zh):
        return (f"the beads hold {next_en} of {n_en} English and {next_zh} of {n_zh} Chinese sentences")
    return None


def _bead_at(beads: Sequence[ReviewBead], index: int) -> ReviewBead:
    if not 0 <= index < len(beads):
        raise UsageError(f"there is no bead {index + 1}", hint=f"beads are numbered 1 to {len(beads)}")
    return beads[index]


def merge(beads: Sequence[ReviewBead], index: int) -> Change:
    """Bead ``index`` and bead ``index + 1`` become one (an edited bead; the lower confidence)."""
    first = _bead_at(beads, index)
    if index + 1 >= len(beads):
        raise UsageError(f"bead {index + 1} is the last one: there is no next bead to merge it with")
    second = beads[index + 1]
    merged = ReviewBead(first.en + second.en, first.zh + second.zh,
                        min(first.confidence, second.confidence), "edited")
    return Change(index, (first, second), (merged,), "merge")


def split(beads: Sequence[ReviewBead], index: int, en_at: int, zh_at: int) -> Change:
    """Bead ``index`` becomes two: the first keeps its first ``en_at`` English and ``zh_at`` Chinese
    sentences, the second the rest.  Each part must keep at least one sentence."""
    bead = _bead_at(beads, index)
    for name, at, ids in (("English", en_at, bead.en), ("Chinese", zh_at, bead.zh)):
        if not 0 <= at <= len(ids):
            raise UsageError(f"bead {index + 1} has {len(ids)} {name} sentences: it cannot be cut after {at}")
    first = ReviewBead(bead.en[:en_at], bead.zh[:zh_at], bead.confidence, "edited")
    second = ReviewBead(bead.en[en_at:], bead.zh[zh_at:], bead.confidence, "edited")
    if not (first.en or first.zh) or not (second.en or second.zh):
        raise UsageError(f"splitting bead {index + 1} there would leave a part with no sentence",
                         hint="choose a cut with at least one sentence on each side of it")
    return Change(index, (bead,), (first, second), "split")


def move(beads: Sequence[ReviewBead], index: int, side: Side, to: Literal["prev", "next"]) -> Change:
    """Move a boundary sentence of bead ``index`` to its neighbour: with ``to="prev"`` the first sentence
    of ``side`` goes to the end of the previous bead, with ``to="next"`` the last one to the start of the
    next bead.  A bead left with no sentence is removed; both beads become edited."""
    if side not in ("en", "zh") or to not in ("prev", "next"):
        raise UsageError(f"unknown move {side!r} to {to!r}", hint="side is en or zh, to is prev or next")
    bead = _bead_at(beads, index)
    ids = getattr(bead, side)
    name = "English" if side == "en" else "Chinese"
    if not ids:
        raise UsageError(f"bead {index + 1} has no {name} sentence to move")
    other = index - 1 if to == "prev" else index + 1
    if not 0 <= other < len(beads):
        raise UsageError(f"bead {index + 1} is the {'first' if to == 'prev' else 'last'} one: there is no "
                         f"{'previous' if to == 'prev' else 'next'} bead to move its sentence to")
    neighbour = beads[other]
    if to == "prev":
        moved, kept = ids[:1], ids[1:]
        grown = replace(neighbour, **{side: getattr(neighbour, side) + moved}, status="edited")
    else:
        moved, kept = ids[-1:], ids[:-1]
        grown = replace(neighbour, **{side: moved + getattr(neighbour, side)}, status="edited")
    shrunk = replace(bead, **{side: kept}, status="edited")
    rest = (shrunk,) if (shrunk.en or shrunk.zh) else ()
    if to == "prev":
        return Change(other, (neighbour, bead), (grown,) + rest, "move")
    return Change(index, (bead, neighbour), rest + (grown,), "move")


def confirm(beads: Sequence[ReviewBead], index: int, confirmed: bool | None = None) -> Change:
    """Mark bead ``index`` confirmed (``confirmed=False``: not reviewed; ``None``: toggle)."""
    bead = _bead_at(beads, index)
    if confirmed is None:
        confirmed = not bead.reviewed
    return Change(index, (bead,), (replace(bead, status="confirmed" if confirmed else ""),), "confirm")


def apply_change(beads: Sequence[ReviewBead], change: Change) -> tuple[ReviewBead, ...]:
    """``beads`` with ``change`` made; :class:`UsageError` when they are not the beads it was made on."""
    end = change.start + len(change.old)
    if tuple(beads[change.start:end]) != change.old:
        raise UsageError("the alignment changed under this edit", hint="reload the page")
    return tuple(beads[:change.start]) + change.new + tuple(beads[end:])


def next_to_review(beads: Sequence[ReviewBead], current: int | None = None) -> int | None:
    """The bead to look at after ``current``, going through the beads not reviewed yet from the lowest
    confidence up (ties in document order), round to the start; ``None`` when every bead is reviewed."""
    order = sorted((b.confidence, i) for i, b in enumerate(beads) if not b.reviewed)
    if not order:
        return None
    if current is None or not 0 <= current < len(beads):
        return order[0][1]
    key = (beads[current].confidence, current)
    return next((i for conf, i in order if (conf, i) > key), order[0][1])


def owners(beads: Sequence[ReviewBead], n_en: int, n_zh: int) -> tuple[list[int], list[int]]:
    """For each English and each Chinese sentence, the index of the bead that holds it."""
    en, zh = [0] * n_en, [0] * n_zh
    for b, bead in enumerate(beads):
        for i in bead.en:
            en[i] = b
        for i in bead.zh:
            zh[i] = b
    return en, zh


# ----------------------------------------------------------------------------- terms


def edit_term(terms: Sequence[ReviewTerm], index: int, *, decision: str | None = None, status: str | None = None,
              en: str | None = None, zh: str | None = None) -> TermChange:
    """Change the decision, status or text of term ``index``.  Setting a status or editing a term
    accepts it unless a decision is given; an empty edited term is refused."""
    if not 0 <= index < len(terms):
        raise UsageError(f"there is no term {index + 1}", hint=f"terms are numbered 1 to {len(terms)}")
    term = terms[index]
    changes: dict[str, str] = {}
    if decision is not None:
        if decision not in DECISIONS:
            raise UsageError(f"unknown decision {decision!r}", hint="use accept, reject or nothing")
        changes["decision"] = decision
    if status is not None:
        if status not in STATUSES:
            raise UsageError(f"unknown status {status!r}", hint="use one of: " + ", ".join(TERM_STATUSES))
        changes["status"] = status
    for name, value in (("en", en), ("zh", zh)):
        if value is not None:
            value = " ".join(value.split())
            if not value:
                raise UsageError(f"the {'English' if name == 'en' else 'Chinese'} term cannot be empty",
                                 hint="reject the term instead")
            changes[name] = value
    if decision is None and (status is not None or en is not None or zh is not None):
        changes["decision"] = "accept"
    return TermChange(index, term, replace(term, **changes))


def apply_term_change(terms: Sequence[ReviewTerm], change: TermChange) -> tuple[ReviewTerm, ...]:
    if terms[change.index] != change.old:
        raise UsageError("the term changed under this edit", hint="reload the page")
    return tuple(terms[:change.index]) + (change.new,) + tuple(terms[change.index + 1:])


# ----------------------------------------------------------------------------- history

#: Undo steps kept (per view) in the review file.
HISTORY_LIMIT = 500


@dataclass(slots=True)
class History:
    """Undo and redo stacks of one view (``Change`` for the alignment, ``TermChange`` for the terms)."""

    undo: list = field(default_factory=list)
    redo: list = field(default_factory=list)

    def record(self, change) -> None:
        self.undo.append(change)
        del self.undo[:-HISTORY_LIMIT]
        self.redo.clear()

    def undoing(self):
        """The change that undoes the last step (``None`` when there is none); :meth:`undone` once it is made."""
        return self.undo[-1].inverse() if self.undo else None

    def undone(self) -> None:
        self.redo.append(self.undo.pop())

    def redoing(self):
        """The change that redoes the last undone step (``None`` when there is none); then :meth:`redone`."""
        return self.redo[-1] if self.redo else None

    def redone(self) -> None:
        self.undo.append(self.redo.pop())

    def restore(self, undo: Iterable, redo: Iterable) -> None:
        self.undo, self.redo = list(undo)[-HISTORY_LIMIT:], list(redo)
