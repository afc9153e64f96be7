"""Writers for alignments: a review workbook for people, TMX/TSV/JSONL/beads for tools.

TSV, JSONL and ``.beads`` give sentence indices from 0 (as the gold sets do); the review
sheet, which people read, counts from 1, and its ``#`` is the TMX unit's ``tuid``.

``write_alignment(alignment, path)`` picks the writer from the file extension
(see :data:`WRITERS`).  Every file is written atomically; every format that
can carry it records how the alignment was made (tool version and settings).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from .. import __version__
from ..errors import UsageError
from ..files import atomic_write
from ..records import Alignment
from ..xlsxkit import clean_text

#: Beads below this confidence are highlighted in the review sheet.
LOW_CONFIDENCE = 0.5



_LINE_BREAKS = re.compile(r"[\t\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def _flat(text: str) -> str:
    """One-line text for TSV cells: tabs and line breaks become one space; other spacing is kept."""
    return _LINE_BREAKS.sub(" ", text).strip()


def _zh_lang(alignment: Alignment) -> str:
    return "zh-TW" if alignment.zh.script == "hant" else "zh-CN"


def _tmx(alignment: Alignment, path: str | os.PathLike, *, one_sided: bool) -> None:
    zh_lang = _zh_lang(alignment)
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    left_out = sum(1 for b in alignment.beads if not (b.en and b.zh))
    with atomic_write(path, newline="\n") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        fh.write('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
        fh.write('<tmx version="1.4">\n')
        fh.write(
            f'  <header creationtool="shuyu" creationtoolversion={quoteattr(__version__)} '
            f'datatype="plaintext" segtype="sentence" adminlang="en" srclang="en" '
            f'o-tmf="shuyu" creationdate="{now}">\n'
        )
        fh.write(f'    <prop type="x-shuyu-source-en">{escape(clean_text(alignment.en.path))}</prop>\n')
        fh.write(f'    <prop type="x-shuyu-source-zh">{escape(clean_text(alignment.zh.path))}</prop>\n')
        for key, value in alignment.settings:
            fh.write(f"    <prop type={quoteattr('x-shuyu-' + key)}>{escape(clean_text(str(value)))}</prop>\n")
        if left_out:
            what = "written as one-language units" if one_sided else "left out (written by --format tmx-bitext)"
            fh.write(f'    <prop type="x-shuyu-one-sided-beads">{left_out} {what}</prop>\n')
        fh.write("  </header>\n  <body>\n")
        for n, (bead, en, zh) in enumerate(alignment.pairs(), start=1):
            sides = [(lang, text) for lang, text, ids in (("en", en, bead.en), (zh_lang, zh, bead.zh)) if ids]
            if len(sides) < 2 and not one_sided:
                continue
            segtype = ' segtype="block"' if len(bead.en) > 1 or len(bead.zh) > 1 else ""
            fh.write(f'    <tu tuid="{n}"{segtype}>\n')
            fh.write(f'      <prop type="x-shuyu-confidence">{bead.confidence:.3f}</prop>\n')
            fh.write(f'      <prop type="x-shuyu-bead">{bead.kind}</prop>\n')
            if len(sides) < 2:
                missing = "zh" if bead.en else "en"
                fh.write(f'      <prop type="x-shuyu-unaligned">no {missing} counterpart</prop>\n')
            for lang, text in sides:
                seg = escape(clean_text(text))
                fh.write(f'      <tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>\n')
            fh.write("    </tu>\n")
        fh.write("  </body>\n</tmx>\n")


def write_tmx(alignment: Alignment, path: str | os.PathLike) -> None:
    """TMX 1.4b for CAT tools: one ``<tu>`` per bead with an English and a Chinese sentence.

    A bead with no sentence on one side (1-0, 0-1) is left out: a CAT tool applies a unit's
    translation as it is, and an empty ``<seg>`` would replace the sentence with nothing
    (OmegaT does: the sentence vanishes from the target document).  The header's
    ``x-shuyu-one-sided-beads`` prop counts them; :func:`write_tmx_bitext` keeps them.
    A unit of two or more sentences on a side has ``segtype="block"`` (TMX 1.4b: a unit
    that is not one sentence); the header says ``sentence``.  ``tuid`` is the bead number,
    the ``#`` of the review sheet; confidence and bead type are ``<prop>``.
    """
    _tmx(alignment, path, one_sided=False)


def write_tmx_bitext(alignment: Alignment, path: str | os.PathLike) -> None:
    """TMX 1.4b with every bead, for tools that want the full bitext: a 1-0 / 0-1 bead is a unit with
    the one language it has (no empty ``<seg>``) and the prop ``x-shuyu-unaligned``."""
    _tmx(alignment, path, one_sided=True)


def _ids(indices: tuple[int, ...]) -> str:
    return ",".join(map(str, indices))


def write_tsv(alignment: Alignment, path: str | os.PathLike) -> None:
    """Tab-separated: english, chinese, confidence, type, en_ids, zh_ids (with a header row).

    Quoted like any CSV dialect when a cell needs it (e.g. it starts with a quote mark).
    """
    import csv

    with atomic_write(path, newline="") as fh:
        out = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        out.writerow(["english", "chinese", "confidence", "type", "en_ids", "zh_ids"])
        for bead, en, zh in alignment.pairs():
            out.writerow([_flat(en), _flat(zh), f"{bead.confidence:.3f}", bead.kind, _ids(bead.en), _ids(bead.zh)])


def write_jsonl(alignment: Alignment, path: str | os.PathLike) -> None:
    """One JSON object per bead: en, zh, confidence, type, en_ids, zh_ids."""
    with atomic_write(path, newline="\n") as fh:
        for bead, en, zh in alignment.pairs():
            record = {"en": en, "zh": zh, "confidence": round(bead.confidence, 4), "type": bead.kind,
                      "en_ids": list(bead.en), "zh_ids": list(bead.zh)}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_beads(alignment: Alignment, path: str | os.PathLike) -> None:
    """One bead per line in the gold format of the evaluation sets: ``[0, 1]:[2]``."""
    with atomic_write(path, newline="\n") as fh:
        for bead in alignment.beads:
            fh.write(bead.gold_format() + "\n")


def _people(indices: tuple[int, ...]) -> str:
    """Sentence numbers as a person counts them (1-based), e.g. ``3,4``."""
    return ",".join(str(i + 1) for i in indices)


_SHEET_COLUMNS = ("#", "English", "Chinese", "Confidence", "Type", "EN sentences", "ZH sentences", "Reviewer note")
_SHEET_WIDTHS = (6, 60, 46, 11, 6, 13, 13, 30)


def write_xlsx(alignment: Alignment, path: str | os.PathLike, *, low: float = LOW_CONFIDENCE) -> None:
    """Review workbook: one row per bead, low-confidence rows highlighted, About sheet.

    ``#`` is the bead number (the TMX ``tuid``) and the sentence columns count sentences
    from 1, as a person does.  Rows are as tall as their wrapped English and Chinese; the
    sheet prints landscape on A4, fitted to the page width, with the header on every page.
    """
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment as CellAlignment
    from openpyxl.styles import PatternFill

    from ..xlsxkit import about_sheet, fit_row_heights, header_row, print_layout, save_workbook, write_rows

    wb = Workbook()
    ws = wb.active
    ws.title = "Alignment"
    rows = [
        (n, en, zh, round(bead.confidence, 3), bead.kind, _people(bead.en), _people(bead.zh), "")
        for n, (bead, en, zh) in enumerate(alignment.pairs(), start=1)
    ]
    last = write_rows(ws, rows)
    header_row(ws, _SHEET_COLUMNS, widths=_SHEET_WIDTHS)
    wrap = CellAlignment(wrap_text=True, vertical="top")
    top = CellAlignment(vertical="top")
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=1, max_col=len(_SHEET_COLUMNS)):
        for cell in row:
            cell.alignment = wrap if cell.column in (2, 3, 8) else top
    fit_row_heights(ws, {2: _SHEET_WIDTHS[1], 3: _SHEET_WIDTHS[2], 8: _SHEET_WIDTHS[7]}, 2, last)
    print_layout(ws)
    if last >= 2:
        # A rule, not a fixed fill, so the highlight follows a reviewer's edits and sorting.
        fill = PatternFill("solid", fgColor="FCE4D6", bgColor="FCE4D6")
        ws.conditional_formatting.add(f"A2:H{last}", FormulaRule(formula=[f"$D2<{low}"], fill=fill))
    settings = list(alignment.settings) + [("low-confidence threshold", str(low)),
                                           ("numbers", "# is the bead number (TMX tuid); sentences are counted "
                                                       "from 1 (TSV, JSONL and .beads files count from 0)")]
    about_sheet(wb, "sentence alignment for review", settings, sources=[alignment.en.path, alignment.zh.path])
    save_workbook(wb, path)


#: Output format name → writer; the name is the file extension, except ``tmx-bitext`` (a ``.tmx`` file that
#: keeps the one-sided beads, chosen with ``--format``).
WRITERS: dict[str, Callable[[Alignment, str | os.PathLike], None]] = {
    "xlsx": write_xlsx,
    "tmx": write_tmx,
    "tmx-bitext": write_tmx_bitext,
    "tsv": write_tsv,
    "jsonl": write_jsonl,
    "beads": write_beads,
}


#: Formats picked by a file's extension.
EXTENSIONS = ("xlsx", "tmx", "tsv", "jsonl", "beads")


def write_alignment(alignment: Alignment, path: str | os.PathLike, fmt: str | None = None) -> str:
    """Write ``alignment`` to ``path`` in ``fmt`` (default: from the extension); return the format used."""
    name = (fmt or Path(path).suffix.lstrip(".")).lower()
    writer = WRITERS.get(name)
    if writer is None:
        raise UsageError(f"unknown alignment output format {name!r}", where=path,
                         hint=f"use one of: {', '.join('.' + k for k in WRITERS if k in EXTENSIONS)} "
                              f"(or --format {', '.join(k for k in WRITERS if k not in EXTENSIONS)})")
    writer(alignment, path)
    return name
