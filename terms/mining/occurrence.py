"""A term pair seen in one segment pair: the record the analyser, the constructions and the counting share."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A term pair seen in one segment pair."""

    en_key: str
    en_text: str
    en_kind: str
    zh_key: str
    zh_text: str
    evidence: float
    kinds: tuple[str, ...]
    whole_word: bool
    n_words: int
    span: tuple[int, int] = (0, 0)
    nested: bool = False
    cut: bool = False
    inner_verb: bool = False
