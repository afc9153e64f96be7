"""Terminology checks of aligned English/Chinese text (``shuyu check``).

Library API::

    from shuyu.terms.checking import check_pairs, check_paths, run_check

    findings = check_pairs(pairs, glossary)                   # list[Finding]
    result = check_paths(["corpus/"], glossary, config=cfg)   # CheckResult
    outcome = run_check(inputs, glossary="g.xlsx", fmt="github")  # what the CLI does

The modules, each importing only those listed before it:

``findings``   :class:`Finding`, :class:`Location`, severities, fingerprints
``matching``   glossary terms found in English and Chinese text (spelling and compound variants)
``baseline``   known findings recorded to a file
``locations``  spans of a pair's texts → file, line and column (:class:`Locator`)
``lexical``    consistency of frequent names that are not in the glossary
``checks``     the checks and their registry :data:`CHECKS`; :func:`check_pairs`
``reports``    report formats (text, json, junit, sarif, github) and exit codes
``config``     settings from ``shuyu.toml`` / ``pyproject.toml``
``runner``     :func:`check_paths`: files, folders and documents, with config and baseline
``command``    :func:`run_check`: the whole ``shuyu check`` command
"""

from .baseline import Baseline, filter_new, load_baseline, write_baseline
from .checks import CHECKS, Check, check_pairs, list_checks, resolve_checks
from .command import CheckOutcome, run_check
from .config import CheckConfig, load_config
from .findings import SEVERITIES, Finding, Location, fingerprint, make_finding
from .locations import Locator, PairSite, Side
from .reports import RENDERERS, ReportOptions, exit_code, findings_from_json, render
from .runner import CheckResult, Segment, check_paths, pairs_from_documents

__all__ = ["Finding", "Location", "Locator", "PairSite", "Side", "Segment", "ReportOptions",
           "Check", "CHECKS", "SEVERITIES", "check_pairs", "check_paths", "CheckResult",
           "make_finding", "fingerprint", "list_checks", "resolve_checks", "pairs_from_documents",
           "write_baseline", "load_baseline", "filter_new", "Baseline", "CheckConfig", "load_config",
           "RENDERERS", "render", "exit_code", "findings_from_json", "CheckOutcome", "run_check"]
