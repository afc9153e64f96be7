"""Glossary checks: duplicates, empty terms, wrong script, stray spaces and
invisible characters, conflicting statuses.

Each problem is a :class:`ValidationIssue` whose ``origin`` is the entry's
``file!sheet:row`` so that the user can find the row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..records import TERM_STATUSES, Glossary, GlossaryEntry, Term
from ..textnorm import HAN_RE, LATIN_RE
from .model import term_key


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    severity: str  # "error" | "warning"
    code: str
    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin or '?'}: {self.severity}: [{self.code}] {self.message}"


INVISIBLE = {
    "\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
    "\u2060": "word joiner", "\ufeff": "byte order mark (BOM)", "\u00ad": "soft hyphen",
    "\u00a0": "no-break space", "\u202f": "narrow no-break space", "\u2007": "figure space",
    "\u3000": "ideographic (full-width) space", "\u200e": "left-to-right mark", "\u200f": "right-to-left mark",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BAD = {"forbidden", "deprecated", "superseded"}


def _text_issues(t: Term, e: GlossaryEntry, out: list[ValidationIssue]) -> None:
    o = e.origin
    what = f"{'English' if t.lang == 'en' else 'Chinese'} term {t.text!r}"
    if not t.text.strip():
        out.append(ValidationIssue("error", "empty-term", o, f"empty {'English' if t.lang == 'en' else 'Chinese'} term"))
        return
    if _CONTROL.search(t.text):
        out.append(ValidationIssue("error", "control-char", o, f"{what} holds control characters"))
    for ch, name in INVISIBLE.items():
        if ch in t.text:
            out.append(ValidationIssue("warning", "invisible-char", o,
                                       f"{what} holds a {name} (U+{ord(ch):04X}); matching will miss it"))
    if t.text != t.text.strip():
        out.append(ValidationIssue("warning", "stray-space", o, f"{what} begins or ends with a space"))
    elif "  " in t.text:
        out.append(ValidationIssue("warning", "stray-space", o, f"{what} holds a double space"))
    if t.lang == "zh" and re.search(r"[\u4e00-\u9fff][ \t]+[\u4e00-\u9fff]", t.text):
        out.append(ValidationIssue("warning", "stray-space", o, f"{what} has a space between Chinese characters"))
    han, latin = len(HAN_RE.findall(t.text)), len(LATIN_RE.findall(t.text))
    if t.lang == "zh" and han == 0 and latin > 0:
        out.append(ValidationIssue("warning", "zh-latin", o,
                                   f"Chinese term {t.text!r} holds no Chinese characters (swapped columns?)"))
    elif t.lang == "zh" and han == 0 and any(c.isalpha() for c in t.text):
        out.append(ValidationIssue("warning", "zh-no-han", o,
                                   f"Chinese term {t.text!r} holds letters but no Chinese characters (another language?)"))
    if t.lang == "en" and han > 0:
        out.append(ValidationIssue("warning", "en-han", o,
                                   f"English term {t.text!r} holds Chinese characters (swapped columns?)"))
    if t.status not in TERM_STATUSES:
        out.append(ValidationIssue("error", "bad-status", o, f"{what} has unknown status {t.status!r} "
                                                             f"(use {', '.join(TERM_STATUSES)})"))
    if unicodedata.normalize("NFC", t.text) != t.text:
        out.append(ValidationIssue("warning", "not-nfc", o, f"{what} is not in Unicode NFC form"))


def validate(glossary: Glossary) -> list[ValidationIssue]:
    """All problems found, errors first, in file order."""
    out: list[ValidationIssue] = []
    pair_seen: dict[tuple[str, str], str] = {}
    zh_status: dict[tuple[str, str], list[tuple[str, str, str]]] = {}  # (en key, zh key) -> (status, origin, text)
    for e in glossary.entries:
        o = e.origin
        if not e.en:
            out.append(ValidationIssue("error", "no-english", o, "entry has no English term"))
        if not e.zh:
            out.append(ValidationIssue("error", "no-chinese", o, "entry has no Chinese term"))
        within: dict[tuple[str, str], Term] = {}
        for t in e.terms:
            _text_issues(t, e, out)
            k = (t.lang, term_key(t.text, t.lang))
            if not k[1]:
                continue
            if k in within and within[k].text == t.text:
                prev = within[k]
                if prev.status != t.status:
                    out.append(ValidationIssue("error", "status-conflict", o,
                                               f"{t.text!r} appears twice in one entry as {prev.status} and {t.status}"))
                else:
                    out.append(ValidationIssue("warning", "duplicate-term", o, f"{t.text!r} appears twice in one entry"))
            within[k] = t
        pref = [t for t in e.zh if t.status == "preferred"]
        if len(pref) > 1:
            out.append(ValidationIssue("warning", "several-preferred", o,
                                       "several preferred Chinese terms: " + ", ".join(repr(t.text) for t in pref)))
        for en in e.en:
            ek = term_key(en.text, "en")
            if not ek:
                continue
            for z in e.zh:
                zk = term_key(z.text, "zh")
                if not zk:
                    continue
                key = (ek, zk)
                if key in pair_seen and pair_seen[key] != o:
                    out.append(ValidationIssue("warning", "duplicate", o,
                                               f"{en.text!r} → {z.text!r} is already at {pair_seen[key]}"))
                pair_seen.setdefault(key, o)
                zh_status.setdefault(key, []).append((z.status, o, z.text))
    for (ek, zk), seen in zh_status.items():
        statuses = {s for s, _o, _t in seen}
        if len(statuses) > 1 and statuses & _BAD and statuses - _BAD:
            where = "; ".join(f"{s} at {o}" for s, o, _t in seen)
            out.append(ValidationIssue("error", "status-conflict", seen[-1][1],
                                       f"{seen[0][2]!r} is marked {' and '.join(sorted(statuses))}: {where}"))
    order = {"error": 0, "warning": 1}
    return sorted(out, key=lambda i: order.get(i.severity, 2))
