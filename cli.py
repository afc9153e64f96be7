"""The ``shuyu`` command line: thin wrappers around the library.

Each command parses its options, calls one library function and writes or
prints the result.  Only this module sets exit codes, logging and console
encoding:

* 0 — success (for ``check``: no finding at or above ``--fail-on``);
* 1 — ``check`` / ``glossary validate`` found problems;
* 2 — usage or input error (one line on stderr naming the file and the fix);
* 3 — internal error (a bug: please report it; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import ShuyuError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

log = logging.getLogger("shuyu")


def _fail(message: str, code: int) -> None:
    click.echo(f"shuyu: error: {message}", err=True)
    sys.exit(code)


def handle_errors(func):
    """Turn library errors into one line on stderr and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = bool(ctx.find_root().obj and ctx.find_root().obj.get("debug"))
        try:
            return func(*args, **kwargs)
        except ShuyuError as exc:
            if debug:
                raise
            _fail(str(exc), EXIT_INPUT)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:  # output piped into `head` and closed: not an error
            try:
                sys.stdout = None  # type: ignore[assignment]
            finally:
                os._exit(0)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: say so in one line, keep the traceback for --debug
            if debug:
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback "
                  "and please report it)", EXIT_INTERNAL)

    return wrapper


class Progress:
    """A progress callback that shows a bar on a terminal once work takes over a second."""

    def __init__(self, label: str, enabled: bool = True, delay: float = 1.0):
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self.delay = delay
        self.start = time.monotonic()
        self.bar = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < self.delay:
                return
            self.bar = click.progressbar(length=max(total, 1), label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(max(done - self.shown, 0))
        self.shown = max(done, self.shown)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


class ShuyuGroup(click.Group):
    """A click group whose usage errors are one line (``shuyu: error: …``), exit code 2."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            command = f" (see `shuyu {exc.ctx.command_path.partition(' ')[2]} --help`)".replace("shuyu  ", "shuyu ") \
                if getattr(exc, "ctx", None) is not None else ""
            _fail(" ".join(exc.format_message().split()) + command, exc.exit_code)
        except click.Abort:
            _fail("interrupted", 130)
        sys.exit(code if isinstance(code, int) else 0)


def _setup_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


@click.group(cls=ShuyuGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="shuyu")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug logging).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, verbose: int, debug: bool) -> None:
    """shuyu (术语): align English-Chinese official texts, mine their terms,
    manage glossaries and check terminology consistency."""
    _setup_console()
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="shuyu: %(levelname)s: %(message)s", stream=sys.stderr)
    logging.getLogger("jieba").setLevel(logging.ERROR)
    ctx.obj = {"debug": debug}


EN_ARG = click.argument("en", type=click.Path(dir_okay=False, path_type=Path))
ZH_ARG = click.argument("zh", type=click.Path(dir_okay=False, path_type=Path))


@main.command()
@EN_ARG
@ZH_ARG
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for alignment.xlsx, alignment.tmx, glossary.xlsx and glossary.tbx.")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Your glossary (xlsx, csv, tsv, tbx): anchors the alignment; its terms are marked as known.")
@click.option("--top", default=200, show_default=True, type=click.IntRange(min=0),
              help="Keep at most this many mined terms (0 = all).")
@handle_errors
def run(en: Path, zh: Path, outdir: Path, glossary_path: Path | None, top: int) -> None:
    """Align EN and ZH, mine their terms and write review sheets, TMX and TBX into OUTDIR.

    EN is the English document and ZH the Chinese one (.txt, .md or .docx; UTF-8,
    UTF-16, GB18030 or Big5; Simplified or Traditional).
    """
    from .pipeline import run as run_pipeline

    progress = Progress("aligning")
    try:
        result = run_pipeline(en, zh, outdir, glossary_path=glossary_path, top=top or None, progress=progress)
    finally:
        progress.close()
    a = result.alignment
    kinds = ", ".join(f"{n} × {k}" for k, n in result.bead_counts.items())
    low = sum(1 for b in a.beads if b.confidence < 0.5)
    click.echo(f"English:  {a.en.path}: {len(a.en.sentences)} sentences ({a.en.encoding})")
    click.echo(f"Chinese:  {a.zh.path}: {len(a.zh.sentences)} sentences ({a.zh.encoding}, {a.zh.script})")
    click.echo(f"Aligned:  {len(a.beads)} beads ({kinds}); {low} below confidence 0.5")
    click.echo(f"Terms:    {len(result.terms)} term pairs mined (unreviewed candidates: accept them in glossary.xlsx)")
    if result.skipped:
        click.echo(f"Note:     {result.skipped}")
    for en_t, zh_t in [(t.en, t.zh) for t in result.terms[:5]]:
        click.echo(f"          {en_t} = {zh_t}")
    from .aligner.batch import alignment_warnings

    for warning in alignment_warnings(a):
        click.echo(f"Warning:  {warning}")
    for warning in result.warnings:
        click.echo(f"Note:     {warning}")
    click.echo("Wrote:")
    for role, path in result.outputs:
        click.echo(f"  {path}  ({role})")


@main.command()
@click.argument("en", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.argument("zh", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Output file; its extension picks the format: .xlsx .tmx .tsv .jsonl .beads "
                   "(with --batch: a folder).")
@click.option("--lines", is_flag=True, help="Each input line is one sentence (no re-splitting).")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary whose term pairs anchor the alignment.")
@click.option("--batch", "batch_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Align every NAME.en.* / NAME.zh.* pair in this folder.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "tmx", "tsv", "jsonl", "beads"]),
              help="Output format (default: from the extension; with --batch: tmx).")
@click.option("-j", "--jobs", default=0, type=click.IntRange(min=0), help="Parallel jobs for --batch (0 = all cores).")
@handle_errors
def align(en, zh, output: Path, lines: bool, glossary_path, batch_dir, fmt, jobs: int) -> None:
    """Sentence-align an English and a Chinese document.

    Beads can be 1-1, 1-2, 2-1, 1-0, 0-1 and more; each has a confidence in [0, 1].
    """
    from .aligner import batch as batch_mod
    from .errors import UsageError

    if batch_dir is not None:
        if en or zh:
            raise UsageError("give either EN ZH or --batch DIR, not both")
        results = batch_mod.align_batch(batch_dir, output, fmt=fmt or "tmx", lines=lines,
                                        glossary_path=glossary_path, jobs=jobs)
        for res in results:
            click.echo(f"{res.name}: {res.beads} beads -> {res.output}")
        click.echo(f"{len(results)} document pairs aligned into {output}")
        return
    if not (en and zh):
        raise UsageError("give the English and the Chinese document (or --batch DIR)",
                         hint="shuyu align EN ZH -o out.xlsx")
    progress = Progress("aligning")
    try:
        alignment, used = batch_mod.align_files(en, zh, output, fmt=fmt, lines=lines,
                                                glossary_path=glossary_path, progress=progress)
    finally:
        progress.close()
    kinds: dict[str, int] = {}
    for b in alignment.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    summary = ", ".join(f"{n} × {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    click.echo(f"{len(alignment.en.sentences)} English and {len(alignment.zh.sentences)} Chinese sentences, "
               f"{len(alignment.beads)} beads ({summary}) -> {output} ({used})")
    for warning in batch_mod.alignment_warnings(alignment):
        click.echo(f"warning: {warning}", err=True)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.argument("hyp", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@handle_errors
def eval_(gold: Path, hyp: Path, as_json: bool) -> None:
    """Score predicted beads against gold beads (strict and lax P/R/F1).

    GOLD and HYP are two bead files (`[0, 1]:[2]` per line) or two folders of
    NNN.gold / NNN.beads files, micro-averaged over documents.
    """
    import json

    from .aligner.evaluate import evaluate_paths

    scores, ndocs = evaluate_paths(gold, hyp)
    if as_json:
        click.echo(json.dumps({"documents": ndocs, **scores.as_dict()}, indent=2))
        return
    click.echo(f"documents: {ndocs}")
    click.echo(f"strict  P {scores.strict_precision:.3f}  R {scores.strict_recall:.3f}  F1 {scores.strict_f1:.3f}")
    click.echo(f"lax     P {scores.lax_precision:.3f}  R {scores.lax_recall:.3f}  F1 {scores.lax_f1:.3f}")


MINE_FORMATS = (".xlsx", ".csv", ".tsv", ".tbx")


@main.command()
@click.argument("en", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.argument("zh", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output: .xlsx (review sheet with Accept and Status columns), .csv, .tsv or .tbx.")
@click.option("--aligned", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Aligned file(s) to mine instead of documents: .tmx .tsv .csv .xlsx .jsonl .xlf .po.")
@click.option("--batch", "batch_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of NAME.en.* / NAME.zh.* document pairs to align and mine together.")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Your glossary: its terms are marked as known rather than proposed as new.")
@click.option("--top", default=200, show_default=True, type=click.IntRange(min=0),
              help="Keep at most this many new term pairs (0 = all).")
@click.option("--min-freq", default=1, show_default=True, type=click.IntRange(min=1),
              help="Least number of aligned pairs a term pair must share.")
@click.option("--stoplist", "stoplist_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Stop words, one per line (English and Chinese): words that never belong to a mined term.")
@click.option("-j", "--jobs", default=0, type=click.IntRange(min=0),
              help="Parallel jobs for --batch alignment (0 = all cores).")
@handle_errors
def mine(en, zh, output: Path, aligned, batch_dir, glossary_path, top: int, min_freq: int, stoplist_path,
         jobs: int) -> None:
    """Mine bilingual term pairs from aligned English-Chinese text into a ranked glossary.

    Give EN ZH documents (aligned first), aligned files (--aligned), or a folder (--batch).
    """
    from .errors import UsageError
    from .pipeline import mine_files, write_mined

    from .files import refuse_input_as_output

    refuse_input_as_output(output, [en, zh, *aligned, glossary_path, stoplist_path])
    if output.suffix.lower() not in MINE_FORMATS:
        raise UsageError(f"unknown term output format {output.suffix or '(none)'!r}", where=output,
                         hint=f"use one of: {', '.join(MINE_FORMATS)}")
    progress = Progress("mining")
    try:
        result = mine_files(en_path=en, zh_path=zh, aligned=tuple(aligned), batch_dir=batch_dir,
                            glossary_path=glossary_path, top=top or None, min_freq=min_freq,
                            stoplist_path=stoplist_path, jobs=jobs,
                            progress=lambda n: progress(n, max(n, 1)))
    finally:
        progress.close()
    write_mined(result, output)
    if result.skipped:
        click.echo(f"note: {result.skipped}")
    known = sum(1 for t in result.terms if t.known)
    click.echo(f"{result.pairs_used} of {result.pairs_read} aligned pairs used; "
               f"{len(result.terms) - known} new term pairs, {known} already in the glossary -> {output}")
    for t in [t for t in result.terms if not t.known][:10]:
        click.echo(f"  {t.score:6.3f}  {t.en} = {t.zh}")


# ---------------------------------------------------------------------------- glossary
@main.group()
def glossary() -> None:
    """Read, convert, merge and validate glossaries (xlsx, csv, tsv, TBX, Markdown tables)."""


SHEET_OPT = click.option("--sheet", multiple=True, help="Sheet name or 0-based index to read (repeatable; default: all).")
COLUMNS_OPT = click.option("--columns", help="Explicit column mapping, e.g. en=B,zh=C,note=E.")
ACCEPTED_OPT = click.option("--accepted-only", is_flag=True,
                            help="Keep only rows marked accepted in a review sheet's Accept column.")
FORMAT_OPT = click.option("--to", "fmt", help="Output format name (default: from the extension); "
                                              "see `shuyu glossary formats`.")
BOM_OPT = click.option("--bom", is_flag=True, help="Start CSV output with a UTF-8 byte-order mark (for Excel).")


def _sheet_arg(sheet):
    if not sheet:
        return None
    values = [int(s) if s.isdigit() else s for s in sheet]
    return values[0] if len(values) == 1 else values


def _echo_read(g, path) -> None:
    click.echo(f"read {len(g.entries)} entries from {path}")
    for w in g.warnings:
        click.echo(f"  {w}")


def _echo_written(report) -> None:
    click.echo(f"wrote {report.entries} entries to {report.path} ({report.fmt})")
    for item in report.lost:
        click.echo(f"  not kept by {report.fmt}: {item}")
    for item in report.notes:
        click.echo(f"  note: {item}")


@glossary.command("formats")
@handle_errors
def glossary_formats() -> None:
    """List the glossary formats shuyu reads and writes."""
    from .glossaries import FORMATS

    for f in FORMATS.values():
        rw = ("read" if f.reader else "") + ("/" if f.reader and f.writer else "") + ("write" if f.writer else "")
        ext = " ".join(f.extensions) or "(use --to)"
        click.echo(f"{f.name:12} {rw:11} {ext:18} {f.description}")


def _read_merge_write(sources, output, *, fmt=None, bom=False, sheet=(), columns=None, accepted_only=False,
                      always_merge=False) -> None:
    """Read every source (reporting what was read and skipped), merge several, write OUTPUT."""
    from .glossaries import format_for, merge, read_glossary, write_glossary

    format_for(output, fmt, for_writing=True)  # refuse an unknown output format before reading
    read = []
    for src in sources:
        g = read_glossary(src, sheet=_sheet_arg(sheet), columns=columns, accepted_only=accepted_only)
        _echo_read(g, src)
        read.append(g)
    result = read[0]
    if len(read) > 1 or always_merge:
        merged = merge(read)
        click.echo(merged.summary())
        for conflict in merged.conflicts:
            click.echo(f"  conflict: {conflict.message}")
        for alt in merged.alternatives:
            click.echo(f"  alternatives: {alt.en}: " + ", ".join(f"{t} ({st}, {src})" for t, st, src in alt.zh))
        result = merged.glossary
    _echo_written(write_glossary(result, output, fmt=fmt, bom=bom))


@glossary.command("convert")
@click.argument("src", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@FORMAT_OPT
@BOM_OPT
@SHEET_OPT
@COLUMNS_OPT
@ACCEPTED_OPT
@handle_errors
def glossary_convert(src, output, fmt, bom, sheet, columns, accepted_only) -> None:
    """Convert a glossary between formats (xlsx, csv, tsv, tbx, memoq-*, phrase-*)."""
    _read_merge_write([src], output, fmt=fmt, bom=bom, sheet=sheet, columns=columns, accepted_only=accepted_only)


@glossary.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@FORMAT_OPT
@BOM_OPT
@SHEET_OPT
@COLUMNS_OPT
@ACCEPTED_OPT
@handle_errors
def glossary_import(sources, output, fmt, bom, sheet, columns, accepted_only) -> None:
    """Import spreadsheets, CSV, TBX or shuyu review sheets into one glossary.

    Reports every row read or skipped; several inputs are merged without loss.
    """
    _read_merge_write(sources, output, fmt=fmt, bom=bom, sheet=sheet, columns=columns, accepted_only=accepted_only)


@glossary.command("merge")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@FORMAT_OPT
@BOM_OPT
@handle_errors
def glossary_merge(sources, output, fmt, bom) -> None:
    """Merge glossaries keeping every entry; list alternatives and status conflicts."""
    _read_merge_write(sources, output, fmt=fmt, bom=bom, always_merge=True)


@glossary.command("validate")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@SHEET_OPT
@COLUMNS_OPT
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default="error", show_default=True,
              help="Exit 1 when an issue of this severity (or worse) is found.")
@handle_errors
def glossary_validate(path, sheet, columns, fail_on) -> None:
    """Report duplicates, empty terms, wrong-script columns, invisible characters and
    conflicting statuses, with row numbers; exit code 1 when errors are found
    (or warnings, with --fail-on warning)."""
    from .glossaries import read_glossary, validate

    g = read_glossary(path, sheet=_sheet_arg(sheet), columns=columns)
    issues = validate(g)
    for w in g.warnings:
        click.echo(f"{w}")
    for issue in issues:
        click.echo(str(issue))
    errors = sum(1 for i in issues if i.severity == "error")
    click.echo(f"{len(g.entries)} entries; {errors} errors, {len(issues) - errors} warnings")
    if errors or (fail_on == "warning" and issues):
        sys.exit(EXIT_FINDINGS)


# ---------------------------------------------------------------------------- check
@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-g", "--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary to check against (any format shuyu reads).")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "junit", "sarif", "github"]),
              help="Report format (default: text, or the config's).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Exit 1 when a finding is at or above this severity (default: error).")
@click.option("--enable", multiple=True, help="Run only these checks (repeatable).")
@click.option("--disable", multiple=True, help="Do not run these checks (repeatable).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Report only findings not in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record all current findings as the baseline and exit 0.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Config file (default: shuyu.toml or pyproject.toml [tool.shuyu.check] here or above).")
@click.option("--en-col", help="English column of a bilingual TSV/CSV/XLSX (name or letter).")
@click.option("--zh-col", help="Chinese column of a bilingual TSV/CSV/XLSX (name or letter).")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@click.option("--list-checks", is_flag=True, help="Describe the checks and exit.")
@handle_errors
def check(inputs, glossary_path, fmt, output, fail_on, enable, disable, baseline, write_baseline, config_path,
          en_col, zh_col, color, list_checks) -> None:
    """Check terminology consistency of translations; exit 1 on findings (for CI).

    INPUTS are bilingual files (TMX, XLIFF, PO, TSV/CSV/XLSX, JSONL), folders of
    them, or an English and a Chinese document, which are aligned on the fly.
    """
    from .files import refuse_input_as_output
    from .terms.checking import run_check

    for out_path in (output, write_baseline):
        if out_path is not None:
            refuse_input_as_output(out_path, [*inputs, glossary_path, baseline, config_path])

    split = lambda values: [x.strip() for v in values for x in v.split(",") if x.strip()]  # noqa: E731
    outcome = run_check(inputs, glossary=glossary_path, fmt=fmt, output=output, fail_on=fail_on,
                        enable=split(enable), disable=split(disable), baseline=baseline,
                        write_baseline=write_baseline, config=config_path, list_only=list_checks,
                        color=color if color is not None else sys.stdout.isatty(), en_col=en_col, zh_col=zh_col)
    if outcome.output is None:
        click.echo(outcome.report, nl=False)
    if outcome.result is not None and outcome.baseline_written is None:
        r = outcome.result
        hidden = f", {r.baselined} known findings hidden by the baseline" if r.baselined else ""
        if r.unchecked:
            hidden += (f"; {r.unchecked} segments not checked (one side empty, or aligned with "
                       "confidence below min-confidence)")
        where = f"; report written to {outcome.output}" if outcome.output else ""
        files = f"{len(r.files)} file" + ("s" if len(r.files) != 1 else "")
        click.echo(f"checked {r.pairs} segment pairs in {files}{hidden}{where}", err=True)
    sys.exit(outcome.exit_code)
