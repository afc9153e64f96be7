"""Everything ``shuyu check`` does, as one library call, so that the CLI stays thin.

    from shuyu.terms.checking import run_check
    outcome = run_check(inputs, glossary="g.xlsx", fmt="github", fail_on="error")
    click.echo(outcome.report, nl=False)      # when outcome.output is None
    sys.exit(outcome.exit_code)

Command-line options override the configuration file (``shuyu.toml`` or
``pyproject.toml`` ``[tool.shuyu.check]``, found from ``start_dir`` upwards,
or given as ``config``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from ...errors import InputError, UsageError
from ...files import atomic_write
from .baseline import write_baseline as _write_baseline
from .checks import list_checks
from .config import FAIL_ON, CheckConfig, load_config
from .reports import RENDERERS, exit_code, render
from .runner import CheckResult, check_paths


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The report text (also written to ``output`` when given), the exit code and the result."""

    report: str
    exit_code: int
    result: CheckResult | None
    output: str | None = None
    baseline_written: str | None = None


def run_check(inputs: Sequence[str | os.PathLike], *, glossary: str | os.PathLike | None = None,
              fmt: str | None = None, output: str | os.PathLike | None = None, fail_on: str | None = None,
              enable: Sequence[str] = (), disable: Sequence[str] = (), baseline: str | os.PathLike | None = None,
              write_baseline: str | os.PathLike | None = None, config: str | os.PathLike | None = None,
              list_only: bool = False, color: bool = False, en_col: str | int | None = None,
              zh_col: str | int | None = None, start_dir: str | os.PathLike = ".") -> CheckOutcome:
    """Run ``shuyu check``: read settings, check, apply the baseline, render, decide the exit code.

    ``list_only`` returns the ``--list-checks`` text.  ``write_baseline`` records
    every finding as known (exit code 0).  Raises :class:`~shuyu.errors.ShuyuError`
    subclasses for bad input or options (the CLI's exit code 2).
    """
    if list_only:
        return CheckOutcome(list_checks(), 0, None)
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
    result = check_paths(inputs, cfg.glossary, config=cfg, en_col=en_col, zh_col=zh_col,
                         min_confidence=cfg.min_confidence)
    if write_baseline is not None:
        n = _write_baseline(result.all_findings, write_baseline)
        report = f"wrote {n} finding{'s' if n != 1 else ''} to the baseline {os.fspath(write_baseline)}\n"
        return CheckOutcome(report, 0, result, None, os.fspath(write_baseline))
    report = render(result.findings, fmt, color=color and output is None)
    if output is not None:
        with atomic_write(output) as fh:
            fh.write(report)
    return CheckOutcome(report, exit_code(result.findings, cfg.fail_on), result,
                        os.fspath(output) if output is not None else None)
