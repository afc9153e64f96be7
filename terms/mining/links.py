"""Word links inside one aligned segment pair.

Every English unit (a word, or a part of a hyphenated word) is linked to the
Chinese characters that translate it, from these sources, strongest first:

* ``dictionary`` — CC-CEDICT (and the user's glossary) in both directions:
  a translation of the unit found in the Chinese segment, or a Chinese word
  whose glosses name the unit; two- and three-word glosses link a whole
  English phrase (``State Council`` = 国务院, ``press conference`` = 记者会);
  related word forms count (councilor ~ council, stigmatization ~ stigmatize);
* ``name`` — capitalised words that spell the pinyin of Chinese characters
  (Wang Wenbin = 汪文斌, Wuhan = 武汉);
* ``number`` — the same number on both sides (14th = 十四, 1.4 = 1.4);
* ``latin`` — the same Latin token on both sides (COVID-19, G20);
* ``acronym`` — an acronym links where its expansion does (NHC = National
  Health Commission = 国家卫生健康委);
* ``position`` — an English run left without a link takes the free Chinese
  characters between the links of its neighbours (风高浪急 for "high winds and
  choppy waters" between 面对 "face" and 国际环境 "international environment").

Candidate links compete (Melamed's competitive linking): best first, each
English unit and each Chinese character taken once, except that adjacent
units may share one Chinese word (``State Councilor`` = 国务委员).  The
result is a :class:`Links` table that :mod:`.project` turns into term pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ...numerals import ZH_NUMERAL_CHARS, zh_written
from ...textnorm import HAN_RE
from .chinese import QUOTES, ZhSegment, after_number, is_punct
from .english import FUNCTION, EnToken, units

#: Kinds of link, strongest evidence first.
LINK_KINDS = ("glossary", "dictionary", "name", "number", "latin", "acronym", "position")

#: English words that are never linked (too general to carry a term's meaning).
_NO_LINK = FUNCTION | frozenset("'s".split())
_GROUP_OF = re.compile(r"^[gG](\d{1,2})$")

_LATIN_IN_ZH = re.compile(r"[A-Za-z][A-Za-z0-9\-.]*[A-Za-z0-9]|[A-Za-z]")
_ZH_NUM_RE = re.compile(rf"[0-9０-９]+(?:[.．][0-9０-９]+)?|[{ZH_NUMERAL_CHARS}]+")

#: Chinese renderings of English word-forming prefixes, for prefixed words the lexicon lacks.
PREFIXES: dict[str, tuple[str, ...]] = {
    "cyber": ("网络", "网"), "counter": ("反", "禁", "打击"), "anti": ("反", "抗", "防"), "bio": ("生物",),
    "eco": ("生态",), "multi": ("多",), "inter": ("间", "际", "互"), "trans": ("跨",), "non": ("非", "不"),
    "co": ("共同", "联合", "合"), "micro": ("微",), "macro": ("宏观",), "post": ("后",), "pre": ("前", "预"),
    "self": ("自",), "vice": ("副",), "cross": ("跨",), "sub": ("次", "子", "分"), "super": ("超",),
}

#: Forms of address: linked by the dictionary when it can (Mr. = 先生), never by position.
HONORIFICS = frozenset("h.e. mr. mrs. ms. dr. mr mrs ms dr sir madam excellency".split())

#: Abbreviations and demonyms looked up under other names: U.S. = United States, Chinese ~ China.
ALIASES: dict[str, tuple[str, ...]] = {
    "u.s.": ("usa", "america", "unit stat", "american"), "us": ("usa", "america", "unit stat"),
    "usa": ("america", "unit stat"), "u.k.": ("britain", "british"), "uk": ("britain", "british"),
    "u.n.": ("unit nation",), "un": ("unit nation",), "eu": ("european union",),
    "prc": ("people republic china",), "cpc": ("ccp", "communist party china"),
    "mr.": ("mister", "mr"), "mr": ("mister",), "mrs.": ("madam", "mrs"), "ms.": ("madam", "miss"),
    "dr.": ("doctor",), "h.e.": ("excellency",), "st.": ("saint",), "no.": ("number",),
}
_DEMONYMS = {"china": "chinese", "america": "american", "france": "french", "britain": "british",
             "japan": "japanese", "russia": "russian", "germany": "german", "india": "indian", "iran": "iranian",
             "africa": "african", "europe": "european", "asia": "asian", "korea": "korean", "vietnam": "vietnamese",
             "italy": "italian", "spain": "spanish", "canada": "canadian", "australia": "australian",
             "pakistan": "pakistani", "mongolia": "mongolian", "laos": "lao", "israel": "israeli",
             "egypt": "egyptian", "brazil": "brazilian", "mexico": "mexican", "arabia": "arab", "cambodia": "cambodian",
             "indonesia": "indonesian", "thailand": "thai", "philippines": "philippine", "malaysia": "malaysian",
             "singapore": "singaporean", "turkey": "turkish", "ukraine": "ukrainian", "poland": "polish"}
for _country, _people in list(_DEMONYMS.items()):
    ALIASES.setdefault(_country, (_people,))
    ALIASES.setdefault(_people, (_country,))

_SUFFIXES = ("izations", "ization", "isations", "isation", "ations", "ation", "itions", "ition", "ments", "ment",
             "nesses", "ness", "ities", "ity", "isms", "ism", "ists", "ist", "ives", "ive", "ians", "ian", "als",
             "al", "ors", "or", "ers", "er", "izing", "ize", "ized", "iz", "ising", "ise", "ised", "is", "ics",
             "ic", "ing", "ed", "es", "s", "e")


#: Derivational rewrites tried when a word itself is not glossed: social → society, fairness → fair.
_DERIVE = (("ization", "ize"), ("isation", "ise"), ("ation", "ate"), ("ation", "e"), ("ation", ""), ("ition", "ite"),
           ("ment", ""), ("ness", ""), ("ity", ""), ("ity", "e"), ("ial", "iety"), ("ical", "ics"), ("ical", "y"),
           ("ic", "y"), ("al", ""), ("al", "e"), ("ive", "ion"), ("ive", "e"), ("ous", "ity"), ("ous", "y"),
           ("ist", "ism"), ("ian", "y"), ("ly", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
           ("er", ""), ("or", ""), ("ship", ""), ("hood", ""), ("dom", ""), ("ance", ""), ("ence", "ent"),
           ("ency", "ent"), ("ant", "ance"), ("ent", "ence"), ("ity", "ous"), ("ion", "e"), ("ion", ""),
           ("ence", ""), ("ance", "e"),
           ("ies", "y"), ("ship", "s"))


@lru_cache(maxsize=1)
def institution_words() -> dict[str, tuple[str, ...]]:
    """English head words of official names and their Chinese short forms (``shuyu/data/institutions.tsv``)."""
    from importlib import resources

    out: dict[str, tuple[str, ...]] = {}
    text = resources.files("shuyu.data").joinpath("institutions.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        en, _, zh = line.partition("\t")
        out[en.strip()] = tuple(z for z in zh.strip().split("|") if z)
    return out


#: Last characters of a Chinese word for a doer (支持者, 观察员, 推手, 东道国).
AGENT_ZH = frozenset("者家人员方国商师手官长主士工生")


def is_agent_noun(word: str) -> bool:
    """Whether ``word`` may be a doer made from a verb (promoter, supporters, contributor)."""
    return len(word) > 5 and word.endswith(("er", "or", "ers", "ors"))


def derived(word: str) -> list[str]:
    """Related forms of a word by suffix rewriting (to be checked against the lexicon)."""
    out = []
    for suf, rep in _DERIVE:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            out.append(word[: -len(suf)] + rep)
    return out


@lru_cache(maxsize=100_000)
def root(word: str) -> str:
    """A crude derivational root (``councilor`` → ``council``, ``stigmatization`` → ``stigmat``)."""
    w = word.lower()
    for _ in range(2):
        for suf in _SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 5:
                w = w[: -len(suf)]
                break
        else:
            break
    return w


@dataclass(frozen=True, slots=True)
class Link:
    """English units ``en`` (indices into :attr:`Links.units`) linked to Chinese characters ``[a, b)``."""

    en: tuple[int, ...]
    a: int
    b: int
    score: float
    kind: str


@dataclass(slots=True)
class Links:
    """The links of one segment pair and what they cover."""

    unit_token: list[int]          # unit index -> token index
    unit_text: list[str]           # unit index -> lowercase unit
    links: list[Link] = field(default_factory=list)
    char_units: list[set] = field(default_factory=list)   # zh char -> units linked to it
    unit_links: list[list] = field(default_factory=list)  # unit -> its links

    def finish(self, n_chars: int) -> "Links":
        self.char_units = [set() for _ in range(n_chars)]
        self.unit_links = [[] for _ in self.unit_text]
        for ln in self.links:
            for c in range(ln.a, ln.b):
                self.char_units[c].update(ln.en)
            for u in ln.en:
                self.unit_links[u].append(ln)
        return self


class Resources:
    """Lexicon lookups with caches shared by all segment pairs of one mining run.

    ``lexicon`` has ``zh_for_en(lemma)``, ``en_for_zh(word)``, ``pinyin(char)``
    and optionally ``is_extra(word, lemma)`` (see :mod:`shuyu.aligner.lexicon`);
    ``lemma`` maps a lowercase word to the lexicon's lemma; ``acronyms`` maps an
    acronym (as written) to its expansion's lowercase units.
    """

    def __init__(self, lexicon, lemma: Callable[[str], str], acronyms: dict[str, tuple[str, ...]] | None = None):
        self.lexicon = lexicon
        self.lemma = lemma
        self.acronyms = dict(acronyms or {})
        self._trans: dict[str, tuple[frozenset[str], bool]] = {}
        self._gloss: dict[str, frozenset[str]] = {}
        self._gloss_roots: dict[str, frozenset[str]] = {}
        self._pinyin: dict[str, tuple[str, ...]] = {}
        self._extra: dict[tuple[str, str], bool] = {}
        self._abbr_rev: dict[str, frozenset[str]] | None = None
        self._gloss_sets: dict[str, tuple] = {}
        self._verbs: dict[str, float] = {}
        self._related: dict[str, frozenset[str]] = {}  # translations reached only through a related form
        self._syllables: dict[str, dict[str, tuple[int, ...]]] = {}
        #: lemma -> (Chinese, strength) learned from the corpus by :class:`Learner`
        self.learned: dict[str, tuple[str, float]] = {}
        #: (tokens, Chinese) -> links before the position links, shared by the passes of one process (None:
        #: not remembered)
        self.first_stages: dict | None = None
        self.first_stage_limit = FIRST_STAGES

    _MEMOS = ("_trans", "_gloss", "_gloss_roots", "_pinyin", "_extra", "_gloss_sets", "_verbs", "_related")

    def share_memos(self, other: "Resources") -> None:
        """Use the lookups ``other`` has remembered (and remember new ones there too): they depend on the
        lexicon only, so the passes of one process look each word up once."""
        if other.lexicon is self.lexicon:
            for name in self._MEMOS:
                setattr(self, name, getattr(other, name))

    def is_related_only(self, unit: str, zh: str) -> bool:
        """True when ``zh`` translates only a related form of the unit (social → 社会 via society)."""
        self.translations(unit)
        return zh in self._related.get(unit, ())

    def specificity_gloss(self, zh: str, unit: str, lemma: str, present: set[str]) -> tuple[float, frozenset | None]:
        """:meth:`specificity` and the gloss that gives it (None when no gloss names the unit)."""
        sets = self._gloss_sets.get(zh)
        if sets is None:
            getter = getattr(self.lexicon, "gloss_lemmas", None)
            sets = self._gloss_sets[zh] = getter(zh) if getter is not None else ()
        best, which = None, None
        for g in sets:
            if lemma in g or unit in g:
                share = len(g & present) / len(g) if len(g) == 1 else \
                    sum(1 for x in g if x in present or root(x) in present) / len(g)
                if best is None or share > best or (share == best and len(g) > len(which)):
                    best, which = share, g
        return (1.0, None) if best is None else (best, which)

    def specificity(self, zh: str, unit: str, lemma: str, present: set[str]) -> float:
        """How much of the Chinese word's gloss the English segment says: 1 for "China" = 中国, 1/3 for
        "China" = 中国共产党 ("Communist Party of China") unless "Communist" and "Party" are there too.
        1 when the link does not come from a gloss (aliases, abbreviations, related forms)."""
        sets = self._gloss_sets.get(zh)
        if sets is None:
            getter = getattr(self.lexicon, "gloss_lemmas", None)
            sets = self._gloss_sets[zh] = getter(zh) if getter is not None else ()
        best = None
        for g in sets:
            if lemma in g or unit in g:
                share = len(g & present) / len(g)
                best = share if best is None or share > best else best
        return 1.0 if best is None else best

    def verb_share(self, word: str) -> float:
        """How verbal an English word form is: CC-CEDICT's share of "to X" uses of its base form (0..1)."""
        hit = self._verbs.get(word)
        if hit is None:
            from .english import base_forms

            share = getattr(self.lexicon, "verb_share", None)
            hit = 0.0
            if share is not None and word.isalpha():
                own = share(word)
                if not (own is not None and word.endswith("ing") and own < 0.3):  # meeting, building: nouns
                    # the most verbal reading of its possible base forms (released: release)
                    hit = max((v for v in map(share, base_forms(word)) if v is not None), default=0.0)
            self._verbs[word] = hit
        return hit

    def is_verb(self, word: str, threshold: float | None = None) -> bool:
        """Is this English word form a verb ("promote", "deepened")?  By default past forms need a lower
        share (0.3: "conducted") than others (0.6); a lower ``threshold`` for the first word of a phrase,
        where official English puts its verbs ("advance reform")."""
        if threshold is None:
            from .english import IRREGULAR_PAST

            threshold = 0.3 if word.endswith("ed") or word in IRREGULAR_PAST else 0.6
        return self.verb_share(word) >= threshold

    def knows(self, word: str) -> bool:
        """Has the lexicon a translation of the whole (hyphenated) word?"""
        return bool(self.translations(word))

    def translations(self, unit: str) -> frozenset[str]:
        """Chinese translations of an English unit (its lemma, singular, and prefix parts)."""
        hit = self._trans.get(unit)
        if hit is not None:
            return hit[0]
        lex = self.lexicon
        acronym = getattr(lex, "zh_for_acronym", None)
        if unit.isupper():  # an acronym kept in capitals: US, WHO
            got = self.translations(unit.lower()) if unit.lower() in ALIASES else frozenset()
            got = got | lex.zh_for_en(unit.lower()) if unit.lower() not in FUNCTION else got
            if acronym is not None:
                got = got | acronym(unit)
            self._trans[unit] = (got, bool(got))
            return got
        forms = {unit, self.lemma(unit)}
        if unit.endswith("s") and len(unit) > 4:
            forms.add(unit[:-1])
        if re.search(r"[a-z]-\d", unit):
            forms.add(unit.split("-")[0])  # COVID-19: glossed as "COVID"
        alias_forms = set()
        for alias in ALIASES.get(unit, ()):
            alias_forms.update((alias, self.lemma(alias)))
        found: set[str] = set(institution_words().get(unit, ()))
        # an agent noun is not its verb: promoter (stem promot-) is not 促进, supporter is 支持者 not 支持
        agent = is_agent_noun(unit)
        for f in forms:
            if f:
                zs = lex.zh_for_en(f)
                if agent and f not in (unit, unit[:-1]):
                    zs = {z for z in zs if z[-1:] in AGENT_ZH}
                found |= zs
                found |= self.abbreviated(f)
        if acronym is not None and len(unit) <= 8 and unit.isalpha():
            found |= acronym(unit.upper())
        group = _GROUP_OF.match(unit)
        if group and 1 <= int(group.group(1)) <= 99:
            found.add(zh_written(int(group.group(1))) + "国集团")  # G20 = 二十国集团, G7 = 七国集团
        via_alias: set[str] = set()
        for f in alias_forms:
            via_alias |= lex.zh_for_en(f)
        knows = getattr(lex, "knows_en", None)
        related: set[str] = set(via_alias - found)
        for form in derived(unit):
            lem = self.lemma(form)
            if knows is None or knows(form) or knows(lem):
                zs = lex.zh_for_en(form) | lex.zh_for_en(lem)
                if agent:
                    zs = {z for z in zs if z[-1:] in AGENT_ZH}
                related |= zs
        self._related[unit] = frozenset(t for t in related - found if t and HAN_RE.search(t))
        found |= related
        if not found:
            for pre, zhs in PREFIXES.items():
                rest = unit[len(pre):].lstrip("-")
                if unit.startswith(pre) and len(rest) >= 4:
                    sub = set()
                    for f in (rest, self.lemma(rest)):
                        sub |= lex.zh_for_en(f)
                    if sub:
                        # the prefix's Chinese joined to the word's: 禁 + 毒 for counter-narcotics,
                        # 网络 + 安全 for cybersecurity; the word's own translations as a weaker choice
                        found |= {z + t for z in zhs for t in sub if len(t) <= 3 and HAN_RE.search(t)} | sub
                        break
        result = frozenset(t for t in found if t and HAN_RE.search(t))
        self._trans[unit] = (result, bool(result))
        return result

    def unknown_capital(self, tok: EnToken) -> bool:
        """Is the token a capitalised word (not an acronym) that no English dictionary knows in any of its
        parts: a foreign name (Khurelsukh, Oyun-Erdene)?"""
        if tok.kind != "word" or not tok.cap or tok.upper:
            return False
        common = getattr(self.lexicon, "knows_en_word", None)
        parts = [p for p in re.split(r"[-']", tok.low) if p]
        return common is None or not any(common(p) or common(self.lemma(p)) for p in parts + [tok.low])

    def lexicalised(self, en: str, zh: str) -> bool:
        """Does the dictionary hold the English phrase as a gloss of the whole Chinese ("united front" =
        统一战线, "national defense" = 国防)?"""
        lemmas = [self.lemma(w) for w in re.findall(r"[a-z][a-z'-]*", en.lower()) if w not in FUNCTION]
        lemmas = [w for w in lemmas if w]
        if len(lemmas) < 2:
            return False
        return " ".join(lemmas) in self.lexicon.en_for_zh(zh)

    def phrase(self, lemmas: tuple[str, ...]) -> frozenset[str]:
        key = " ".join(lemmas)
        hit = self._trans.get("\x00" + key)
        if hit is None:
            hit = (frozenset(t for t in self.lexicon.zh_for_en(key) if HAN_RE.search(t)), True)
            self._trans["\x00" + key] = hit
        return hit[0]

    def abbreviated(self, lemma: str) -> frozenset[str]:
        """One- and two-character abbreviations whose full form translates ``lemma`` (伊 for Iran: 伊朗)."""
        if self._abbr_rev is None:
            rev: dict[str, set[str]] = {}
            table = getattr(self.lexicon, "abbreviations", None)
            for short, fulls in (table() if table is not None else {}).items():
                if len(short) > 2:
                    continue
                for full in fulls.split("|"):
                    for g in self.lexicon.en_for_zh(full):
                        if " " not in g:
                            rev.setdefault(g, set()).add(short)
            self._abbr_rev = {k: frozenset(v) for k, v in rev.items()}
        return self._abbr_rev.get(lemma, frozenset())

    def glosses(self, zh_word: str) -> frozenset[str]:
        hit = self._gloss.get(zh_word)
        if hit is None:
            hit = self._gloss[zh_word] = frozenset(g for g in self.lexicon.en_for_zh(zh_word) if " " not in g)
        return hit

    def gloss_roots(self, zh_word: str) -> frozenset[str]:
        hit = self._gloss_roots.get(zh_word)
        if hit is None:
            hit = self._gloss_roots[zh_word] = frozenset(root(g) for g in self.glosses(zh_word) if len(g) >= 5)
        return hit

    def syllable_index(self, norm: str) -> dict[str, tuple[int, ...]]:
        """Where each toneless syllable can be read in a Chinese text (its last few texts remembered)."""
        hit = self._syllables.get(norm)
        if hit is None:
            got: dict[str, list[int]] = {}
            for a, ch in enumerate(norm):
                if HAN_RE.match(ch):
                    for syl in self.readings(ch):
                        if syl:
                            got.setdefault(syl, []).append(a)
            if len(self._syllables) >= 64:
                self._syllables.pop(next(iter(self._syllables)))
            hit = self._syllables[norm] = {k: tuple(v) for k, v in got.items()}
        return hit

    def readings(self, ch: str) -> tuple[str, ...]:
        hit = self._pinyin.get(ch)
        if hit is None:
            reader = getattr(self.lexicon, "pinyin", None)
            hit = tuple(reader(ch)) if reader is not None else ()
            self._pinyin[ch] = hit
        return hit

    def is_extra(self, zh: str, unit: str) -> bool:
        key = (zh, unit)
        hit = self._extra.get(key)
        if hit is None:
            check = getattr(self.lexicon, "is_extra", None)
            hit = bool(check and (check(zh, self.lemma(unit)) or check(zh, unit)))
            self._extra[key] = hit
        return hit


# ----------------------------------------------------------------------------- candidates

@dataclass(frozen=True, slots=True)
class _Cand:
    en: tuple[int, ...]
    a: int
    b: int
    score: float
    kind: str


def _occurrences(norm: str, t: str):
    i = norm.find(t)
    while i >= 0:
        yield i
        i = norm.find(t, i + 1)


def _boundary_factor(word_at: list[int], words, a: int, b: int) -> float:
    """1 for a span on word boundaries, less for one that cuts words (国家 inside 中国家)."""
    start_ok = a == 0 or word_at[a] != word_at[a - 1]
    end_ok = b == len(word_at) or word_at[b - 1] != word_at[b]
    if start_ok and end_ok:
        return 1.0
    if word_at[a] == word_at[b - 1]:
        return 0.85  # a part of one word: 总理 in 国务院总理
    if b - a <= 2:
        return 0.3  # one character of each of two words: 强韧 in 坚强|韧性 is a chance match
    if start_ok or end_ok:
        return 0.8  # jieba cut a longer match: 新冠肺炎 in 同新冠|肺炎
    return 0.5


#: Longest translation looked for (中国人民政治协商会议 has ten characters).
_MAX_SUB = 12


def _substrings(norm: str) -> frozenset[str]:
    """Every substring of up to :data:`_MAX_SUB` characters (to meet a word's translations by set intersection)."""
    n = len(norm)
    return frozenset(norm[i:j] for i in range(n) for j in range(i + 1, min(n, i + _MAX_SUB) + 1))


def _gloss_group(u: int, gloss: frozenset[str], lemmas: list[str], ulist: list[str]) -> tuple[int, ...]:
    """The units next to ``u`` that say the rest of a gloss, if they say all of it."""
    window = len(gloss) + 2
    found = {u}
    need = set(gloss) - {lemmas[u], ulist[u]}
    for v in range(max(0, u - window), min(len(ulist), u + window + 1)):
        if v == u:
            continue
        if lemmas[v] in need or ulist[v] in need:
            need.discard(lemmas[v])
            need.discard(ulist[v])
            found.add(v)
            continue
        # an acronym says its expansion's words: "CPC" for "Communist Party of China" (中共中央)
        spelled = {w for alias in ALIASES.get(ulist[v].lower(), ()) if " " in alias for w in alias.split()}
        if len(spelled) > 1 and spelled <= need | {lemmas[u], ulist[u]}:
            need -= spelled
            found.add(v)
            continue
        # a related form says the gloss word too: "socialist" for "socialism" (中国特色社会主义)
        r = root(ulist[v]) if len(ulist[v]) >= 7 else ""
        same = {g for g in need if r and len(g) >= 7 and root(g) == r}
        if same:
            need -= same
            found.add(v)
    if need:
        return (u,)
    group = tuple(sorted(found))
    return group if group[-1] - group[0] <= window + 1 else (u,)


def _verb_word(seg: ZhSegment, a: int, b: int) -> bool:
    from .chinese import word_tag

    for w, s0, e0 in seg.words:
        if s0 == a and e0 == b:
            tag = word_tag(w)
            return tag.startswith("v") and tag != "vn"
    return False


def _dictionary(res: Resources, ulist: list[str], seg: ZhSegment, word_at: list[int],
                titled: list[bool] | None = None) -> list[_Cand]:
    out = []
    norm = seg.norm
    chars = set(norm)
    subs = _substrings(norm)
    lemmas = [res.lemma(u) for u in ulist]
    present = set(lemmas) | set(ulist)
    present |= {root(w) for w in present if len(w) >= 5}
    if "party" in present:
        present |= _THE_PARTY  # the Party of these texts: CC-CEDICT glosses 党中央 as "CCP Central Committee"
    for u, unit in enumerate(ulist):
        if unit in _NO_LINK or not unit[:1].isalpha():
            continue
        trans = res.translations(unit)
        fan = len(trans)
        in_title = titled is not None and titled[u]
        # the unit's own other names count as said: "U.S." says "american" for 美方 (the American side)
        alias_words = {w for alias in ALIASES.get(unit.lower(), ()) for w in alias.split()}
        for t in trans & subs:
            for a in _occurrences(norm, t):
                b = a + len(t)
                if len(t) == 1:
                    # a one-character translation only as a whole word or inside an unlinked word
                    base = 0.35 if word_at[a] == word_at[b - 1] else 0.2
                else:
                    base = 0.95 + 0.02 * min(len(t) - 2, 4)  # the longer of two matches: 新冠肺炎 over 新冠
                score = base * _boundary_factor(word_at, seg.words, a, b)
                if fan > 80:
                    score *= 0.85
                if res.is_related_only(unit, t):
                    score *= 0.85
                spec, gloss = res.specificity_gloss(t, unit, lemmas[u], present | alias_words)
                score *= 0.4 + 0.6 * spec
                if in_title and _verb_word(seg, a, b):
                    score *= 0.5  # "State" of "State Councilor" is not 表示 "to state"
                if res.is_extra(t, unit):
                    out.append(_Cand((u,), a, b, 1.0, "glossary"))
                    continue
                group = _gloss_group(u, gloss, lemmas, ulist) if gloss is not None and len(gloss) > 1 else (u,)
                if len(group) > 1:
                    # the word's gloss is a phrase said here in full: link all its words ("United Nations
                    # General Assembly" = 联合国大会), as one
                    out.append(_Cand(group, a, b, _boundary_factor(word_at, seg.words, a, b) + 0.05 * len(group),
                                     "dictionary"))
                out.append(_Cand((u,), a, b, score, "dictionary"))
    # phrases of two or three content units (gloss phrases: "state council", "press conference")
    content = [u for u, unit in enumerate(ulist) if unit not in _NO_LINK and unit[:1].isalpha()]
    for k in range(len(content)):
        for n in (2, 3, 4):
            group = content[k:k + n]
            if len(group) < n or group[-1] - group[0] > n + 1:
                continue
            trans = res.phrase(tuple(lemmas[u] for u in group))
            for t in trans:
                if t[0] not in chars:
                    continue
                for a in _occurrences(norm, t):
                    b = a + len(t)
                    kind = "glossary" if res.is_extra(t, " ".join(lemmas[u] for u in group)) else "dictionary"
                    out.append(_Cand(tuple(group), a, b, 1.0 * _boundary_factor(word_at, seg.words, a, b) + 0.05 * n,
                                     kind))
    # from the Chinese side: a word whose glosses name a unit, or a related form (councilor ~ council)
    unit_roots = {}
    for u, unit in enumerate(ulist):
        if unit in _NO_LINK or len(unit) < 5 or not unit.isalpha():
            continue
        unit_roots.setdefault(root(unit), []).append(u)
        unit_roots.setdefault(root(lemmas[u]), []).append(u)
    if unit_roots:
        for w, s, e in seg.words:
            if len(w) < 2 or not HAN_RE.search(w):
                continue
            for r in res.gloss_roots(w):
                for u in unit_roots.get(r, ()):
                    if is_agent_noun(ulist[u]) and w[-1] not in AGENT_ZH:
                        continue  # promoter ~ promote is not 促进; councilor ~ council is 委员
                    out.append(_Cand((u,), s, e, 0.8, "dictionary"))
    return out


_THE_PARTY = frozenset(("ccp", "cpc"))


def _pinyin_spans(res: Resources, spelled: str, norm: str, max_chars: int = 4) -> list[tuple[int, int]]:
    """Character spans whose toneless pinyin, run together, is ``spelled``."""
    out = []
    n = len(norm)
    starts = res.syllable_index(norm)
    firsts = sorted({a for k in range(1, min(len(spelled), _LONGEST_SYLLABLE) + 1)
                     for a in starts.get(spelled[:k], ())})
    for a in firsts:
        # depth-first over characters: consume syllables from the spelled string
        stack = [(a, 0)]
        while stack:
            pos, used = stack.pop()
            if used == len(spelled):
                if pos - a >= 2 or (pos - a == 1 and len(spelled) >= 4):
                    out.append((a, pos))
                continue
            if pos >= n or pos - a >= max_chars or not HAN_RE.match(norm[pos]):
                continue
            for syl in res.readings(norm[pos]):
                if syl and spelled.startswith(syl, used):
                    stack.append((pos + 1, used + len(syl)))
    return out


#: Letters in the longest toneless pinyin syllable (zhuang, shuang), with room for other spellings.
_LONGEST_SYLLABLE = 8


def _names(res: Resources, tokens: list[EnToken], ulist: list[str], unit_token: list[int],
           seg: ZhSegment, first_word: int) -> list[_Cand]:
    out = []
    caps = [u for u, unit in enumerate(ulist)
            if unit.isalpha() and tokens[unit_token[u]].cap and unit not in _NO_LINK]
    capset = set(caps)
    for u in caps:
        for n in (1, 2, 3):
            group = tuple(range(u, u + n))
            if any(g not in capset for g in group) or (n > 1 and unit_token[group[-1]] - unit_token[group[0]] > n - 1):
                continue
            spelled = "".join(ulist[g] for g in group).replace("'", "")
            if len(spelled) < 2 or len(spelled) > 18:
                continue
            for a, b in _pinyin_spans(res, spelled, seg.norm):
                # a capital at the start of a sentence is weaker evidence of a name, unless more follow
                score = 0.9 if unit_token[u] != first_word or n > 1 else 0.7
                if b - a == 1:
                    score = 0.5
                out.append(_Cand(group, a, b, score + 0.02 * n, "name"))
    return out


#: Characters Chinese uses to transliterate foreign names (Xinhua's tables, the common ones).
TRANSLIT = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦包保鲍贝本比彼毕宾波伯博布查察达戴丹道德迪蒂丁东杜多厄恩尔法凡范菲费芬丰弗福富盖"
    "甘冈高戈格根古哈海汉豪赫黑亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎拉莱赖兰朗劳勒雷里利莉连列林琳卢鲁路"
    "伦罗洛马玛迈麦曼梅门蒙米密明莫默姆穆纳奈南内尼涅努诺欧帕佩彭皮普奇齐恰乔切钦琼丘萨塞赛桑森沙莎什施斯松苏"
    "索塔泰坦汤特提廷图托瓦万旺威韦维温沃乌西希锡谢辛休雅亚扬耶伊因英尤于约扎泽詹兹朱卓佐夫茨赞贡宁琴娃娜耳"
    "拉尤热日勃茹苏久捷列兹佩恰舍谢霍霍"
    "云额登呼楞噶孜瑟喀绍岑措夏蕾芙黛丽娅珀琪")

_PY_CLASS = (("zh", "J"), ("ch", "J"), ("sh", "J"), ("b", "P"), ("p", "P"), ("d", "T"), ("t", "T"), ("g", "K"),
             ("k", "K"), ("f", "F"), ("w", "F"), ("s", "S"), ("z", "S"), ("c", "S"), ("x", "S"), ("j", "J"),
             ("q", "J"), ("m", "M"), ("n", "N"), ("l", "L"), ("r", "L"), ("h", "H"), ("y", "Y"))
_EN_CLASS = (("sch", "J"), ("sh", "J"), ("ch", "J"), ("zh", "J"), ("kh", "H"), ("gh", "K"), ("ph", "F"), ("th", "T"),
             ("ck", "K"), ("b", "P"), ("p", "P"), ("d", "T"), ("t", "T"), ("g", "K"), ("k", "K"), ("c", "K"), ("q", "K"),
             ("f", "F"), ("v", "F"), ("w", "F"), ("s", "S"), ("z", "S"), ("x", "KS"), ("j", "J"), ("m", "M"), ("n", "N"),
             ("l", "L"), ("r", "L"), ("h", "H"), ("y", "Y"))


def _en_sound(word: str) -> str:
    """Consonant classes of a Latin name (Muhriddin → M H L T N); doubled letters count once."""
    w = re.sub(r"[^a-z]", "", word.lower())
    out = []
    i = 0
    while i < len(w):
        for pat, cls in _EN_CLASS:
            if w.startswith(pat, i):
                if not out or out[-1] != cls:
                    out.append(cls)
                i += len(pat)
                break
        else:
            if w[i] in "aeiou" and out and out[-1] != "V":
                out.append("V")  # a vowel separates two equal consonants
            i += 1
    return "".join(c for c in out if c != "V")


def _zh_sound(res: "Resources", chars: str) -> str:
    out = []
    for ch in chars:
        readings = res.readings(ch)
        if not readings:
            return ""
        r = readings[0]
        cls = ""
        for pat, c in _PY_CLASS:
            if r.startswith(pat):
                cls = c
                break
        if ch in "尔耳":
            cls = "L"  # -r
        if cls and (not out or out[-1] != cls):
            out.append(cls)
        if r.endswith(("n", "ng")) and ch not in "恩":
            out.append("N") if not out or out[-1] != "N" else None
    return "".join(out)


def _similar(a: str, b: str) -> float:
    """1 − normalised edit distance of two sound strings."""
    if not a or not b:
        return 0.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb or {ca, cb} in ({"Y", "J"}, {"H", "K"}, {"F", "P"}) else 1
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost))
        prev = cur
    return 1.0 - prev[-1] / max(len(a), len(b))


def transliteration_runs(norm: str) -> list[tuple[int, int]]:
    """Runs of two or more characters that write foreign names by sound (呼日勒苏赫, 奥云额尔登)."""
    runs = []
    k = 0
    while k < len(norm):
        if norm[k] in TRANSLIT:
            s0 = k
            while k < len(norm) and (norm[k] in TRANSLIT or norm[k] in "·•‧・-"):
                k += 1
            if k - s0 >= 2:
                runs.append((s0, k))
        else:
            k += 1
    return runs


def sounds_like(res: "Resources", spelled: str, norm: str, runs: list[tuple[int, int]]
                ) -> tuple[float, int, int] | None:
    """The stretch of the runs whose sound is most like the English word ``spelled`` (lowercase letters),
    taken to either end of its run when that costs little (a name is written in full: 努尔特列 + 乌), with
    its similarity; None when the word is too short to tell."""
    sound = _en_sound(spelled)
    if len(sound) < 3:
        return None
    best = None
    for s0, e0 in runs:
        for a in range(s0, e0):
            for b in range(a + 2, min(e0, a + 7) + 1):
                sim = _similar(sound, _zh_sound(res, norm[a:b].replace("·", "")))
                if best is None or sim > best[0] or (sim == best[0] and b - a > best[2] - best[1]):
                    best = (sim, a, b)
    if best is None:
        return None
    sim, a, b = best
    while b < len(norm) and norm[b] in TRANSLIT and b - a < 8:
        if _similar(sound, _zh_sound(res, norm[a:b + 1].replace("·", ""))) < sim - 0.2:
            break
        b += 1
    while a > 0 and norm[a - 1] in TRANSLIT and b - a < 8:  # and its start: 阿 + 玛尔巴伊斯格楞
        if _similar(sound, _zh_sound(res, norm[a - 1:b].replace("·", ""))) < sim - 0.2:
            break
        a -= 1
    return sim, a, b


def _transliterations(res: "Resources", tokens: list[EnToken], ulist: list[str], unit_token: list[int],
                      seg: ZhSegment, taken: set[int]) -> list[_Cand]:
    """Foreign names by sound: Muhriddin = 穆赫里丁, Saidov = 赛义多夫 (runs of transliteration characters)."""
    norm = seg.norm
    runs = transliteration_runs(norm)
    if not runs:
        return []
    out = []
    groups: list[tuple[tuple[int, ...], str]] = []
    by_token: dict[int, list[int]] = {}
    for u, unit in enumerate(ulist):
        tok = tokens[unit_token[u]]
        if u in taken or not tok.cap or not unit.isalpha() or unit in _NO_LINK:
            continue
        by_token.setdefault(unit_token[u], []).append(u)
        if len(unit) >= 4:
            groups.append(((u,), unit))
    for t, us in by_token.items():
        if len(us) > 1 and len(us) == sum(1 for v in unit_token if v == t):
            groups.append((tuple(us), "".join(ulist[u] for u in us)))  # Oyun-Erdene = 奥云额尔登 as one name
    for group, spelled in groups:
        best = sounds_like(res, spelled, norm, runs)
        if best is not None and best[0] >= 0.75:
            sim, a, b = best
            out.append(_Cand(group, a, b, 0.55 + 0.35 * sim + 0.02 * (len(group) - 1), "name"))
    return out


_EN_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                     "eighth": 8, "ninth": 9, "tenth": 10}
_EN_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "hundred": 100}


def en_value(unit: str) -> float | None:
    """Value of an English number unit: 75, 1.4, 20th, seven, first."""
    m = re.fullmatch(r"(\d+(?:[.,]\d+)*)(?:st|nd|rd|th)?", unit)
    if m:
        try:
            return float(m.group(1).replace(",", ""))
        except ValueError:
            return None
    return _EN_ORDINAL_WORDS.get(unit) or _EN_NUMBER_WORDS.get(unit)


def zh_value(text: str) -> float | None:
    """Value of a Chinese or Arabic numeral: 十四, 七十五, 75, 1.4."""
    from ...numerals import zh_numeral_value

    return zh_numeral_value(text.replace("．", "."))


def _numbers(tokens: list[EnToken], ulist: list[str], unit_token: list[int], seg: ZhSegment) -> list[_Cand]:
    out = []
    zh_nums = []
    for m in _ZH_NUM_RE.finditer(seg.norm):
        if seg.norm[m.end():m.end() + 1] == "是" and (m.start() == 0 or is_punct(seg.norm[m.start() - 1])):
            continue  # 一是…二是…: "firstly … secondly", not the number two
        v = zh_value(m.group(0))
        if v is not None:
            zh_nums.append((m.start(), m.end(), v))
    if not zh_nums:
        return out
    for u, unit in enumerate(ulist):
        v = en_value(unit)
        if v is None:
            continue
        ordinal = unit in _EN_ORDINAL_WORDS or bool(re.fullmatch(r"\d+(?:st|nd|rd|th)", unit))
        for a, b, zv in zh_nums:
            if zv == v or (v >= 1e8 and zv * 1e8 == v) or (v >= 1e4 and zv * 1e4 == v):
                score, start = 0.9, a
                if ordinal and (seg.norm[a - 1:a] == "第" or seg.norm[b:b + 1] in _ORDINAL_AFTER):
                    score = 0.95  # "fourth" = 第四 of 第四次, "14th" = 第十四 of 第十四届
                    start = a - 1 if seg.norm[a - 1:a] == "第" else a
                elif ordinal and seg.norm[b:b + 1] in _DATE_AFTER:
                    score = 0.5  # not the 4 of 4月27日 ("April 27")
                out.append(_Cand((u,), start, b, score, "number"))
                congress = next((k for k in range(u + 1, min(u + 4, len(ulist))) if ulist[k].lower() == "congress"),
                                None)
                if congress is not None and seg.norm[b:b + 1] == "大":
                    # "19th CPC National Congress" = 十九大: a Party congress by its number
                    out.append(_Cand(tuple(range(u, congress + 1)), a, b + 1, 0.95, "number"))
    # "1.4 billion" = 14亿: a number word scaling the previous number
    for u in range(1, len(ulist)):
        scale = {"million": 1e6, "billion": 1e9, "trillion": 1e12, "thousand": 1e3}.get(ulist[u])
        prev = en_value(ulist[u - 1]) if scale else None
        if prev is None:
            continue
        value = prev * scale
        for a, b, zv in zh_nums:
            end = b
            if end < len(seg.norm) and seg.norm[end] in "万亿":
                mult = 1e4 if seg.norm[end] == "万" else 1e8
                if abs(zv * mult - value) < 1e-6 * value:
                    out.append(_Cand((u - 1, u), a, end + 1, 0.95, "number"))
    return out


#: What follows a Chinese ordinal (第四次, 十四届) and what follows the number of a date (4月27日).
_ORDINAL_AFTER = frozenset("次届轮期")
_DATE_AFTER = frozenset("月日号年")


def _latin(ulist: list[str], tokens: list[EnToken], unit_token: list[int], seg: ZhSegment) -> list[_Cand]:
    out = []
    if not re.search(r"[A-Za-z]", seg.norm):
        return out
    found = [(m.group(0).lower(), m.start(), m.end()) for m in _LATIN_IN_ZH.finditer(seg.norm)]
    for t, tok in enumerate(tokens):
        if tok.kind != "word":
            continue
        low = tok.low.rstrip(".")
        for text, a, b in found:
            if text == low or text.replace(".", "") == low.replace(".", ""):
                us = tuple(u for u, ut in enumerate(unit_token) if ut == t)
                out.append(_Cand(us, a, b, 1.0, "latin"))
    return out


def _acronyms(res: Resources, tokens: list[EnToken], ulist: list[str], unit_token: list[int],
              seg: ZhSegment, word_at: list[int]) -> list[_Cand]:
    """An acronym links where the units of its expansion would (NHC → 国家卫生健康委)."""
    out = []
    for u, unit in enumerate(ulist):
        tok = tokens[unit_token[u]]
        expansion = res.acronyms.get(tok.text) if tok.upper else None
        if not expansion:
            continue
        sub = _dictionary(res, list(expansion), seg, word_at)
        hits = [c for c in sub if c.score >= 0.5]
        if not hits:
            continue
        whole = []
        # the whole expansion as one span: 国家卫生健康委 for NHC
        for c in hits:
            a, b = c.a, c.b
            covered = set(c.en)
            grew = True
            while grew:
                grew = False
                for d in hits:
                    if (d.a <= b + 1 and d.b >= a - 1) and not (d.a >= a and d.b <= b):
                        a, b = min(a, d.a), max(b, d.b)
                        covered |= set(d.en)
                        grew = True
            need = len(expansion) if len(expansion) <= 3 else max(3, round(0.8 * len(expansion)))
            if len(covered) >= need and not any(is_punct(ch) for ch in seg.norm[a:b]):
                ws, we = a, b
                for _, s0, e0 in seg.words:  # complete the last word: 委 of 卫生健康委
                    if s0 < b < e0:
                        we = e0
                    if s0 < a < e0:
                        ws = s0
                whole.append(_Cand((u,), ws, we, 0.9, "acronym"))
        if whole:
            out += whole
        else:
            out += [_Cand((u,), c.a, c.b, 0.8 * c.score, "acronym") for c in hits if len(expansion) == 1]
    return out


# ----------------------------------------------------------------------------- competitive linking

def _learned(res: Resources, ulist: list[str], seg: ZhSegment) -> list[_Cand]:
    out = []
    learned = res.learned
    if not learned:
        return out
    for u, unit in enumerate(ulist):
        got = learned.get(res.lemma(unit)) or learned.get(unit)
        if not got:
            continue
        zh, strength = got
        for a in _occurrences(seg.norm, zh):
            out.append(_Cand((u,), a, a + len(zh), 0.45 + 0.4 * strength, "association"))
    return out


@dataclass(frozen=True, slots=True)
class _FirstStage:
    """The links of a segment pair before the position links, as :func:`link` leaves them; the learner's
    first pass makes them, and the counting pass takes them up when nothing learned changes them."""

    accepted: tuple[Link, ...]
    char_owner: tuple[int, ...]
    unit_done: tuple[bool, ...]


#: Most first stages a learner remembers for the counting pass of the same process.
FIRST_STAGES = 20_000


def link(tokens: list[EnToken], seg: ZhSegment, res: Resources, *, position: bool = True) -> Links:
    """Link the English units of one segment to its Chinese characters.

    ``position=False`` leaves out position links (the first pass that learns
    translations of words the dictionary lacks, see :class:`Learner`); that pass
    remembers its work in ``res.first_stages`` when the resources have that table.
    """
    ulist: list[str] = []
    unit_token: list[int] = []
    for t, tok in enumerate(tokens):
        if tok.kind == "punct":
            continue
        for part in units(tok, res.knows):
            ulist.append(part)
            unit_token.append(t)
    table = Links(unit_token, ulist)
    if not ulist or not seg.norm:
        return table.finish(len(seg.norm))
    memo = res.first_stages
    key = (tuple(t.text for t in tokens), seg.norm) if memo is not None else None
    stage = memo.get(key) if memo is not None else None
    if stage is not None and not any(res.learned.get(res.lemma(u)) or res.learned.get(u) for u in ulist):
        accepted = list(stage.accepted)
        char_owner = list(stage.char_owner)
        unit_done = list(stage.unit_done)
    else:
        accepted, char_owner, unit_done = _first_stage(tokens, seg, res, ulist, unit_token)
        if memo is not None and not position and len(memo) < res.first_stage_limit:
            memo[key] = _FirstStage(tuple(accepted), tuple(char_owner), tuple(unit_done))
    # before the position links: "Sergei" of "Sergei Lavrov" is part of 拉夫罗夫, not the 外长 beside it
    accepted = _given_names(accepted, tokens, ulist, unit_token, unit_done, res, seg.norm)
    if position:
        accepted += _position_links(tokens, ulist, unit_token, seg, accepted, char_owner, unit_done, res.is_verb,
                                    res)
        accepted = _given_names(accepted, tokens, ulist, unit_token, unit_done, res, seg.norm)
    table.links = accepted
    return table.finish(len(seg.norm))


def _first_stage(tokens: list[EnToken], seg: ZhSegment, res: Resources, ulist: list[str], unit_token: list[int]
                 ) -> tuple[list[Link], list[int], list[bool]]:
    """Candidates of every kind, competitive linking, shared words: the links before the position links,
    the owner of each character and which units are linked."""
    word_at = seg.word_at()
    first_word = next((t for t, tok in enumerate(tokens) if tok.kind == "word"), -1)
    titled = [tokens[unit_token[u]].cap and any(
        0 <= t < len(tokens) and t != unit_token[u] and tokens[t].cap and tokens[t].kind == "word"
        for t in (unit_token[u] - 1, unit_token[u] + 1)) for u in range(len(ulist))]
    cands = _dictionary(res, ulist, seg, word_at, titled)
    cands += _names(res, tokens, ulist, unit_token, seg, first_word)
    cands += _numbers(tokens, ulist, unit_token, seg)
    cands += _latin(ulist, tokens, unit_token, seg)
    cands += _acronyms(res, tokens, ulist, unit_token, seg, word_at)
    cands += _learned(res, ulist, seg)
    known_units = {u for c in cands if c.score >= 0.6 for u in c.en}
    cands += _transliterations(res, tokens, ulist, unit_token, seg, known_units)
    n_units = len(ulist)
    n_chars = len(seg.norm)
    cands = [c for c in cands if not (c.b - c.a == 1 and c.kind == "dictionary" and seg.norm[c.a] in FUNCTION_CHARS)
             and not (c.kind == "dictionary" and c.b - c.a == 2 and word_at[c.a] != word_at[c.b - 1]
                      and _boundary_factor(word_at, seg.words, c.a, c.b) < 0.5)]
    cands = _compounds(cands, seg, word_at, unit_token)
    cands = _abbreviation_runs(cands, unit_token)
    cands = _beside_neighbours(cands, unit_token, seg, tokens)
    expect = _expected_position(cands, ulist, unit_token, len(tokens), n_chars, seg.norm)

    def local(c: _Cand) -> float:
        pos_e = sum(unit_token[u] for u in c.en) / len(c.en)
        d = abs(expect(pos_e) - (c.a + c.b) / 2)
        return 1.0 / (1.0 + (d / 14.0) ** 2)

    weighted = []
    for c in cands:
        # a dictionary word whose gloss three words or more say in full is no chance match, wherever it is
        # ("socialism with Chinese characteristics" = 中国特色社会主义, before 特色 takes "characteristics")
        f = 1.0 if len(c.en) >= 3 and c.kind == "dictionary" else local(c)
        if f < DROP_FAR and c.score < 0.9:
            continue  # far from where its neighbours put it: a chance match in a long sentence
        weighted.append((-(c.score * (0.6 + 0.4 * f)), -(c.b - c.a), c.a, c.en, c))
    weighted.sort(key=lambda x: x[:4])
    cands = [w[-1] for w in weighted]
    unit_done = [False] * n_units
    char_owner: list[int] = [-1] * n_chars  # index of the accepted link owning the char
    accepted: list[Link] = []
    for c in cands:
        if any(unit_done[u] for u in c.en):
            continue
        if all(char_owner[k] == -1 for k in range(c.a, c.b)):
            ln = Link(c.en, c.a, c.b, c.score, c.kind)
            accepted.append(ln)
            for k in range(c.a, c.b):
                char_owner[k] = len(accepted) - 1
            for u in c.en:
                unit_done[u] = True
            continue
        other = _shareable(c, accepted, char_owner, unit_token, tokens)
        if other is not None:
            # the neighbour's word says this word too: "State" and "Councilor" are both 国务委员
            accepted.append(Link(c.en, other.a, other.b, min(c.score, other.score), c.kind))
            for u in c.en:
                unit_done[u] = True
    accepted = _drop_loose_chars(accepted, char_owner, unit_done, word_at, seg, unit_token)
    # units still unlinked may share a word with an adjacent unit's link: "State Councilor" = 国务委员
    for c in cands:
        if c.score < 0.3 or any(unit_done[u] for u in c.en):
            continue
        owners = {char_owner[k] for k in range(c.a, c.b)}
        if c.kind == "acronym" and len(owners - {-1}) >= 1 and \
                all(accepted[o].a >= c.a and accepted[o].b <= c.b for o in owners if o >= 0):
            # an acronym beside its expansion names the same thing: National Health Commission (NHC)
            accepted.append(Link(c.en, c.a, c.b, c.score, c.kind))
            for u in c.en:
                unit_done[u] = True
            continue
        if len(owners) == 1 and -1 not in owners:
            other = accepted[owners.pop()]
            if other.kind != "name" and len(other.en) == 1 and other.a <= c.a and c.b <= other.b and \
                    any(abs(unit_token[u] - unit_token[v]) <= 1 for u in c.en for v in other.en):
                accepted.append(Link(c.en, other.a, other.b, min(c.score, other.score), c.kind))
                for u in c.en:
                    unit_done[u] = True
    # a unit may also take a second, adjacent word (health = 卫生 健康)
    for c in cands:
        if c.score < 0.6 or len(c.en) != 1 or not unit_done[c.en[0]]:
            continue
        if any(char_owner[k] != -1 for k in range(c.a, c.b)):
            continue
        mine = [ln for ln in accepted if c.en[0] in ln.en]
        # (also over a closing quote: "Belt and Road Initiative" = “一带一路”倡议)
        if any(ln.b == c.a or ln.a == c.b or (ln.b + 1 == c.a and (seg.norm[ln.b] in QUOTES or seg.norm[ln.b] == '"'))
               for ln in mine):
            accepted.append(Link(c.en, c.a, c.b, c.score, c.kind))
            for k in range(c.a, c.b):
                char_owner[k] = len(accepted) - 1
    accepted = [_as_name(ln, res, tokens, ulist, unit_token, seg) for ln in accepted]
    return accepted, char_owner, unit_done


def _given_names(accepted: list[Link], tokens, ulist, unit_token, unit_done, res: Resources,
                 norm: str = "") -> list[Link]:
    """A name linked by its family name takes the unknown capitalised words before it: Chinese writes only
    努尔特列乌 for "Murat Nurtleu"."""
    if getattr(res.lexicon, "knows_en_word", None) is None:
        return accepted
    unit_of: dict[int, list[int]] = {}
    for u, t in enumerate(unit_token):
        unit_of.setdefault(t, []).append(u)
    out = []
    for ln in accepted:
        # (a name of two words or more is whole: "Columnists" is no part of 赵博 for "Columnists Zhao Bo")
        if ln.kind == "name" and len({unit_token[u] for u in ln.en}) == 1:
            first = min(unit_token[u] for u in ln.en)
            more: list[int] = []
            t = first - 1
            while t >= 0 and first - t <= 2:
                tok = tokens[t]
                us = unit_of.get(t, [])
                if not us or any(unit_done[u] for u in us) or not res.unknown_capital(tok):
                    break
                more = us + more
                t -= 1
            if more:
                for u in more:
                    unit_done[u] = True
                ln = Link(tuple(more) + ln.en, ln.a, ln.b, ln.score, ln.kind)
        out.append(ln)
    # a given name the dictionary knows, written right before the family name: "Claire Dubois" = 克莱尔·杜波依斯
    by_token = {unit_token[u]: k for k, ln in enumerate(out) for u in ln.en}
    for k, ln in enumerate(out):
        if ln is None or ln.kind != "name":
            continue
        first = min(unit_token[u] for u in ln.en)
        j = by_token.get(first - 1)
        if j is None or j == k or first - 1 < 0 or out[j] is None:
            continue
        prev = out[j]
        tok = tokens[first - 1]
        # (the dot that joins the parts of a foreign name, not a post before the name: 副总理韩正)
        if prev.kind == "dictionary" and len(prev.en) == 1 and tok.cap and not tok.upper and \
                prev.b + 1 == ln.a and norm[prev.b] in "·•‧・":
            out[k] = Link(prev.en + ln.en, prev.a, ln.b, min(prev.score, ln.score), "name")
            out[j] = None
    return [ln for ln in out if ln is not None]


def _shareable(c: _Cand, accepted: list[Link], char_owner: list[int], unit_token: list[int],
               tokens: list[EnToken]) -> Link | None:
    """The accepted link whose Chinese word this candidate may share: one owner covering the candidate,
    linked from an adjacent English word (or one across "and": "prevention and control" = 防控) by the
    dictionary (not a name, not a phrase)."""
    if c.score < 0.15 or c.kind not in ("dictionary", "glossary"):
        return None  # (a weak candidate is enough inside a neighbour's word: 党 of 党中央 for "Party")
    owners = {char_owner[k] for k in range(c.a, c.b)}
    if len(owners) != 1 or -1 in owners:
        return None
    other = accepted[next(iter(owners))]
    if other.kind not in ("dictionary", "glossary") or len(other.en) != 1 or not (other.a <= c.a and c.b <= other.b):
        return None
    # next to any English word already sharing that Chinese word: Party | Central | Committee = 党中央
    sharers = {v for ln in accepted if (ln.a, ln.b) == (other.a, other.b) for v in ln.en}
    def beside(t: int, t2: int) -> bool:
        return abs(t - t2) <= 1 or (abs(t - t2) == 2 and tokens[min(t, t2) + 1].low in ("and", "&"))

    if not any(beside(unit_token[u], unit_token[v]) for u in c.en for v in sharers):
        return None
    return other


def _compounds(cands: list[_Cand], seg: ZhSegment, word_at: list[int], unit_token: list[int]) -> list[_Cand]:
    """A match that cuts a word is as good as a whole word when neighbouring English words explain the
    rest of the word(s) it touches: 中国 + 政府 in 中国政府 ("Chinese government"), 战略 + 伙伴关系
    across 战略伙伴|关系 ("strategic partnership")."""
    at_char: dict[int, list[_Cand]] = {}
    for d in cands:
        if d.kind == "dictionary":
            for k in range(d.a, d.b):
                at_char.setdefault(k, []).append(d)
    out = []
    for c in cands:
        if c.kind != "dictionary":
            out.append(c)
            continue
        factor = _boundary_factor(word_at, seg.words, c.a, c.b)
        if factor >= 1.0 or factor < 0.5:
            out.append(c)
            continue
        first, last = word_at[c.a], word_at[c.b - 1]
        span = set(range(seg.words[first][1], seg.words[last][2]))
        rest = span - set(range(c.a, c.b))
        tok = {unit_token[u] for u in c.en}
        seen: set[int] = set()
        for k in sorted(rest):
            for d in at_char.get(k, ()):
                if id(d) in seen or d is c or set(d.en) & set(c.en):
                    continue
                seen.add(id(d))
                if any(abs(unit_token[v] - t) <= 2 for v in d.en for t in tok):
                    rest -= set(range(d.a, d.b))
        # explained by a neighbour's word, the match beats the same string elsewhere in the sentence
        out.append(_Cand(c.en, c.a, c.b, _capped(c, c.score / factor + COMPOUND_BONUS), c.kind) if not rest else c)
    return out


def _abbreviation_runs(cands: list[_Cand], unit_token: list[int]) -> list[_Cand]:
    """The parts of a hyphenated name written one character each, side by side and in order, explain each
    other: "China-Mongolia-Russia" = 中蒙俄 (each part alone is a weak one-character match)."""
    parts: dict[int, list[int]] = {}
    for u, t in enumerate(unit_token):
        parts.setdefault(t, []).append(u)
    one = {(c.en[0], c.a): k for k, c in enumerate(cands)
           if c.kind == "dictionary" and c.b - c.a == 1 and len(c.en) == 1}
    if len(one) < 2:
        return cands
    raised: set[int] = set()
    for us in parts.values():
        if len(us) < 2:
            continue
        for (u, a), k in one.items():
            if u != us[0]:
                continue
            run = [one.get((v, a + i)) for i, v in enumerate(us)]
            if all(r is not None for r in run):
                raised.update(run)
    if not raised:
        return cands
    return [_Cand(c.en, c.a, c.b, max(c.score, ABBREVIATION_RUN), c.kind) if k in raised else c
            for k, c in enumerate(cands)]


#: Score of each one-character part of a hyphenated name written as a run (中蒙俄).
ABBREVIATION_RUN = 0.9


def _capped(c: _Cand, score: float) -> float:
    """A raised score, capped so that the longer of two matches stays ahead (伙伴关系 over 伙伴 in 战略伙伴|关系)."""
    return min(1.05 + 0.02 * min(c.b - c.a - 2, 4), score)


_NOT_OVER = frozenset(("and", "or", ",", "&", ";", "but"))


def _beside_neighbours(cands: list[_Cand], unit_token: list[int], seg: ZhSegment,
                       tokens: list[EnToken]) -> list[_Cand]:
    """A dictionary match that touches a strong match of the next or previous English word is the likelier
    of its readings: 会 after 外长 is the "meeting" of "foreign ministers' meeting", not "moment"."""
    strong: dict[int, list[tuple[int, int]]] = {}  # token -> Chinese spans of its strong candidates
    for c in cands:
        if c.score >= NEIGHBOUR_STRONG and c.b - c.a >= 2:
            for u in c.en:
                strong.setdefault(unit_token[u], []).append((c.a, c.b))
    if not strong:
        return cands
    starts = {s for _, s, _ in seg.words}
    ends = {e for _, _, e in seg.words}
    spans_of: dict[tuple[int, ...], list[tuple[int, int]]] = {}
    for c in cands:
        spans_of.setdefault(c.en, []).append((c.a, c.b))
    out = []
    for c in cands:
        # not 组 of 组织; not 世卫 when the unit reads 世卫组织 too (the neighbour's 组织 is then part of its own)
        if c.kind in ("dictionary", "glossary") and c.a in starts and c.b in ends and \
                not any(a <= c.a and c.b <= b and b - a > c.b - c.a for a, b in spans_of[c.en]):
            toks = {unit_token[u] for u in c.en}
            # the next word, or the one after next (not over "and", "or" or a comma: "system and develop")
            near = [sp for t in toks for d in (-1, 1, -2, 2) if t + d not in toks and
                    (abs(d) == 1 or (0 <= t + d // 2 < len(tokens) and tokens[t + d // 2].low not in _NOT_OVER))
                    for sp in strong.get(t + d, ())]
            if any(b == c.a or a == c.b for a, b in near):
                c = _Cand(c.en, c.a, c.b, max(c.score, _capped(c, c.score + NEIGHBOUR_BONUS)), c.kind)
        out.append(c)
    return out


#: A candidate this strong supports its neighbours' (see :func:`_beside_neighbours`), by this much.
NEIGHBOUR_STRONG = 0.6
NEIGHBOUR_BONUS = 0.1
#: Function characters never linked alone to an English content word.
DROP_FAR = 0.0
#: Added to a match inside a word whose rest an adjacent English word explains (中国 of 中国政府).
COMPOUND_BONUS = 0.1
FUNCTION_CHARS = frozenset("的之和与及并或而在是为于对从向把被将以由给同跟了着过地得也都又就才所其此该各等")


def _expected_position(cands: list[_Cand], ulist: list[str], unit_token: list[int], n_tokens: int, n_chars: int,
                       norm: str) -> Callable[[float], float]:
    """Where in the Chinese segment an English token is expected, from the sure links (anchors).

    Anchors are strong candidates whose English unit and Chinese string each occur once, the unit having no
    other likely candidate elsewhere; the
    longest chain of them in the same order on both sides is the backbone, and positions
    in between are interpolated.  Without anchors the diagonal is used.
    """
    counts: dict[str, int] = {}
    for unit in ulist:
        counts[unit] = counts.get(unit, 0) + 1
    places: dict[int, set[tuple[int, int]]] = {}  # where each unit's likely candidates are
    for c in cands:
        if c.score >= 0.5:
            for u in c.en:
                places.setdefault(u, set()).add((c.a, c.b))
    pts = []
    for c in cands:
        if c.score < 0.9 or c.b - c.a < 2 or any(counts[ulist[u]] > 1 for u in c.en):
            continue
        if any(any(not (c.a <= a and b <= c.b) for a, b in places.get(u, ())) for u in c.en):
            continue  # "President" = 总统 here or 主席 there: no anchor
        z = norm[c.a:c.b]
        if norm.count(z) != 1:
            continue
        pts.append((sum(unit_token[u] for u in c.en) / len(c.en), (c.a + c.b) / 2))
    pts = sorted(set(pts))
    # longest increasing chain (patience sorting would do; segments are short)
    best: list[list[tuple[float, float]]] = []
    for p in pts:
        chain = max((ch for ch in best if ch[-1][0] < p[0] and ch[-1][1] < p[1]), key=len, default=[])
        best.append(chain + [p])
    backbone = max(best, key=len, default=[])
    ratio = n_chars / max(n_tokens, 1)
    if not backbone:
        return lambda e: (e + 0.5) * ratio
    xs = [(-1.0, 0.0)] + backbone + [(float(n_tokens), float(n_chars))]

    def expect(e: float) -> float:
        for (x0, y0), (x1, y1) in zip(xs, xs[1:]):
            if x0 <= e <= x1:
                return y0 + (y1 - y0) * (e - x0) / max(x1 - x0, 1e-9)
        return (e + 0.5) * ratio

    return expect


def _as_name(ln: Link, res: Resources, tokens, ulist, unit_token, seg: ZhSegment) -> Link:
    """A dictionary link of a capitalised word that sounds like its Chinese is a name (Macron = 马克龙)."""
    if ln.kind != "dictionary" or ln.b - ln.a < 2 or len(ln.en) > 3:
        return ln
    unit = "".join(ulist[u] for u in ln.en)
    toks = [tokens[unit_token[u]] for u in ln.en]
    if not all(t.cap and not t.upper for t in toks) or not unit.isalpha() or len(unit) < 4:
        return ln
    zh = seg.norm[ln.a:ln.b]
    if (0, len(zh)) in _pinyin_spans(res, unit.replace("'", ""), zh):
        return Link(ln.en, ln.a, ln.b, ln.score, "name")  # Wang Ming = 王明, in CC-CEDICT too
    common = getattr(res.lexicon, "knows_en_word", None)
    if common is not None and len(ln.en) == 1 and common(res.lemma(unit)):
        return ln  # "Action" of "China in Action" is a word, even if 行动 can be read "hang dong"
    if _similar(_en_sound(unit), _zh_sound(res, seg.norm[ln.a:ln.b])) >= 0.7:
        return Link(ln.en, ln.a, ln.b, ln.score, "name")
    return ln


#: How far (in English tokens) the links of the rest of a word may be from a one-character link inside it.
LOOSE_BESIDE, LOOSE_NEAR = 2, 8


def _drop_loose_chars(accepted: list[Link], char_owner: list[int], unit_done: list[bool], word_at: list[int],
                      seg: ZhSegment, unit_token: list[int]) -> list[Link]:
    """A one-character link inside a longer word (side = 方 in 参与方, 面 in 全面) stands only when the
    rest of the word is linked to English words near it: one beside it (美方 = U.S. side, within
    :data:`LOOSE_BESIDE` tokens), the others within :data:`LOOSE_NEAR` ("Bureau" = 局 of 中央政治局常委 for
    "member of the Standing Committee of the Political Bureau of the CPC Central Committee")."""
    drop = set()
    for k, ln in enumerate(accepted):
        if ln.b - ln.a != 1 or ln.kind not in ("dictionary",):
            continue
        w = word_at[ln.a]
        s, e = seg.words[w][1], seg.words[w][2]
        if e - s <= 1:
            continue
        rest = [c for c in range(s, e) if c != ln.a]
        owners = {char_owner[c] for c in rest}
        if any(o < 0 or o in drop for o in owners):
            drop.add(k)
            continue

        distances = [min(abs(unit_token[u] - unit_token[v]) for u in ln.en for v in accepted[o].en) for o in owners]
        if min(distances) > LOOSE_BESIDE or max(distances) > LOOSE_NEAR:
            drop.add(k)
    if not drop:
        return accepted
    keep = []
    remap = {}
    for k, ln in enumerate(accepted):
        if k in drop:
            for u in ln.en:
                unit_done[u] = False
            continue
        remap[k] = len(keep)
        keep.append(ln)
    for c in range(len(char_owner)):
        o = char_owner[c]
        if o >= 0:
            char_owner[c] = remap.get(o, -1)
    return keep


def _position_links(tokens, ulist, unit_token, seg: ZhSegment, accepted: list[Link], char_owner: list[int],
                    unit_done: list[bool], res_verb, res: "Resources") -> list[Link]:
    """Runs of unlinked English content units take the free Chinese characters between their neighbours' links."""
    out: list[Link] = []
    n_units = len(ulist)
    from .english import LIGHT_VERBS

    content = [ulist[u] not in _NO_LINK and ulist[u].lower() not in HONORIFICS and ulist[u] not in LIGHT_VERBS
               and (ulist[u][:1].isalnum()) for u in range(n_units)]
    norm = seg.norm
    spans_of: dict[int, tuple[int, int]] = {}
    for ln in accepted:
        for u in ln.en:
            a, b = spans_of.get(u, (ln.a, ln.b))
            spans_of[u] = (min(a, ln.a), max(b, ln.b))
    u = 0
    while u < n_units:
        if unit_done[u] or not content[u]:
            u += 1
            continue
        v = u
        while v < n_units and not unit_done[v] and (content[v] or ulist[v] in ("of", "and", "the")):
            if v > u and any(tokens[t].kind == "punct" for t in range(unit_token[v - 1] + 1, unit_token[v])):
                break  # a run stops at punctuation: "deal, the JCPOA"
            v += 1
        run = [k for k in range(u, v) if content[k]]
        while len(run) > 1 and res_verb(ulist[run[0]]):
            run = run[1:]  # "conducted major-country": the verb is not part of what the slot holds
            u = run[0]
        # an unlinked verb before the run ("launch a joint response", "follow the guidance of"): the
        # Chinese verb that leads the slot (推进, 秉持) is its translation, not the run's
        verb_before = _verb_before(u, unit_done, content, ulist, res_verb)
        # neighbours: the linked units right before and after the run (within two tokens)
        left = _neighbour(u - 1, -1, unit_done, content, ulist)
        right = _neighbour(v, 1, unit_done, content, ulist)
        slot = None
        after_anchor = False  # the slot follows its anchor's Chinese though the run is before it in English
        if left is not None and right is not None:
            la, lb = spans_of[left]
            ra, rb = spans_of[right]
            if lb <= ra:
                slot = (lb, ra)
            elif u - left <= 1:  # reversed order: follow the neighbour it touches (Treatment | Protocol = 诊疗方案)
                slot = (lb, _free_end(norm, char_owner, lb))
            else:
                slot = (_free_start(norm, char_owner, ra), ra)
        elif left is not None:
            la, lb = spans_of[left]
            slot = (lb, _free_end(norm, char_owner, lb))
        elif right is not None:
            ra, rb = spans_of[right]
            slot = (_free_start(norm, char_owner, ra), ra)
            if run and right == v and "of" in ulist[run[-1] + 1:v] and rb < len(norm) and norm[rb] == "的" and \
                    char_owner[rb] == -1:
                # "X of Y" written Y的X: "member of society" = 社会的一员, not the 作为 ("as") before 社会
                slot, after_anchor = (rb + 1, _free_end(norm, char_owner, rb + 1)), True
        if slot is not None and run:
            # (a slot after its anchor is filled from the anchor's side, as if the anchor came first in English)
            got = _fill(seg, slot, run, u - 1, None, u, v, char_owner) if after_anchor else \
                _fill(seg, slot, run, left, right, u, v, char_owner)
            if got is None and not after_anchor:
                # Chinese often puts it on the other side: 习近平主席 for "President Xi Jinping",
                # 联合国成立 for "founding of the United Nations"
                other = None
                if left is not None and right is None:
                    la, lb = spans_of[left]
                    other = (_free_start(norm, char_owner, la), la)
                elif right is not None and left is None:
                    ra, rb = spans_of[right]
                    other = (rb, _free_end(norm, char_owner, rb))
                elif right is not None and u - left > 1:
                    ra, rb = spans_of[right]
                    other = (rb, _free_end(norm, char_owner, rb))
                if other is not None:
                    got = _fill(seg, other, run, left, right, u, v, char_owner)
                    if got is not None:
                        got = (got[0], got[1], got[2] * 0.8)
            if got is not None and verb_before:
                got = _without_leading_verb(seg, got)
            if got is not None:
                a, b, score = got
                if foreign_name(res, [tokens[unit_token[k]] for k in run], norm[a:b]):
                    # a foreign name the dictionary does not know, in the place of a name written by sound
                    out.append(Link(tuple(run), a, b, max(score, 0.6), "name"))
                else:
                    out.append(Link(tuple(run), a, b, score, "position"))
                for k in range(a, b):
                    char_owner[k] = -2
        u = v
    return out


#: Sentence particles, never part of a name written by sound.
_PARTICLES = frozenset("呢吗吧啊呀嘛哦")


def foreign_name(res: "Resources", toks: list[EnToken], zh: str) -> bool:
    """Capitalised words no English dictionary knows (Khurelsukh), in a place whose Chinese is written by
    sound (呼日勒苏赫: transliteration characters, or a sound like the English)."""
    if not toks or len(zh) < 2 or not all(res.unknown_capital(t) for t in toks):
        return False
    words = [p for t in toks for p in re.split(r"[-']", t.low) if p]
    if sum(ch in TRANSLIT for ch in zh) >= 0.6 * len(zh):
        return True
    if any(ch in _PARTICLES for ch in zh):
        return False  # 屋里呢 ("in the room" and a particle) is no name for "Lian", however it sounds
    # (function characters do write names: 以扫 Esau, 都柏林 Dublin, 也门 Yemen)
    sound = _zh_sound(res, zh)
    # Chinese often writes only the family name: 奥云额尔登 for "Luvsannamsrain Oyun-Erdene"
    return any(_similar(_en_sound("".join(re.split(r"[-']", t.low))), sound) >= 0.5 for t in toks) or \
        _similar(_en_sound("".join(words)), sound) >= 0.5


def _fill(seg: ZhSegment, slot: tuple[int, int], run: list[int], left, right, u: int, v: int,
          char_owner: list[int]) -> tuple[int, int, float] | None:
    """The free words of a slot that the run takes: trimmed of function words, whole words, one clause."""
    norm = seg.norm
    a, b = slot
    if a >= b:
        return None
    breaks = [k for k in range(a, b) if norm[k] in "，。；：？！,;:?!\n"]
    if breaks:
        # the run sits on one side of a clause break: keep the Chinese on the same side
        if left is not None and (right is None or u - left <= 1):
            b = breaks[0]
        else:
            a = breaks[-1] + 1
        if a >= b:
            return None
    a, b = _trim_edges(seg, *_whole_words(seg, a, b), start=True)
    # the rest of a date or a time is not free: 日起 of 4月29日起 (from April 29), 时 of 10时 (not 时间 of 第一|时间)
    if 0 < a < b and norm[a] in "日月年号时点分秒" and after_number(seg, a):
        a = next((e0 for _, s0, e0 in seg.words if s0 == a and e0 <= b), a)
    if a >= b:
        return None
    # the words kept next to the anchor may end on a function word (基地就 of 基地|就|对游客); one at the start
    # is left (的 of 的跨) and counts in the slot's width below, so that 跨 of 的|跨|区域合作 is not lost as a
    # one-character guess; the projection trims it (which also lets 的路 stand for 路)
    a, b = _trim_edges(seg, *_near(seg, (a, b), len(run), left is not None and u - left <= 1,
                                   right is not None and right - v <= 0), start=False)
    if a >= b:
        return None
    if not all(char_owner[k] == -1 for k in range(a, b)) or any(ch in "，。；：？！,;:?!\n" for ch in norm[a:b]):
        return None
    if (b - a) > 3 * len(run) + 3 or b - a < 2:
        return None  # one character by place alone is noise (兼 of 国务委员兼外长 for "Chinese")
    return a, b, 0.5 if (left is not None and right is not None) else 0.35


def _trim_edges(seg: ZhSegment, a: int, b: int, start: bool) -> tuple[int, int]:
    """``[a, b)`` without punctuation and function words at its end (and at its start, if ``start``)."""
    from .chinese import BAD_END, BAD_START

    changed = True
    while changed and a < b:
        changed = False
        for w, s0, e0 in (seg.words if start else ()):
            if s0 == a and e0 <= b and (w in BAD_START or all(is_punct(c) or c.isspace() for c in w)):
                a, changed = e0, True
                break
        for w, s0, e0 in seg.words:
            if e0 == b and s0 >= a and (w in BAD_END or all(is_punct(c) or c.isspace() for c in w)):
                b, changed = s0, True
                break
    return a, b


def _whole_words(seg: ZhSegment, a: int, b: int) -> tuple[int, int]:
    """The part of ``[a, b)`` made of whole words."""
    inside = [(s, e) for _, s, e in seg.words if s >= a and e <= b]
    if not inside:
        return a, a
    return inside[0][0], inside[-1][1]


def _near(seg: ZhSegment, slot: tuple[int, int], k: int, left_adjacent: bool, right_adjacent: bool) -> tuple[int, int]:
    """The words of the slot next to the anchor the run touches in English (the right one when it touches
    both): at most ``2 * k`` words and ``3 * k`` characters, for a run of ``k`` units."""
    a, b = slot
    words = [(s, e) for _, s, e in seg.words if s >= a and e <= b and not all(is_punct(c) for c in seg.norm[s:e])]
    if len(words) <= max(k, 1) or not (left_adjacent or right_adjacent):
        return a, b
    order = words[::-1] if right_adjacent else words
    keep = [order[0]]
    chars = order[0][1] - order[0][0]
    for s0, e0 in order[1:]:
        if chars + (e0 - s0) > 3 * k or len(keep) >= 2 * k:
            break
        keep.append((s0, e0))
        chars += e0 - s0
    keep.sort()
    return keep[0][0], keep[-1][1]


def _verb_before(u: int, done: list[bool], content: list[bool], ulist: list[str], is_verb) -> bool:
    """Is the content unit before ``u`` (over at most two articles) an English verb left without a link?"""
    k, skipped = u - 1, 0
    while k >= 0 and not content[k] and ulist[k] in ("the", "a", "an") and skipped < 2:
        k, skipped = k - 1, skipped + 1
    # before an article, a word is a verb even when the dictionary uses it as a noun too ("launch a")
    return k >= 0 and content[k] and not done[k] and is_verb(ulist[k], 0.3 if skipped else None)


def _without_leading_verb(seg: ZhSegment, got: tuple[int, int, float]) -> tuple[int, int, float] | None:
    """A slot without the verb word (jieba tag v) it starts with; None when nothing of two characters is left."""
    from .chinese import word_tag

    a, b, score = got
    first = next(((w, e0) for w, s0, e0 in seg.words if s0 == a), None)
    if first is None or first[1] > b or word_tag(first[0]) != "v":
        return got
    a = first[1]
    return (a, b, score) if b - a >= 2 else None


def _neighbour(k: int, step: int, done: list[bool], content: list[bool], ulist: list[str]) -> int | None:
    """The nearest linked unit from ``k`` in direction ``step``, over at most two function words."""
    skipped = 0
    while 0 <= k < len(done):
        if done[k]:
            return k
        if content[k] or skipped >= 2 or ulist[k] not in ("of", "the", "'s", "a", "an"):
            return None  # "solidarity and get": not a neighbour across "and"
        skipped += 1
        k += step
    return None


def _free_end(norm: str, owner: list[int], a: int) -> int:
    b = a
    if b < len(norm) and norm[b] == "、":
        b += 1  # "paired assistance, and targeted support" = 对口支援、定点帮扶
    while b < len(norm) and owner[b] == -1 and norm[b] not in "，。；：？！、,;:?!":
        b += 1
    return b


def _free_start(norm: str, owner: list[int], b: int) -> int:
    a = b
    if a > 0 and norm[a - 1] == "、":
        a -= 1
    while a > 0 and owner[a - 1] == -1 and norm[a - 1] not in "，。；：？！、,;:?!":
        a -= 1
    return a


# ----------------------------------------------------------------------------- learning

class Learner:
    """Translations the dictionary lacks, learned from the corpus (the first pass).

    For every English unit the dictionary cannot link in a segment pair
    (``JCPOA``, ``CEECs``), the Chinese characters left free by all other links
    are remembered; a Chinese word sequence found in the free characters of
    most of the unit's segments, and rarely elsewhere (Dice ≥ 0.5, at least two
    segments), becomes the unit's translation for the second pass.
    """

    MAX_SAMPLES = 200

    def __init__(self, res: Resources, remember: int = FIRST_STAGES):
        self.res = res
        if res.first_stages is None and remember > 0:
            res.first_stages = {}  # the first stages of this pass, for the counting pass of this process
            res.first_stage_limit = remember
        self.unit_freq: dict[str, int] = {}
        self.samples: dict[str, list[frozenset[str]]] = {}
        self.known: set[str] = set()  # units the dictionary linked somewhere
        self.capitalised: dict[str, str] = {}  # lemma -> the word as a name (Oyun-Erdene)

    def add(self, tokens: list[EnToken], seg: ZhSegment) -> None:
        words = {self.res.lemma(part): part for t in tokens if t.kind == "word"
                 for part in units(t, self.res.knows) if len(part) >= 3 and part not in _NO_LINK}
        for t in tokens:
            if t.kind == "word" and t.cap and not t.upper:
                for part in re.split(r"[-/]", t.text):
                    if part[:1].isupper() and not _looks_acronym(part):
                        self.capitalised[self.res.lemma(part.lower())] = part.lower()
        for lem in words:
            self.unit_freq[lem] = self.unit_freq.get(lem, 0) + 1
        unknown = {lem for lem, low in words.items() if lem not in self.known and not self.res.translations(low)}
        if not unknown:
            return  # every word has a dictionary entry: nothing to learn here
        table = link(tokens, seg, self.res, position=False)
        free = _free_ngrams(seg, table)
        for u, unit in enumerate(table.unit_text):
            lem = self.res.lemma(unit)
            if lem not in unknown:
                continue
            if table.unit_links[u]:
                if any(ln.kind in ("dictionary", "glossary", "name") for ln in table.unit_links[u]):
                    self.known.add(lem)
                continue
            got = self.samples.setdefault(lem, [])
            if len(got) < self.MAX_SAMPLES:
                got.append(free)
            unknown.discard(lem)  # one sample a segment

    def merge(self, later: "Learner") -> "Learner":
        """This learner's counts followed by those of ``later`` (the next documents of the corpus), as if
        one learner had seen both in that order (merged in place and returned)."""
        for lem, f in later.unit_freq.items():
            self.unit_freq[lem] = self.unit_freq.get(lem, 0) + f
        for lem, got in later.samples.items():
            mine = self.samples.setdefault(lem, [])
            mine.extend(got[: max(0, self.MAX_SAMPLES - len(mine))])
        self.known |= later.known
        self.capitalised.update(later.capitalised)
        mine, theirs = self.first_stages, later.first_stages
        for k, v in theirs.items():
            if len(mine) >= FIRST_STAGES:
                break
            mine.setdefault(k, v)
        return self

    @property
    def first_stages(self) -> dict:
        """The links this process's first pass made (empty in a learner that travelled between processes)."""
        got = self.res.first_stages if self.res is not None else None
        return got if got is not None else {}

    def __getstate__(self):  # the counts travel between processes, not the resources
        return (self.unit_freq, self.samples, self.known, self.capitalised)

    def __setstate__(self, state):
        self.res = None
        self.unit_freq, self.samples, self.known, self.capitalised = state

    def wanted_strings(self) -> list[str]:
        """The Chinese strings whose corpus frequency :meth:`learn` needs."""
        return sorted({z for top in self._wanted().values() for z in top})

    def _wanted(self) -> dict[str, dict[str, int]]:
        wanted: dict[str, dict[str, int]] = {}
        for lem, samples in self.samples.items():
            if len(samples) < 2 or lem in self.known:
                continue
            counts: dict[str, int] = {}
            for free in samples:
                for z in free:
                    counts[z] = counts.get(z, 0) + 1
            top = {z: c for z, c in counts.items() if c >= 2}
            if top:
                wanted[lem] = top
        return wanted

    def learn(self, zh_freq: Callable[[list[str]], dict[str, int]], res: Resources | None = None
              ) -> dict[str, tuple[str, float]]:
        """Chosen translations; ``zh_freq`` counts the segments that contain each Chinese string."""
        res = res or self.res
        wanted = self._wanted()
        freq = zh_freq(sorted({z for top in wanted.values() for z in top}))
        out: dict[str, tuple[str, float]] = {}
        for lem, top in wanted.items():
            f_u = self.unit_freq.get(lem, 0)
            best = None
            for z, c in top.items():
                dice = 2.0 * c / (f_u + max(freq.get(z, c), c))
                key = (c, round(dice, 2), len(z))
                if dice >= 0.5 and (best is None or key > best[0]):
                    best = (key, z, dice)
            if best is None:
                continue
            if lem in self.capitalised and not _name_like(res, self.capitalised[lem], best[1]):
                continue  # a name learns only a Chinese that could write it (not 祝贺 for Oyun-Erdene)
            # a longer string found nearly as often is the whole term (全面协议 rather than 协议)
            (c0, _, _), z0, d0 = best
            for z, c in top.items():
                if len(z) > len(best[1]) and z0 in z and c >= 0.75 * c0:
                    dice = 2.0 * c / (f_u + max(freq.get(z, c), c))
                    if dice >= 0.5:
                        best = ((c, round(dice, 2), len(z)), z, dice)
            out[lem] = (best[1], best[2])
        return out


def _looks_acronym(part: str) -> bool:
    letters = [c for c in part.rstrip("s") if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _name_like(res: Resources, word: str, zh: str) -> bool:
    """Could ``zh`` write the name ``word``: transliteration characters, or a sound like it?"""
    if sum(ch in TRANSLIT for ch in zh) >= 0.6 * len(zh):
        return True
    return _similar(_en_sound(word), _zh_sound(res, zh)) >= 0.5


def _free_ngrams(seg: ZhSegment, table: Links) -> frozenset[str]:
    """Sequences of one to four whole words whose characters no link covers (no punctuation, 2-8 characters)."""
    from .chinese import BAD_END, BAD_START

    out = set()
    words = seg.words
    n = len(words)
    for i in range(n):
        for j in range(i, min(n, i + 4)):
            w, s, e = words[j]
            if any(table.char_units[c] for c in range(s, e)) or all(is_punct(ch) for ch in w) or \
                    not (HAN_RE.search(w) or w.isalpha()):
                break
            a, b = words[i][1], e
            if 2 <= b - a <= 8 and words[i][0] not in BAD_START and w not in BAD_END:
                out.add(seg.norm[a:b])
    return frozenset(out)
