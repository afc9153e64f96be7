"""Everything ``shuyu check`` does, as one library call, so that the CLI stays thin.

    from shuyu.terms.checking import run_check
    outcome = run_check(inputs, glossary="g.xlsx", fmt="github", fail_on="error")
    click.echo(outcome.report, nl=False)      # when outcome.output is None
    sys.exit(outcome.exit_code)

Command-line options override the configuration file (``shuyu.toml`` or
``pyproject.toml`` ``[tool.shuyu.check]``, found from ``start_dir`` upwards,
or given as ``config``).

There is no silent pass: without a glossary (``glossary`` here or in the
configuration) :func:`run_check` raises :class:`~shuyu.errors.UsageError`
unless ``no_glossary`` asks for the glossary-free checks only.  Warnings for
the user (files skipped, segments not checked, warnings of the libraries that
read the files) come back as one-line texts in :attr:`CheckOutcome.warnings`.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from ...errors import InputError, UsageError
from ...files import atomic_write
from .baseline import write_baseline as _write_baseline
from .checks import list_checks
from .config import FAIL_ON, CheckConfig, load_config
from .reports import RENDERERS, default_source_root, exit_code, render
from .runner import CheckResult, check_paths


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The report text (also written to ``output`` when given), the exit code, the result and the
    warnings to show the user (one line each, without the ``shuyu: warning:`` prefix)."""

    report: str
    exit_code: int
    result: CheckResult | None
    output: str | None = None
    baseline_written: str | None = None
    warnings: tuple[str, ...] = ()


def _unchecked_note(result: CheckResult, min_confidence: float) -> str | None:
    """The warning about segments no check looked at, naming the setting that decides it."""
    if not result.unchecked:
        return None
    parts = []
    empty = result.unchecked - result.low_confidence
    if empty:
        parts.append(f"{empty} with an empty side (untranslated?)")
    if result.low_confidence:
        parts.append(f"{result.low_confidence} aligned with a confidence below {min_confidence:g} "
                     "(--min-confidence, config key min-confidence)")
    n = result.unchecked
    return f"{n} segment pair{'s' if n != 1 else ''} not checked: " + "; ".join(parts)


def run_check(inputs: Sequence[str | os.PathLike], *, glossary: str | os.PathLike | None = None,
              fmt: str | None = None, output: str | os.PathLike | None = None, fail_on: str | None = None,
              enable: Sequence[str] = (), disable: Sequence[str] = (), baseline: str | os.PathLike | None = None,
              write_baseline: str | os.PathLike | None = None, config: str | os.PathLike | None = None,
              list_only: bool = False, color: bool = False, en_col: str | int | None = None,
              zh_col: str | int | None = None, start_dir: str | os.PathLike = ".", no_glossary: bool = False,
              source_root: str | os.PathLike | None = None, min_confidence: float | None = None,
              similarity: str | None = None) -> CheckOutcome:
    """Run ``shuyu check``: read settings, check, apply the baseline, render, decide the exit code.

    ``list_only`` returns the ``--list-checks`` text.  ``write_baseline`` records
    every finding as known (exit code 0).  ``no_glossary`` runs the checks that
    need no glossary when none is given (otherwise that is a usage error);
    ``source_root`` is the folder SARIF and GitHub paths are relative to (default:
    the git top level of ``start_dir``, or ``start_dir``); ``min_confidence``
    overrides the configuration's.  Raises :class:`~shuyu.errors.ShuyuError`
    subclasses for bad input or options (the CLI's exit code 2).
    """
    if list_only:
        return CheckOutcome(list_checks(), 0, None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        outcome = _run(inputs, glossary=glossary, fmt=fmt, output=output, fail_on=fail_on, enable=enable,
                       disable=disable, baseline=baseline, write_baseline=write_baseline, config=config,
                       color=color, en_col=en_col, zh_col=zh_col, start_dir=start_dir, no_glossary=no_glossary,
                       source_root=source_root, min_confidence=min_confidence, similarity=similarity)
    extra = tuple(dict.fromkeys(" ".join(str(w.message).split()) for w in caught))
    return replace(outcome, warnings=outcome.warnings + extra) if extra else outcome


def _run(inputs, *, glossary, fmt, output, fail_on, enable, disable, baseline, write_baseline, config, color,
         en_col, zh_col, start_dir, no_glossary, source_root, min_confidence, similarity) -> CheckOutcome:
    cfg: CheckConfig = load_config(start_dir, config)
    if fail_on is not None and fail_on not in FAIL_ON:
        raise UsageError(f"unknown --fail-on level {fail_on!r}", hint="use one of: " + ", ".join(FAIL_ON))
    cfg = replace(
        cfg,
        enable=tuple(enable) or cfg.enable,
        disable=tuple(dict.fromkeys(tuple(cfg.disable) + tuple(disable))),
        fail_on=fail_on or cfg.fail_on,
        glossary=os.fspath(glossary) if glossary is not None else cfg.glossary,
        baseline=None if write_baseline is not None else (os.fspath(baseline) if baseline is not None
                                                          else cfg.baseline),
    )
    if baseline is not None and not Path(baseline).is_file():
        raise InputError("baseline file not found", where=baseline,
                         hint="create it with --write-baseline first")
    fmt = fmt or cfg.format or "text"
    if fmt not in RENDERERS:  # fail before the work, not after it
        raise UsageError(f"unknown report format {fmt!r}", hint="use one of: " + ", ".join(RENDERERS))
    if glossary is not None and no_glossary:
        raise UsageError("--glossary and --no-glossary contradict each other", hint="give one of them")
    if no_glossary:
        cfg = replace(cfg, glossary=None)
    elif cfg.glossary is None:
        raise UsageError("no glossary: give --glossary FILE or set glossary in shuyu.toml [check] "
                         "(pyproject.toml [tool.shuyu.check])",
                         hint="--no-glossary runs only the checks that need none: number-mismatch and "
                              "inconsistent-translation of names")
    if min_confidence is not None and not 0 <= min_confidence <= 1:
        raise UsageError(f"--min-confidence must be from 0 to 1, not {min_confidence:g}")
    conf = cfg.min_confidence if min_confidence is None else float(min_confidence)
    if source_root is not None and not Path(source_root).is_dir():
        raise InputError("the source root is not a folder", where=source_root,
                         hint="give the top folder of the repository")
    root = os.fspath(source_root) if source_root is not None else default_source_root(start_dir)
    result = check_paths(inputs, cfg.glossary, config=cfg, en_col=en_col, zh_col=zh_col,
                         min_confidence=conf, similarity=similarity)
    notes = list(result.notes)
    note = _unchecked_note(result, conf)
    if note:
        notes.append(note)
    if write_baseline is not None:
        n = _write_baseline(result.all_findings, write_baseline)
        report = f"wrote {n} finding{'s' if n != 1 else ''} to the baseline {os.fspath(write_baseline)}\n"
        return CheckOutcome(report, 0, result, None, os.fspath(write_baseline), tuple(notes))
    report = render(result.findings, fmt, color=color and output is None, fail_on=cfg.fail_on,
                    source_root=root, segments=result.segments)
    if output is not None:
        with atomic_write(output) as fh:
            fh.write(report)
    return CheckOutcome(report, exit_code(result.findings, cfg.fail_on), result,
                        os.fspath(output) if output is not None else None, None, tuple(notes))
