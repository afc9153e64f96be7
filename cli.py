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


def _setup_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
@click.option("--top", default=200, show_default=True, help="Keep at most this many mined terms.")
@handle_errors
def run(en: Path, zh: Path, outdir: Path, glossary_path: Path | None, top: int) -> None:
    """Align EN and ZH, mine their terms and write review sheets, TMX and TBX into OUTDIR.

    EN is the English document and ZH the Chinese one (.txt, .md or .docx; UTF-8,
    UTF-16, GB18030 or Big5; Simplified or Traditional).
    """
    from .pipeline import run as run_pipeline

    progress = Progress("aligning")
    try:
        result = run_pipeline(en, zh, outdir, glossary_path=glossary_path, top=top, progress=progress)
    finally:
        progress.close()
    a = result.alignment
    kinds = ", ".join(f"{n} × {k}" for k, n in result.bead_counts.items())
    low = sum(1 for b in a.beads if b.confidence < 0.5)
    click.echo(f"English:  {a.en.path}: {len(a.en.sentences)} sentences ({a.en.encoding})")
    click.echo(f"Chinese:  {a.zh.path}: {len(a.zh.sentences)} sentences ({a.zh.encoding}, {a.zh.script})")
    click.echo(f"Aligned:  {len(a.beads)} beads ({kinds}); {low} below confidence 0.5")
    click.echo(f"Terms:    {len(result.terms)} term pairs mined")
    for en_t, zh_t in [(t.en, t.zh) for t in result.terms[:5]]:
        click.echo(f"          {en_t} = {zh_t}")
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
@click.option("-j", "--jobs", default=0, help="Parallel jobs for --batch (0 = all cores).")
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
