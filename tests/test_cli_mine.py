"""`shuyu mine`: output formats, input kinds (documents, aligned files, a folder),
options (--glossary, --top, --stoplist), candidates left unreviewed, mixed scripts
and bad input, through the command line."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from shuyu.cli import main

KEY_PAIRS = [("state councilor", "国务委员"), ("law enforcement cooperation", "执法合作")]
#: The reviewer's columns, first and in this order; then at least these.
REVIEW_FIRST = ("English", "Chinese", "Accept", "Status")
REVIEW_COLUMNS = ("Score", "Evidence", "Known")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def lines_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.strip()]


# ----------------------------------------------------------------------- readers
def read_rows(path) -> list[dict]:
    """The rows of a mined term file (xlsx / csv / tsv) as dicts keyed by header."""
    ext = path.suffix.lower()
    if ext == ".xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(path, read_only=True)["Terms"]
        rows = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
        header = [str(h) for h in rows[0]]
        return [dict(zip(header, r)) for r in rows[1:] if any(str(v).strip() for v in r)]
    encoding = "utf-8-sig" if ext == ".csv" else "utf-8"
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t" if ext == ".tsv" else ","))


def read_pairs(path) -> set[tuple[str, str]]:
    """(english lower-cased, chinese) of every term pair in a mined file, TBX included."""
    if path.suffix.lower() == ".tbx":
        root = ET.parse(path).getroot()
        xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
        pairs = set()
        for concept in root.iter():
            if not concept.tag.endswith("conceptEntry"):
                continue
            terms = {"en": [], "zh": []}
            for lang_sec in concept:
                if not lang_sec.tag.endswith("langSec"):
                    continue
                lang = lang_sec.get(xml_lang, "").lower()[:2]
                terms.setdefault(lang, []).extend(
                    t.text for t in lang_sec.iter() if t.tag.endswith("}term") or t.tag == "term")
            pairs |= {(e.lower(), z) for e in terms["en"] for z in terms["zh"]}
        return pairs
    return {(str(r["English"]).lower(), str(r["Chinese"])) for r in read_rows(path)}


# ----------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def aligned_files(tmp_path_factory, example_paths):
    """The example aligned as JSONL by `shuyu align`, and the same pairs in a TSV written here."""
    folder = tmp_path_factory.mktemp("aligned")
    jsonl = folder / "dialogue.jsonl"
    result = invoke("align", *example_paths, "-o", jsonl)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    tsv = folder / "dialogue.tsv"
    with open(tsv, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["English", "Chinese", "Confidence"])
        for r in records:
            if r["en"] and r["zh"]:
                w.writerow([" ".join(r["en"].split()), " ".join(r["zh"].split()), r["confidence"]])
    return {"jsonl": jsonl, "tsv": tsv}


@pytest.fixture(scope="module")
def mined_docs(tmp_path_factory, example_paths):
    """`shuyu mine EN ZH -o terms.EXT` for every output format."""
    folder = tmp_path_factory.mktemp("mined")
    out = {}
    for ext in ("xlsx", "csv", "tsv", "tbx"):
        path = folder / f"terms.{ext}"
        out[ext] = (invoke("mine", *example_paths, "-o", path), path)
    return out


@pytest.fixture(scope="module")
def mined_aligned(tmp_path_factory, aligned_files):
    """`shuyu mine --aligned FILE -o terms.tsv` for the JSONL and the TSV."""
    folder = tmp_path_factory.mktemp("mined-aligned")
    out = {}
    for kind, src in aligned_files.items():
        path = folder / f"from-{kind}.tsv"
        out[kind] = (invoke("mine", "--aligned", src, "-o", path), path)
    return out


# ----------------------------------------------------------------------- formats
@pytest.mark.parametrize("ext", ["xlsx", "csv", "tsv", "tbx"])
def test_mine_writes_each_format(mined_docs, ext):
    result, path = mined_docs[ext]
    assert result.exit_code == 0, result.output
    assert path.is_file() and path.stat().st_size > 0
    assert "new term pairs" in result.output and str(path) in result.output
    assert len(read_pairs(path)) >= 20


@pytest.mark.parametrize("ext", ["xlsx", "csv", "tsv", "tbx"])
@pytest.mark.parametrize("en, zh", KEY_PAIRS)
def test_mine_key_pairs_in_each_format(mined_docs, ext, en, zh):
    _, path = mined_docs[ext]
    assert (en, zh) in read_pairs(path)


@pytest.mark.parametrize("ext", ["xlsx", "csv", "tsv"])
def test_mine_review_columns(mined_docs, ext):
    _, path = mined_docs[ext]
    rows = read_rows(path)
    assert tuple(rows[0])[:4] == REVIEW_FIRST
    for col in REVIEW_COLUMNS:
        assert col in rows[0], (col, list(rows[0]))
    assert all(str(r["Accept"]).strip() == "" and str(r["Status"]).strip() == "" for r in rows)  # for the reviewer
    assert all(str(r["Evidence"]).strip() for r in rows)  # why each pair was proposed
    scores = [float(r["Score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)  # ranked


def test_mine_xlsx_has_accept_and_status_dropdowns(mined_docs):
    import openpyxl

    _, path = mined_docs["xlsx"]
    ws = openpyxl.load_workbook(path)["Terms"]
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("accept" in (f or "") and "reject" in (f or "") for f in formulas), formulas
    assert '"preferred,admitted,deprecated,superseded,forbidden"' in formulas
    assert ws.freeze_panes == "E2"  # English, Chinese, Accept and Status do not scroll away


def test_mine_tbx_has_no_status_until_reviewed(mined_docs):
    _, path = mined_docs["tbx"]
    text = path.read_text(encoding="utf-8")
    assert "administrativeStatus" not in text
    assert "unreviewed term candidate" in text


def test_mine_tbx_is_read_back_by_shuyu(mined_docs, tmp_path):
    _, path = mined_docs["tbx"]
    out = tmp_path / "back.csv"
    result = invoke("glossary", "convert", path, "-o", out)
    assert result.exit_code == 0, result.output
    assert set(KEY_PAIRS) <= read_pairs(out)


def test_mine_stdout_lists_top_terms(mined_docs):
    result, _ = mined_docs["tsv"]
    listed = [line for line in result.output.splitlines() if " = " in line]
    assert 1 <= len(listed) <= 10
    assert all(line.split()[0].replace(".", "").isdigit() for line in listed)  # score, then the pair


def test_mine_stdout_top_terms_include_the_title(mined_docs):
    result, _ = mined_docs["tsv"]
    listed = [line for line in result.output.splitlines() if " = " in line]
    assert any(line.endswith("State Councilor = 国务委员") for line in listed)


def test_mine_counter_narcotics(mined_docs):
    _, path = mined_docs["tsv"]
    assert {str(r["English"]).lower(): r["Chinese"] for r in read_rows(path)}.get("counter-narcotics") == "禁毒"


# ----------------------------------------------------------------------- aligned input and batch
@pytest.mark.parametrize("kind", ["jsonl", "tsv"])
def test_mine_aligned(mined_aligned, kind):
    result, path = mined_aligned[kind]
    assert result.exit_code == 0, result.output
    assert "aligned pairs used" in result.output
    assert set(KEY_PAIRS) <= read_pairs(path)


def test_mine_aligned_tsv_and_jsonl_agree(mined_aligned):
    pairs = {kind: read_pairs(path) for kind, (_, path) in mined_aligned.items()}
    assert pairs["jsonl"] == pairs["tsv"]


@pytest.fixture(scope="module")
def mined_batch(tmp_path_factory, example_paths):
    folder = tmp_path_factory.mktemp("batch")
    src = folder / "docs"
    src.mkdir()
    for i in range(2):
        for p, lang in zip(example_paths, ("en", "zh")):
            (src / f"doc{i}.{lang}.txt").write_bytes(p.read_bytes())
    out = folder / "terms.tsv"
    return invoke("mine", "--batch", src, "-o", out, "-j", "1"), out


def test_mine_batch(mined_batch):
    result, out = mined_batch
    assert result.exit_code == 0, result.output
    assert "aligned pairs used" in result.output
    rows = {str(r["English"]).lower(): r for r in read_rows(out)}
    for en, zh in KEY_PAIRS:
        assert rows[en]["Chinese"] == zh
    sources = rows["state councilor"]["Sources"].split("; ")
    assert {"doc0.en.txt", "doc1.en.txt"} <= set(sources), sources
    assert int(rows["state councilor"]["Freq joint"]) == 2  # once in each document


def test_mine_batch_and_documents_is_usage_error(tmp_path, example_paths):
    out = tmp_path / "t.tsv"
    result = invoke("mine", *example_paths, "--batch", tmp_path, "-o", out)
    assert result.exit_code == 2
    assert not out.exists()


# ----------------------------------------------------------------------- options
GLOSSARY_TSV = ("English\tChinese\tStatus\nState Councilor\t国务委员\tpreferred\n"
                "law enforcement cooperation\t执法合作\tpreferred\n")
STOPLIST = "# extra stop words\ncyberspace\n王明\n"


@pytest.fixture(scope="module")
def mined_with_options(tmp_path_factory, aligned_files):
    """--glossary marks two known pairs; --stoplist removes 'cyberspace' and '王明'."""
    folder = tmp_path_factory.mktemp("options")
    gloss = folder / "known.tsv"
    gloss.write_text(GLOSSARY_TSV, encoding="utf-8")
    stop = folder / "stop.txt"
    stop.write_text(STOPLIST, encoding="utf-8")
    out = folder / "terms.tsv"
    result = invoke("mine", "--aligned", aligned_files["jsonl"], "--glossary", gloss, "--stoplist", stop,
                    "--top", 0, "-o", out)
    return result, out


def test_mine_glossary_marks_known_terms(mined_with_options):
    result, out = mined_with_options
    assert result.exit_code == 0, result.output
    assert "2 already in the glossary" in result.output
    rows = {(str(r["English"]).lower(), r["Chinese"]): r for r in read_rows(out)}
    for pair in KEY_PAIRS:
        assert rows[pair]["Known"] == "yes", rows[pair]
    assert sum(1 for r in rows.values() if r["Known"] == "yes") == 2
    # the summary lists new terms only
    listed = [line for line in result.output.splitlines() if " = " in line]
    assert listed and not any(line.endswith(("= 国务委员", "= 执法合作")) for line in listed)


def test_mine_without_glossary_marks_nothing_known(mined_aligned):
    _, out = mined_aligned["jsonl"]
    assert all(r["Known"] == "" for r in read_rows(out))


@pytest.mark.parametrize("column, word", [("English", "cyberspace"), ("Chinese", "王明")])
def test_mine_stoplist_removes_term(mined_aligned, mined_with_options, column, word):
    _, plain = mined_aligned["jsonl"]
    _, stopped = mined_with_options
    assert word in {str(r[column]) for r in read_rows(plain)}  # without the stop list it is mined
    assert word not in {str(r[column]) for r in read_rows(stopped)}


def test_mine_top(tmp_path, aligned_files, mined_aligned):
    out = tmp_path / "top.tsv"
    result = invoke("mine", "--aligned", aligned_files["jsonl"], "--top", 3, "-o", out)
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert len(rows) == 3
    _, full = mined_aligned["jsonl"]
    assert [r["English"] for r in rows] == [r["English"] for r in read_rows(full)[:3]]
    assert len([line for line in result.output.splitlines() if " = " in line]) == 3


# ----------------------------------------------------------------------- bad input
@pytest.mark.parametrize("name", ["terms.pdf", "terms", "terms.tmx", "terms.jsonl"])
def test_mine_unknown_output_format_writes_nothing(tmp_path, aligned_files, name):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = invoke("mine", "--aligned", aligned_files["jsonl"], "-o", out_dir / name)
    assert result.exit_code == 2, result.output
    lines = lines_of(result)
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:"), result.output
    assert name in lines[0]
    assert list(out_dir.iterdir()) == []


def _usage_cases(example_paths, aligned):
    en, zh = example_paths
    return {
        "documents and --aligned": [en, zh, "--aligned", aligned],
        "no input": [],
        "English only": [en],
    }


@pytest.mark.parametrize("case", ["documents and --aligned", "no input", "English only"])
def test_mine_usage_errors(tmp_path, example_paths, aligned_files, case):
    out = tmp_path / "t.tsv"
    result = invoke("mine", *_usage_cases(example_paths, aligned_files["jsonl"])[case], "-o", out)
    assert result.exit_code == 2, result.output
    lines = lines_of(result)
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:"), result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("missing", ["en", "zh", "aligned", "glossary", "stoplist"])
def test_mine_missing_file(tmp_path, example_paths, aligned_files, missing):
    en, zh = example_paths
    gone = tmp_path / f"gone-{missing}.txt"
    args = {
        "en": [gone, zh],
        "zh": [en, gone],
        "aligned": ["--aligned", gone.with_suffix(".tsv")],
        "glossary": ["--aligned", aligned_files["jsonl"], "--glossary", gone.with_suffix(".xlsx")],
        "stoplist": ["--aligned", aligned_files["jsonl"], "--stoplist", gone],
    }[missing]
    out = tmp_path / "t.tsv"
    result = invoke("mine", *args, "-o", out)
    assert result.exit_code == 2, result.output
    lines = lines_of(result)
    assert len(lines) == 1 and lines[0].startswith("shuyu: error:"), result.output
    assert f"gone-{missing}" in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_mine_malformed_aligned_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"en": "State Councilor", "zh": "国务委员"}\nnot json\n', encoding="utf-8")
    out = tmp_path / "t.tsv"
    result = invoke("mine", "--aligned", bad, "-o", out)
    assert result.exit_code == 2, result.output
    lines = lines_of(result)
    assert len(lines) == 1 and "bad.jsonl" in lines[0] and ":2" in lines[0], result.output
    assert not out.exists()


def test_mine_skipped_pairs_are_said_in_one_line(tmp_path):
    src = tmp_path / "mixed-quality.tsv"
    src.write_text("English\tChinese\n"
                   "State Councilor Zhao Lin met the delegation.\t国务委员赵林会见了代表团。\n"
                   "The two sides agreed to manage differences.\t双方同意管控分歧。\n"
                   "Only English here.\t\n"
                   "\t只有中文。\n"
                   "The delegation left.\tThe delegation left.\n"
                   "代表团离开了。\t代表团离开了。\n", encoding="utf-8")
    out = tmp_path / "t.tsv"
    result = invoke("mine", "--aligned", src, "-o", out)
    assert result.exit_code == 0, result.output
    notes = [line for line in lines_of(result) if line.startswith("note:")]
    assert len(notes) == 1 and notes[0].startswith("note: skipped 4 of 6 segment pairs"), result.output
    assert "2 of 6 aligned pairs used" in result.output
    assert ("state councilor", "国务委员") in read_pairs(out)


# ----------------------------------------------------------------------- mixed scripts (issue 9)
MIXED_EN = ("State Councilor Zhao Lin met the visiting delegation in Beijing on Monday.\n\n"
            "State Councilor Zhao Lin said the two sides should deepen law enforcement cooperation.\n\n"
            "The two sides agreed to hold the next round of talks in Ottawa.\n")
MIXED_ZH = ("国务委员赵林周一在北京会见了来访的代表团。\n\n"
            "國務委員趙林表示，雙方應深化執法合作。\n\n"
            "双方同意在渥太华举行下一轮会谈。\n")


@pytest.fixture
def mixed_docs(tmp_path):
    """A Chinese text writing 国务委员 in one place and 國務委員 in another (it crashed `shuyu run`)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "mixed.en.txt").write_text(MIXED_EN, encoding="utf-8")
    (folder / "mixed.zh.txt").write_text(MIXED_ZH, encoding="utf-8")
    return folder


def _mined_chinese(path) -> set[str]:
    return {str(r["Chinese"]) for r in read_rows(path)}


def test_run_mixed_simplified_and_traditional(tmp_path, mixed_docs):
    out = tmp_path / "out"
    result = invoke("run", mixed_docs / "mixed.en.txt", mixed_docs / "mixed.zh.txt", "-o", out)
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output
    shown = _mined_chinese(out / "glossary.xlsx")
    assert {"国务委员", "國務委員"} & shown  # as the text writes it
    assert all(z in MIXED_ZH for z in shown)  # never converted to a script the text does not use here


def test_mine_batch_mixed_simplified_and_traditional(tmp_path, mixed_docs):
    out = tmp_path / "t.tsv"
    result = invoke("mine", "--batch", mixed_docs, "-o", out, "-j", "1")
    assert result.exit_code == 0, result.output
    assert {"国务委员", "國務委員"} & _mined_chinese(out)


@pytest.mark.parametrize("min_score", ["0.34", "0.67"])
def test_mine_min_score_keeps_the_upper_tiers(tmp_path, aligned_files, mined_aligned, min_score):
    out = tmp_path / "upper.tsv"
    result = invoke("mine", "--aligned", aligned_files["jsonl"], "--min-score", min_score, "-o", out)
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    everything = read_rows(mined_aligned["jsonl"][1])
    assert 0 < len(rows) < len(everything)
    assert all(float(r["Score"]) >= float(min_score) for r in rows)
    assert len(rows) == sum(1 for r in everything if float(r["Score"]) >= float(min_score))


@pytest.mark.parametrize("bad", ["1", "-0.1", "high"])
def test_mine_min_score_out_of_range(tmp_path, aligned_files, bad):
    out = tmp_path / "t.tsv"
    result = invoke("mine", "--aligned", aligned_files["jsonl"], "--min-score", bad, "-o", out)
    assert result.exit_code == 2
    assert "--min-score" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_library_warning_is_one_line(tmp_path, aligned_files, monkeypatch):
    import warnings

    from shuyu import pipeline

    original = pipeline.mine_files

    def warning_mine_files(**kwargs):
        warnings.warn("the sheet has\n  two header rows", UserWarning, stacklevel=1)
        return original(**kwargs)

    monkeypatch.setattr(pipeline, "mine_files", warning_mine_files)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        result = invoke("mine", "--aligned", aligned_files["jsonl"], "-o", tmp_path / "t.tsv")
    assert result.exit_code == 0, result.output
    assert "shuyu: warning: the sheet has two header rows\n" in result.output
    assert "warnings.warn" not in result.output and ".py:" not in result.output
