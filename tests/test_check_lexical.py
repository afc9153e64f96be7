"""inconsistent-translation for names that are not in the glossary (shuyu.terms.checking.lexical)."""

from __future__ import annotations

import pytest

from shuyu.records import SegmentPair
from shuyu.terms.checking.lexical import _names, inconsistent_free_terms
from shuyu.terms.checking.matching import en_key


class FakeLexicon:
    table = {"dialogue": {"对话", "会谈", "话"}, "enforcement": {"执法"}, "law": {"法律", "执法", "法"},
             "law enforcement": {"执法"}, "cooperation": {"合作"}, "meeting": {"会谈", "会议"}}

    def zh_for_en(self, lemma):
        return frozenset(self.table.get(lemma, ()))

    def en_for_zh(self, word):
        return frozenset(k for k, v in self.table.items() if word in v)


def lemma(w):
    return w.lower().rstrip("s")


def P(en, zh, line):
    return SegmentPair(en, zh, "a.tsv", line)


NAME = "the Law Enforcement Dialogue"


@pytest.mark.parametrize("pairs, expected_lines", [
    # three segments say 对话, one says 会谈 → that one
    ([P(f"They held {NAME}.", "双方举行了执法对话。", 1), P(f"{NAME} was useful.", "执法对话很有用。", 2),
      P(f"After {NAME}, they met.", "执法对话后，双方会见。", 3), P(f"They praised {NAME}.", "双方赞扬执法会谈。", 4)],
     [4]),
    # the deviating segment also contains the majority word: silent
    ([P(f"They held {NAME}.", "双方举行了执法对话。", 1), P(f"{NAME} was useful.", "执法对话很有用。", 2),
      P(f"After {NAME}, they met.", "执法对话后，双方会见。", 3),
      P(f"They praised {NAME}.", "双方在会谈中赞扬执法对话。", 4)], []),
    # no clear majority (2 vs 2): silent
    ([P(f"They held {NAME}.", "执法对话。", 1), P(f"{NAME} was useful.", "执法对话。", 2),
      P(f"After {NAME}, they met.", "执法会谈。", 3), P(f"They praised {NAME}.", "执法会谈。", 4)], []),
    # only two segments: not frequent enough
    ([P(f"They held {NAME}.", "执法对话。", 1), P(f"They praised {NAME}.", "执法会谈。", 2)], []),
    # a rendering the lexicon does not know: not counted, silent
    ([P(f"They held {NAME}.", "执法对话。", 1), P(f"{NAME} was useful.", "执法对话。", 2),
      P(f"After {NAME}, they met.", "执法对话。", 3), P(f"They praised {NAME}.", "执法交流。", 4)], []),
    # the other word translates another English word of the segment ("meeting" → 会谈): silent
    ([P(f"They held {NAME}.", "执法对话。", 1), P(f"{NAME} was useful.", "执法对话。", 2),
      P(f"After {NAME}, they met.", "执法对话。", 3), P(f"At the meeting {NAME} was praised.", "执法会谈。", 4)], []),
])
def test_free_terms(pairs, expected_lines):
    found = inconsistent_free_terms(pairs, set(), lexicon=FakeLexicon(), lemma=lemma)
    assert [f.line for f in found] == expected_lines
    for f in found:
        assert f.check == "inconsistent-translation" and "'执法会谈'" in f.message and "'执法对话'" in f.message


def test_glossary_terms_are_left_to_the_glossary_check():
    pairs = [P(f"{NAME} {i}", "执法对话" if i < 3 else "执法会谈", i) for i in range(4)]
    assert inconsistent_free_terms(pairs, {en_key("Law Enforcement Dialogue")}, lexicon=FakeLexicon(), lemma=lemma) == []


@pytest.mark.parametrize("text, names", [
    ("The Ministry of Public Security met the Law Enforcement Dialogue.",
     ["Ministry of Public Security", "Law Enforcement Dialogue"]),
    ("In China the talks went on.", []),
    ("Both Sides agreed.", []),
])
def test_names(text, names):
    assert _names(text) == names
