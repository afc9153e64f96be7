"""Spelling variants of English glossary terms: every rule of the matcher, with examples (shuyu check)."""

from __future__ import annotations

import pytest

from shuyu.records import Glossary, GlossaryEntry, SegmentPair, Term
from shuyu.terms.checking import check_pairs
from shuyu.terms.checking.matching import SPELLING_RULES, EnglishMatcher, compound_variants, en_key

# (rule, glossary term, text that must match it); each line is one rule of the matcher
VARIANTS = [
    ("closed = open compound", "cyberspace", "the cyber space of all countries"),
    ("closed = hyphenated compound", "cyberspace", "a peaceful cyber-space"),
    ("open = closed compound", "cyber space", "order in cyberspace"),
    ("hyphenated = closed compound", "counter-terrorism", "counterterrorism cooperation"),
    ("prefix split", "cooperation", "practical co-operation"),
    ("prefix joined", "co-operation", "practical cooperation"),
    ("compound inside a longer term", "cyberspace governance", "global cyber space governance"),
    ("hyphen = space", "law-enforcement", "law enforcement"),
    ("-ce/-se", "defence", "national defense"),
    ("-ce/-se, reverse", "defense policy", "defence policy"),
    ("-ise/-ize", "organisation", "the World Trade Organization"),
    ("-ize/-ise with a plural", "organization", "international organisations"),
    ("-ise/-ize verb", "modernise", "they modernize"),
    ("-yse/-yze", "analyse", "to analyze"),
    ("-our/-or", "labour", "labor rights"),
    ("-our/-or with a suffix", "neighbourhood", "a good neighborhood"),
    ("-re/-er", "centre", "the data center"),
    ("-re/-er, plural", "kilometre", "20 kilometers"),
    ("-ogue/-og", "dialogue", "a frank dialog"),
    ("-ll-/-l-", "travelled", "they traveled"),
    ("-ll-/-l-, agent noun", "counsellor", "the State Counselor"),
    ("words of their own", "programme", "the development program"),
    ("words of their own", "judgement", "a sound judgment"),
    ("inflection: plural", "Belt and Road Initiative", "Belt and Road Initiatives"),
    ("inflection: -ies", "policy", "their policies"),
    ("inflection: possessive", "China policy", "China's policies"),
    ("case", "State Councilor", "state councilor"),
    ("dots in acronyms", "US", "the U.S. side"),
]


@pytest.mark.parametrize("rule, term, text", VARIANTS)
def test_variant_matches(rule, term, text):
    found = EnglishMatcher([term]).find(text)
    assert [m.key for m in found] == [en_key(term)], rule


# (glossary term, text that must NOT match it)
NOT_VARIANTS = [
    ("US", "they told us"),                  # capitals: the pronoun is not the country
    ("cyberspace", "cyber attacks in space"),  # the parts of a compound must be adjacent
    ("called", "caled"),
    ("filled", "filed"),                      # -ll- only after an unstressed vowel: filled != filed
    ("tour", "tor"),                          # -our only for the listed stems: tour, four, hour stay
    ("rule of law", "ruleof law"),            # no compound with a function word
]


@pytest.mark.parametrize("term, text", NOT_VARIANTS)
def test_not_a_variant(term, text):
    assert EnglishMatcher([term]).find(text) == []


@pytest.mark.parametrize("rule", SPELLING_RULES, ids=[r[0] for r in SPELLING_RULES])
def test_each_spelling_rule_with_its_examples(rule):
    name, _, _, _, examples = rule
    assert examples, name
    for british, american in examples:
        assert en_key(british) == en_key(american) == american, (name, british)


def test_compound_variants():
    assert compound_variants("cyberspace") == ["cyber space"]
    assert compound_variants("cyber space") == ["cyberspace"]
    assert "co operation" in compound_variants("cooperation")
    assert compound_variants("rule of law") == []
    assert compound_variants("us") == []


def test_term_missing_through_a_variant():
    """The case of the issue: "cyber space" with the wrong Chinese gets a term-missing."""
    g = Glossary((GlossaryEntry("1", (Term("cyberspace", "en"), Term("网络空间", "zh"))),
                  GlossaryEntry("2", (Term("defence", "en"), Term("国防", "zh")))))
    pairs = [SegmentPair("Order in cyber space matters.", "太空秩序很重要。", "a.tsv", 2),
             SegmentPair("A peaceful cyber-space.", "和平的网络空间。", "a.tsv", 3),
             SegmentPair("National defense is strong.", "国家很强。", "a.tsv", 4)]
    found = [(f.line, f.check, f.message) for f in check_pairs(pairs, g)]
    assert found == [(2, "term-missing", "'cyber space' is not translated as '网络空间'"),
                     (4, "term-missing", "'defense' is not translated as '国防'")]


def test_variant_of_one_term_does_not_hide_another_term():
    m = EnglishMatcher(["cyber space", "cyberspace"])   # both in the glossary: each is its own term
    assert [x.key for x in m.find("cyberspace")] == ["cyberspace"]
    assert [x.key for x in m.find("cyber space")] == ["cyber space"]
