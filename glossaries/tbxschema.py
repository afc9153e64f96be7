"""Validate a TBX file against the official RELAX NG schema and a Schematron file.

Used by the tests and by ``benchmarks/glossary.py``; needs lxml (RELAX NG) and,
for Schematron, the ``saxonche`` package (XPath 3.1).  The Schematron runner
is a small one: for every pattern, each node goes to the first rule whose
context matches it, and each ``assert`` is tested on that node — enough for
the TBX-Basic/TBX-Min rule files, which use plain XPath 2 tests.
"""

from __future__ import annotations

import os
from pathlib import Path

SCH = "http://purl.oclc.org/dsdl/schematron"


def validate_rng(tbx: str | os.PathLike, rng: str | os.PathLike) -> list[str]:
    """RELAX NG errors of ``tbx`` (empty list when valid)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    schema = etree.RelaxNG(etree.parse(os.fspath(rng), parser))
    try:
        doc = etree.parse(os.fspath(tbx), parser)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed: {exc}"]
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def validate_schematron(tbx: str | os.PathLike, sch: str | os.PathLike) -> list[str]:
    """Failed Schematron asserts of ``tbx`` (empty list when valid)."""
    from lxml import etree
    from saxonche import PySaxonProcessor

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    schema = etree.parse(os.fspath(sch), parser).getroot()
    ns = {"s": SCH}
    prefixes = {n.get("prefix"): n.get("uri") for n in schema.findall("s:ns", ns)}
    errors: list[str] = []
    with PySaxonProcessor(license=False) as proc:
        xp = proc.new_xpath_processor()
        for p, uri in prefixes.items():
            xp.declare_namespace(p, uri)
        doc = proc.parse_xml(xml_file_name=str(Path(tbx).resolve()))
        xp.set_context(xdm_item=doc)
        for pattern in schema.findall("s:pattern", ns):
            handled: set[str] = set()
            for rule in pattern.findall("s:rule", ns):
                ctx = rule.get("context")
                sel = f"//({ctx})"
                ids = xp.evaluate(f"{sel}/generate-id()")
                mine = {str(v) for v in ids} - handled if ids is not None else set()
                for a in rule.findall("s:assert", ns):
                    bad = xp.evaluate(f"{sel}[not({a.get('test')})]/generate-id()")
                    failed = ({str(v) for v in bad} & mine) if bad is not None else set()
                    if failed:
                        msg = " ".join("".join(a.itertext()).split())
                        errors.append(f"{len(failed)} × [{pattern.get('id')}] {ctx}: {msg or a.get('test')}")
                handled |= mine
    return errors
