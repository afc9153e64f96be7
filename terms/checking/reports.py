"""Report formats of ``shuyu check`` and the exit-code policy.

:data:`RENDERERS` maps a format name to a function ``(findings, options) -> str``;
:func:`render` is the way in.  Every format gives each finding's primary location
(where the problem is: file, line, columns) and the other side of the pair:

``text``    ``file:line:col: severity check-id message (English: file:line:col)`` a line, then a summary
``json``    ``{"tool", "version", "summary", "findings": [...]}``; read back with :func:`findings_from_json`
``junit``   JUnit XML valid against Jenkins' ``junit-10.xsd``: one test suite per file (``EN + ZH`` for
            two documents), one test case per checked segment pair as the file holds it (a TMX ``<tu>``,
            a table row, a PO entry, a JSONL line; for two documents aligned on the fly, the pairs that
            start on one English line); a ``<failure>`` for findings at or above ``--fail-on``, lower ones
            in the case's ``<system-out>``; file, line and column are in the failure message and text (the
            schema has no attributes for them)
``sarif``   SARIF 2.1.0 for GitHub code scanning: rules with ``help`` and ``helpUri``, regions with
            columns, ``relatedLocations``, URIs relative to ``%SRCROOT%`` (``--source-root``, default the
            git top level of the working folder, or the working folder), ``primaryLocationLineHash``
``github``  GitHub Actions workflow commands: ``::error file=F,line=N,col=C,endColumn=E,title=ID::message``
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ... import __version__
from ...errors import UsageError
from .checks import CHECKS
from .findings import Finding, Location

__all__ = ["RENDERERS", "ReportOptions", "render", "exit_code", "findings_from_json", "summary_line",
           "github_escape_data", "github_escape_property", "SARIF_SCHEMA_URI", "default_source_root",
           "docs_url", "rule_help_uri"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_RANK = {"error": 0, "warning": 1, "info": 2}
_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_SIDE = {"en": "English", "zh": "Chinese"}
_FALLBACK_DOCS = "https://pypi.org/project/shuyu/"


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What a report needs besides the findings.

    ``fail_on``: the severity from which a finding fails the run (JUnit ``<failure>``);
    ``source_root``: the folder SARIF URIs and GitHub annotation paths are relative to
    (None: :func:`default_source_root`); ``segments``: the checked pairs (objects with
    ``source``, ``line``, ``group`` and ``name``, see ``runner.Segment``), the test cases
    of a JUnit report; ``color``: ANSI colours in the text report.
    """

    fail_on: str = "error"
    source_root: str | None = None
    segments: tuple = ()
    color: bool = False


def summary_line(findings: Sequence) -> str:
    """``3 errors, 1 warning in 2 files`` (or ``no findings``)."""
    if not findings:
        return "no findings"
    c = Counter(f.severity for f in findings)
    parts = [f"{c[s]} {s}{'s' if c[s] != 1 else ''}" for s in ("error", "warning", "info") if c[s]]
    files = len({f.file for f in findings})
    return ", ".join(parts) + f" in {files} file{'s' if files != 1 else ''}"


def _related(f) -> str:
    """`` (English: a.en.txt:5:12)`` for the related locations of ``f``."""
    parts = [f"{_SIDE.get(r.side, 'see')}: {r}" for r in getattr(f, "related", ()) if r.file]
    return f" ({'; '.join(parts)})" if parts else ""


def _where(f) -> str:
    return str(Location(f.file, f.line, getattr(f, "column", 0)))


def _text(findings: Sequence, opts: ReportOptions) -> str:
    lines = []
    for f in findings:
        sev = f"{_COLORS.get(f.severity, '')}{f.severity}\x1b[0m" if opts.color else f.severity
        lines.append(f"{_where(f)}: {sev} {f.check} {f.message}{_related(f)}")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


def _json(findings: Sequence, opts: ReportOptions) -> str:
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
    loc_names = {f.name for f in fields(Location)}
    doc = json.loads(text)
    out = []
    for item in doc["findings"]:
        kw = {k: v for k, v in item.items() if k in names}
        kw["related"] = tuple(Location(**{k: v for k, v in r.items() if k in loc_names})
                              for r in kw.get("related") or ())
        out.append(Finding(**kw))
    return out


# ------------------------------------------------------------------ JUnit
def _xml_text(s: str) -> str:
    from ...xlsxkit import clean_text

    return clean_text(str(s))


def _fails(f, fail_on: str) -> bool:
    return fail_on != "never" and _RANK.get(f.severity, 0) <= _RANK.get(fail_on, 0)


def _finding_block(f) -> str:
    return f"{_where(f)}: {f.severity} {f.check} {f.message}{_related(f)}\nEN: {f.en}\nZH: {f.zh}"


def _junit(findings: Sequence, opts: ReportOptions) -> str:
    """One ``<testsuite>`` per file, one ``<testcase>`` per checked segment pair (junit-10.xsd)."""
    import xml.etree.ElementTree as ET

    cases: dict[tuple[str, int], tuple[str, str]] = {}
    for s in opts.segments:
        cases.setdefault((s.source, s.line), (s.group, s.name))
    by_case: dict[tuple[str, int], list] = {}
    for f in findings:
        key = (f.source or f.file, f.source_line or f.line)
        cases.setdefault(key, (key[0], f"{key[0]}:{key[1]}" if key[1] else key[0]))
        by_case.setdefault(key, []).append(f)
    suites: dict[str, list[tuple[str, list]]] = {}
    for key, (group, name) in cases.items():
        suites.setdefault(group, []).append((name, by_case.get(key, [])))
    failed_total = sum(1 for items in by_case.values() if any(_fails(f, opts.fail_on) for f in items))
    root = ET.Element("testsuites", name="shuyu check", tests=str(len(cases)), failures=str(failed_total),
                      errors="0", time="0")
    for group, members in suites.items():
        failed = sum(1 for _, items in members if any(_fails(f, opts.fail_on) for f in items))
        suite = ET.SubElement(root, "testsuite", name=_xml_text(group), tests=str(len(members)),
                              failures=str(failed), errors="0", skipped="0", time="0", file=_xml_text(group))
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="fail-on", value=opts.fail_on)
        for name, items in members:
            case = ET.SubElement(suite, "testcase", classname="shuyu.check", name=_xml_text(name), time="0")
            bad = [f for f in items if _fails(f, opts.fail_on)]
            low = [f for f in items if not _fails(f, opts.fail_on)]
            if bad:
                first = bad[0]
                more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
                fail = ET.SubElement(case, "failure", type=first.check,
                                     message=_xml_text(f"{_where(first)}: {first.severity} {first.check} "
                                                       f"{first.message}{more}"))
                fail.text = _xml_text("\n\n".join(_finding_block(f) for f in bad))
            if low:
                out = ET.SubElement(case, "system-out")
                out.text = _xml_text("\n\n".join(_finding_block(f) for f in low))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# ------------------------------------------------------------------ SARIF
def default_source_root(start: str | os.PathLike = ".") -> str:
    """The folder report paths are relative to: the git top level above ``start`` (the folder
    holding ``.git``), or ``start`` itself."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return str(folder)
    return str(here)


def _relative(path: str, root: Path) -> str | None:
    """``path`` relative to ``root`` as a POSIX path, or None when it lies outside."""
    if not path:
        return None
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return None


def _artifact(path: str, root: Path) -> dict:
    from urllib.parse import quote

    rel = _relative(path, root)
    if rel is not None:
        return {"uri": quote(rel, safe="/-._~!$&'()*+,;=@"), "uriBaseId": "%SRCROOT%"}
    if not path:
        return {"uri": "unknown"}
    return {"uri": Path(os.path.abspath(path)).as_uri()}


def _region(loc) -> dict | None:
    if not loc.line or loc.line < 1:
        return None
    region = {"startLine": int(loc.line)}
    if loc.column:
        region["startColumn"] = int(loc.column)
        region["endLine"] = int(loc.line)
        region["endColumn"] = int(max(loc.end_column, loc.column + 1))
    return region


def _physical(loc, root: Path) -> dict:
    phys = {"artifactLocation": _artifact(loc.file, root)}
    region = _region(loc)
    if region:
        phys["region"] = region
    return phys


def docs_url() -> str:
    """Where the README is published: the ``Documentation`` (or ``Homepage``, ``Repository``,
    ``Source``) URL of the installed package's metadata, else its PyPI page."""
    try:
        from importlib.metadata import metadata

        urls = {}
        for item in metadata("shuyu").get_all("Project-URL") or ():
            label, _, url = item.partition(",")
            urls[label.strip().lower()] = url.strip()
        for label in ("documentation", "homepage", "repository", "source"):
            if urls.get(label, "").startswith(("https://", "http://")):
                return urls[label]
    except Exception:  # no metadata (running from a checkout): the fallback
        pass
    return _FALLBACK_DOCS


def rule_help_uri(check_id: str) -> str:
    """The README anchor of a check: ``<docs>#term-missing``."""
    return f"{docs_url().split('#', 1)[0]}#{check_id}"


def _line_hashes(findings: Sequence) -> list[str]:
    """``primaryLocationLineHash`` of each finding: a hash of the file, check, term and segment text
    (not the line number, so that it survives edits above) and the occurrence number."""
    seen: Counter = Counter()
    out = []
    for f in findings:
        h = hashlib.sha256("\x1f".join((f.fingerprint, f.side)).encode("utf-8")).hexdigest()[:16]
        seen[h] += 1
        out.append(f"{h}:{seen[h]}")
    return out


def _sarif(findings: Sequence, opts: ReportOptions) -> str:
    root = Path(opts.source_root or default_source_root()).resolve()
    ids = list(CHECKS)
    for f in findings:
        if f.check not in ids:
            ids.append(f.check)
    rules = []
    for cid in ids:
        c = CHECKS.get(cid)
        rule = {"id": cid, "name": "".join(w.capitalize() for w in cid.split("-")), "helpUri": rule_help_uri(cid)}
        if c is not None:
            rule.update({
                "shortDescription": {"text": c.summary},
                "fullDescription": {"text": c.doc},
                "help": {"text": c.doc, "markdown": f"**{cid}** ({c.severity})\n\n{c.doc}\n\n"
                                                    f"See [the shuyu README]({rule_help_uri(cid)})."},
                "defaultConfiguration": {"level": _SARIF_LEVEL[c.severity]},
                "properties": {"tags": ["terminology", "translation"]},
            })
        rules.append(rule)
    index = {cid: i for i, cid in enumerate(ids)}

    def result(f, line_hash: str) -> dict:
        related = []
        links = []
        for n, r in enumerate(getattr(f, "related", ()), start=1):
            if not r.file:
                continue
            label = _SIDE.get(r.side, "related text")
            related.append({"id": n, "physicalLocation": _physical(r, root), "message": {"text": label}})
            links.append(f"[{label}]({n})")
        text = f.message + (f" (see the {', '.join(links)})" if links else "")
        out = {
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": _SARIF_LEVEL.get(f.severity, "warning"),
            "message": {"text": text},
            "locations": [{"physicalLocation": _physical(f, root)}],
            "partialFingerprints": {"primaryLocationLineHash": line_hash, "shuyuFingerprint/v1": f.fingerprint},
            "properties": {"term": f.term, "en": f.en, "zh": f.zh},
        }
        if related:
            out["relatedLocations"] = related
        return out

    base = docs_url()
    doc = {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "shuyu", "version": __version__, "semanticVersion": __version__,
                                "informationUri": base, "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri().rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [result(f, h) for f, h in zip(findings, _line_hashes(findings))],
        }],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------ GitHub Actions
def github_escape_data(s: str) -> str:
    """Escape the message of a workflow command: ``%``, CR and LF."""
    return str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(s: str) -> str:
    """Escape a property value of a workflow command: also ``:`` and ``,``."""
    return github_escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _github(findings: Sequence, opts: ReportOptions) -> str:
    root = Path(opts.source_root or default_source_root()).resolve()
    lines = []
    for f in findings:
        path = _relative(f.file, root) or f.file
        props = [f"file={github_escape_property(path)}"]
        if f.line:
            props.append(f"line={f.line}")
            if getattr(f, "column", 0):
                props += [f"endLine={f.line}", f"col={f.column}", f"endColumn={max(f.end_column, f.column + 1)}"]
        props.append(f"title={github_escape_property(f'shuyu {f.check}')}")
        related = "; ".join(
            f"{_SIDE.get(r.side, 'see')}: {Location(_relative(r.file, root) or r.file, r.line, r.column)}"
            for r in getattr(f, "related", ()) if r.file)
        message = f.message + (f" ({related})" if related else "")
        lines.append(f"::{_GITHUB_LEVEL.get(f.severity, 'warning')} {','.join(props)}::{github_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


RENDERERS: dict[str, Callable[[Sequence, ReportOptions], str]] = {
    "text": _text,
    "json": _json,
    "junit": _junit,
    "sarif": _sarif,
    "github": _github,
}
"""Report format name → renderer ``(findings, ReportOptions) -> str``."""


def render(findings: Iterable, fmt: str = "text", *, color: bool = False, fail_on: str = "error",
           source_root: str | os.PathLike | None = None, segments: Sequence = ()) -> str:
    """The report of ``findings`` in format ``fmt`` (see :data:`RENDERERS` and :class:`ReportOptions`)."""
    fn = RENDERERS.get(fmt)
    if fn is None:
        raise UsageError(f"unknown report format {fmt!r}", hint="use one of: " + ", ".join(RENDERERS))
    if fail_on not in _RANK and fail_on != "never":
        raise UsageError(f"unknown --fail-on level {fail_on!r}", hint="use error, warning, info or never")
    opts = ReportOptions(fail_on, os.fspath(source_root) if source_root is not None else None, tuple(segments), color)
    return fn(list(findings), opts)


def exit_code(findings: Iterable, fail_on: str = "error") -> int:
    """0 when no finding is at or above ``fail_on`` (error|warning|info|never), else 1."""
    if fail_on == "never":
        return 0
    if fail_on not in _RANK:
        raise UsageError(f"unknown --fail-on level {fail_on!r}", hint="use error, warning, info or never")
    limit = _RANK[fail_on]
    return 1 if any(_RANK.get(f.severity, 0) <= limit for f in findings) else 0
