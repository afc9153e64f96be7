"""Tables → glossary entries, and glossary entries → the flat table shuyu writes.

Shared by the xlsx, CSV/TSV and Markdown readers.  A table is a list of rows of
cell strings.  The reader

* finds the header row below banners (the row whose cells best match known
  column names), or decides there is none;
* recognises columns by header names in English and Chinese (English, EN,
  Source, 英文…; Chinese, ZH, zh-CN, 简体中文, 译文, Target…; Note, 备注; Status,
  状态; Definition, 定义; Domain, 领域; POS, 词性; Context, Example, 例句;
  Source, 出处; ID; Accept…), including compound names such as
  ``English_word`` / ``chinese_description``, and by content (Han vs Latin
  script) when the headers say nothing;
* refuses a sheet with no Chinese (or no English) column with a clear error;
* turns each row into an entry, splitting synonyms on ``;`` ``；`` ``|`` and
  newlines, and lists every row it skips with its reason;
* reads the CAT term-base layouts (memoQ, Phrase TMS: one row per concept, each term
  column followed by its own Forbidden / Preferred / Term_Status / Note columns) term
  by term (:func:`term_blocks`);
* reads a cell that shuyu's CSV writer escaped (``'=…``) without its apostrophe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..errors import InputError
from ..records import Glossary, GlossaryEntry, Term
from ..textnorm import HAN_RE, LATIN_RE
from ..xlsxkit import unescape_formula
from .model import SYNONYM_JOIN, UNREVIEWED, LossLog, compare_entries, parse_status, split_synonyms

# ---------------------------------------------------------------------------
# header vocabulary

_LANG_WORDS: dict[str, str] = {}
for _lang, _words in {
    "en": ("english", "en", "eng", "en-us", "en-gb", "en_us", "en_gb", "英文", "英语", "英", "英文名", "英文名称",
           "英文术语", "英语术语", "源语", "源语言", "原文", "source language"),
    "zh": ("chinese", "zh", "zho", "chi", "cn", "chs", "cht", "zh-cn", "zh-hans", "zh-tw", "zh-hk", "zh-hant",
           "zh-sg", "zh_cn", "zh_tw", "zh_hans", "zh_hant", "中文", "汉语", "汉", "中", "简体中文", "繁體中文", "繁体中文",
           "简体", "繁体", "中文名", "中文名称", "中文术语", "汉语术语", "译文", "目标", "目标语", "目标语言", "译名", "中文译名",
           "译法", "mandarin", "simplified chinese", "traditional chinese", "chinese simplified",
           "chinese traditional", "chinese prc", "chinese taiwan", "target language", "chinese_prc"),
    "ko": ("korean", "ko", "kor", "韩语", "韩文", "朝鲜语", "한국어"),
    "ja": ("japanese", "ja", "jp", "jpn", "日语", "日文", "日本語"),
    "fr": ("french", "fr", "fra", "法语", "法文", "français"),
    "de": ("german", "de", "deu", "ger", "德语", "德文", "deutsch"),
    "es": ("spanish", "es", "spa", "西班牙语", "西语", "español"),
    "pt": ("portuguese", "pt", "por", "pt-br", "葡萄牙语", "葡语", "português"),
    "it": ("italian", "it", "ita", "意大利语", "italiano"),
    "ru": ("russian", "ru", "rus", "俄语", "俄文"),
    "ar": ("arabic", "ar", "ara", "阿拉伯语", "阿文"),
    "vi": ("vietnamese", "vi", "越南语"),
    "th": ("thai", "th", "泰语"),
}.items():
    for _w in _words:
        _LANG_WORDS[_w] = _lang

_FIELD_WORDS: dict[str, str] = {}
for _role, _words in {
    "term": ("term", "terms", "word", "words", "name", "names", "terminology", "术语", "词条", "词汇", "名称", "用语",
             "expression", "translation", "equivalent"),
    "note": ("note", "notes", "comment", "comments", "remark", "remarks", "备注", "注释", "说明", "注", "评论",
             "notes / comments", "notes/comments", "usage note", "usage"),
    "status": ("status", "状态", "term status", "usage status", "administrative status", "用法", "使用状态"),
    "definition": ("definition", "definitions", "description", "descr", "desc", "def", "meaning", "explanation", "定义",
                   "释义", "解释", "描述", "含义", "说明文字"),
    "domain": ("domain", "subject", "subject field", "field", "category", "topic", "领域", "类别", "专业", "分类",
               "学科", "主题"),
    "pos": ("pos", "part of speech", "word class", "词性"),
    "context": ("context", "example", "examples", "example sentence", "sample", "例句", "语境", "上下文", "示例",
                "用例"),
    "source": ("source", "sources", "出处", "来源", "reference", "references", "ref", "citation", "origin", "参考", "依据", "source/reference",
               "link", "url"),
    "id": ("id", "no", "no.", "nr", "number", "#", "序号", "编号", "条目号", "entry id", "concept id", "cid",
           "entry_id", "index"),
    "accept": ("accept", "accepted", "keep", "approve", "approved?", "decision", "verdict", "接受", "采纳", "采用",
               "审核", "是否采纳", "是否接受", "accept?"),
    "alt": ("alternate", "alternative", "alternatives", "synonym", "synonyms", "variant", "variants", "other",
            "别名", "同义词", "其他译法", "又译", "备选"),
}.items():
    for _w in _words:
        _FIELD_WORDS[_w] = _role

# A bare "source"/"target" is English/Chinese only in a Source/Target pair.
_SOURCE_WORDS = {"source", "source term", "源语术语", "source text"}
_TARGET_WORDS = {"target", "target term", "目标术语", "target text", "translation", "译文"}


def _norm_header(h: str) -> str:
    h = str(h).replace("\u00a0", " ").strip().casefold()
    h = re.sub(r"\s+", " ", h)
    return h.strip(" :：*")


def classify_header(h: str) -> tuple[str | None, str | None]:
    """(language, field) of a header cell: ``("en", "term")``, ``(None, "note")``, ``("ko", "term")``…"""
    n = _norm_header(h)
    if not n:
        return None, None
    if n in _LANG_WORDS:
        return _LANG_WORDS[n], "term"
    if n in _SOURCE_WORDS:
        return None, "source?"
    if n in _TARGET_WORDS:
        return None, "target?"
    if n in _FIELD_WORDS:
        f = _FIELD_WORDS[n]
        return None, "source?" if f == "term" else f
    # compound: "English_word", "chinese description", "Chinese (Simplified)", "英文名称", "zh-CN term"
    bare = re.sub(r"[()\[\]（）【】]", " ", n)
    parts = [p for p in re.split(r"[\s_/,\-:：]+", bare) if p]
    if bare.strip() in _LANG_WORDS:
        return _LANG_WORDS[bare.strip()], "term"
    lang = field = None
    for k, p in enumerate(parts):
        # short codes (it, de, no…) count only as the first word: "notes on it" is not Italian
        if lang is None and p in _LANG_WORDS and (len(p) > 3 or k == 0):
            lang = _LANG_WORDS[p]
        elif p in _FIELD_WORDS and (field is None or field == "term"):
            field = _FIELD_WORDS[p]
    if lang is None:
        # Chinese compounds without separators: 中文定义, 英文备注
        for w, lg in _LANG_WORDS.items():
            if len(w) >= 2 and not w.isascii() and n.startswith(w):
                lang = lg
                rest = n[len(w):].strip()
                field = _FIELD_WORDS.get(rest, "term" if not rest else None)
                break
    if lang is None and field is None:
        # hyphenated language tags: zh-Hans-CN, en-US…
        m = re.match(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)+$", n)
        if m and m.group(1) in _LANG_WORDS:
            return _LANG_WORDS[m.group(1)], "term"
        if "simplified" in parts or "traditional" in parts:
            return "zh", "term"
        return None, None
    if lang is not None and field is None:
        field = "term"
    return lang, field


# ---------------------------------------------------------------------------
# column plans


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """What the reader made of a table: header row (0-based, -1 for none) and each column's role."""

    header_row: int
    roles: tuple[tuple[int, str], ...]
    headers: tuple[str, ...] = ()
    how: str = "headers"

    def col(self, role: str) -> int | None:
        for i, r in self.roles:
            if r == role:
                return i
        return None

    def cols(self, role: str) -> list[int]:
        return [i for i, r in self.roles if r == role]

    def describe(self) -> str:
        def name(i: int) -> str:
            return _col_letter(i) + (f" {self.headers[i]!r}" if i < len(self.headers) and self.headers[i] else "")

        parts = [f"{r}={name(i)}" for i, r in self.roles if not r.startswith("other:")]
        return ", ".join(parts)


def _col_letter(i: int) -> str:
    s, n = "", i + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _script(values: Sequence[str]) -> tuple[float, float, float]:
    """(share of Han-dominant cells, share of Latin-dominant cells, mean length) of non-empty cells."""
    vals = [v for v in values if v.strip()]
    if not vals:
        return 0.0, 0.0, 0.0
    han = lat = 0
    for v in vals:
        h, l_ = len(HAN_RE.findall(v)), len(LATIN_RE.findall(v))
        if h and h >= l_ * 0.5:
            han += 1
        elif l_:
            lat += 1
    return han / len(vals), lat / len(vals), sum(len(v) for v in vals) / len(vals)


def _header_score(row: Sequence[str]) -> int:
    score = 0
    for c in row:
        if not c.strip() or len(c) > 60:
            continue
        lang, field = classify_header(c)
        if lang or field:
            score += 2 if lang in ("en", "zh") else 1
    return score


_MAX_HEADER_SCAN = 30


def plan_columns(rows: Sequence[Sequence[str]], where: str, columns: Mapping[str, int] | None = None) -> ColumnPlan:
    """Find the header row and the role of every column, or raise InputError saying why not."""
    width = max((len(r) for r in rows), default=0)
    nonempty = [i for i, r in enumerate(rows) if any(c.strip() for c in r)]
    if not nonempty:
        raise InputError("no data: the sheet is empty", where=where)
    scan = nonempty[:_MAX_HEADER_SCAN]
    best, best_score = -1, 0
    for i in scan:
        s = _header_score(rows[i])
        if s > best_score:
            best, best_score = i, s
    if columns:
        hdr = best if best >= 0 and best_score >= 2 else -1
        zc = columns.get("zh")
        if hdr < 0 and zc is not None:
            # a first row whose Chinese cell has no Chinese while the column below does is a header
            first = rows[nonempty[0]]
            below = [r[zc] for r in (rows[i] for i in nonempty[1:200]) if zc < len(r) and r[zc].strip()]
            if (zc < len(first) and first[zc].strip() and not HAN_RE.search(first[zc]) and below
                    and _script(below)[0] >= 0.5):
                hdr = nonempty[0]
        headers = tuple(rows[hdr]) + ("",) * (width - len(rows[hdr])) if hdr >= 0 else ("",) * width
        roles = tuple(sorted(((i, r) for r, i in columns.items()), key=lambda x: x[0]))
        for i, r in roles:
            if i >= width:
                raise InputError(f"column {_col_letter(i)} given for {r} is beyond the last column "
                                 f"({_col_letter(width - 1)})", where=where, hint="check the column map")
        return ColumnPlan(hdr, roles, headers, "given")
    body_start = (best + 1) if best >= 0 else nonempty[0]
    sample = [r for r in rows[body_start:body_start + 400]]
    colvals = [[(r[i] if i < len(r) else "") for r in sample] for i in range(width)]
    if best < 0:
        return _plan_by_content(colvals, width, where)
    headers = tuple(rows[best]) + ("",) * (width - len(rows[best]))
    classified = [classify_header(h) for h in headers]
    roles: dict[int, str] = {}
    langs_seen: dict[str, list[int]] = {}
    for i, (lang, field) in enumerate(classified):
        if lang:
            langs_seen.setdefault(lang, []).append(i)
    # Source/Target pairs
    has_en = any(lang == "en" and f == "term" for lang, f in classified)
    has_zh = any(lang == "zh" and f == "term" for lang, f in classified)
    for i, (lang, field) in enumerate(classified):
        if field == "source?":
            bare_term = _FIELD_WORDS.get(_norm_header(headers[i])) == "term"
            classified[i] = ("en", "term") if not has_en else (None, "alt" if bare_term else "source")
            has_en = True
        elif field == "target?":
            classified[i] = ("zh", "term") if not has_zh else (None, "alt")
            has_zh = True
    for i, (lang, field) in enumerate(classified):
        if field is None:
            roles[i] = "extra"  # unknown column: its cells go into the note, "Header: value"
            continue
        if lang in ("en", "zh"):
            role = {"term": lang, "definition": f"{lang}_definition", "note": f"{lang}_note",
                    "status": f"{lang}_status", "source": f"{lang}_source", "context": "context",
                    "pos": f"{lang}_pos", "alt": f"{lang}_alt"}.get(field, f"{lang}_{field}")
            if field == "term" and lang in ("en", "zh") and lang in roles.values():
                role = f"{lang}_alt"
        elif lang:
            role = f"other:{lang}"
        else:
            role = field
        if role in roles.values() and role not in ("en_alt", "zh_alt", "alt") and not role.startswith("other:"):
            role = f"extra:{role}"
        roles[i] = role
    # content fallback for columns the headers say nothing about
    en_col = next((i for i, r in roles.items() if r == "en"), None)
    zh_col = next((i for i, r in roles.items() if r == "zh"), None)
    if zh_col is None or en_col is None:
        for need in ("zh", "en"):
            if (need == "zh" and zh_col is not None) or (need == "en" and en_col is not None):
                continue
            cands = []
            for i in range(width):
                if i in roles and not roles[i].startswith("extra") and roles[i] not in ("alt",):
                    continue
                if headers[i].strip() and classify_header(headers[i])[0] not in (None,):
                    continue
                han, lat, mlen = _script(colvals[i])
                share = han if need == "zh" else lat
                if share >= 0.6 and mlen < 80:
                    cands.append((share, -mlen, i))
            if cands:
                i = max(cands)[2]
                roles[i] = need
                if need == "zh":
                    zh_col = i
                else:
                    en_col = i
    if zh_col is None or en_col is None:
        missing = "Chinese" if zh_col is None else "English"
        found = ", ".join(f"{_col_letter(i)} {headers[i]!r}" for i in range(width) if headers[i].strip())
        other = sorted({r.split(':')[1] for r in roles.values() if r.startswith("other:")})
        raise InputError(
            f"no {missing} column: the header row {best + 1} has {found or 'no names'}"
            + (f" (languages found: {', '.join((['en'] if en_col is not None else []) + other)})" if other else ""),
            where=where,
            hint=(f"shuyu works with English-Chinese glossaries; add a {missing} column or name the columns "
                  "with --columns en=B,zh=C (columns='en=B,zh=C' in Python)"))
    return ColumnPlan(best, tuple(sorted(roles.items())), headers, "headers")


def _plan_by_content(colvals: list[list[str]], width: int, where: str) -> ColumnPlan:
    stats = [(_script(v), i) for i, v in enumerate(colvals)]
    filled = [sum(1 for v in col if v.strip()) for col in colvals]
    zh = [(s[0], filled[i], -i, i) for s, i in stats if s[0] >= 0.6 and 0 < s[2] < 80]
    en = [(s[1], filled[i], -i, i) for s, i in stats if s[1] >= 0.6 and 0 < s[2] < 80]
    if not zh or not en:
        raise InputError("no recognisable columns: no header names shuyu knows and no column that holds mostly "
                         f"{'Chinese' if not zh else 'English'} terms", where=where,
                         hint="add a header row (English, Chinese, Note…) or give columns='en=A,zh=B'")
    zi = max(zh)[3]
    ei = max(x for x in en if x[3] != zi)[3] if any(x[3] != zi for x in en) else None
    if ei is None:
        raise InputError("no recognisable English column", where=where, hint="give columns='en=A,zh=B'")
    roles = {ei: "en", zi: "zh"}
    for s, i in stats:
        if i not in roles and s[2] > 0:
            roles[i] = "extra"
    return ColumnPlan(-1, tuple(sorted(roles.items())), ("",) * width, "content")


# ---------------------------------------------------------------------------
# rows → entries

#: Accept cells that mean "keep this row" (case-insensitive); anything else, or nothing, is not accepted.
ACCEPT_YES = ("accept", "accepted", "yes", "y", "true", "1", "x", "v", "ok", "keep", "✓", "✔", "√", "☑", "○",
              "是", "接受", "采纳", "采用", "通过", "对")
_ACCEPT_YES = set(ACCEPT_YES)
_ACCEPT_NO = {"reject", "rejected", "no", "n", "false", "0", "✗", "✘", "×", "☒", "drop", "否", "拒绝", "不采纳",
              "不接受", "删除", "-"}


def parse_accept(value: str) -> bool | None:
    """True (accept), False (reject) or None (undecided/unknown) for an Accept cell."""
    v = value.strip().casefold()
    if not v:
        return None
    if v in _ACCEPT_YES:
        return True
    if v in _ACCEPT_NO:
        return False
    return None


_DEFAULT_STATUSES = {n: ["preferred"] + ["admitted"] * (n - 1) for n in range(1, 9)}


def _statuses(cell: str, n: int, where: str, warnings: list[str]) -> list[str]:
    """Statuses for ``n`` terms from a status cell (one value for all, or one per term)."""
    if not cell and n in _DEFAULT_STATUSES:
        return list(_DEFAULT_STATUSES[n])
    if n == 1 and cell in _STATUS_FAST:
        return [cell]
    vals = split_synonyms(cell) if cell.strip() else []
    out: list[str] = []
    if not vals:
        return ["preferred"] + ["admitted"] * (n - 1)
    parsed = []
    for v in vals:
        st = parse_status(v)
        if st is None:
            warnings.append(f"{where}: unknown status {v!r} read as admitted "
                            f"(use preferred, admitted, deprecated, superseded or forbidden)")
            st = "admitted"
        parsed.append(st)
    if len(parsed) == n:
        return parsed
    st = parsed[0]
    if st == "preferred":
        return ["preferred"] + ["admitted"] * (n - 1)
    out = [st] * n
    return out


_STATUS_FAST = {"preferred", "admitted", "deprecated", "superseded", "forbidden"}


def _ranges(numbers: Sequence[int], limit: int = 12) -> str:
    """``2-40, 42, 44-109`` for sorted row numbers (at most ``limit`` pieces, then ``…``)."""
    pieces: list[str] = []
    start = prev = None
    for n in numbers:
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            pieces.append(f"{start}-{prev}" if prev != start else str(start))
        start = prev = n
    if start is not None:
        pieces.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(pieces[:limit]) + (", …" if len(pieces) > limit else "")


def _not_accepted(where: str, skipped: dict[str, list[int]]) -> list[str]:
    """One line per Accept value of the rows that were not accepted."""
    out = []
    for value, rows in skipped.items():
        what = f"Accept={value!r}" if value else "Accept is empty"
        out.append(f"{where}: skipped: not accepted ({what}): {len(rows)} row{'s' if len(rows) != 1 else ''} "
                   f"({_ranges(rows)})")
    return out


def _per_term(cell: str, n: int) -> list[str]:
    if not cell:
        return [""] * n
    parts = cell.split("\n")
    if len(parts) == n and n > 1:
        return parts
    return [cell] * n


def rows_to_glossary(rows: Sequence[Sequence[str]], where: str, *, columns: Mapping[str, int] | None = None,
                     accepted_only: bool = False, row_numbers: Sequence[int] | None = None,
                     plan: ColumnPlan | None = None) -> tuple[list[GlossaryEntry], list[str], ColumnPlan]:
    """Entries of one table; ``where`` is ``file`` or ``file!Sheet``; row numbers are 1-based.

    A cell that shuyu's CSV writer escaped (``'=…``, see :func:`shuyu.xlsxkit.escape_formula`) is read
    without its apostrophe.  With ``accepted_only`` a table in which no row is accepted is an
    :class:`InputError` (the Accept values that count are :data:`ACCEPT_YES`).
    """
    plan = plan or plan_columns(rows, where, columns)
    if columns is None:
        blocks = term_blocks(plan.headers)
        if blocks is not None and _flags_look_boolean(rows, plan.header_row + 1, blocks[1]):
            if accepted_only:
                raise InputError("accepted_only needs an Accept column, and this sheet has none", where=where,
                                 hint="add an Accept column (accept/reject, yes/no, ✓) or read without accepted_only")
            return _block_entries(rows, where, plan, blocks, row_numbers)
    warnings: list[str] = []
    nums = row_numbers or list(range(1, len(rows) + 1))
    escaped = _has_escapes(rows, plan.header_row + 1)
    not_accepted: dict[str, list[int]] = {}
    c = {r: i for i, r in reversed(plan.roles)}
    other_cols = [(i, r) for i, r in plan.roles if r.startswith(("extra", "alt", "en_alt", "zh_alt"))
                  or r not in _KNOWN_ROLES and not r.startswith("other:")]
    if accepted_only and "accept" not in c:
        raise InputError("accepted_only needs an Accept column, and this sheet has none", where=where,
                         hint="add an Accept column (accept/reject, yes/no, ✓) or read without accepted_only")
    groups: dict[str, int] = {}
    pieces: dict[int, dict[str, list[str]]] = {}  # an ID's distinct field values, in row order
    built: list[dict] = []
    empty = 0
    width = max(len(plan.headers), max((i for i, _r in plan.roles), default=0) + 1)
    blank = [""] * width
    NO = width  # index of an always-empty cell appended to every row

    def col(*roles: str) -> int:
        for r in roles:
            if r in c:
                return c[r]
        return NO

    i_en, i_zh, i_acc, i_id = col("en"), col("zh"), col("accept"), col("id")
    i_pos, i_enpos = col("zh_pos", "pos"), col("en_pos")
    has_enpos = "en_pos" in c
    i_enst, i_zhst = col("en_status"), col("status", "zh_status")
    i_status2 = col("zh_status") if "status" in c else NO
    i_ennote, i_ensrc, i_zhnote, i_zhsrc = col("en_note"), col("en_source"), col("zh_note"), col("zh_source")
    i_defs = [c[r] for r in ("definition", "en_definition", "zh_definition") if r in c]
    i_dom, i_src, i_ctx, i_note = col("domain"), col("source"), col("context"), col("note")
    alt_en = plan.cols("en_alt")
    alt_zh = plan.cols("zh_alt")
    extra_cols = [(i, (plan.headers[i].strip() if i < len(plan.headers) and plan.headers[i].strip()
                       else _col_letter(i))) for i, r in other_cols if r not in ("en_alt", "zh_alt")]
    has_acc = "accept" in c
    for ri in range(plan.header_row + 1, len(rows)):
        raw = rows[ri]
        row = [x.strip() if x else "" for x in raw]
        if escaped:
            row = [unescape_formula(x) if x[:1] == "'" else x for x in row]
        if len(row) < width:
            row.extend(blank[len(row):])
        row.append("")
        if not any(row):
            empty += 1
            continue
        at = f"{where}:{nums[ri]}"
        en_cell, zh_cell = row[i_en], row[i_zh]
        if has_acc:
            acc = parse_accept(row[i_acc])
            if accepted_only and acc is not True:
                not_accepted.setdefault(row[i_acc], []).append(nums[ri])
                continue
        if not en_cell and not zh_cell:
            filled = ", ".join(f"{_col_letter(i)}" for i, x in enumerate(row) if x)
            warnings.append(f"{at}: skipped: no English and no Chinese term (cells {filled} filled)")
            continue
        if not zh_cell:
            warnings.append(f"{at}: skipped: no Chinese term (English {en_cell[:40]!r})")
            continue
        if not en_cell:
            warnings.append(f"{at}: skipped: no English term (Chinese {zh_cell[:40]!r})")
            continue
        en_terms = split_synonyms(en_cell)
        zh_terms = split_synonyms(zh_cell)
        for alts, target in ((alt_en, en_terms), (alt_zh, zh_terms)):
            for i in alts:
                if row[i]:
                    for t in split_synonyms(row[i]):
                        if t not in target:
                            target.append(t)
        ne, nz = len(en_terms), len(zh_terms)
        pos = row[i_pos]
        en_pos = _per_term(row[i_enpos], ne) if has_enpos else [pos] * ne
        en_st = _statuses(row[i_enst], ne, at, warnings)
        zh_st = _statuses(row[i_zhst] or row[i_status2], nz, at, warnings)
        en_notes = _per_term(row[i_ennote], ne)
        en_srcs = _per_term(row[i_ensrc], ne)
        zh_notes = _per_term(row[i_zhnote], nz)
        zh_srcs = _per_term(row[i_zhsrc], nz)
        terms = [Term(t, "en", s_, pos=p_, note=n_, source=so)
                 for t, s_, n_, so, p_ in zip(en_terms, en_st, en_notes, en_srcs, en_pos)]
        terms += [Term(t, "zh", s_, pos=pos, note=n_, source=so)
                  for t, s_, n_, so in zip(zh_terms, zh_st, zh_notes, zh_srcs)]
        definition = "\n".join(row[i] for i in i_defs if row[i]) if i_defs else ""
        note = row[i_note]
        if extra_cols:
            extras = [f"{label}: {row[i]}" for i, label in extra_cols if row[i]]
            if extras:
                note = "\n".join([note] + extras) if note else "\n".join(extras)
        eid = row[i_id]
        rec = dict(id=eid, terms=terms, definition=definition, domain=row[i_dom],
                   source=row[i_src], context=row[i_ctx], note=note, origin=at)
        if eid and eid in groups:
            prev = built[groups[eid]]
            have = {(t.lang, t.text) for t in prev["terms"]}
            prev["terms"].extend(t for t in terms if (t.lang, t.text) not in have)
            seen = pieces[groups[eid]]
            for k in ("definition", "domain", "source", "context", "note"):  # every row's text is kept, once
                if rec[k] and rec[k] not in seen.setdefault(k, [prev[k]] if prev[k] else []):
                    seen[k].append(rec[k])
                    prev[k] = ("; " if k in ("domain", "source") else "\n").join(seen[k])
            continue
        if eid:
            groups[eid] = len(built)
            pieces[len(built)] = {}
        built.append(rec)
    if empty:
        warnings.append(f"{where}: {empty} empty row(s) ignored")
    if not_accepted:
        warnings.extend(_not_accepted(where, not_accepted))
        if not built:
            n = sum(len(v) for v in not_accepted.values())
            seen = ", ".join(f"{len(v)} {('with ' + repr(k)) if k else 'empty'}" for k, v in not_accepted.items())
            raise InputError(f"no row is accepted: the Accept column ({_col_letter(i_acc)}) of all {n} rows is empty or "
                             f"not a yes ({seen})", where=where,
                             hint="write accept (or yes, y, x, ✓, 是, 接受, 采纳) in the Accept column of the rows to "
                                  "keep, or import without --accepted-only")
    if plan.how == "given":
        mapped = {i for i, _r in plan.roles}
        unread = sorted({i for r in rows[plan.header_row + 1:] for i, x in enumerate(r) if x and x.strip()} - mapped)
        if unread:
            names = ", ".join(_col_letter(i) + (f" {plan.headers[i]!r}" if i < len(plan.headers) and plan.headers[i]
                                                else "") for i in unread)
            warnings.append(f"{where}: columns not in the column map, not read: {names}")
    zh_cells = [t.text for b in built[:500] for t in b["terms"] if t.lang == "zh"]
    if zh_cells:
        han_share = sum(1 for x in zh_cells if HAN_RE.search(x)) / len(zh_cells)
        if han_share < 0.5:
            warnings.insert(0, f"{where}: the Chinese column ({_col_letter(c['zh'])}) holds Chinese characters in "
                               f"only {han_share:.0%} of its cells: is it really the Chinese column?")
    entries = [GlossaryEntry(id=b["id"], terms=_order_terms(b["terms"]), definition=b["definition"],
                             domain=b["domain"], source=b["source"], context=b["context"], note=b["note"],
                             origin=b["origin"]) for b in built]
    return entries, warnings, plan


def _has_escapes(rows: Sequence[Sequence[str]], start: int) -> bool:
    """Whether any cell below the header starts like an escaped formula (``'=``, ``'+``, ``'-``, ``'@``)."""
    for r in rows[start:]:
        for x in r:
            if x and x[0] == "'" and unescape_formula(x) is not x:
                return True
    return False


# ---------------------------------------------------------------------------
# CAT term-base layouts: one row per concept, each term followed by its own attribute columns

#: Headers (casefolded) of per-term attribute columns in the memoQ and Phrase TMS layouts, and what they hold.
TERM_ATTRS = {
    "term_status": "status", "term_forbidden": "forbidden", "term_example": "context", "term_note": "note",
    "term_pos": "pos", "term_info": "info",
    "status": "approval", "preferred": "preferred", "forbidden": "forbidden", "note": "note", "term note": "note",
    "part of speech": "pos", "usage": "context",
}
#: Attribute columns that only a CAT layout has: their presence after a language column switches the reader
#: to the block layout.
_BLOCK_MARKERS = {"term_status", "term_forbidden", "preferred", "forbidden"}
_ENTRY_FIELDS = {"entry_id": "id", "cid": "id", "concept id": "id", "id": "id", "entry_domain": "domain",
                 "domain": "domain", "subdomains": "domain", "entry_subject": "domain", "definition": "definition",
                 "entry_note": "note", "concept note": "note", "url": "source"}
_TRUE = {"true", "yes", "1", "wahr", "vrai", "是", "x", "✓"}
_FALSE = {"false", "no", "0", "falsch", "faux", "否", ""}
STATUS_NOTE = "shuyu status: "


@dataclass(frozen=True, slots=True)
class TermBlock:
    """A term column and the attribute columns that follow it (attribute name → column)."""

    lang: str
    col: int
    attrs: tuple[tuple[str, int], ...]


def term_blocks(headers: Sequence[str]) -> tuple[tuple[tuple[str, int], ...], tuple[TermBlock, ...]] | None:
    """(entry columns, term blocks) of a memoQ / Phrase TMS style header, or None for any other header."""
    names = [_norm_header(h) for h in headers]
    marked = False
    entry: list[tuple[str, int]] = []
    blocks: list[TermBlock] = []
    cur: tuple[str, int] | None = None
    attrs: list[tuple[str, int]] = []

    def close() -> None:
        if cur is not None:
            blocks.append(TermBlock(cur[0], cur[1], tuple(attrs)))

    for i, n in enumerate(names):
        if not n:
            continue
        if cur is not None and n in TERM_ATTRS:
            attrs.append((TERM_ATTRS[n], i))
            marked = marked or n in _BLOCK_MARKERS
            continue
        if n in _ENTRY_FIELDS:
            entry.append((_ENTRY_FIELDS[n], i))
            continue
        lang, field = classify_header(headers[i])
        if lang in ("en", "zh") and field == "term":
            close()
            cur, attrs = (lang, i), []
        elif field == "definition":
            entry.append(("definition", i))
        else:
            entry.append((f"extra:{headers[i].strip()}", i))
    close()
    if not marked or not any(b.lang == "en" for b in blocks) or not any(b.lang == "zh" for b in blocks):
        return None
    return tuple(entry), tuple(blocks)


def _flags_look_boolean(rows: Sequence[Sequence[str]], start: int, blocks: Sequence[TermBlock],
                        sample: int = 200) -> bool:
    """Whether the Forbidden / Preferred columns of a block layout hold flags (TRUE/FALSE…) and its
    Term_Status columns statuses: a sheet whose "Forbidden" column lists forbidden variants is no block layout."""
    for r in rows[start:start + sample]:
        for b in blocks:
            for name, i in b.attrs:
                v = r[i].strip().casefold() if i < len(r) and r[i] else ""
                if not v:
                    continue
                if name in ("forbidden", "preferred") and v not in _TRUE and v not in _FALSE:
                    return False
                if name == "status" and parse_status(v) is None:
                    return False
    return True


def _block_status(get, block: TermBlock, first: bool, where: str, warnings: list[str]) -> tuple[str, str]:
    """(status, note) of one term of a block layout."""
    values = {name: get(i) for name, i in block.attrs}
    note = values.get("note", "")
    explicit = ""
    if STATUS_NOTE in note:  # the exact status behind Forbidden=TRUE, written by shuyu
        kept = []
        for line in note.split("\n"):
            if line.startswith(STATUS_NOTE):
                explicit = line[len(STATUS_NOTE):].strip()
            else:
                kept.append(line)
        note = "\n".join(kept).strip()
    word = values.get("status", "") or explicit
    if word:
        st = parse_status(word)
        if st is None:
            warnings.append(f"{where}: unknown status {word!r} read as admitted "
                            "(use preferred, admitted, deprecated, superseded or forbidden)")
            st = "admitted"
        return st, note
    forbidden = values.get("forbidden", "").casefold()
    preferred = values.get("preferred", "").casefold()
    if forbidden in _TRUE and forbidden:
        return "forbidden", note
    if values.get("approval", "").casefold() == "new" and preferred not in _TRUE:
        return UNREVIEWED, note
    if preferred in _TRUE and preferred:
        return "preferred", note
    if "preferred" in values and preferred in _FALSE and values["preferred"] != "":
        return "admitted", note
    return ("preferred" if first else "admitted"), note


def _block_entries(rows: Sequence[Sequence[str]], where: str, plan: ColumnPlan, layout, row_numbers) \
        -> tuple[list[GlossaryEntry], list[str], ColumnPlan]:
    entry_cols, blocks = layout
    warnings: list[str] = []
    nums = row_numbers or list(range(1, len(rows) + 1))
    entries: list[GlossaryEntry] = []
    escaped = _has_escapes(rows, plan.header_row + 1)
    empty = 0
    for ri in range(plan.header_row + 1, len(rows)):
        raw = rows[ri]
        if not any(x and x.strip() for x in raw):
            empty += 1
            continue

        def get(i: int) -> str:
            v = raw[i].strip() if i < len(raw) and raw[i] else ""
            return unescape_formula(v) if escaped and v[:1] == "'" else v

        at = f"{where}:{nums[ri]}"
        fields: dict[str, list[str]] = {}
        for name, i in entry_cols:
            v = get(i)
            if v:
                if name.startswith("extra:"):
                    fields.setdefault("note", []).append(f"{name[6:]}: {v}")
                else:
                    fields.setdefault(name, []).append(v)
        terms: list[Term] = []
        context = ""
        seen_lang: set[str] = set()
        for b in blocks:
            text = get(b.col)
            if not text:
                continue
            status, note = _block_status(get, b, b.lang not in seen_lang, at, warnings)
            seen_lang.add(b.lang)
            pos = next((get(i) for name, i in b.attrs if name == "pos"), "")
            ctx = next((get(i) for name, i in b.attrs if name == "context"), "")
            if ctx and not context:
                context = ctx
            terms.append(Term(text, b.lang, status, pos=pos, note=note))
        if not any(t.lang == "en" for t in terms) or not any(t.lang == "zh" for t in terms):
            missing = "English" if not any(t.lang == "en" for t in terms) else "Chinese"
            warnings.append(f"{at}: skipped: no {missing} term")
            continue
        entries.append(GlossaryEntry(
            id=(fields.get("id") or [""])[0], terms=_order_terms(terms),
            definition="\n".join(fields.get("definition", [])), domain="; ".join(fields.get("domain", [])),
            source="\n".join(fields.get("source", [])), context=context, note="\n".join(fields.get("note", [])),
            origin=at))
    if empty:
        warnings.append(f"{where}: {empty} empty row(s) ignored")
    roles = tuple(sorted([(i, n) for n, i in entry_cols] + [(b.col, b.lang) for b in blocks]
                         + [(i, f"{b.lang}_{n}") for b in blocks for n, i in b.attrs]))
    return entries, warnings, ColumnPlan(plan.header_row, roles, plan.headers, "term blocks (CAT layout)")


def _order_terms(terms: list[Term]) -> tuple[Term, ...]:
    return tuple([t for t in terms if t.lang == "en"] + [t for t in terms if t.lang == "zh"])


_KNOWN_ROLES = {"id", "en", "zh", "status", "en_status", "zh_status", "pos", "en_pos", "zh_pos", "domain", "definition", "en_definition",
                "zh_definition", "context", "note", "en_note", "zh_note", "en_source", "zh_source", "source",
                "accept", "term", "skip"}


def read_rows_as_glossary(tables: Sequence[tuple[str, Sequence[Sequence[str]], Sequence[int] | None]], sources: Sequence[str],
                          *, columns: Mapping[str, int] | None = None, accepted_only: bool = False,
                          skip_unusable: bool = False) -> Glossary:
    """Build one glossary from several tables (e.g. the sheets of a workbook).

    With ``skip_unusable`` a table without English/Chinese columns is skipped with
    a warning as long as another table is usable; otherwise its error is raised.
    """
    entries: list[GlossaryEntry] = []
    warnings: list[str] = []
    errors: list[InputError] = []
    for where, rows, nums in tables:
        try:
            es, ws, plan = rows_to_glossary(rows, where, columns=columns, accepted_only=accepted_only, row_numbers=nums)
        except InputError as exc:
            if not skip_unusable:
                raise
            errors.append(exc)
            continue
        hdr = f"header on row {(nums[plan.header_row] if nums else plan.header_row + 1)}" if plan.header_row >= 0 else "no header row (columns found by content)"
        warnings.append(f"{where}: read {len(es)} entries; {hdr}; columns: {plan.describe()}")
        entries.extend(es)
        warnings.extend(ws)
    if not entries and errors:
        if len(errors) == 1:
            raise errors[0]
        raise InputError("no sheet has English and Chinese columns: " + "; ".join(str(e) for e in errors),
                         hint="name the sheet (--sheet) and the columns (--columns en=B,zh=C)")
    for e in errors:
        warnings.append(f"skipped sheet: {e}")
    return Glossary(entries=tuple(entries), sources=tuple(sources), warnings=tuple(warnings))


# ---------------------------------------------------------------------------
# entries → the flat table shuyu writes

BASE_HEADER = ("ID", "English", "Chinese", "Status", "POS", "Domain", "Definition", "Context", "Note", "Source")
OPTIONAL = ("English status", "English POS", "English note", "English source", "Chinese note", "Chinese source")


def flatten(glossary: Glossary) -> tuple[tuple[str, ...], list[list[str]]]:
    """Header and rows: one row per Chinese term; English synonyms joined with ``"; "``."""
    need = dict.fromkeys(OPTIONAL, False)
    for e in glossary.entries:
        ens = e.en
        if any(t.note for t in ens):
            need["English note"] = True
        if any(t.source for t in ens):
            need["English source"] = True
        if [t.status for t in ens] != (["preferred"] + ["admitted"] * (len(ens) - 1))[:len(ens)]:
            need["English status"] = True
        if len({t.pos for t in e.terms}) > 1:  # one POS column holds it only when all terms share it
            need["English POS"] = True
        if any(t.note for t in e.zh):
            need["Chinese note"] = True
        if any(t.source for t in e.zh):
            need["Chinese source"] = True
    header = BASE_HEADER[:4] + tuple(h for h in ("English status",) if need[h]) + BASE_HEADER[4:] + tuple(
        h for h in OPTIONAL[1:] if need[h])
    rows: list[list[str]] = []
    idx = {h: i for i, h in enumerate(header)}
    used: set[str] = {e.id for e in glossary.entries if e.id}
    seen: set[str] = set()
    for n, e in enumerate(glossary.entries, start=1):
        ens = e.en
        uid = e.id
        if not uid and len(e.zh) > 1:  # rows of one entry must share an ID to be read back as one
            uid, k = f"e{n}", 1
            while uid in used:
                k += 1
                uid = f"e{n}.{k}"
            used.add(uid)
        elif uid and uid in seen:
            base, k = uid, 1
            while uid in used:
                k += 1
                uid = f"{base}.{k}"
            used.add(uid)
        seen.add(uid)
        en_text = SYNONYM_JOIN.join(t.text for t in ens)
        zhs = e.zh or (None,)
        for z in zhs:
            row = [""] * len(header)
            row[idx["ID"]] = uid
            row[idx["English"]] = en_text
            row[idx["Chinese"]] = z.text if z else ""
            row[idx["Status"]] = z.status if z else ""
            if "English POS" in idx:
                row[idx["POS"]] = z.pos if z else ""
            else:
                row[idx["POS"]] = (z.pos if z and z.pos else (ens[0].pos if ens else ""))
            row[idx["Domain"]] = e.domain
            row[idx["Definition"]] = e.definition
            row[idx["Context"]] = e.context
            row[idx["Note"]] = e.note
            row[idx["Source"]] = e.source
            if "English status" in idx:
                row[idx["English status"]] = SYNONYM_JOIN.join(t.status for t in ens)
            if "English POS" in idx:
                row[idx["English POS"]] = "\n".join(t.pos for t in ens) if len({t.pos for t in ens}) > 1 else (ens[0].pos if ens else "")
            if "English note" in idx:
                row[idx["English note"]] = "\n".join(t.note for t in ens) if len(ens) > 1 and any(t.note for t in ens) else (ens[0].note if ens else "")
            if "English source" in idx:
                row[idx["English source"]] = "\n".join(t.source for t in ens) if len(ens) > 1 and len({t.source for t in ens}) > 1 else (ens[0].source if ens else "")
            if "Chinese note" in idx:
                row[idx["Chinese note"]] = z.note if z else ""
            if "Chinese source" in idx:
                row[idx["Chinese source"]] = z.source if z else ""
            rows.append(row)
    return header, rows


def flat_losses(glossary: Glossary, header: Sequence[str], rows: Sequence[Sequence[str]], log: LossLog | None = None) -> LossLog:
    """What the flat table fails to hold, found by reading it back in memory."""
    log = log or LossLog()
    table = [list(header)] + [list(r) for r in rows]
    try:
        back, _w, _p = rows_to_glossary(table, "(check)")
    except InputError:
        back = []
    seq = iter(back)
    for e in glossary.entries:
        if not e.zh or not e.en:
            log.add("entry without an English or a Chinese term not kept", repr(e.id or e.origin))
            continue
        compare_entries(e, next(seq, None), log)
    return log


_SEP_CHARS = frozenset(";；|｜\r\n")
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def flat_losses_quick(glossary: Glossary, log: LossLog | None = None, *, xml: bool = False) -> LossLog:
    """What the flat table (see :func:`flatten`) fails to hold, found by rule instead of by reading back.

    The rules mirror :func:`rows_to_glossary`; the tests check them against
    :func:`flat_losses` (which reads the table back) on awkward glossaries.
    """
    from ..records import TERM_STATUSES

    log = log or LossLog()
    seen_ids: set[str] = set()

    def strip_ok(v: str) -> bool:
        return v == v.strip() and not (xml and _XML_BAD.search(v))

    for e in glossary.entries:
        ens, zhs = e.en, e.zh
        if not ens or not zhs:
            log.add("entry without an English or a Chinese term not kept", repr(e.id or e.origin))
            continue
        label = None
        if e.id:
            if e.id in seen_ids or not strip_ok(e.id):
                label = entry_label_of(e)
                log.add("entry id not kept", label)
            seen_ids.add(e.id)
        for name in ("definition", "domain", "source", "context", "note"):
            v = getattr(e, name)
            if v and not strip_ok(v):
                log.add(f"entry {name} not kept", entry_label_of(e))
        zh_texts: set[str] = set()
        for t in e.terms:
            if t.lang not in ("en", "zh"):
                log.add(f"{t.lang} term not kept", f"{entry_label_of(e)}: {t.text!r}")
                continue
            if not t.text or not strip_ok(t.text) or not _SEP_CHARS.isdisjoint(t.text) or (
                    t.lang == "zh" and t.text in zh_texts):
                log.add(f"{t.lang} term not kept", f"{entry_label_of(e)}: {t.text!r}")
            if t.lang == "zh":
                zh_texts.add(t.text)
            if t.status not in TERM_STATUSES:
                log.add(f"{t.lang} status {t.status!r} not kept", f"{entry_label_of(e)}: {t.text!r}")
            if t.lang == "zh":
                for name in ("pos", "note", "source"):
                    v = getattr(t, name)
                    if v and not strip_ok(v):
                        log.add(f"zh term {name} not kept", f"{entry_label_of(e)}: {t.text!r}")
        for name in ("pos", "note", "source"):
            vals = [getattr(t, name) for t in ens]
            if not any(vals):
                continue
            if len(set(vals)) == 1:
                ok = strip_ok(vals[0])
            else:
                joined = "\n".join(vals)
                ok = strip_ok(joined) and all("\n" not in v for v in vals)
            if not ok:
                log.add(f"en term {name} not kept", entry_label_of(e))
    return log


def entry_label_of(e: GlossaryEntry) -> str:
    from .model import entry_label

    return entry_label(e)
