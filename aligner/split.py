"""Sentence splitting for English and Chinese official texts.

Every function returns character spans ``(start, end)`` into the text it was
given, stripped of surrounding whitespace, so that ``text[start:end]`` is
the sentence and offsets into the original document are kept.

How a text is cut, in order:

1. **Blocks** are separated by blank lines; nothing ever runs across a blank line.
2. **Lines** inside a block: a line that ends without terminal punctuation is
   a unit of its own (a heading, a date line, a salutation such as
   ``各位代表：`` or ``Dear friends,``) unless it clearly continues on the next
   line: it ends with a comma/hyphen/opening bracket or (English) a function
   word such as *of* or *the*, the next English line starts in lower case, or
   the block looks hard-wrapped (most lines end without punctuation and have
   about the same length).  An English line that ends in punctuation is left
   to the sentence rules (``Mr.`` at a line end does not cut); a Chinese one
   always ends its sentence, even inside an open quotation.
3. **Sentences** inside each unit, by the rules of :func:`split_en` /
   :func:`split_zh`.
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, Iterator

Span = tuple[int, int]

__all__ = [
    "split_en",
    "split_zh",
    "split_zh_clauses",
    "split_text",
    "looks_like_heading",
    "paragraph_spans",
    "SPLITTERS",
]

# --------------------------------------------------------------------------
# shared helpers

_SPACE = " \t\r\n\f\v\u3000\u00a0"


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str, start: int, end: int) -> Iterator[Span]:
    """Line spans (without the newline) of ``text[start:end]``."""
    pos = start
    while True:
        nl = text.find("\n", pos, end)
        if nl == -1:
            yield pos, end
            return
        yield pos, nl
        pos = nl + 1


def _blocks(text: str) -> list[list[Span]]:
    """Blank-line separated blocks, each a list of stripped non-empty line spans."""
    blocks: list[list[Span]] = []
    current: list[Span] = []
    for s, e in _lines(text, 0, len(text)):
        s, e = _strip(text, s, e)
        if s == e:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append((s, e))
    if current:
        blocks.append(current)
    return blocks


_EN_TERMINALS = ".?!…"
_ZH_TERMINALS = "。！？；….?!;．"
_CLOSERS = "\"'”’)]}»」』）】〕］〉》"
_OPENERS = "\"'“‘([{«「『（【〔［〈《"
_EN_CONTINUE_END = ",;:-–—(/&[“‘\"'"
_ZH_CONTINUE_END = "，、；：,;:（(“‘「『《【—"

_CONNECTORS = frozenset(
    """a an the of and or but nor to in on at by for from with into onto upon
    as than that which who whom whose its their our his her my your this these
    those between among about against under over through during within without
    toward towards is are was were be been has have had will would shall should
    can could may might must not also both either neither such""".split()
)

_ZH_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十百零〇]+[、．.]"
    r"|[（(][一二三四五六七八九十百零〇\d]+[）)]"
    r"|\d+(?:\.\d+)*[.、．]\s*\S"
    r"|第[一二三四五六七八九十百千零〇\d]+[章节條条部编編篇款项項卷讲講回]"
    r"|[①-⑳])"
)
_EN_NUMBERED = re.compile(
    r"^(?:(?:\d+(?:\.\d+)*|[IVXLC]+|[A-Z])[.)]\s+\S"
    r"|(?:Chapter|Part|Section|Article|Annex|Appendix)\s+[\dIVXLC]+\b)"
)


def _last_meaningful(line: str) -> str:
    """Last character of ``line`` once trailing closing quotes/brackets and spaces are removed."""
    line = line.rstrip(_SPACE + _CLOSERS)
    return line[-1] if line else ""


def _terminated(line: str, lang: str) -> bool:
    last = _last_meaningful(line)
    return bool(last) and last in (_EN_TERMINALS if lang == "en" else _ZH_TERMINALS)


def looks_like_heading(line: str, lang: str) -> bool:
    """Whether one line of text looks like a heading / title unit.

    True for a short line without terminal punctuation (and not ending in a
    comma or colon), or a numbered heading (``一、``, ``（一）``, ``第一章``,
    ``1.``, ``II.``) without terminal punctuation.
    """
    line = line.strip()
    if not line or "\n" in line:
        return False
    last = _last_meaningful(line)
    if not last or _terminated(line, lang) or last in ",;:，；：、":
        return False
    if lang == "en":
        return len(line) <= 150 and len(line.split()) <= 20 or bool(_EN_NUMBERED.match(line))
    return len(line) <= 60 or bool(_ZH_NUMBERED.match(line))


def _looks_wrapped(text: str, lines: list[Span], lang: str) -> bool:
    """A hard-wrapped block: most lines end without punctuation at about one width."""
    if len(lines) < 3:
        return False
    body = lines[:-1]
    open_ends = sum(1 for s, e in body if not _terminated(text[s:e], lang))
    if open_ends * 2 < len(body):
        return False
    width = max(e - s for s, e in body)
    if lang == "zh":  # CJK wraps at a fixed number of characters
        full = sum(1 for s, e in body if e - s >= width - 1)
        if width >= 10 and full >= 2 and full * 2 >= len(body):
            return True
    if width < (20 if lang == "zh" else 40):
        return False
    long_ = sum(1 for s, e in body if e - s >= 0.75 * width)
    return long_ * 5 >= len(body) * 3


def _continues(text: str, line: Span, nxt: Span, lang: str, wrapped: bool, width: int) -> bool:
    """Whether ``line`` (not terminated) runs on into ``nxt``."""
    s, e = line
    body = text[s:e]
    last = _last_meaningful(body) or body[-1]
    length = e - s
    if wrapped and length >= 0.6 * width:
        return True
    if lang == "en":
        first = text[nxt[0]:nxt[1]].lstrip(_OPENERS)[:1]
        if first.islower():
            return True
        if last in ",:":
            return length > 40
        if last in _EN_CONTINUE_END:
            return True
        words = re.findall(r"[A-Za-z]+", body[-20:])
        return bool(words) and words[-1].lower() in _CONNECTORS and not body.rstrip().endswith(tuple(_CLOSERS))
    if last in "：:":
        return length > 15
    return last in _ZH_CONTINUE_END


def _units(text: str, lang: str) -> list[tuple[Span, bool]]:
    """Runs of lines to be split into sentences; ``True`` marks a single-line unit
    cut off because it ends without punctuation (a heading-like line)."""
    units: list[tuple[Span, bool]] = []
    for lines in _blocks(text):
        wrapped = _looks_wrapped(text, lines, lang)
        width = max(e - s for s, e in lines)
        start = lines[0][0]
        n_in_run = 0
        for i, (s, e) in enumerate(lines):
            n_in_run += 1
            last_line = i == len(lines) - 1
            if last_line:
                units.append(((start, e), n_in_run == 1 and not _terminated(text[s:e], lang)))
                break
            if _terminated(text[s:e], lang):
                if lang == "en":
                    continue  # "Mr.\nSmith": the sentence rules decide
                units.append(((start, e), False))  # Chinese: a stop at a line end always ends the sentence
            elif _continues(text, (s, e), lines[i + 1], lang, wrapped, width):
                continue
            else:
                units.append(((start, e), n_in_run == 1))
            start = lines[i + 1][0]
            n_in_run = 0
    return units


# --------------------------------------------------------------------------
# English

_TITLES = frozenset(
    """mr mrs ms messrs mmes mme mlle dr prof gen sen rep gov lt col capt cmdr adm sgt maj
    brig rev hon pres amb st mt ft fr supt insp det cpl pvt hr esq""".split()
)
_NEVER = frozenset("e.g i.e cf vs viz approx ca al eg ie".split())
_ENDERS = frozenset(
    """etc inc ltd co corp jr sr bros plc llc p.l.c a.m p.m u.s u.k u.n e.u u.s.a
    p.r.c d.c dept assn est""".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_NUMERIC = frozenset("no nos art arts vol vols p pp para paras fig figs sec secs ch chap op ed eds rev tel ext".split())
_STARTERS = frozenset(
    """the this that these those it its we he she they i you our their his her there here
    what when where why how who which if in on at as for but and a an after before since
    while although though however meanwhile moreover furthermore also both such some many
    most all each every not yet so then thus therefore to by with from under during
    according only one two three four five six seven eight nine ten last next other
    over among despite besides instead still now today nevertheless let my your""".split()
)
_ACRONYM = re.compile(r"^(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}$")
_LIST_MARK = re.compile(r"^(?:\d{1,3}|[ivxlc]{1,6}|[IVXLC]{1,6}|[A-Za-z])$")
_EN_CAND = re.compile(r"\.(?:[ \u00a0]\.){2,}|[.?!…]+")


_WORD = re.compile(r"[A-Za-z']+")


def _word_at(text: str, pos: int, end: int) -> str:
    m = _WORD.match(text, pos, end)
    return m.group(0) if m else ""


def _en_boundary(text: str, run_start: int, i: int, j: int, k: int, n: int, end: int) -> bool:
    """Is there a sentence end after the punctuation ``text[i:j]`` (closers up to ``k``),
    with the next token starting at ``n``?"""
    punct = text[i:j].replace(" ", "").replace("\u00a0", "")
    p = n
    while p < end and (text[p] in _OPENERS or text[p] in "–—-•·*" or (p > n and text[p] == " ")):
        p += 1
    nxt = text[p] if p < end else ""
    if not nxt.isalnum():
        return False  # ". . .", "? —", a stray mark: not a sentence start
    word = _word_at(text, p, end).lower()
    if "…" in punct or "..." in punct:
        return nxt.isupper()
    if "?" in punct or "!" in punct:
        return not nxt.islower()
    if nxt.islower():
        return False
    # a full stop; find the token before it
    t = i
    while t > run_start and not text[t - 1].isspace():
        t -= 1
    core = text[t:i].strip(_OPENERS + _CLOSERS)
    if not core:
        return True
    low = core.lower()
    if k > j:  # 'yes." Then' / '(See annex.) Next': the closer ends the sentence
        return True
    if low in _TITLES or low in _NEVER:
        return False
    if _LIST_MARK.match(core) and blank_before(text, t, run_start):
        return False  # "1. Introduction", "IV. Outlook"
    initial = len(core) == 1 and core.isalpha()
    if "\n" in text[k:n] and not initial:
        return True  # "...with the U.S.\nSecretary Kerry said": a stop at a line end
    if nxt.isdigit():
        return not (low in _NUMERIC or low in _MONTHS)
    if low in _ENDERS or low in _MONTHS or low in _NUMERIC or _ACRONYM.match(core):
        return word in _STARTERS
    if initial:  # John F. Kennedy, J. R. R. Tolkien
        return word in _STARTERS and word not in ("a", "i")
    return True


def _split_en_run(text: str, s: int, e: int, out: list[Span]) -> None:
    start = s
    for m in _EN_CAND.finditer(text, s, e):
        i, j = m.start(), m.end()
        if i < start:
            continue
        k = j
        while k < e and text[k] in _CLOSERS:
            k += 1
        if k < e and not text[k].isspace():
            continue  # 3.5, v2.1.3, U.S.-China, example.org
        n = k
        while n < e and text[n].isspace():
            n += 1
        if n >= e:
            break
        if _en_boundary(text, s, i, j, k, n, e):
            span = _strip(text, start, k)
            if span[0] < span[1]:
                out.append(span)
            start = n
    span = _strip(text, start, e)
    if span[0] < span[1]:
        out.append(span)


def blank_before(text: str, pos: int, floor: int = 0) -> bool:
    """Whether only spaces stand between the start of ``pos``'s line (or ``floor``) and ``pos``.

    Scans back over the spaces only, so it costs O(spaces), not O(line length):
    a 5 MB single-line file must not make splitting quadratic.
    """
    i = pos - 1
    while i >= floor and text[i] != "\n" and text[i].isspace():
        i -= 1
    return i < floor or text[i] == "\n"


def blank_after(text: str, pos: int) -> bool:
    """Whether only spaces stand between ``pos`` and the end of its line."""
    j, n = pos, len(text)
    while j < n and text[j] != "\n" and text[j].isspace():
        j += 1
    return j >= n or text[j] == "\n"


def split_en(text: str) -> list[Span]:
    """English sentence spans of ``text`` (see the module doc for the rules).

    Full stops after abbreviations (titles such as Mr./Dr./Gen. never cut;
    U.S., etc., Inc., Jr. cut only before a typical sentence starter such as
    *The*, *It*, *We*), initials, decimals and version numbers do not end a
    sentence; closing quotes and brackets after the stop stay with the
    sentence; an ellipsis cuts only before a capitalised word.
    """
    out: list[Span] = []
    for (s, e), _single in _units(text, "en"):
        _split_en_run(text, s, e, out)
    return out


# --------------------------------------------------------------------------
# Chinese

_PAIRS = {
    "“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "〈": "〉",
    "（": "）", "(": ")", "【": "】", "〔": "〕", "［": "］",
}
_CLOSE_OF = {v: k for k, v in _PAIRS.items()}
QUOTE_CAP = 250
"""Longest quotation/bracket (characters) that is kept in one sentence; a
longer or unbalanced one is cut like ordinary text."""

_ZH_CLOSERS = "”’」』）)】〕］〉》\"'"
_ZH_STRONG = "。！？；．…"


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ord(ch) >= 0x2E80


_QUOTES = frozenset("“‘「『\"")


def _enclosures(text: str, s: int, e: int, cap: int = QUOTE_CAP, quotes: bool = True) -> list[int]:
    """For each position of ``text[s:e]``, the end of the outermost matched quote or
    bracket pair around it (absolute index of the closer), or -1.  With
    ``quotes=False`` only brackets and 《》 count."""
    enc = [-1] * (e - s)
    stack: list[tuple[str, int]] = []
    spans: list[Span] = []
    for i in range(s, e):
        c = text[i]
        if stack and i - stack[0][1] > cap:
            stack = [x for x in stack if i - x[1] <= cap]
        if c == '"':
            if stack and stack[-1][0] == '"':
                spans.append((stack.pop()[1], i))
            else:
                stack.append((c, i))
        elif c in _PAIRS:
            stack.append((c, i))
        elif c in _CLOSE_OF:
            opener = _CLOSE_OF[c]
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == opener:
                    o = stack[depth][1]
                    del stack[depth:]
                    spans.append((o, i))
                    break
    for o, c in spans:
        if not quotes and text[o] in _QUOTES:
            continue
        for p in range(o + 1, c):
            if enc[p - s] < c:
                enc[p - s] = c
    return enc


def _zh_terminal_at(text: str, i: int, s: int, e: int) -> bool:
    c = text[i]
    if c in "。！？；…":
        return True
    if c == "．":
        prev = text[i - 1] if i > s else ""
        nxt = text[i + 1] if i + 1 < e else ""
        return not ((prev.isdigit()) and nxt.isdigit())
    if c in "!?;.":  # half-width marks count between Chinese text only
        if c == "." and i + 1 < e and text[i + 1] == ".":
            return False
        p = i - 1
        while p >= s and text[p] in _SPACE:
            p -= 1
        q = i + 1
        while q < e and (text[q] in _SPACE or text[q] in "!?"):
            q += 1
        before_ok = p >= s and (_is_cjk(text[p]) or text[p] in _ZH_CLOSERS and c != ".")
        after_ok = q >= e or _is_cjk(text[q]) or text[q] in _OPENERS and c != "."
        return before_ok and after_ok
    return False


def _split_zh_run(text: str, s: int, e: int, out: list[Span], semicolon: bool = True,
                  quotes: bool = True) -> None:
    enc = _enclosures(text, s, e, quotes=quotes)
    start = s
    i = s
    while i < e:
        if not _zh_terminal_at(text, i, s, e):
            i += 1
            continue
        if not semicolon and text[i] in "；;":
            i += 1  # (a ；at a line end still ends the unit, see _units)
            continue
        j = i + 1
        while j < e and (text[j] in _ZH_STRONG or text[j] in "!?"):
            j += 1
        k = j
        while True:  # closers, possibly after spaces: 。” / 。 ” / ！」』
            m = k
            while m < e and text[m] in _SPACE:
                m += 1
            if m < e and text[m] in _ZH_CLOSERS:
                k = m + 1
                continue
            break
        if "…" in text[i:j] and k < e and text[k] in "，、,：:）)":
            i = k
            continue
        if enc[i - s] != -1 and k <= enc[i - s]:
            i = j  # inside a quotation, not at its end
            continue
        span = _strip(text, start, k)
        if span[0] < span[1]:
            out.append(span)
        start = i = k
    span = _strip(text, start, e)
    if span[0] < span[1]:
        out.append(span)


def split_zh(text: str, *, semicolon: bool = True, quotes: bool = True) -> list[Span]:
    """Chinese sentence spans of ``text``.

    Cuts after 。！？；…… (and ．, and half-width ``! ? ; .`` between Chinese
    text); closing quotes and brackets stay with their sentence (``。”``);
    nothing is cut inside 《》, quotes or brackets unless the pair is longer
    than :data:`QUOTE_CAP` characters or unbalanced.  Lines without terminal
    punctuation (titles, ``一、…``, ``（一）…``, ``第一章 …``, dates) are units
    of their own.  With ``semicolon=False`` a ；only cuts at the end of a line
    (list items), which matches translations that keep one sentence across
    ；as English does with "; ".  With ``quotes=False`` sentences inside
    quotations are cut too (dialogue in fiction; the closing quote still stays
    with the sentence before it); brackets and 《》 stay protected.
    """
    out: list[Span] = []
    for (s, e), _single in _units(text, "zh"):
        _split_zh_run(text, s, e, out, semicolon, quotes)
    return out


_CLAUSE_MARKS = "，；：、,;:。！？!?…"


def _content_len(piece: str) -> int:
    return sum(1 for ch in piece if ch.isalnum())


def split_zh_clauses(text: str, min_len: int = 8) -> list[Span]:
    """Clause spans of one (long) Chinese sentence.

    Cuts after ，；：、 (and sentence marks) that are not inside quotes,
    brackets or 《》; half-width ``, : ;`` between digits (1,000 / 10:30) do
    not cut.  A piece with fewer than ``min_len`` letters/digits is merged
    into the next one (the last into the one before), so every span but a
    lone one has at least ``min_len`` of them.
    """
    enc = _enclosures(text, 0, len(text))
    pieces: list[Span] = []
    start = 0
    n = len(text)
    for i, c in enumerate(text):
        if c not in _CLAUSE_MARKS or enc[i] != -1:
            continue
        if c in ",:;" and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            continue
        if c == "…" and i + 1 < n and text[i + 1] == "…":
            continue
        k = i + 1
        while k < n and text[k] in _ZH_CLOSERS:
            k += 1
        pieces.append((start, k))
        start = k
    pieces.append((start, n))
    spans = [sp for sp in (_strip(text, a, b) for a, b in pieces) if sp[0] < sp[1]]
    merged: list[Span] = []
    pending: Span | None = None
    for sp in spans:
        if pending is not None:
            sp = (pending[0], sp[1])
            pending = None
        if _content_len(text[sp[0]:sp[1]]) < min_len:
            pending = sp
        else:
            merged.append(sp)
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], pending[1])
        else:
            merged.append(pending)
    return merged


# --------------------------------------------------------------------------

SPLITTERS: dict[str, Callable[[str], list[Span]]] = {"en": split_en, "zh": split_zh}


def split_text(text: str, lang: str) -> list[Span]:
    """Sentence spans of ``text`` in ``lang`` (``"en"`` or ``"zh"``)."""
    try:
        splitter = SPLITTERS[lang]
    except KeyError:
        from ..errors import UsageError

        raise UsageError(f"unknown language {lang!r}", hint=f"use one of: {', '.join(SPLITTERS)}") from None
    return splitter(text)


def paragraph_spans(text: str, lang: str, sentences: list[Span] | None = None) -> list[Span]:
    """Paragraph spans of plain text, each a run of whole sentences.

    A blank line always starts a new paragraph.  Inside a block a line break
    that falls between two sentences starts one too (files with one paragraph
    per line), unless the block looks hard-wrapped, which stays one paragraph.
    ``sentences`` are the spans of :func:`split_text` if already computed.
    """
    if sentences is None:
        sentences = split_text(text, lang)
    if not sentences:
        return []
    wrapped_blocks = [
        (lines[0][0], lines[-1][1]) for lines in _blocks(text) if _looks_wrapped(text, lines, lang)
    ]

    starts = [a for a, _ in wrapped_blocks]

    def in_wrapped(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < wrapped_blocks[i][1]

    paragraphs: list[Span] = []
    start, prev_end = sentences[0][0], sentences[0][1]
    for a, b in sentences[1:]:
        gap = text[prev_end:a]
        newlines = gap.count("\n")
        if newlines >= 2 or (newlines == 1 and not in_wrapped(a)):
            paragraphs.append((start, prev_end))
            start = a
        prev_end = b
    paragraphs.append((start, prev_end))
    return paragraphs
