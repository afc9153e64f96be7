"""Issue 14, data never dropped: merge keeps spelling variants and notes verbatim; a property test
over random glossaries written, read back and merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shuyu.cli import main
from shuyu.glossaries import merge, read_glossary, write_glossary
from shuyu.records import TERM_STATUSES, Glossary, GlossaryEntry, Term


def entry(en, zh, status="preferred", note="", eid="", source=""):
    return GlossaryEntry(id=eid, terms=(Term(en, "en", "preferred"), Term(zh, "zh", status)), note=note,
                         origin=source)


def kept(result) -> set[tuple[str, str, str]]:
    return {(t.lang, t.text, t.status) for e in result.glossary.entries for t in e.terms}


VARIANTS = {
    "Simplified and Traditional": ([("A", "为")], [("A", "為")], {("zh", "为"), ("zh", "為")}),
    "case": ([("A", "中")], [("a", "中")], {("en", "A"), ("en", "a")}),
    "State Councilor": ([("State Councilor", "国务委员")], [("State Councilor", "國務委員")],
                        {("zh", "国务委员"), ("zh", "國務委員")}),
    "hyphens": ([("Belt and Road Initiative", "一带一路倡议")], [("belt-and-road initiative", "一带一路倡议")],
                {("en", "Belt and Road Initiative"), ("en", "belt-and-road initiative")}),
    "full-width brackets": ([("Group of Twenty (G20)", "二十国集团（G20）")],
                            [("Group of Twenty (G20)", "二十国集团(G20)")],
                            {("zh", "二十国集团（G20）"), ("zh", "二十国集团(G20)")}),
}


@pytest.mark.parametrize("case", sorted(VARIANTS))
def test_merge_keeps_spelling_variants_and_reports_them(case):
    a, b, want = VARIANTS[case]
    ga = Glossary(tuple(entry(en, zh) for en, zh in a), sources=("a.csv",))
    gb = Glossary(tuple(entry(en, zh, "forbidden" if case == "State Councilor" else "preferred") for en, zh in b),
                  sources=("b.tsv",))
    result = merge([ga, gb])
    assert want <= {(lang, text) for lang, text, _st in kept(result)}
    assert len(result.glossary.entries) == 1  # still one concept
    assert result.variants and "variants" in result.summary()
    if case == "State Councilor":  # each variant keeps its own status
        assert {("zh", "国务委员", "preferred"), ("zh", "國務委員", "forbidden")} <= kept(result)


def test_merge_cli_lists_the_variants(tmp_path):
    (tmp_path / "a.csv").write_text("English,Chinese\nState Councilor,国务委员\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("English\tChinese\nState Councilor\t國務委員\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["glossary", "merge", str(tmp_path / "a.csv"), str(tmp_path / "b.tsv"),
                                       "-o", str(tmp_path / "m.csv")])
    assert result.exit_code == 0, result.output
    assert "1 spelling variants kept" in result.output and "國務委員" in result.output
    back = read_glossary(tmp_path / "m.csv")
    assert {t.text for e in back.entries for t in e.zh} == {"国务委员", "國務委員"}


@pytest.mark.parametrize("notes, want", [
    (["line 1\n\nline 3"], "line 1\n\nline 3"),             # one file: verbatim, blank line kept
    (["same\nsame"], "same\nsame"),                          # repeated lines kept
    (["a", "a"], "a"),                                       # the same note given twice: once
    (["a\n\nb", "c"], "a\n\nb\nc"),
])
def test_merge_keeps_notes_verbatim(notes, want):
    gs = [Glossary((entry("A", "甲", note=n),), sources=(f"{i}.csv",)) for i, n in enumerate(notes)]
    assert merge(gs).glossary.entries[0].note == want


def test_rows_sharing_an_id_keep_all_their_notes(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("ID,English,Chinese,Note,Domain\n1,A,甲,first,law\n1,A,乙,second,law\n1,A,丙,first,trade\n",
                    encoding="utf-8")
    [entry] = read_glossary(path).entries
    assert entry.note == "first\nsecond" and entry.domain == "law; trade"
    assert [t.text for t in entry.zh] == ["甲", "乙", "丙"]


# ----------------------------------------------------------------------------- property test
# Texts a glossary cell holds: no synonym separators (; | line breaks) in terms, no surrounding spaces.
_EN = st.sampled_from(["A", "a", "State Councilor", "state councilor", "Belt and Road", "belt-and-road", "G20",
                       "rule of law", "Rule of Law", "x", "X-ray"])
_ZH = st.sampled_from(["为", "為", "国务委员", "國務委員", "中", "法治", "二十国集团（G20）", "二十国集团(G20)", "一带一路"])
_NOTE = st.sampled_from(["", "note", "two\nlines", "blank\n\nline", "same\nsame", "注释", "  spaced  "])
_ROW = st.tuples(_EN, _ZH, st.sampled_from(TERM_STATUSES), _NOTE)


def _glossary(rows) -> Glossary:
    return Glossary(tuple(GlossaryEntry(id="", terms=(Term(en, "en", "preferred"), Term(zh, "zh", status)),
                                        note=note.strip()) for en, zh, status, note in rows), sources=("g",))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(_ROW, min_size=1, max_size=8), second=st.lists(_ROW, max_size=6),
       ext=st.sampled_from([".csv", ".tsv", ".xlsx"]))
def test_write_read_merge_keeps_every_en_zh_status_note(tmp_path_factory, first, second, ext):
    folder = tmp_path_factory.mktemp("prop")
    read = []
    for i, rows in enumerate((first, second)):
        if not rows:
            continue
        path = Path(folder) / f"g{i}{ext}"
        write_glossary(_glossary(rows), path)
        read.append(read_glossary(path))
    result = merge(read)
    conflicts = {(c.term, c.lang) for c in result.conflicts}
    for en, zh, status, note in first + second:
        note = note.strip()
        found = [e for e in result.glossary.entries
                 if any(t.text == en for t in e.en) and any(t.text == zh for t in e.zh)]
        assert found, (en, zh)
        e = found[0]
        zh_term = next(t for t in e.zh if t.text == zh)
        # the status is kept, or (the same text given two statuses) the conflict is recorded on the term
        assert zh_term.status == status or ((zh, "zh") in conflicts and status in zh_term.note), (zh, status)
        assert note in e.note  # verbatim, blank and repeated lines included
