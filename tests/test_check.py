"""Terminology checks: planted violations are found, look-alikes are not (shuyu.terms.checking)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shuyu.errors import InputError, UsageError
from shuyu.records import Glossary, GlossaryEntry, SegmentPair, Term
from shuyu.terms.checking import CHECKS, Finding, check_pairs, check_paths, list_checks, resolve_checks
from shuyu.terms.checking.matching import ChineseMatcher, EnglishMatcher, en_key

FIX = Path(__file__).parent / "fixtures" / "check"


def entry(i, en, *zh):
    terms = [Term(t, "en") for t in en] + [Term(t, "zh", s) for t, s in zh]
    return GlossaryEntry(str(i), tuple(terms))


def glossary() -> Glossary:
    return Glossary((
        entry(1, ["Ministry of Public Security"], ("公安部", "preferred")),
        entry(2, ["Minister of Public Security"], ("公安部长", "preferred")),
        entry(3, ["public security"], ("公安", "preferred")),
        entry(4, ["counter-terrorism"], ("反恐", "preferred"), ("打击恐怖主义", "admitted")),
        entry(5, ["Belt and Road Initiative"], ("一带一路倡议", "preferred"), ("一带一路战略", "forbidden"),
              ("一带一路", "deprecated")),
        entry(6, ["law enforcement"], ("执法", "preferred")),
        entry(7, ["cybersecurity"], ("网络安全", "preferred"), ("网络空间安全", "admitted"), ("网路安全", "deprecated")),
        entry(8, ["United States", "U.S.", "US"], ("美国", "preferred"), ("美", "admitted")),
        entry(9, ["terrorist"], ("恐怖分子", "preferred")),
        entry(10, ["terrorist organization"], ("恐怖组织", "preferred"), ("恐怖分子组织", "deprecated")),
        entry(11, ["extremism"], ("极端主义", "preferred"), ("极端主义思潮", "forbidden")),
    ))


# (file, line of the unit as read, line of the problem, check): the Chinese <seg> of a TMX <tu>,
# the msgstr of a PO entry
EXPECTED = {
    ("corpus.tmx", 10, 12, "term-missing"),
    ("corpus.tmx", 14, 16, "forbidden-term"),
    ("corpus.tmx", 22, 24, "number-mismatch"),
    ("corpus.tsv", 4, 4, "inconsistent-translation"),
    ("corpus.tsv", 6, 6, "term-missing"),
    ("corpus.jsonl", 3, 3, "forbidden-term"),
    ("corpus.po", 7, 8, "forbidden-term"),
}


def test_fixture_corpus_no_miss_no_false_alarm():
    result = check_paths([FIX / "corpus"], glossary())
    got = {(Path(f.file).name, f.source_line, f.line, f.check) for f in result.findings}
    assert got == EXPECTED
    assert all(Path(f.source).name == Path(f.file).name for f in result.findings)
    assert result.pairs == 17
    assert {Path(f).name for f in result.files} == {"corpus.tmx", "corpus.tsv", "corpus.jsonl", "corpus12.xlf",
                                                     "corpus20.xlf", "corpus.po"}


def pair(en, zh, line=1, source="t.tsv"):
    return SegmentPair(en, zh, source, line)


@pytest.mark.parametrize("en, zh, expected", [
    # planted violations
    ("Counter-terrorism is a priority.", "打击犯罪是重点。", {"term-missing"}),
    ("The Belt and Road Initiative is open.", "一带一路战略是开放的。", {"forbidden-term"}),
    ("Cybersecurity matters.", "网路安全很重要。", {"forbidden-term"}),
    ("Cybersecurity matters.", "網路安全很重要。", {"forbidden-term"}),  # Traditional form of the deprecated term
    ("Terrorist organizations were banned.", "恐怖分子组织被取缔。", {"forbidden-term"}),
    ("Extremism is rejected.", "极端主义思潮被摒弃。", {"forbidden-term"}),  # approved term inside a forbidden one
    ("Extremism is rejected.", "极端主义被摒弃。", set()),
    ("The Belt and Road Initiative is open.", "一带一路倡议是开放的。", set()),   # deprecated inside approved
    ("The Belt and Road Initiative is open.", "一带一路是开放的。", {"forbidden-term"}),
    ("It grew 5% in 2017.", "2016年增长5%。", {"number-mismatch"}),
    ("The U.S. side agreed.", "中方表示同意。", {"term-missing"}),
    # look-alikes that are fine
    ("The Minister of Public Security spoke.", "公安部长讲话。", set()),          # nested term: longest wins
    ("The Ministry of Public Security and public security organs.", "公安部和公安机关。", set()),
    ("Law enforcement agencies held dialogues.", "兩國執法部門舉行了對話。", set()),  # Traditional Chinese
    ("Both counter terrorism and counterterrorism.", "双方反恐。", set()),          # hyphen / space variants
    ("Counter-Terrorism Dialogues", "反恐对话", set()),                              # case, plural
    ("They help us.", "他们帮助我们。", set()),                                        # "us" is not the US
    ("US officials", "美方官员", set()),                                              # admitted 美
    ("Terrorists are enemies of mankind.", "恐怖分子是人类公敌。", set()),
    ("Investment reached 350 million yuan.", "投资达到3.5亿元。", set()),             # a number written two ways
    ("the 19th National Congress on Oct. 4", "10月4日的十九大", set()),
    ("grew by 5 percent", "增长百分之五", set()),
    ("Cybersecurity matters.", "网络空间安全很重要。", set()),                         # admitted, alone: consistent
])
def test_pair_checks(en, zh, expected):
    found = {f.check for f in check_pairs([pair(en, zh)], glossary())}
    assert found == expected


def test_forbidden_is_error_deprecated_is_warning():
    fs = check_pairs([pair("Belt and Road Initiative", "一带一路战略"), pair("cybersecurity", "网路安全", 2)],
                     glossary())
    assert [(f.line, f.severity) for f in fs] == [(1, "error"), (2, "warning")]
    assert "use '一带一路倡议'" in fs[0].message
    assert "use '网络安全'" in fs[1].message


def test_forbidden_reported_without_english_but_deprecated_needs_it():
    fs = check_pairs([pair("Something else.", "一带一路战略"), pair("Something else.", "网路安全", 2)], glossary())
    assert [(f.check, f.line) for f in fs] == [("forbidden-term", 1)]


def test_inconsistent_across_files_names_majority():
    pairs = [pair("cybersecurity", "网络安全", i, f"a{i}.tmx") for i in range(1, 4)]
    pairs.append(pair("Cybersecurity", "网络空间安全", 9, "b.tmx"))
    fs = check_pairs(pairs, glossary())
    assert [(f.file, f.check) for f in fs] == [("b.tmx", "inconsistent-translation")]
    assert "'网络安全' in 3 other segments in 3 files" in fs[0].message


def test_each_occurrence_counted_in_message():
    fs = check_pairs([pair("Counter-terrorism and counter-terrorism again.", "打击。")], glossary())
    assert "(2 times)" in fs[0].message


@pytest.mark.parametrize("enabled, disabled, expected", [
    (None, (), list(CHECKS)),
    (["term-missing"], (), ["term-missing"]),
    (None, ["number-mismatch"], ["term-missing", "forbidden-term", "inconsistent-translation"]),
])
def test_resolve_checks(enabled, disabled, expected):
    assert resolve_checks(enabled, disabled) == expected


def test_enabled_limits_findings():
    p = pair("The Belt and Road Initiative grew 5%.", "一带一路战略增长6%。")
    assert {f.check for f in check_pairs([p], glossary(), enabled=["number-mismatch"])} == {"number-mismatch"}
    assert {f.check for f in check_pairs([p], glossary(), disabled=["number-mismatch"])} == {"forbidden-term"}


@pytest.mark.parametrize("kw", [{"enabled": ["no-such-check"]}, {"disabled": ["typo"]}])
def test_unknown_check_is_usage_error(kw):
    with pytest.raises(UsageError, match="known checks"):
        check_pairs([], glossary(), **kw)


def test_registry_has_id_severity_doc():
    for cid, c in CHECKS.items():
        assert c.id == cid and c.severity in ("error", "warning", "info") and len(c.doc) > 80
    text = list_checks()
    assert all(cid in text for cid in CHECKS)


def test_finding_fingerprint_ignores_line_number():
    a = check_pairs([pair("US", "中方", 3)], glossary())[0]
    b = check_pairs([pair("US", "中方", 30)], glossary())[0]
    c = check_pairs([pair("US", "中方。", 3)], glossary())[0]
    assert isinstance(a, Finding) and a.fingerprint == b.fingerprint != c.fingerprint


def test_missing_input_is_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        check_paths([tmp_path / "nope.tmx"], glossary())


def test_unsupported_single_document_is_input_error(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Hello.", encoding="utf-8")
    with pytest.raises(InputError, match="not a bilingual file"):
        check_paths([doc], glossary())


@pytest.mark.parametrize("text, terms, expected", [
    ("The Minister of Public Security", ["Minister of Public Security", "Public Security"],
     ["minister of public security"]),
    ("public-security organs", ["Public Security"], ["public security"]),
    ("the U.S. and the US", ["US"], ["us", "us"]),
    ("let us go", ["US"], []),
    ("China's policies", ["China policy"], ["china policy"]),
    ("Belt and Road initiatives", ["Belt and Road Initiative"], ["belt and road initiative"]),
])
def test_english_matcher(text, terms, expected):
    assert [m.key for m in EnglishMatcher(terms).find(text)] == expected


@pytest.mark.parametrize("text, terms, expected", [
    ("恐怖主义者", ["恐怖主义", "恐怖主义者"], ["恐怖主义者"]),
    ("公安部與公安機關", ["公安部", "公安"], ["公安部", "公安"]),
    ("ＧＤＰ增长", ["GDP"], ["GDP"]),
    ("工业增加值", ["十三、工　业"], ["工业"]),          # heading number and ideographic space of a TOC entry
    ("十九大", ["十九大", "一带一路"], ["十九大"]),
])
def test_chinese_matcher(text, terms, expected):
    assert [m.key for m in ChineseMatcher(terms).find(text)] == expected


def test_en_key_variants_meet():
    assert en_key("Counter-Terrorism Dialogues") == en_key("counter terrorism dialogue")


def test_rows_per_variant_are_one_concept(tmp_path):
    g = Glossary((
        entry(1, ["Belt and Road Initiative"], ("一带一路倡议", "preferred")),
        entry(2, ["Belt and Road Initiatives"], ("一带一路战略", "forbidden")),   # same term, next row
    ))
    fs = check_pairs([pair("The Belt and Road Initiative works.", "一带一路战略有效。")], g)
    assert [(f.check, f.severity) for f in fs] == [("forbidden-term", "error")]
    assert "use '一带一路倡议'" in fs[0].message


def test_check_paths_reads_glossary_file(tmp_path):
    gfile = tmp_path / "g.tsv"
    gfile.write_text("English\tChinese\tStatus\nBelt and Road Initiative\t一带一路倡议\tpreferred\n"
                     "Belt and Road Initiative\t一带一路战略\tforbidden\n", encoding="utf-8")
    data = tmp_path / "c.tsv"
    data.write_text("en\tzh\nThe Belt and Road Initiative works.\t一带一路战略有效。\n", encoding="utf-8")
    res = check_paths([data], gfile)
    assert [(f.line, f.check) for f in res.findings] == [(2, "forbidden-term")]


@pytest.mark.slow  # builds the aligner's lexicon in a fresh cache (about 10 s)
def test_two_documents_are_aligned_on_the_fly(tmp_path):
    en = tmp_path / "report.en.txt"
    zh = tmp_path / "report.zh.txt"
    en.write_text("The Belt and Road Initiative is open to all.\n\nInvestment rose by 5 percent last year.\n\n"
                  "The two sides held talks.\n", encoding="utf-8")
    zh.write_text("一带一路战略向所有国家开放。\n\n去年投资增长了百分之六。\n\n双方举行了会谈。\n", encoding="utf-8")
    res = check_paths([zh, en], glossary())
    assert res.pairs == 3
    # Chinese-side problems point at the Chinese document, the English is the related location
    assert [(Path(f.file).name, f.line, f.column, f.check) for f in res.findings] == [
        ("report.zh.txt", 1, 1, "forbidden-term"), ("report.zh.txt", 3, 8, "number-mismatch")]
    assert [(Path(r.file).name, r.line) for f in res.findings for r in f.related] == [
        ("report.en.txt", 1), ("report.en.txt", 3)]
    assert all(Path(f.source).name == "report.en.txt" for f in res.findings)


def test_acronym_kept_in_chinese_is_not_missing():
    g = Glossary((entry(1, ["APEC"], ("亚太经合组织", "preferred")),))
    assert check_pairs([pair("The APEC meeting", "APEC会议")], g) == []
    assert [f.check for f in check_pairs([pair("The APEC meeting", "会议")], g)] == ["term-missing"]


@pytest.mark.slow  # aligns a document pair found in a folder (the aligner's lexicon)
def test_folder_with_document_pair_and_bitext(tmp_path):
    (tmp_path / "talks.en.txt").write_text("The Belt and Road Initiative is open to all.\n\nThe two sides held "
                                           "talks.\n\nThey agreed to meet again.\n", encoding="utf-8")
    (tmp_path / "talks.zh.txt").write_text("一带一路战略向所有国家开放。\n\n双方举行了会谈。\n\n双方同意再次会晤。\n",
                                           encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a bilingual file\n", encoding="utf-8")      # ignored
    (tmp_path / "memo.tsv").write_text("en\tzh\nThe U.S. side agreed.\t中方同意。\n", encoding="utf-8")
    res = check_paths([tmp_path], glossary())
    assert sorted((Path(f.file).name, f.check) for f in res.findings) == [
        ("memo.tsv", "term-missing"), ("talks.zh.txt", "forbidden-term")]
