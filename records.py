"""Domain records shared by every part of shuyu.

All records are small immutable dataclasses.  Text is always kept twice where
matching matters: ``text`` is the original (what every output shows) and
``norm`` the normalised form used for matching (Simplified Chinese, half-width
ASCII; see :mod:`shuyu.textnorm`).  Offsets are character offsets into
:attr:`Document.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Literal

Lang = Literal["en", "zh"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of the source: a paragraph or a heading, in reading order."""

    index: int
    text: str
    start: int
    end: int
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence (or heading) of a document."""

    index: int
    text: str
    norm: str
    start: int
    end: int
    paragraph: int
    is_heading: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """A document as read from disk: its decoded text, blocks and sentences.

    ``script`` is ``"latin"`` for English, and ``"hans"``, ``"hant"`` or
    ``"mixed"`` for Chinese (Simplified / Traditional input).
    """

    path: str
    lang: Lang
    text: str
    encoding: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...] = ()
    script: str = "latin"

    def __len__(self) -> int:
        return len(self.sentences)


@dataclass(frozen=True, slots=True)
class Bead:
    """A link between consecutive English and Chinese sentences.

    ``en`` and ``zh`` are 0-based sentence indices (either may be empty for
    1-0 / 0-1 beads); ``confidence`` is in [0, 1].
    """

    en: tuple[int, ...]
    zh: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        """Bead type as ``"<#en>-<#zh>"``, e.g. ``"1-1"``, ``"2-1"``, ``"0-1"``."""
        return f"{len(self.en)}-{len(self.zh)}"

    def gold_format(self) -> str:
        """The bead in the gold format of the evaluation sets: ``[0, 1]:[2]``."""
        return f"[{', '.join(map(str, self.en))}]:[{', '.join(map(str, self.zh))}]"


@dataclass(frozen=True, slots=True)
class Alignment:
    """A sentence alignment of two documents.

    ``settings`` records how it was made (tool version, options) as sorted
    ``(name, value)`` pairs, so that every output can carry it.
    """

    en: Document
    zh: Document
    beads: tuple[Bead, ...]
    settings: tuple[tuple[str, str], ...] = ()

    def texts(self, bead: Bead) -> tuple[str, str]:
        """Original English and Chinese text of a bead (sentences joined)."""
        en = " ".join(self.en.sentences[i].text for i in bead.en)
        zh = "".join(self.zh.sentences[i].text for i in bead.zh)
        return en, zh

    def pairs(self) -> Iterator[tuple[Bead, str, str]]:
        for bead in self.beads:
            en, zh = self.texts(bead)
            yield bead, en, zh


@dataclass(frozen=True, slots=True)
class SegmentPair:
    """One aligned English/Chinese segment pair, e.g. read from TMX or TSV."""

    en: str
    zh: str
    source: str = ""
    line: int = 0
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Example:
    """An example sentence pair for a term, with where it came from."""

    en: str
    zh: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class TermPair:
    """A mined bilingual term pair, ranked by ``score``.

    ``alternatives`` are other Chinese renderings seen for the same English
    term, most frequent first; ``known`` is True when the pair is already in
    the user's glossary.
    """

    en: str
    zh: str
    score: float
    freq_en: int
    freq_zh: int
    freq_joint: int
    examples: tuple[Example, ...] = ()
    sources: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    known: bool = False
    signals: tuple[str, ...] = ()


TermStatus = Literal["preferred", "admitted", "deprecated", "superseded", "forbidden"]
TERM_STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated", "superseded", "forbidden")


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a concept entry in one language."""

    text: str
    lang: Lang
    status: str = "preferred"
    pos: str = ""
    note: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A concept entry: English and Chinese terms for one concept.

    ``origin`` says where the entry was read (``file!sheet:row``) so that
    reports can point back to it.
    """

    id: str
    terms: tuple[Term, ...]
    definition: str = ""
    domain: str = ""
    source: str = ""
    context: str = ""
    note: str = ""
    origin: str = ""

    def terms_in(self, lang: Lang) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.lang == lang)

    @property
    def en(self) -> tuple[Term, ...]:
        return self.terms_in("en")

    @property
    def zh(self) -> tuple[Term, ...]:
        return self.terms_in("zh")


@dataclass(frozen=True, slots=True)
class Glossary:
    """An ordered collection of concept entries and where they came from."""

    entries: tuple[GlossaryEntry, ...]
    sources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.entries)
