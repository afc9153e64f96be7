"""Scoring sentence alignments against gold beads.

Strict and lax precision/recall/F1 as defined by Sennrich & Volk (2010) and
counted as in Vecalign's ``score.py``:

* **precision** is counted over every predicted bead that is not empty on both
  sides (1-0 and 0-1 beads included): a bead is a strict true positive when the
  gold has exactly that bead; otherwise it is a lax true positive when one of
  its English sentences is linked in the gold to one of its Chinese sentences.
* **recall** is the same count with the roles swapped, over beads that are
  non-empty on both sides only (gold beads against predicted beads).

:class:`Scores` keeps the raw counts, so scores of several documents are
micro-averaged by adding them (:func:`score_many`).

The Bible gold set has whole verses as beads; :func:`merge_by_verse` merges
consecutive predicted beads that lie inside one verse before scoring (as
Bertalign's evaluation does).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import InputError
from ..records import Bead

__all__ = ["Scores", "read_beads", "parse_beads", "format_beads", "score", "score_many",
           "merge_by_verse", "read_verses", "evaluate_paths"]


@dataclass(frozen=True, slots=True)
class Scores:
    """Raw counts and strict/lax precision, recall and F1 (0.0 where undefined)."""

    p_tp_strict: int = 0  # predicted beads exactly in gold
    p_fp_strict: int = 0
    p_tp_lax: int = 0
    p_fp_lax: int = 0
    r_tp_strict: int = 0  # gold 1+-1+ beads exactly predicted
    r_fn_strict: int = 0
    r_tp_lax: int = 0
    r_fn_lax: int = 0

    def __add__(self, other: "Scores") -> "Scores":
        return Scores(*(getattr(self, f) + getattr(other, f) for f in _FIELDS))

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / (a + b) if a + b else 0.0

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_precision(self) -> float:
        return self._ratio(self.p_tp_strict, self.p_fp_strict)

    @property
    def strict_recall(self) -> float:
        return self._ratio(self.r_tp_strict, self.r_fn_strict)

    @property
    def strict_f1(self) -> float:
        return self._f1(self.strict_precision, self.strict_recall)

    @property
    def lax_precision(self) -> float:
        return self._ratio(self.p_tp_lax, self.p_fp_lax)

    @property
    def lax_recall(self) -> float:
        return self._ratio(self.r_tp_lax, self.r_fn_lax)

    @property
    def lax_f1(self) -> float:
        return self._f1(self.lax_precision, self.lax_recall)

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "strict_precision": round(self.strict_precision, 4),
            "strict_recall": round(self.strict_recall, 4),
            "strict_f1": round(self.strict_f1, 4),
            "lax_precision": round(self.lax_precision, 4),
            "lax_recall": round(self.lax_recall, 4),
            "lax_f1": round(self.lax_f1, 4),
        }
        out.update({f: getattr(self, f) for f in _FIELDS})
        return out


_FIELDS = ("p_tp_strict", "p_fp_strict", "p_tp_lax", "p_fp_lax",
           "r_tp_strict", "r_fn_strict", "r_tp_lax", "r_fn_lax")

_BeadLike = Bead | tuple


def _key(b: _BeadLike) -> tuple[tuple[int, ...], tuple[int, ...]]:
    if isinstance(b, Bead):
        return tuple(b.en), tuple(b.zh)
    return tuple(b[0]), tuple(b[1])


def _count(reference: Iterable[_BeadLike], predicted: Iterable[_BeadLike]) -> tuple[int, int, int, int]:
    """(tp strict, fp strict, tp lax, fp lax) of ``predicted`` against ``reference``."""
    ref = {_key(b) for b in reference}
    ref.discard(((), ()))
    pred = {_key(b) for b in predicted}
    pred.discard(((), ()))
    links: dict[int, set[int]] = {}
    for en, zh in ref:
        for i in en:
            links.setdefault(i, set()).update(zh)
    tps = fps = tpl = fpl = 0
    for en, zh in pred:
        if (en, zh) in ref:
            tps += 1
            tpl += 1
            continue
        fps += 1
        linked = set()
        for i in en:
            linked |= links.get(i, set())
        if linked.intersection(zh):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def score(gold: Sequence[_BeadLike], hyp: Sequence[_BeadLike]) -> Scores:
    """Strict and lax scores of predicted beads ``hyp`` against ``gold`` for one document."""
    ps, pf, pl, pfl = _count(gold, hyp)
    gold_both = [b for b in gold if _key(b)[0] and _key(b)[1]]
    hyp_both = [b for b in hyp if _key(b)[0] and _key(b)[1]]
    rs, rf, rl, rfl = _count(hyp_both, gold_both)
    return Scores(ps, pf, pl, pfl, rs, rf, rl, rfl)


def score_many(pairs: Iterable[tuple[Sequence[_BeadLike], Sequence[_BeadLike]]]) -> Scores:
    """Micro-averaged scores over several documents: ``pairs`` of (gold, hyp)."""
    total = Scores()
    for gold, hyp in pairs:
        total = total + score(gold, hyp)
    return total


# --------------------------------------------------------------------------- bead files

_LINE_RE = re.compile(r"^\s*(\[\s*(?:\d+\s*(?:,\s*\d+\s*)*)?\])\s*:\s*(\[\s*(?:\d+\s*(?:,\s*\d+\s*)*)?\])\s*$")


def parse_beads(text: str, *, where: str | None = None) -> list[Bead]:
    """Beads from gold-format text (``[0, 1]:[2]`` per line; blank lines ignored)."""
    beads = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE_RE.match(line)
        if not m:
            raise InputError(f"malformed bead {line.strip()[:60]!r}",
                             where=f"{where}:{n}" if where else f"line {n}",
                             hint="each line must look like [0, 1]:[2] (English indices first)")
        ids = [x.strip() for side in (m.group(1), m.group(2)) for x in side[1:-1].split(",") if x.strip()]
        if any(len(x) > 9 for x in ids):
            raise InputError(f"sentence index {max(ids, key=len)[:20]}… is too large",
                             where=f"{where}:{n}" if where else f"line {n}",
                             hint="bead indices are sentence numbers from 0")
        en = tuple(int(x) for x in m.group(1)[1:-1].split(",") if x.strip())
        zh = tuple(int(x) for x in m.group(2)[1:-1].split(",") if x.strip())
        beads.append(Bead(en, zh))
    return beads


def read_beads(path: str | os.PathLike) -> list[Bead]:
    """Beads from a gold-format file; :class:`InputError` naming the line if malformed."""
    from ..files import read_input

    data = read_input(path, what="the bead file")  # regular files only: a FIFO would never end
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read bead file: {exc}", where=path,
                         hint="bead files are UTF-8 text, one [en]:[zh] bead per line") from None
    return parse_beads(text, where=os.fspath(path))


def format_beads(beads: Iterable[Bead]) -> str:
    """Gold-format text of ``beads``: one ``[0, 1]:[2]`` line each, newline-terminated."""
    return "".join(b.gold_format() + "\n" for b in beads)


# --------------------------------------------------------------------------- Bible verses


def read_verses(path: str | os.PathLike) -> list[str]:
    """Verse id of every sentence (one per line)."""
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read verse file: {exc}", where=path) from None


def _verse_of(bead_side: Sequence[int], verses: Sequence[str]) -> str | None:
    """The one verse a bead side lies in, "" for an empty side, None if it spans verses."""
    if not bead_side:
        return ""
    found = {verses[i] for i in bead_side if 0 <= i < len(verses)}
    return found.pop() if len(found) == 1 else None


def merge_by_verse(hyp: Sequence[Bead], en_verses: Sequence[str], zh_verses: Sequence[str]) -> list[Bead]:
    """Merge consecutive predicted beads lying inside one and the same verse.

    A bead lies inside verse V when its English sentences are all in V (or it
    has none) and its Chinese sentences are all in V (or none); a bead that
    spans verses, or a bead whose two sides are in different verses, is never
    merged.  The merged bead keeps the lowest confidence of its parts.
    """
    out: list[Bead] = []
    last: str | None = None
    for bead in hyp:
        ve = _verse_of(bead.en, en_verses)
        vz = _verse_of(bead.zh, zh_verses)
        if ve is None or vz is None or (ve and vz and ve != vz) or (not ve and not vz):
            verse = None
        else:
            verse = ve or vz
        if verse is not None and verse == last and out:
            prev = out[-1]
            out[-1] = Bead(prev.en + tuple(bead.en), prev.zh + tuple(bead.zh),
                           min(prev.confidence, bead.confidence))
        else:
            out.append(bead)
        last = verse
    return out


# --------------------------------------------------------------------------- files and folders


def evaluate_paths(gold: str | os.PathLike, hyp: str | os.PathLike) -> tuple[Scores, int]:
    """Score two bead files, or two folders of ``NNN.gold`` / ``NNN.<anything>`` bead files.

    In folders, every ``NAME.gold`` needs a hypothesis file ``NAME.*`` (other than ``.gold``,
    ``.en``, ``.zh``, ``.verse``); when ``NAME.en.verse`` and ``NAME.zh.verse`` are beside the
    gold, the hypothesis is verse-merged first.  Returns (micro-averaged scores, documents).
    """
    gold, hyp = Path(gold), Path(hyp)
    if gold.is_dir() != hyp.is_dir():
        raise InputError("give two bead files or two folders", where=f"{gold}, {hyp}")
    if not gold.is_dir():
        return _score_file(gold, hyp), 1
    golds = sorted(gold.glob("*.gold"))
    if not golds:
        raise InputError("no *.gold files in the gold folder", where=gold)
    total = Scores()
    for g in golds:
        name = g.name[: -len(".gold")]
        candidates = [p for p in sorted(hyp.glob(name + ".*"))
                      if p.name[len(name):].count(".") == 1
                      and p.suffix not in (".gold", ".en", ".zh", ".verse") and p.is_file()]
        if hyp.resolve() != gold.resolve() and (hyp / g.name).is_file():
            candidates.insert(0, hyp / g.name)
        if not candidates:
            raise InputError(f"no hypothesis beads for {g.name}", where=hyp,
                             hint=f"write them as {name}.beads")
        total = total + _score_file(g, candidates[0])
    return total, len(golds)


def _score_file(gold_path: Path, hyp_path: Path) -> Scores:
    gold = read_beads(gold_path)
    hyp = read_beads(hyp_path)
    for path, beads in ((gold_path, gold), (hyp_path, hyp)):
        if not beads:
            raise InputError("no beads in this file", where=path, hint="one bead per line, e.g. [0, 1]:[2]")
    stem = gold_path.name[: -len(".gold")] if gold_path.name.endswith(".gold") else gold_path.stem
    en_v = gold_path.with_name(stem + ".en.verse")
    zh_v = gold_path.with_name(stem + ".zh.verse")
    if en_v.is_file() and zh_v.is_file():
        hyp = merge_by_verse(hyp, read_verses(en_v), read_verses(zh_v))
    return score(gold, hyp)
