"""Report formats of ``shuyu check`` and the exit-code policy.

:data:`RENDERERS` maps a format name to a function ``findings -> str``:

``text``    ``file:line: severity check-id message`` a line, then a summary
``json``    ``{"tool", "version", "summary", "findings": [...]}``; read back with :func:`findings_from_json`
``junit``   JUnit XML (one test case per finding, grouped by check), for CI test tabs
``sarif``   SARIF 2.1.0 (GitHub code scanning, VS Code SARIF viewer); rules carry the check docs
``github``  GitHub Actions workflow commands: ``::error file=F,line=N,title=ID::message``
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, fields
from typing import Callable, Iterable, Sequence

from ... import __version__
from ...errors import UsageError
from .checks import CHECKS
from .findings import Finding

__all__ = ["RENDERERS", "render", "exit_code", "findings_from_json", "summary_line", "github_escape_data",
           "github_escape_property", "SARIF_SCHEMA_URI"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_RANK = {"error": 0, "warning": 1, "info": 2}
_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}


def summary_line(findings: Sequence) -> str:
    """``3 errors, 1 warning in 2 files`` (or ``no findings``)."""
    if not findings:
        return "no findings"
    c = Counter(f.severity for f in findings)
    parts = [f"{c[s]} {s}{'s' if c[s] != 1 else ''}" for s in ("error", "warning", "info") if c[s]]
    files = len({f.file for f in findings})
    return ", ".join(parts) + f" in {files} file{'s' if files != 1 else ''}"


def _where(f) -> str:
    return f"{f.file}:{f.line}" if f.line else (f.file or "-")


def _text(findings: Sequence, color: bool = False) -> str:
    lines = []
    for f in findings:
        sev = f"{_COLORS.get(f.severity, '')}{f.severity}\x1b[0m" if color else f.severity
        lines.append(f"{_where(f)}: {sev} {f.check} {f.message}")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


def _json(findings: Sequence, color: bool = False) -> str:
    c = Counter(f.severity for f in findings)
    doc = {
        "tool": "shuyu check",
        "version": __version__,
        "summary": {"total": len(findings), **{s: c[s] for s in ("error", "warning", "info")}},
        "findings": [asdict(f) for f in findings],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def findings_from_json(text: str) -> list:
    """The findings of a ``json`` report (the inverse of ``render(findings, "json")``)."""
    names = {f.name for f in fields(Finding)}
    doc = json.loads(text)
    return [Finding(**{k: v for k, v in item.items() if k in names}) for item in doc["findings"]]


def _xml_text(s: str) -> str:
    from ...xlsxkit import clean_text

    return clean_text(str(s))


def _junit(findings: Sequence, color: bool = False) -> str:
    import xml.etree.ElementTree as ET

    by_check: dict[str, list] = {cid: [] for cid in CHECKS}
    for f in findings:
        by_check.setdefault(f.check, []).append(f)
    cases = sum(max(len(items), 1) for items in by_check.values())
    root = ET.Element("testsuites", name="shuyu check", tests=str(cases), failures=str(len(findings)), errors="0")
    for cid, items in by_check.items():
        suite = ET.SubElement(root, "testsuite", name=cid, tests=str(max(len(items), 1)),
                              failures=str(len(items)), errors="0", skipped="0")
        if not items:
            ET.SubElement(suite, "testcase", classname=f"shuyu.{cid}", name=f"{cid}: no findings")
            continue
        for f in items:
            case = ET.SubElement(suite, "testcase", classname=f"shuyu.{cid}", name=_xml_text(f"{_where(f)} {f.term}"),
                                 file=_xml_text(f.file), line=str(f.line))
            fail = ET.SubElement(case, "failure", type=f.severity, message=_xml_text(f.message))
            fail.text = _xml_text(f"{_where(f)}: {f.severity} {f.check} {f.message}\nEN: {f.en}\nZH: {f.zh}")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _uri(path: str) -> str:
    from pathlib import Path, PurePath
    from urllib.parse import quote

    if not path:
        return "unknown"
    p = PurePath(path)
    if p.is_absolute():
        return Path(path).as_uri()
    return quote(p.as_posix(), safe="/-._~!$&'()*+,;=@")


def _sarif(findings: Sequence, color: bool = False) -> str:
    ids = list(CHECKS)
    for f in findings:
        if f.check not in ids:
            ids.append(f.check)
    rules = []
    for cid in ids:
        c = CHECKS.get(cid)
        rule = {"id": cid, "name": "".join(w.capitalize() for w in cid.split("-"))}
        if c is not None:
            rule.update({
                "shortDescription": {"text": c.summary},
                "fullDescription": {"text": c.doc},
                "help": {"text": c.doc},
                "defaultConfiguration": {"level": _SARIF_LEVEL[c.severity]},
            })
        rules.append(rule)
    index = {cid: i for i, cid in enumerate(ids)}
    results = []
    for f in findings:
        loc = {"physicalLocation": {"artifactLocation": {"uri": _uri(f.file)}}}
        if f.line and f.line >= 1:
            loc["physicalLocation"]["region"] = {"startLine": int(f.line)}
        result = {
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": _SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [loc],
            "partialFingerprints": {"shuyuFingerprint/v1": f.fingerprint},
            "properties": {"term": f.term, "en": f.en, "zh": f.zh},
        }
        results.append(result)
    doc = {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "shuyu", "version": __version__,
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def github_escape_data(s: str) -> str:
    """Escape the message of a workflow command: ``%``, CR and LF."""
    return str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(s: str) -> str:
    """Escape a property value of a workflow command: also ``:`` and ``,``."""
    return github_escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _github(findings: Sequence, color: bool = False) -> str:
    lines = []
    for f in findings:
        props = [f"file={github_escape_property(f.file)}"]
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={github_escape_property(f'shuyu {f.check}')}")
        lines.append(f"::{_GITHUB_LEVEL.get(f.severity, 'warning')} {','.join(props)}::{github_escape_data(f.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


RENDERERS: dict[str, Callable[..., str]] = {
    "text": _text,
    "json": _json,
    "junit": _junit,
    "sarif": _sarif,
    "github": _github,
}
"""Report format name → renderer ``(findings, color=False) -> str``."""


def render(findings: Iterable, fmt: str = "text", *, color: bool = False) -> str:
    """The report of ``findings`` in format ``fmt`` (see :data:`RENDERERS`)."""
    fn = RENDERERS.get(fmt)
    if fn is None:
        raise UsageError(f"unknown report format {fmt!r}", hint="use one of: " + ", ".join(RENDERERS))
    return fn(list(findings), color=color)


def exit_code(findings: Iterable, fail_on: str = "error") -> int:
    """0 when no finding is at or above ``fail_on`` (error|warning|info|never), else 1."""
    if fail_on == "never":
        return 0
    if fail_on not in _RANK:
        raise UsageError(f"unknown --fail-on level {fail_on!r}", hint="use error, warning, info or never")
    limit = _RANK[fail_on]
    return 1 if any(_RANK.get(f.severity, 0) <= limit for f in findings) else 0
