"""The review file, how a review begins, what Export writes, and the xlsx route back into beads.

Everything written is read back with the project's own readers (bitext for TMX/TSV, glossaries for
xlsx/TBX), and every damaged input is one clear error naming the file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from shuyu.bitext import read_segment_pairs
from shuyu.cli import main
from shuyu.errors import InputError, UsageError
from shuyu.glossaries import read_glossary
from shuyu.review import alignment_from_review, alignment_from_sheet, begin, export_review
from shuyu.review.session import Session
from shuyu.review.sheet import SheetMismatch
from shuyu.review.store import EXPORTS, REVIEW_FILE, load_review, review_from_alignment, save_review


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, example_paths):
    """What `shuyu run` writes for the bundled example (copied by each test that changes it)."""
    out = tmp_path_factory.mktemp("run") / "out"
    result = invoke("run", *example_paths, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def outdir(run_dir, tmp_path):
    target = tmp_path / "out"
    shutil.copytree(run_dir, target)
    return target


def sheet_rows(path: Path) -> list[tuple[str, str, str]]:
    """(English, Chinese, Type) of each row of an alignment sheet, in order."""
    import openpyxl

    ws = openpyxl.load_workbook(path)["Alignment"]
    return [(r[1] or "", r[2] or "", r[4]) for r in ws.iter_rows(min_row=2, values_only=True)]


def two_english_sentences(rows) -> int:
    """The sheet row (from 2) of the first bead with two English sentences (the example has one or more)."""
    return next(n for n, (en, _zh, kind) in enumerate(rows, start=2) if kind.startswith("2-"))


def texts(review, bead):
    return (" ".join(review.en.sentences[i].text for i in bead.en),
            "".join(review.zh.sentences[i].text for i in bead.zh))


# ----------------------------------------------------------------------------- begin and resume


def test_begin_from_outdir_reads_beads_and_terms(outdir):
    session, message = begin([outdir])
    r = session.review
    rows = sheet_rows(outdir / "alignment.xlsx")
    assert message.startswith("began the review") and (outdir / REVIEW_FILE).exists()
    assert [b.kind for b in r.beads] == [kind for _en, _zh, kind in rows]
    assert [texts(r, b) for b in r.beads] == [(en, zh) for en, zh, _kind in rows]
    assert all(not b.reviewed for b in r.beads)  # the sheet was not edited
    assert len(r.terms) > 100
    wang = next(t for t in r.terms if t.en == "Wang Ming")
    assert wang.zh == "王明" and wang.seen >= 3 and len(wang.examples) == 3
    assert all("王明" in texts(r, b)[1] for b in r.beads if b.en == wang.examples[0].en)
    assert r.en.starts_paragraph(0) and r.en.sentences[0].heading


def test_resume_keeps_edits_and_history(outdir):
    session, _ = begin([outdir])
    session.edit({"op": "merge", "bead": 7})
    session.edit({"op": "confirm", "bead": 0})
    session.edit_term({"term": 0, "decision": "accept"})
    n = len(session.review.beads) + 1
    again, message = begin([outdir])
    assert message.startswith("resumed") and f"2 of {n - 1} beads reviewed" in message and "1 of" in message
    assert again.review == session.review
    assert [c.op for c in again.history["align"].undo] == ["merge", "confirm"]
    again.step("align")
    again.step("align")
    assert len(again.review.beads) == n and not any(b.reviewed for b in again.review.beads)
    again.step("terms")
    assert again.review.terms[0].decision == ""
    assert again.history["terms"].redo and again.history["align"].redo


def test_round_trip_of_the_review_file(outdir, tmp_path):
    session, _ = begin([outdir])
    session.edit({"op": "split", "bead": 5, "en_at": 1, "zh_at": 0})
    session.edit({"op": "move", "bead": 2, "side": "zh", "to": "next"})
    session.edit_term({"term": 3, "zh": "加国", "status": "admitted"})
    path = tmp_path / "copy.json"
    save_review(path, session.review, session.history["align"], session.history["terms"])
    review, align_h, terms_h = load_review(path)
    assert review == session.review
    assert align_h.undo == session.history["align"].undo and terms_h.undo == session.history["terms"].undo


def test_two_documents_are_aligned_first_and_resumed(tmp_path, example_paths):
    session, message = begin(example_paths, outdir=tmp_path / "o")
    assert message.startswith("aligned, mined and began")
    assert {"alignment.xlsx", "glossary.xlsx", REVIEW_FILE} <= {p.name for p in (tmp_path / "o").iterdir()}
    again, message = begin(example_paths, outdir=tmp_path / "o")
    assert message.startswith("resumed") and again.review == session.review
    other = tmp_path / "other.en.txt"
    other.write_text("Another document.\n", encoding="utf-8")
    with pytest.raises(UsageError, match="already holds the review"):
        begin([other, example_paths[1]], outdir=tmp_path / "o")


def test_glossary_marks_known_and_conflicting_terms(outdir, tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text("en\tzh\tstatus\nWang Ming\t王明\tpreferred\nCanada\t加国\tpreferred\n"
                        "State Councilor\t国务委员\tforbidden\n", encoding="utf-8")
    session, _ = begin([outdir], glossary_path=glossary)
    terms = {t["en"]: t for t in session.terms()["terms"]}
    assert terms["Wang Ming"]["known"] and not terms["Wang Ming"]["conflicts"]
    assert "the glossary has 'Canada' = 加国" in terms["Canada"]["conflicts"][0]
    assert "forbidden" in terms["State Councilor"]["conflicts"][0]
    again, _ = begin([outdir])  # the glossary is remembered
    assert {t["en"]: t for t in again.terms()["terms"]}["Canada"]["conflicts"]


@pytest.mark.parametrize("sources, kw, error, message", [
    (["missing"], {}, InputError, "not a folder"),
    (["empty"], {}, InputError, "no review.json and no alignment.xlsx"),
    (["a", "b", "c"], {}, UsageError, "give a folder"),
    (["empty"], {"outdir": "x"}, UsageError, "not both"),
])
def test_begin_refuses(tmp_path, sources, kw, error, message):
    (tmp_path / "empty").mkdir()
    with pytest.raises(error, match=message):
        begin([tmp_path / s for s in sources], **kw)


def test_moved_documents_are_named_and_can_be_given(outdir, tmp_path, example_paths):
    import openpyxl

    wb = openpyxl.load_workbook(outdir / "alignment.xlsx")
    about = wb["About"]
    for row in about.iter_rows(min_row=2):
        if row[0].value == "source":
            row[1].value = str(tmp_path / "gone" / Path(row[1].value).name)
    wb.save(outdir / "alignment.xlsx")
    with pytest.raises(InputError, match="is not there") as info:
        begin([outdir])
    assert "--documents" in str(info.value)
    session, _ = begin([outdir], documents=example_paths)
    assert len(session.review.beads) == len(sheet_rows(outdir / "alignment.xlsx"))


# ----------------------------------------------------------------------------- damaged review files

def _damage(data: dict, case: str):
    if case == "not a review":
        return {"format": "something"}
    if case == "newer version":
        data["version"] = 99
    elif case == "beads lose a sentence":
        data["beads"].pop()
    elif case == "beads out of order":
        data["beads"][0], data["beads"][1] = data["beads"][1], data["beads"][0]
    elif case == "bad bead status":
        data["beads"][0][3] = "approved"
    elif case == "bad confidence":
        data["beads"][0][2] = 7
    elif case == "bad term decision":
        data["terms"][0]["decision"] = "maybe"
    elif case == "example past the text":
        data["terms"][0]["examples"] = [[[9999], [0]]]
    elif case == "edit of no term":
        data["history"]["terms"]["undo"] = [{"index": 10 ** 6, "old": {}, "new": {}}]
    return data


@pytest.mark.parametrize("case, message", [
    ("not a review", "not a shuyu review file"),
    ("newer version", "version 99"),
    ("beads lose a sentence", "the beads hold"),
    ("beads out of order", "do not follow"),
    ("bad bead status", "unknown status"),
    ("bad confidence", "confidence"),
    ("bad term decision", "unknown decision"),
    ("example past the text", "past the documents"),
    ("edit of no term", "names no term"),
])
def test_damaged_review_file_is_one_clear_error(outdir, case, message):
    begin([outdir])
    path = outdir / REVIEW_FILE
    path.write_text(json.dumps(_damage(json.loads(path.read_text(encoding="utf-8")), case)), encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        load_review(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b""])
def test_review_file_that_is_not_json(outdir, content):
    (outdir / REVIEW_FILE).write_bytes(content)
    with pytest.raises(InputError, match="review.json"):
        load_review(outdir / REVIEW_FILE)


# ----------------------------------------------------------------------------- export


def test_export_writes_the_corrected_alignment_and_the_reviewed_glossary(outdir):
    session, _ = begin([outdir])
    r = session.review
    n = len(r.beads)
    two = next(i for i, b in enumerate(r.beads) if len(b.en) == 2)
    merged_en = texts(r, r.beads[two + 2])[0] + " " + texts(r, r.beads[two + 3])[0]
    # two beads after the first 2-1 become one; the 2-1 is split into a 1-1 and a 1-0; the first is confirmed
    session.edit({"op": "merge", "bead": two + 2})
    session.edit({"op": "split", "bead": two, "en_at": 1, "zh_at": 1})
    session.edit({"op": "confirm", "bead": 0})
    terms = session.review.terms
    session.edit_term({"term": 0, "decision": "accept"})
    session.edit_term({"term": 1, "status": "forbidden"})
    session.edit_term({"term": 2, "decision": "reject"})
    session.edit_term({"term": 3, "zh": "加国"})
    written = dict(session.export()["written"])
    assert set(written) == set(EXPORTS)
    folder = outdir / "reviewed"
    assert {p.name for p in folder.iterdir()} == set(EXPORTS.values())

    r = session.review
    assert len(r.beads) == n
    two_sided = [texts(r, b) for b in r.beads if b.en and b.zh]
    pairs = read_segment_pairs(folder / "alignment.tmx")
    assert [(p.en, p.zh) for p in pairs] == two_sided  # a 1-0 bead is no TMX unit
    assert any(p.en == merged_en for p in pairs)
    tsv = read_segment_pairs(folder / "alignment.tsv", one_sided=True)
    assert [(p.en, p.zh) for p in tsv] == [texts(r, b) for b in r.beads]
    tmx = (folder / "alignment.tmx").read_text(encoding="utf-8")
    assert '<prop type="x-shuyu-reviewed">4 of ' in tmx  # the merged bead, the two halves, the confirmed one

    g = read_glossary(folder / "glossary.xlsx")
    got = {(e.en[0].text, e.zh[0].text, e.zh[0].status) for e in g.entries}
    assert got == {(terms[0].en, terms[0].zh, "preferred"), (terms[1].en, terms[1].zh, "forbidden"),
                   (terms[3].en, "加国", "preferred")}
    tbx = read_glossary(folder / "glossary.tbx")
    assert {(e.en[0].text, e.zh[0].text, e.zh[0].status) for e in tbx.entries} == got


def test_export_with_no_terms_writes_the_alignment_only(tmp_path):
    from shuyu.aligner.readers import document_from_sentences
    from shuyu.records import Alignment, Bead

    en = document_from_sentences(["One.", "Two."], "en", "a.en.txt")
    zh = document_from_sentences(["一。", "二。"], "zh", "a.zh.txt")
    review = review_from_alignment(Alignment(en, zh, (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.3))))
    session = Session.open(tmp_path, review)
    assert [Path(p).name for _r, p in session.export()["written"]] == ["alignment.tmx", "alignment.xlsx",
                                                                       "alignment.tsv"]
    assert export_review(tmp_path)  # the same from the review file (shuyu review OUTDIR --export)


def test_export_refuses_a_folder_that_leads_outside(outdir, tmp_path):
    from shuyu.errors import OutputError

    session, _ = begin([outdir])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (outdir / "reviewed").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="leads out of the review folder"):
        session.export()
    assert not any(elsewhere.iterdir())


# ----------------------------------------------------------------------------- the xlsx route


def _edit_sheet(path: Path, edit):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    edit(wb["Alignment"])
    wb.save(path)


def _merge_rows(ws, first: int):
    """Move row first+1's text into row first (as LF Aligner users do) and delete row first+1."""
    a, b = first, first + 1
    ws.cell(a, 2).value = " ".join(x for x in (ws.cell(a, 2).value, ws.cell(b, 2).value) if x)
    ws.cell(a, 3).value = "".join(x for x in (ws.cell(a, 3).value, ws.cell(b, 3).value) if x)
    ws.delete_rows(b)


def _split_row(ws, row: int):
    """Move the second English sentence of a 2-1 row into a new row below it."""
    en = ws.cell(row, 2).value
    first, second = en.split(". ", 1)
    ws.insert_rows(row + 1)
    ws.cell(row, 2).value = first + "."
    ws.cell(row + 1, 2).value = second


def _change_text(ws):
    ws.cell(3, 2).value = ws.cell(3, 2).value.replace("Ottawa", "Toronto")


def _cut_mid_sentence(ws):
    ws.cell(3, 2).value, ws.cell(4, 2).value = ws.cell(3, 2).value[:20], ws.cell(3, 2).value[20:] + " " + \
        ws.cell(4, 2).value


def _delete_last_row(ws):
    ws.delete_rows(ws.max_row)


def _add_text(ws):
    ws.cell(ws.max_row, 3).value += "多出来的话。"


def _rows_after(rows, name):
    """What the sheet's beads become: (number of beads, number edited)."""
    return {"unchanged": (len(rows), 0), "two rows merged": (len(rows) - 1, 1), "a row split": (len(rows) + 1, 2),
            "spaces and line breaks changed": (len(rows), 0)}[name]


@pytest.mark.parametrize("name, edit", [
    ("unchanged", lambda ws, rows: None),
    ("two rows merged", lambda ws, rows: _merge_rows(ws, 2)),  # the heading and the first sentence
    ("a row split", lambda ws, rows: _split_row(ws, two_english_sentences(rows))),
    ("spaces and line breaks changed", lambda ws, rows: ws.cell(2, 2).__setattr__(
        "value", "  China and Canada Hold\nThird High-Level Dialogue   on Law Enforcement and Cybersecurity ")),
])
def test_sheet_read_back_into_beads(outdir, name, edit):
    sheet = outdir / "alignment.xlsx"
    rows = sheet_rows(sheet)
    _edit_sheet(sheet, lambda ws: edit(ws, rows))
    read = alignment_from_sheet(sheet)
    beads = read.alignment.beads
    assert (len(beads), sum(read.edited)) == _rows_after(rows, name)
    assert all(b.confidence == 1.0 for b, e in zip(beads, read.edited) if e)
    assert [b.kind for b, e in zip(beads, read.edited) if e] == \
        {"two rows merged": ["2-2"], "a row split": ["1-1", "1-0"]}.get(name, [])
    assert not read.lines


@pytest.mark.parametrize("name, edit, message, cell", [
    ("text changed", _change_text, "the English text differs from English sentence 2", "!B3"),
    ("row ends inside a sentence", _cut_mid_sentence, "ends inside English sentence 2", "!B3"),
    ("last row deleted", _delete_last_row, "are in no row", "alignment.xlsx"),
    ("text added at the end", _add_text, "goes on past the end", "!C"),
])
def test_sheet_that_no_longer_matches_the_documents(outdir, name, edit, message, cell):
    sheet = outdir / "alignment.xlsx"
    _edit_sheet(sheet, edit)
    with pytest.raises(SheetMismatch, match=message) as info:
        alignment_from_sheet(sheet)
    assert cell in str(info.value) and info.value.hint


def test_sheet_of_lines_documents(tmp_path):
    en, zh = tmp_path / "d.en", tmp_path / "d.zh"
    en.write_text("First line. Still the first line.\nSecond line.\n", encoding="utf-8")
    zh.write_text("第一行。还是第一行。\n第二行。\n", encoding="utf-8")
    result = invoke("align", "--lines", en, zh, "-o", tmp_path / "a.xlsx")
    assert result.exit_code == 0, result.output
    read = alignment_from_sheet(tmp_path / "a.xlsx")
    assert read.lines and len(read.alignment.beads) == 2


# ----------------------------------------------------------------------------- command line


def test_cli_align_from_sheet_and_from_review(outdir, tmp_path, example_paths):
    sheet = outdir / "alignment.xlsx"
    _edit_sheet(sheet, lambda ws: _merge_rows(ws, 2))
    n = len(sheet_rows(sheet))
    result = invoke("align", "--from-sheet", sheet, "-o", tmp_path / "s.tmx")
    assert result.exit_code == 0, result.output
    assert f"{n} beads" in result.output and "1 beads changed by hand" in result.output
    assert len(read_segment_pairs(tmp_path / "s.tmx")) == sum(1 for en, zh, _k in sheet_rows(sheet) if en and zh)
    result = invoke("align", *example_paths, "--from-sheet", sheet, "-o", tmp_path / "s.tsv")
    assert result.exit_code == 0, result.output

    session, _ = begin([outdir])
    session.edit({"op": "split", "bead": 0, "en_at": 1, "zh_at": 0})
    for target in (outdir, outdir / REVIEW_FILE):
        result = invoke("align", "--from-review", target, "-o", tmp_path / "r.tmx")
        assert result.exit_code == 0, result.output
        assert f"{n + 1} beads" in result.output
    assert alignment_from_review(outdir).beads[0].zh == ()


@pytest.mark.parametrize("args, message", [
    (["--from-review", "{out}", "--from-sheet", "{out}/alignment.xlsx"], "not both"),
    (["{en}", "{zh}", "--from-review", "{out}"], "leave out EN ZH"),
    (["--from-sheet", "{out}/alignment.xlsx", "--glossary", "{en}"], "not with --batch or --glossary"),
    (["{en}", "--from-sheet", "{out}/alignment.xlsx"], "both documents"),
    (["--from-review", "{out}"], "no review.json in this folder"),
    (["--from-sheet", "{out}/alignment.xlsx", "-o", "{out}/alignment.xlsx"], "overwrite an input"),
])
def test_cli_align_from_refused(outdir, example_paths, args, message):
    values = {"out": outdir, "en": example_paths[0], "zh": example_paths[1]}
    args = [a.format(**values) for a in args]
    if "-o" not in args:
        args += ["-o", str(outdir / "x.tmx")]
    result = invoke("align", *args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:") and message in lines[0], result.output


def test_cli_review_export(outdir):
    begin([outdir])
    result = invoke("review", outdir, "--export")
    assert result.exit_code == 0, result.output
    assert "reviewed/alignment.tmx" in result.output and (outdir / "reviewed" / "glossary.tbx").exists()


def test_cli_review_export_without_a_review_takes_the_sheets_as_they_are(outdir):
    """Accept filled in glossary.xlsx in Excel, the page never opened: --export still exports it."""
    import openpyxl

    from shuyu.glossaries import read_glossary

    wb = openpyxl.load_workbook(outdir / "glossary.xlsx")
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = header.index("Accept") + 1
    kept = {ws.cell(r, 1).value for r in (2, 3)}
    for r in (2, 3):
        ws.cell(r, col).value = "accept"
    wb.save(outdir / "glossary.xlsx")
    result = invoke("review", outdir, "--export")
    assert result.exit_code == 0, result.output
    assert not (outdir / "review.json").exists()
    exported = read_glossary(outdir / "reviewed" / "glossary.xlsx")
    assert {t.text for e in exported.entries for t in e.en} == kept


def test_cli_review_export_of_a_folder_shuyu_did_not_write(tmp_path):
    result = invoke("review", tmp_path, "--export")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (tmp_path / "reviewed").exists()
