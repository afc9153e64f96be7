"""British → American spelling, for matching keys: the checker's term keys (terms/checking/matching.py) and
the lexicon's English lemmas (aligner/lexicon.py), whose CC-CEDICT glosses are American.

The rules only have to be applied the same way to both sides of a comparison, not to be a dictionary:
"labour" and "labor" must meet; what a rule makes of a word that only looks British does not matter as
long as it meets no other word.
"""

from __future__ import annotations

import re

# British → American spelling, applied to the keys of text and terms alike (so a rule only has to
# be consistent, not a dictionary): (name, pattern, replacement, examples British → American).
_WORDS = {"programme": "program", "grey": "gray", "ageing": "aging", "judgement": "judgment",
          "acknowledgement": "acknowledgment", "fulfil": "fulfill", "fulfilment": "fulfillment", "enrol": "enroll",
          "enrolment": "enrollment", "instalment": "installment", "skilful": "skillful", "wilful": "willful",
          "aluminium": "aluminum", "plough": "plow", "sceptic": "skeptic", "sceptical": "skeptical",
          "mould": "mold", "manoeuvre": "maneuver", "practise": "practice", "practised": "practiced",
          "practising": "practicing", "paediatric": "pediatric", "anaesthesia": "anesthesia",
          "encyclopaedia": "encyclopedia", "oestrogen": "estrogen", "foetus": "fetus", "leukaemia": "leukemia",
          "haemorrhage": "hemorrhage", "orthopaedic": "orthopedic", "diarrhoea": "diarrhea",
          "centred": "centered", "centring": "centering", "catalogued": "cataloged", "practises": "practices",
          "councillor": "councilor", "councillors": "councilors", "jewellery": "jewelry"}
_OUR = ("behavi", "col", "fav", "flav", "harb", "hon", "hum", "lab", "neighb", "rum", "savi", "splend", "vap",
        "vig", "endeav", "arm", "od", "rig", "val", "clam", "parl", "cand", "ferv", "tum", "demean")
_RE = ("cent", "met", "lit", "theat", "fib", "calib", "somb", "spect", "lust", "meag", "sab")
_ENCE = ("def", "off", "pret", "lic")


_LL_STEM = re.compile(r"[a-z]*?[aeiou][b-df-hj-np-tv-z]+[ae]")  # trav-el, canc-el, sign-al; not c-al, sm-al


def _after(stems, literal: str, space: bool = True) -> str:
    """Look-behinds that hold after ``literal`` when one of ``stems`` (at a word start) precedes it."""
    lead = " " if space else ""
    return "(?:" + "|".join(f"(?<={lead}{st}{literal})" for st in stems) + ")"


SPELLING_RULES: tuple[tuple[str, str, re.Pattern, object, tuple[tuple[str, str], ...]], ...] = (
    # (name, a substring the line must hold, pattern, replacement, examples British -> American).
    # Patterns start with a literal and test what precedes it with look-behinds, so that the regex
    # engine skips quickly over the line (these run on every segment).
    ("words of their own", "", re.compile(r" (" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?= )"),
     lambda m: " " + _WORDS[m.group(1)], (("programme", "program"), ("judgement", "judgment"), ("fulfil", "fulfill"),
                                        ("grey", "gray"))),
    ("-our -> -or", "our", re.compile(r"our(?=[a-z]* )" + _after(_OUR, "our")), "or",
     (("labour", "labor"), ("honourable", "honorable"), ("neighbourhood", "neighborhood"), ("favourite", "favorite"))),
    ("-ise/-isation -> -ize/-ization, -yse -> -yze", "s", re.compile(
        r"s(?=(?:e|ed|ing|ation|ational|er|able) )(?<=[a-z]{2}[iy]s)"), "z",
     (("organisation", "organization"), ("recognised", "recognized"), ("modernising", "modernizing"),
      ("analyse", "analyze"))),
    ("-re -> -er", "re ", re.compile(r"re(?= )" + _after(_RE, "re", space=False)), "er",
     (("centre", "center"), ("kilometre", "kilometer"), ("theatre", "theater"))),
    ("-ence -> -ense", "ence ", re.compile(r"ence(?= )" + _after(_ENCE, "ence")), "ense",
     (("defence", "defense"), ("offence", "offense"), ("licence", "license"))),
    ("-ogue -> -og", "ogue ", re.compile(r"ogue(?= )(?<=[a-z]{3}ogue)"), "og",
     (("dialogue", "dialog"), ("catalogue", "catalog"), ("analogue", "analog"))),
    ("-lled -> -led after an unstressed vowel", "ll", re.compile(r"ll(?=(?:ed|ing|er|or) )(?<=[ae]ll)"),
     lambda m: "l" if _LL_STEM.fullmatch(m.string, m.string.rfind(" ", 0, m.start()) + 1, m.start()) else "ll",
     (("travelled", "traveled"), ("modelling", "modeling"), ("counsellor", "counselor"), ("cancelled", "canceled"))),
)
"""The spelling rules of the checker's keys and of the lexicon's lemmas; ``tests/test_check_variants.py`` runs
their examples."""
_WORD_SET = frozenset(_WORDS)


#: The rules for the lexicon's lemmas: all but -ogue, which CC-CEDICT writes (dialogue, catalogue) as American
#: English often does too.
LEMMA_RULES = tuple(r for r in SPELLING_RULES if r[0] != "-ogue -> -og")


def american_line(line: str, rules=SPELLING_RULES) -> str:
    """``rules`` applied to a line of lowercase words with a space at each end (``" k1 k2 "``)."""
    for _, hint, rx, repl, _ in rules:
        if hint:
            if hint in line:
                line = rx.sub(repl, line)
        elif not _WORD_SET.isdisjoint(line.split()):
            line = rx.sub(repl, line)
    return line


def american(word: str) -> str:
    """One lowercase word in the American spelling of the lexicon (:data:`LEMMA_RULES`): ``labour`` →
    ``labor``, a plural too: ``centres`` → ``centers``."""
    got = american_line(f" {word} ", LEMMA_RULES).strip()
    if got == word and word.endswith("s") and len(word) > 4:
        stem = american_line(f" {word[:-1]} ", LEMMA_RULES).strip()
        if stem != word[:-1]:
            return stem + "s"
    return got
