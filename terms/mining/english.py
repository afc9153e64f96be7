"""English side of term mining: tokens with offsets, and candidate spans.

A small regex tokenizer keeps character offsets, so a term is shown exactly as
it is written in the text ("People's Republic of China", not "People 's
Republic of China").  Hyphenated words stay one token (``China-CEEC``,
``range-based``) and are split into *units* for dictionary lookup.

Candidate spans are runs of content words joined by the connectors that
official terms contain: ``of`` (``Minister of Public Security``, ``rule of
law``), ``'s`` (``People's Republic``), ``and`` and list commas (``reform and
opening up``, ``reform, development, and stability``, ``State Councilor and
Foreign Minister``), ``for``/``on``/``with``/``in``/``to``/``from`` before a
capitalised or a listed word (``Report on the Work of the Government``,
``socialism with Chinese characteristics``, ``shoulder to shoulder``).  A span
never starts or ends with a connector, an adverb or an auxiliary; whether it is
a term is decided later, by its Chinese counterpart and its form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Collection

from ...textnorm import normalize_en

#: Content tokens in a span, at most.
MAX_SPAN = 9

#: Latin letters, with the accented ones of names (Türkiye, Côte d'Ivoire, António Guterres, São Tomé).
_L = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_TOKEN_RE = re.compile(
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"            # U.S. H.E. U.N.
    r"|(?:Mr|Mrs|Ms|Dr|St|No|Jr|Sr|Prof|Gen|Col|Lt|Sept|Dec|Nov|Oct|Jan|Feb|Aug|Rev|Hon)\.(?=\s)"
    r"|\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?(?:-[A-Za-z]+)*"  # 1.4 20th 1990s 75th-anniversary
    rf"|[{_L}][{_L}0-9]*(?:[-/][{_L}0-9]+)*(?:'(?!s\b)[{_L}]+)?"  # words, China-CEEC, COVID-19
    r"|'s\b|'"
    r"|\n"
    rf"|[^\s{_L}0-9]"
)

#: Closed-class words: never the first or last word of a term.
FUNCTION = frozenset("""
a an the this that these those such each every either neither any some no all both many much more most
few fewer less least several other another own same various i me my mine we us our ours you your yours he
him his she her hers it its they them their theirs itself themselves ourselves himself herself who whom
whose which what whatever whichever one ones someone something anything nothing everything everyone
anyone about above across after against along amid among amongst around as at before behind below beneath
beside besides between beyond by despite down during except for from in inside into like near of off on
onto out outside over past per since than through throughout till to toward towards under underneath unlike
until up upon via with within without and or but nor so yet if because although though while whereas
whether unless when whenever where wherever how why once then thus therefore hence however moreover
furthermore meanwhile also too otherwise instead be am is are was were been being have has had having do
does did doing done will would shall should can could may might must ought not never very just only even
still already again always often ever now here there today yesterday tomorrow soon later ago far rather
quite almost nearly really actually especially particularly etc vs 's ' back forward together away ahead
i'm i've i'll i'd we're we've we'll we'd you're you've you'll you'd he'll he'd she'll she'd it'll they're they've
they'll they'd don't doesn't didn't won't can't isn't aren't wasn't weren't haven't hasn't hadn't shouldn't wouldn't
couldn't mustn't needn't
""".split())

#: Weak words: may sit inside a term (``main targets``), never alone and never at its end.
WEAK = frozenset("""
new old good big small large high low long important major main key overall great further first second
third last next certain whole full common real true strong recent current future past present early late
""".split())

#: Reporting and light verbs: a span never starts with one.
LIGHT_VERBS = frozenset("""
say says said saying tell told add added note noted stress stressed point pointed call called calls hope
hopes hoped make makes made making take takes took taken get gets got give gives gave given go goes went
gone come comes came see seen saw know known think thought want wants wanted let become became becomes
include includes included including use used uses according mark marks marked remain remains remained
""".split())

#: Nouns of prepositional phrases ("on behalf of", "in the face of"): a span never starts with one.
NOT_START = frozenset("""
behalf part terms basis regard order view light spite addition case face front way course lot number kind sort
type means line respect account favour favor sake
""".split())

#: Head words of official names that take "for", "on", "in" or "at" inside the name (Center for Disease
#: Control, Forum on China-Africa Cooperation, Report on the Work of the Government); after other
#: capitalised words the preposition ends the name ("Dakar for the Forum").
NAME_HEADS = frozenset("""
center centre commission committee council office ministry minister secretary commissioner representative envoy
foundation fund organization organisation association institute institution programme program agency bureau
department forum conference convention treaty agreement law act regulations regulation rules opinions decision
decisions resolution declaration dialogue summit report plan outline strategy initiative partnership alliance
union league federation court school college university academy society network group panel board authority
administration service services mission party platform mechanism framework charter protocol statement
communique communiqué white paper campaign movement fight war battle program day week year decade award prize
order medal museum library centre hospital station coalition consortium conference talks meeting session
thought theory outlook
""".split())

#: Connectors that may join content words inside a span.
CONNECTORS = frozenset("of and for on with in at to from the all a an 's ' , &".split())  # ' after a plural: leaders' meeting

_YEAR = re.compile(r"(19|20)\d\d")
#: Whom a term can be "for" inside itself (community with a shared future for mankind).
_FOR_WHOM = frozenset("mankind humanity humankind all".split())
_CALENDAR = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december""".split())


@dataclass(frozen=True, slots=True)
class EnToken:
    """One token of an English segment; ``start``/``end`` are offsets into the segment text."""

    text: str
    start: int
    end: int
    low: str
    lemma: str
    kind: str  # "word", "num", "punct"

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        """An acronym: two or more capital letters (``CPC``, ``COVID-19``, ``U.S.``)."""
        return _is_upper(self.text)

    @property
    def function(self) -> bool:
        return self.kind == "punct" or self.low in FUNCTION


@lru_cache(maxsize=100_000)
def _is_upper(text: str) -> bool:
    if len(text) > 3 and text.endswith("s") and text[-2].isupper():
        text = text[:-1]  # a plural acronym: CEECs, NGOs
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True, slots=True)
class EnSpan:
    """A candidate English span: tokens ``[a, b)`` of a segment."""

    a: int
    b: int
    text: str      # as written
    key: str       # grouping key, see :func:`en_key`
    kind: str      # word, phrase, title, acronym, heading


def lemma(word: str) -> str:
    from ...aligner.lexicon import en_lemma

    return en_lemma(word)


def prepare(text: str) -> str:
    """The form of the text that offsets refer to: NFC, half-width, straight quotes;
    a line in capitals (``REPORT ON THE WORK OF THE GOVERNMENT``) in title case."""
    text = normalize_en(unicodedata.normalize("NFC", text))
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.9 and len(text.split()) >= 2:
        text = _title_case(text)
    return text


def _title_case(text: str) -> str:
    def fix(m: re.Match) -> str:
        w = m.group(0)
        low = w.lower()
        if m.start() > 0 and low in FUNCTION:
            return low
        return low[:1].upper() + low[1:]

    return re.sub(r"[A-Za-z][A-Za-z']*", fix, text)


def tokenize(text: str) -> list[EnToken]:
    """Tokens of ``prepare(text)`` with offsets into it (a new list; the tokens of recent texts are remembered:
    the learner and the counting pass read the same segments)."""
    return list(_tokens(text))


@lru_cache(maxsize=20_000)
def _tokens(text: str) -> tuple[EnToken, ...]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        tok = m.group(0)
        if tok[0].isalpha():
            kind = "word"
        elif tok[0].isdigit():
            kind = "num"
        elif tok == "'s":
            kind = "word"
        else:
            kind = "punct"
        low = tok.lower()
        out.append(EnToken(tok, m.start(), m.end(), low, _lemma(low) if kind == "word" else low, kind))
    return tuple(out)


@lru_cache(maxsize=300_000)
def _lemma(low: str) -> str:
    return lemma(low) or low


def units(tok: EnToken, known=lambda w: False) -> tuple[str, ...]:
    """Parts of a token for dictionary lookup: ``China-CEEC`` → (china, ceec), unless ``known(whole)``
    (``Covid-19`` stays one unit when the lexicon has it; ``multi-lateral`` is ``multilateral`` when it has that).  Lowercase, except acronyms (``US``, ``WHO``),
    which keep their capitals so that they are not taken for function words."""
    if tok.upper and tok.low in FUNCTION:
        return (tok.text,)
    if tok.kind != "word" or ("-" not in tok.low and "/" not in tok.low) or re.search(r"-\d", tok.low):
        return (tok.low,)  # COVID-19 and G-20 stay whole
    joined = tok.low.replace("-", "")
    if "/" not in joined and joined.isalpha() and known(joined):
        return (joined,)  # multi-lateral, co-operation: a word the lexicon writes in one
    if known(tok.low):
        return (tok.low,)
    parts = tuple(p for p in re.split(r"[-/]", tok.low) if p)
    return parts or (tok.low,)


# ----------------------------------------------------------------------------- keys

_NOT_PLURAL = frozenset("""
affairs arms customs goods headquarters means news series species statistics politics economics
physics mathematics ethics logistics electronics narcotics tactics mechanics dynamics states nations
relations analysis basis crisis thesis diagnosis emphasis this its his us bus status census virus campus
consensus bonus apparatus chaos gas lens atlas alias always perhaps ceecs
""".split())


def singular(word: str) -> str:
    """Singular of a lowercase English noun (a light rule set; irregular plurals by table)."""
    w = word
    if w in _NOT_PLURAL or len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        return w[:-1]
    return w


@lru_cache(maxsize=200_000)
def en_key(text: str) -> str:
    """Grouping key of an English term: lowercase, hyphens = spaces, leading article off, last word singular.

    ``Belt-and-Road Initiative`` = ``belt and road initiative``; ``State Councilors`` = ``state councilor``.
    """
    t = prepare(text).lower().replace("\u2019", "'")
    t = re.sub(r"[-\u2010-\u2015/]", " ", t)
    t = re.sub(r"\s*'s\b", "'s", t)
    t = re.sub(r"[\"()\[\]]", " ", t)
    words = t.split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    if words and not any(c.isupper() for c in text.split()[-1][1:]):
        words[-1] = singular(words[-1])
    return " ".join(words)


# ----------------------------------------------------------------------------- spans

def _is_title_word(tok: EnToken) -> bool:
    return tok.kind == "word" and tok.cap and tok.low not in FUNCTION


def is_headline(tokens: list[EnToken]) -> bool:
    """A heading or title line: no final stop, most content words capitalised (or all caps)."""
    words = [t for t in tokens if t.kind == "word" and t.low not in FUNCTION]
    if not words or (tokens and tokens[-1].text in ".!?;"):
        return False
    if len(words) <= 2:
        return all(t.cap for t in words)
    return sum(t.cap for t in words) / len(words) >= 0.6


def _content(tok: EnToken, stop: Collection[str]) -> bool:
    if tok.kind == "punct":
        return False
    if tok.low in FUNCTION or tok.low in stop:
        return tok.upper and tok.low not in ("i",)  # US, IT as acronyms
    if tok.kind == "num":
        return True
    return len(tok.low) > 1 or tok.text.isupper()


#: Latin in English terms: "per capita income", "de facto", "ad hoc".
_LATIN_PAIRS = {("per", "capita"), ("per", "cent"), ("de", "facto"), ("ad", "hoc"), ("status", "quo")}


def structure(tokens: list[EnToken], stop: Collection[str] = frozenset()) -> tuple[list[bool], list[bool]]:
    """Per token: is it a content word, and may it (a connector) sit inside a span."""
    n = len(tokens)
    content = [_content(t, stop) for t in tokens]
    for i in range(n - 1):
        if (tokens[i].low, tokens[i + 1].low) in _LATIN_PAIRS:
            content[i] = content[i + 1] = True
    joins = [False] * n
    for i in range(1, n - 1):
        if not content[i]:
            joins[i] = _joins(tokens, content, i)
    return content, joins


def cut(tokens: list[EnToken], content: list[bool], joins: list[bool], a: int, b: int, title: bool,
        verb: Callable[[EnToken], bool], names: set[int] = frozenset(), headline: bool = False,
        apart_before: bool = False, strangers: set[int] = frozenset()) -> bool:
    """Is ``[a, b)`` part of a longer unit of the sentence?  A title is cut when the capitalised run goes
    on (``Wuhan City Health`` + Commission, ``Hospital of Integrated`` + Chinese …); a phrase when a
    content word follows, or one precedes that is not a verb (``1.4 billion Chinese`` + people).
    In a heading every word has a capital, so capitals cut nothing there.  ``apart_before`` says the
    word before the span links to none of the span's Chinese, or to nothing at all ("Chinese" before
    国务委员兼外长): it cuts nothing. ``strangers`` are capitalised words no dictionary knows: a name, linked
    or not, that cuts nothing either ("Prime Minister" before "Luvsannamsrain")."""
    n = len(tokens)
    if headline and b - a == 1 and tokens[a].upper:
        return False  # an acronym in a heading ("Fighting COVID-19: …") stands alone
    in_name = any(k in names for k in range(a, b))
    strange = any(k in strangers for k in range(a, b))

    def name_at(k: int) -> bool:
        # (``strangers``: capitalised words no dictionary knows, likely a name that is not linked)
        return k in names and not in_name or k in strangers and not strange

    if b < n and content[b] and not name_at(b):
        if title and (tokens[b].cap or tokens[b].kind == "num"):
            return True
        if not title and not verb(tokens[b]) and tokens[b].kind != "num":
            return True
    if b + 1 < n and tokens[b].low in ("'", "'s") and content[b + 1]:
        return True  # "foreign ministers" of "foreign ministers' meeting"
    if not title and a > 0 and not apart_before and content[a - 1] and tokens[a - 1].cap and \
            tokens[a - 1].kind == "word" and tokens[a - 1].low not in HONORIFICS and not name_at(a - 1) and \
            tokens[a].cap:
        return True  # "Press Conference" of "Regular Press Conference"
    post = b - a >= 2 and tokens[b - 1].low in POSTS  # "General Secretary" of the CPC Central Committee
    if title and not post and b + 1 < n and joins[b] and tokens[b].low in ("'s", "of") and \
            (content[b + 1] or (tokens[b + 1].low == "the" and b + 2 < n and content[b + 2])):
        nxt = b + 1 if tokens[b + 1].low != "the" else b + 2
        if tokens[nxt].cap and not name_at(nxt) and tokens[nxt].low not in _QUALIFIER_STARTS:
            return True  # "Report on the Work" + "of the Government" (but not "… Congress" + "of the PRC")
    if title and a > 0 and not apart_before and content[a - 1] and not name_at(a - 1) and tokens[a - 1].cap and \
            tokens[a - 1].low not in HONORIFICS:
        return True
    if title and a >= 2 and tokens[a - 1].low in ("'s", "'") and not apart_before and content[a - 2] and \
            tokens[a - 2].cap and not name_at(a - 2):
        return True  # "Liberation Army" of "People's Liberation Army" (``apart_before`` then says of "People")
    if title and a >= 2 and tokens[a - 1].low in ("of", "on", "for") and joins[a - 1] and content[a - 2] and \
            tokens[a - 2].cap and not name_at(a - 2) and tokens[a].low not in _QUALIFIER_STARTS:
        return True  # "Public Security" of "Minister of Public Security"
    # (a name after "of" is often a name of its own: "President of the People's Republic of China")
    return False


#: Words that begin the name of a state after "of": "National People's Congress of the People's Republic of
#: China" is whole before it.
_QUALIFIER_STARTS = frozenset("""people's people republic kingdom united federation democratic islamic socialist
commonwealth union state states arab""".split())

#: The last words of posts, which are entries of their own before "of" and the body they serve ("General
#: Secretary" of the CPC Central Committee, "Vice President" of the People's Republic of China).
POSTS = frozenset("""secretary minister president premier councilor councillor chairman chairwoman chairperson
spokesperson spokesman spokeswoman ambassador director commissioner governor mayor envoy representative
secretary-general general chancellor""".split())

#: Forms of address before a name: they do not make the name part of a longer one.
HONORIFICS = frozenset("h.e. mr. mrs. ms. dr. prof. mr mrs ms dr sir madam excellency comrade".split())


_IRREGULAR_VERBS = {"fought": "fight", "brought": "bring", "took": "take", "made": "make", "held": "hold",
                    "led": "lead", "met": "meet", "sent": "send", "gave": "give", "won": "win", "built": "build",
                    "sought": "seek", "struck": "strike", "drew": "draw", "grew": "grow", "began": "begin",
                    "kept": "keep", "set": "set", "put": "put", "found": "find", "left": "leave", "ran": "run",
                    "rose": "rise", "chose": "choose", "stood": "stand", "spoke": "speak", "wrote": "write",
                    "said": "say", "told": "tell", "saw": "see", "went": "go", "came": "come", "knew": "know",
                    "thought": "think", "sought": "seek", "taught": "teach", "bought": "buy", "felt": "feel",
                    "heard": "hear", "meant": "mean", "spent": "spend", "lost": "lose", "paid": "pay",
                    "laid": "lay", "sold": "sell", "shook": "shake", "undertook": "undertake", "became": "become"}


IRREGULAR_PAST = frozenset(_IRREGULAR_VERBS)
#: Modal verbs: one inside a span before another word makes a clause ("Education shall be free").
MODALS = frozenset("shall should must will would may might can could".split())


def base_forms(low: str) -> list[str]:
    """Possible base forms of an English word form (``stepped`` → step, ``organized`` → organize)."""
    out = [low]
    if low in _IRREGULAR_VERBS:
        out.append(_IRREGULAR_VERBS[low])
    for suf in ("ing", "ed", "es", "s", "d"):
        if low.endswith(suf) and len(low) - len(suf) >= 3:
            stem = low[: -len(suf)]
            out += [stem, stem + "e"]
            if len(stem) > 3 and stem[-1] == stem[-2]:
                out.append(stem[:-1])
            if stem.endswith("i"):
                out.append(stem[:-1] + "y")
    return out


def spans(tokens: list[EnToken], *, stop: Collection[str] = frozenset(), max_span: int = MAX_SPAN,
          verb: Callable[..., bool] = lambda tok, threshold=None: False) -> list[tuple[int, int]]:
    """All candidate token spans ``(a, b)`` of a segment.

    Content tokens are those not in :data:`FUNCTION` nor in ``stop``; a span
    starts and ends on a content token that is not a light verb or an adverb
    at the start, nor a weak word or a finite verb (``marks``, ``said``:
    ``verb(token)`` tells verbs) at the end, and holds inner connectors only
    where official terms have them.
    """
    n = len(tokens)
    content, joins = structure(tokens, stop)
    out = []
    for a in range(n):
        first = tokens[a]
        if not content[a] or first.low in LIGHT_VERBS or first.low in NOT_START or (_adverb(first) and not first.cap):
            continue
        if first.low in IRREGULAR_PAST and not first.cap:
            continue  # "met business leaders": a verb and its object ("united front" may start with -ed)
        if _subject_verb(tokens, a, verb):
            continue  # "welcomes Mongolia's designation" of "China welcomes …": a verb and its object
        if first.kind == "num" and not _ordinal_or_count(tokens, a):
            continue
        k = 0
        commas = 0
        open_list = False  # a list comma seen, its "and" not yet
        for b in range(a, n):
            tok = tokens[b]
            if content[b]:
                k += 1
                if k > max_span:
                    break
                if _can_end(tokens, b) and not open_list and not (_finite(tok) and verb(tok)) and \
                        (tok.low not in LIGHT_VERBS or (tok.cap and b > a)) and not _subject_verb(tokens, b, verb) \
                        and not _verb_before_object(tokens, b, verb) and not _into_a_name(tokens, content, a, b) \
                        and not _modifier_before_noun(tokens, b):
                    # a capital inside a span is a noun of a name: Mao Zedong Thought
                    out.append((a, b + 1))
            elif tok.low == "up" and _can_end(tokens, b) and not open_list:
                out.append((a, b + 1))
                break
            elif not joins[b]:
                break
            elif tok.text == ",":
                if b + 1 < n and tokens[b + 1].low == "and" and not commas:
                    break  # a serial comma in a span that did not start the list: "development, and stability"
                commas += 1
                open_list = True
            elif tok.low == "and":
                open_list = False
    return out


def _into_a_name(tokens: list[EnToken], content: list[bool], a: int, b: int) -> bool:
    """Does a span of lowercase words end inside the capitalised name after them ("revision of the Friendship"
    of "revision of the Friendship and Cooperation Treaty")?  That is a piece of the name, not a term."""
    if not tokens[b].cap or not any(content[k] and not tokens[k].cap and tokens[k].kind == "word" for k in range(a, b)):
        return False
    k = b + 1
    if k < len(tokens) and tokens[k].low in ("and", "of", "for", "on", "'s", "-"):
        k += 1
    return k < len(tokens) and tokens[k].kind == "word" and tokens[k].cap and tokens[k].low not in FUNCTION and \
        tokens[k].low not in _CALENDAR  # ("… Meeting on April 27": a date, not more of the name)


def _verb_before_object(tokens: list[EnToken], b: int, verb) -> bool:
    """A verb (in lower case, mostly a verb in CC-CEDICT) before the words it takes: "further facilitate" of
    "further facilitate cross-border travel" is no term."""
    tok = tokens[b]
    if tok.cap or tok.kind != "word" or b + 1 >= len(tokens) or tok.low.endswith(("ing", "ed")):
        return False
    nxt = tokens[b + 1]
    return nxt.kind == "word" and nxt.low not in FUNCTION and verb(tok, 0.8)


def _subject_verb(tokens: list[EnToken], b: int, verb) -> bool:
    """"China welcomes": a capitalised subject and its verb in -s (verbal even when the word is also a noun)."""
    tok = tokens[b]
    return b > 0 and tokens[b - 1].cap and not tok.cap and tok.low.endswith("s") and not tok.low.endswith("ss") \
        and verb(EnToken(tok.text[:-1], tok.start, tok.end - 1, tok.low[:-1], tok.lemma, tok.kind), 0.3)


def _adverb(tok: EnToken) -> bool:
    low = tok.low
    return tok.kind == "word" and low.endswith("ly") and len(low) > 4 and low not in _LY_NOUNS


_LY_NOUNS = frozenset("family assembly supply italy july monopoly ally rally reply anomaly homily".split())


def _finite(tok: EnToken) -> bool:
    """A verb form that ends no term: third person or past (``marks``, ``welcomed``), not a base form."""
    low = tok.low
    return tok.kind == "word" and not tok.cap and (low.endswith("ed") or (low.endswith("s") and not low.endswith("ss"))
                                                   or low in _IRREGULAR_VERBS)


def _ordinal_or_count(tokens: list[EnToken], a: int) -> bool:
    """A number may start a term when it is an ordinal (20th) or counts a noun (1.4 billion people)."""
    low = tokens[a].low
    if re.match(r"^\d+(st|nd|rd|th)$", low):
        return True
    return a + 1 < len(tokens) and tokens[a + 1].kind in ("word", "num") and tokens[a + 1].low not in FUNCTION


#: Word endings of adjectives, and the nouns that have them.
_ADJECTIVE_ENDS = ("ive", "ous", "ful", "able", "ible", "less", "ist")
_ADJECTIVE_ENDS_LOWER = ("ic", "ical")  # (capitalised: a name, "Republic")
_NOT_ADJECTIVES = frozenset("""initiative initiatives executive executives representative representatives objective
objectives directive directives perspective perspectives alternative alternatives incentive incentives collective
narrative narratives relative relatives motive motives native natives detective archive archives vegetable
vegetables variable variables constable timetable timetables chemical chemicals periodical topic topics
republic public clinic clinics logic music mechanic mechanics critic critics epidemic epidemics pandemic pandemics
traffic panic rhetoric characteristic characteristics journalist scientist economist specialist terrorist tourist
activist artist extremist separatist""".split())


_ORDINAL_WORDS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth".split())


def _modifier_before_noun(tokens: list[EnToken], b: int) -> bool:
    """Is the word at ``b`` an adjective (by its ending; "anti-corruption" is a noun as often as not) or an
    ordinal that modifies the words after it ("adopt comprehensive"
    of "adopt comprehensive and long-term control measures", "World Anti-Fascist" of "World Anti-Fascist War",
    "Turkmenistan's First" of "… First Deputy Minister")?  A term never ends there."""
    tok = tokens[b]
    if tok.kind != "word" or b + 1 >= len(tokens):
        return False
    low = tok.low
    adjective = low in _ORDINAL_WORDS or low not in _NOT_ADJECTIVES and len(low) > 5 and (
        low.endswith(_ADJECTIVE_ENDS) or (not tok.cap and low.endswith(_ADJECTIVE_ENDS_LOWER)) or
        low.endswith(("-based", "-oriented", "-term", "-level")))
    if not adjective:
        return False
    nxt = tokens[b + 1]
    if nxt.low in ("and", "or") and b + 2 < len(tokens):
        nxt = tokens[b + 2]
    return nxt.kind == "word" and nxt.low not in FUNCTION


def _can_end(tokens: list[EnToken], b: int) -> bool:
    tok = tokens[b]
    if tok.low == "up":
        return b > 0 and tokens[b - 1].low.endswith("ing")  # reform and opening up
    if tok.kind == "num":
        # a year closes a title: "Boao Forum for Asia Annual Conference 2021", "Agenda 2030"
        prev = tokens[b - 1] if b > 0 else None
        return prev is not None and prev.kind == "word" and prev.cap and prev.low not in _CALENDAR and \
            bool(_YEAR.fullmatch(tok.text))
    low = tok.low
    if low in WEAK and not tok.cap:
        return False
    if low.endswith("ly") and len(low) > 4 and not tok.cap and low not in ("family", "assembly", "supply",
                                                                         "italy", "july", "monopoly", "ally"):
        return False
    return True


def _joins(tokens: list[EnToken], content: list[bool], i: int) -> bool:
    """May the connector at ``i`` sit inside a span?"""
    tok = tokens[i]
    low = tok.low
    prev, nxt = tokens[i - 1], tokens[i + 1]
    if low not in CONNECTORS:
        return False
    if low == "'s" or (low == "'" and prev.low.endswith("s")):
        return content[i - 1] and content[i + 1] and prev.kind == "word"
    if low in ("a", "an"):
        # "community with a shared future for mankind": an article after "with"; "… Characteristics for a New
        # Era": after "for" inside a title
        if i >= 2 and prev.low == "for" and tokens[i - 2].cap and nxt.cap and content[i + 1]:
            return True
        return i >= 2 and prev.low == "with" and content[i - 2] and content[i + 1]
    if low in ("the", "all"):
        # "Minister of the Interior", "Work of the Government", "people of all ethnic groups"
        return i >= 2 and tokens[i - 1].low in ("of", "for", "on", "from", "to", "at", "with", "in") and content[i + 1]
    if low == "of":
        return content[i - 1] and (content[i + 1] or (nxt.low in ("the", "all") and i + 2 < len(tokens)))
    if low == "and" or low == "&":
        if not content[i - 1] and prev.text != ",":
            return False
        return content[i + 1] or (nxt.low == "the" and i + 2 < len(tokens) and content[i + 2])
    if low == ",":
        # a list inside a term: "reform, development, and stability" (an "and" must follow within the span)
        if nxt.low == "and" and content[i - 1] and i + 2 < len(tokens) and content[i + 2]:
            # the serial comma, in a list of three or more: "reform, development, and stability"
            return any(tokens[k].text == "," for k in range(max(0, i - 6), i))
        if not (content[i - 1] and content[i + 1]) or prev.cap != nxt.cap:
            return False
        for k in range(i + 1, min(len(tokens), i + 6)):
            if tokens[k].low == "and":
                return True
            if not content[k] and tokens[k].text != ",":
                return False
        return False
    if low in ("for", "on", "with", "in", "at", "to", "from"):
        if not content[i - 1]:
            return False
        after = tokens[i + 2] if nxt.low == "the" and i + 2 < len(tokens) else nxt
        if after.low in _CALENDAR or after.kind == "num":
            return False
        if prev.cap and (after.cap or after.upper) and (prev.low in NAME_HEADS or low in ("of", "and")):
            return True  # Report on the Work of the Government, Forum on China-Africa Cooperation
        if low == "with" and after.cap:
            return True  # socialism with Chinese characteristics
        if low == "with" and nxt.low in ("a", "an") and i + 2 < len(tokens) and content[i + 2] and \
                not tokens[i + 2].cap:
            return True  # community with a shared future
        if low == "for" and nxt.low in _FOR_WHOM:
            return True  # a shared future for mankind
        if low == "for" and prev.cap and nxt.low in ("a", "an") and i + 2 < len(tokens) and tokens[i + 2].cap:
            return True  # Xi Jinping Thought on Socialism with Chinese Characteristics for a New Era
        if low == "to" and nxt.low == prev.low:
            return True  # shoulder to shoulder
        if low == "to" and prev.cap and prev.low.endswith("ing") and (after.cap or after.upper):
            return True  # Central Conference on Work Relating to Foreign Affairs
        return False
    return False


def describe(tokens: list[EnToken], a: int, b: int, headline: bool) -> str:
    """Kind of the span ``[a, b)``: word, acronym, title, phrase."""
    toks = tokens[a:b]
    words = [t for t in toks if t.low not in FUNCTION and t.kind != "punct"]
    if len(toks) == 1:
        return "acronym" if toks[0].upper else "word"
    if not headline and all(t.cap or t.kind == "num" for t in words) and toks[0].cap:
        return "title"
    return "phrase"


def span_text(text: str, tokens: list[EnToken], a: int, b: int) -> str:
    return text[tokens[a].start:tokens[b - 1].end]
