"""Bilingual term mining: candidates, pairing signals, end-to-end mine, writers, bad input."""

from __future__ import annotations

import csv
import warnings

import pytest

from shuyu.errors import InputError, OutputError, UsageError
from shuyu.records import Example, Glossary, GlossaryEntry, SegmentPair, Term, TermPair
from shuyu.terms.candidates_en import en_candidates, en_key, singular, verb_base
from shuyu.terms.candidates_zh import zh_candidates
from shuyu.terms.mine import MineStats, en_termhood, mine, mine_with_stats, zh_termhood
from shuyu.terms.pairing import (SegmentDictionary, association, composition_score, gloss_pairs,
                                 number_agreement, pinyin_match, zh_numbers)
from shuyu.terms.review import COLUMNS, WRITERS, write_terms


class FakeLexicon:
    """A tiny stand-in for shuyu.aligner.lexicon.Lexicon."""

    EN_ZH = {
        "law": {"法", "法律"}, "enforcement": {"执法", "执行"}, "cooperation": {"合作"},
        "manage": {"管控", "管理"}, "difference": {"分歧", "差异"}, "state": {"国家", "国务"},
        "council": {"委员会", "委员", "国务委员"}, "minister": {"部长"}, "public": {"公共", "公安"},
        "security": {"安全", "公安"}, "human": {"人类"}, "community": {"共同体", "社区"},
        "share": {"共同", "分享"}, "destiny": {"命运"}, "terrorism": {"恐怖主义", "反恐"},
        "narcotic": {"毒品", "毒"}, "drug": {"毒品", "禁毒"}, "transnational": {"跨国"}, "crime": {"犯罪"},
        "dialogue": {"对话"}, "mechanism": {"机制"}, "side": {"方", "双方"}, "respect": {"尊重"},
        "mutual": {"相互"}, "fraud": {"诈骗"}, "telecom": {"电信"}, "belt": {"带"}, "road": {"路"},
        "initiative": {"倡议"}, "green": {"绿色"}, "development": {"发展"},
    }
    PINYIN = {"王": ("wang",), "明": ("ming",), "李": ("li",), "华": ("hua",)}

    def zh_for_en(self, lemma):
        return frozenset(self.EN_ZH.get(lemma, ()))

    def en_for_zh(self, zh):
        return frozenset(e for e, zs in self.EN_ZH.items() if zh in zs)

    def pinyin(self, ch):
        return self.PINYIN.get(ch, ())


def lemma(word):
    w = word.lower()
    return verb_base(w) or singular(w)


# ----------------------------------------------------------------------------- English candidates

@pytest.mark.parametrize("text, wanted, kind", [
    ("The meeting was chaired by State Councilor Li Hua.", "State Councilor", "title"),
    ("He met Acting Secretary for Homeland Security Jane Roe.", "Acting Secretary for Homeland Security", "title"),
    ("She is the Minister of Public Security.", "Minister of Public Security", "title"),
    ("They stepped up counter-narcotics cooperation.", "counter-narcotics", "word"),
    ("They stepped up counter-narcotics cooperation.", "counter-narcotics cooperation", "phrase"),
    ("The two sides agreed to manage differences.", "manage differences", "verb-object"),
    ("The two sides reached broad consensus.", "reached broad consensus", "verb-object"),
    ("Both should manage their differences properly.", "manage their differences", "verb-object"),
    ("We uphold the rule of law.", "rule of law", "phrase"),
    ("We uphold socialism with Chinese characteristics.", "socialism with Chinese characteristics", "phrase"),
    ("We must seek truth from facts.", "seek truth from facts", "verb-object"),
    ("It unites the people of all ethnic groups.", "people of all ethnic groups", "phrase"),
    ("It is the great rejuvenation of the Chinese nation.", "rejuvenation of the Chinese nation", "phrase"),
    ("It follows the theme of peace and development.", "peace and development", "phrase"),
])
def test_en_candidate_found(text, wanted, kind):
    found = {(c.text, c.kind) for c in en_candidates(text)}
    assert (wanted, kind) in found


@pytest.mark.parametrize("text, unwanted", [
    ("China and Canada Hold Dialogue on Law Enforcement", "Dialogue on Law Enforcement"),  # headline: no title joins
    ("The talks were held in Ottawa on Tuesday.", "Ottawa on Tuesday"),  # no join before a weekday
    ("The two sides agreed to cooperate.", "two sides"),  # number words are stop words
    ("It is of great importance.", "of great importance"),
])
def test_en_candidate_not_found(text, unwanted):
    assert unwanted not in {c.text for c in en_candidates(text)}


@pytest.mark.parametrize("text, span, cut", [
    ("He met the Minister of Public Security Wang Ming.", "Minister of Public", True),
    ("He met the Minister of Public Security Wang Ming.", "Minister of Public Security", False),
    ("He met the Minister of Public Security Wang Ming.", "Wang Ming", False),
    ("They value law enforcement cooperation.", "enforcement cooperation", True),
    ("They strengthen law enforcement cooperation.", "law enforcement cooperation", False),
    ("They deepen counter-terrorism cooperation.", "deepen counter-terrorism", True),
    ("The Scientific Outlook on Development guides us.", "Outlook on Development", True),
])
def test_en_candidate_cut(text, span, cut):
    got = {c.text: c.cut for c in en_candidates(text)}
    assert got[span] is cut


@pytest.mark.parametrize("a, b, same", [
    ("counterterrorism", "counter-terrorism", True),
    ("Counter Terrorism", "counter-terrorism", True),
    ("manage differences", "managed difference", True),
    ("reach broad consensus", "reached broad consensus", True),
    ("law enforcement agencies", "law enforcement agency", True),
    ("Ministry of Foreign Affairs", "ministry of foreign affairs", True),
    ("law enforcement", "law reinforcement", False),
    ("customs", "custom", False),
])
def test_en_key_groups_variants(a, b, same):
    assert (en_key(a) == en_key(b)) is same


# ----------------------------------------------------------------------------- Chinese candidates

@pytest.mark.parametrize("text, wanted, kind", [
    ("各国应携手构建人类命运共同体。", "人类命运共同体", "compound"),
    ("双方应相互尊重、管控分歧。", "管控分歧", "compound"),
    ("加拿大公共安全部部长克莱尔·杜波依斯出席。", "克莱尔·杜波依斯", "name"),
    ("國務委員出席了會議。", "国务委员", "word"),  # Traditional input, Simplified key
    ("毛泽东思想是党的指导思想。", "毛泽东", "part"),  # a dictionary word inside a jieba word
])
def test_zh_candidate_found(text, wanted, kind):
    found = {(c.key, c.kind) for c in zh_candidates(text)}
    assert (wanted, kind) in found


@pytest.mark.parametrize("text, unwanted", [
    ("执法的合作很重要。", "执法的合作"),  # stop words cut runs
    ("双方在北京举行会谈。", "在北京"),
    ("去年缴获2.5吨化学品。", "2.5吨"),  # numbers cut runs
])
def test_zh_candidate_not_found(text, unwanted):
    assert unwanted not in {c.key for c in zh_candidates(text)}


def test_zh_candidates_use_a_private_tokenizer():
    import jieba

    zh_candidates("人类命运共同体")
    assert jieba.dt.initialized is False or jieba.dt is not None  # the global one is never required


# ----------------------------------------------------------------------------- pairing signals

@pytest.mark.parametrize("joint, fe, fz, total, dice_max, g2_min", [
    (10, 10, 10, 100, 14.0, 50.0),   # perfect association
    (1, 50, 50, 100, 10.0, 0.0),     # chance co-occurrence
    (0, 5, 5, 100, 0.0, 0.0),
])
def test_association(joint, fe, fz, total, dice_max, g2_min):
    log_dice, g2 = association(joint, fe, fz, total)
    assert log_dice <= dice_max + 1e-9
    assert g2 >= g2_min
    if joint == fe == fz:
        assert log_dice == pytest.approx(14.0)


@pytest.mark.parametrize("zh, words, span, min_score, max_score", [
    ("双方加强执法合作。", ("law", "enforcement", "cooperation"), "执法合作", 0.99, 1.0),
    ("双方应管控分歧。", ("manage", "differences"), "管控分歧", 0.99, 1.0),
    ("双方应管控分歧。", ("manage", "differences"), "双方应管控分歧", 0.3, 0.8),  # extra Chinese
    ("双方加强执法合作。", ("law", "enforcement", "cooperation"), "执法", 0.3, 0.9),  # English word missing
    ("双方加强禁毒合作。", ("counter-narcotics",), "禁毒", 0.5, 1.0),  # hyphen parts and prefix
    ("双方加强网络安全合作。", ("cybersecurity",), "网络安全", 0.9, 1.0),  # closed compound split
    ("国务委员出席。", ("state", "councilor"), "国务委员", 0.9, 1.0),  # councilor ~ council, from the Chinese side
    ("双方加强执法合作。", ("fentanyl",), "执法", 0.0, 0.0),  # unknown word: no evidence
])
def test_composition(zh, words, span, min_score, max_score):
    sd = SegmentDictionary(zh, FakeLexicon(), lemma)
    start = zh.index(span)
    zw = [c for c in zh_candidates(zh, normalized=True) if c.start == start and c.end == start + len(span)]
    zh_words = zw[0].words if zw else (span,)
    ec, zc, unknown = sd.composition(words, start, start + len(span), zh_words)
    score = composition_score(ec, zc, unknown, len(words))
    assert min_score <= score <= max_score


@pytest.mark.parametrize("zh, words, span, own", [
    ("全面建成小康社会", ("moderately", "society"), "小康社会", 2),  # each word its own translation
    ("全面建成小康社会", ("moderately", "society"), "小康", 1),  # both words point at one gloss
])
def test_composition_own_units(zh, words, span, own):
    class Lex(FakeLexicon):
        EN_ZH = {"moderately": {"小康"}, "society": {"社会", "小康"}}

    sd = SegmentDictionary(zh, Lex(), lemma)
    start = zh.index(span)
    assert sd.composition_detail(words, start, start + len(span), (span,))[3] == own


@pytest.mark.parametrize("en, zh, ok", [
    (("wang", "ming"), "王明", True),
    (("li", "hua"), "李华", True),
    (("wang", "hua"), "王明", False),
    (("ottawa",), "王明", False),
])
def test_pinyin_match(en, zh, ok):
    assert pinyin_match(en, zh, reader=FakeLexicon().pinyin) is ok


@pytest.mark.parametrize("en, zh, expected", [
    (("18th", "national", "congress"), "十八大", 1),
    (("third", "round"), "第三轮", 1),
    (("third", "round"), "第四轮", -1),
    (("working", "group"), "工作组", 0),
])
def test_number_agreement(en, zh, expected):
    assert number_agreement(en, zh) == expected


@pytest.mark.parametrize("text, value", [("十八大", 18), ("二十国集团", 20), ("第3次", 3), ("十九", 19)])
def test_zh_numbers(text, value):
    assert value in zh_numbers(text)


@pytest.mark.parametrize("en, zh, expected", [
    ("The Belt and Road Initiative was discussed.", "双方讨论了一带一路倡议（Belt and Road Initiative）。",
     ("Belt and Road Initiative", "双方讨论了一带一路倡议", "zh")),  # callers match candidate suffixes
    ("They discussed green development (绿色发展) at length.", "双方讨论了绿色发展。",
     ("They discussed green development", "绿色发展", "en")),
])
def test_gloss_pairs(en, zh, expected):
    assert expected in gloss_pairs(en, zh)


@pytest.mark.parametrize("kind, text, better_than", [
    ("title", "State Councilor", ("word", "cooperation")),
    ("verb-object", "manage differences", ("phrase", "sides reached broad consensus")),
    ("word", "cybersecurity", ("word", "people")),
    ("phrase", "transnational crime", ("phrase", "broad")),
])
def test_en_termhood_orders(kind, text, better_than):
    n = len(text.split())
    assert en_termhood(kind, text, n, 0.0) > en_termhood(better_than[0], better_than[1], len(better_than[1].split()), 0.0)


@pytest.mark.parametrize("good, bad", [
    (("word", "禁毒", ("禁毒",)), ("word", "合作", ("合作",))),  # keyness: common words are weak terms
    (("compound", "管控分歧", ("管控", "分歧")), ("compound", "中方反对", ("中方", "反对"))),
    (("compound", "公安部部长", ("公安部", "部长")), ("compound", "部长王明", ("部长", "王明"))),
])
def test_zh_termhood_orders(good, bad):
    assert zh_termhood(*good) > zh_termhood(*bad)


# ----------------------------------------------------------------------------- end to end

CORPUS = [
    ("China and Canada held a dialogue on law enforcement cooperation.", "中加举行执法合作对话。"),
    ("Law enforcement cooperation is an important part of bilateral ties.", "执法合作是双边关系的重要组成部分。"),
    ("The two sides agreed to manage differences and deepen law enforcement cooperation.",
     "双方同意管控分歧，深化执法合作。"),
    ("State Councilor Wang Ming attended the dialogue.", "国务委员王明出席对话。"),
    ("Wang Ming said that law enforcement is the basis of trust.", "王明表示，执法是互信的基础。"),
    ("All countries should build a human community of shared destiny.", "各国应构建人类命运共同体。"),
    ("The two sides will fight transnational crime and telecom fraud.", "双方将打击跨国犯罪和电信诈骗。"),
    ("Counter-terrorism is a shared responsibility.", "反恐是共同责任。"),
    ("They agreed to step up counterterrorism exchanges.", "双方同意加强反恐交流。"),
]


def corpus(extra=()):
    rows = list(CORPUS) + list(extra)
    return [SegmentPair(en, zh, "tiny.tsv", i + 1) for i, (en, zh) in enumerate(rows)]


@pytest.fixture(scope="module")
def mined():
    return mine(corpus(), lexicon=FakeLexicon())


@pytest.mark.parametrize("en, zh", [
    ("law enforcement cooperation", "执法合作"),
    ("law enforcement", "执法"),
    ("Wang Ming", "王明"),
    ("manage differences", "管控分歧"),
    ("human community of shared destiny", "人类命运共同体"),
    ("transnational crime", "跨国犯罪"),
    ("telecom fraud", "电信诈骗"),
])
def test_mine_finds_pairs(mined, en, zh):
    got = {(p.en, p.zh) for p in mined}
    assert (en, zh) in got, [(p.en, p.zh) for p in mined[:20]]


def test_mine_records(mined):
    assert all(isinstance(p, TermPair) for p in mined)
    assert [p.score for p in mined] == sorted((p.score for p in mined), reverse=True)
    lec = next(p for p in mined if p.zh == "执法合作")
    assert lec.freq_joint == 3 and lec.freq_en == 3 and lec.freq_zh == 3
    assert 1 <= len(lec.examples) <= 3 and all(isinstance(e, Example) for e in lec.examples)
    assert "执法合作" in lec.examples[0].zh and lec.sources == ("tiny.tsv",)
    assert "association" in lec.signals and "dictionary" in lec.signals
    wang = next(p for p in mined if p.zh == "王明")
    assert "name" in wang.signals
    # each English and each Chinese term is proposed once
    assert len({p.en.lower() for p in mined}) == len(mined)
    assert len({p.zh for p in mined}) == len(mined)


def test_mine_groups_spelling_variants(mined):
    ct = [p for p in mined if p.zh == "反恐"]
    assert len(ct) == 1 and ct[0].freq_en == 2 and en_key(ct[0].en) == "counterterrorism"


@pytest.mark.parametrize("top", [1, 3, 5])
def test_mine_top(top):
    assert len(mine(corpus(), lexicon=FakeLexicon(), top=top)) == top


def test_mine_min_freq():
    got = mine(corpus(), lexicon=FakeLexicon(), min_freq=2)
    assert got and all(p.freq_joint >= 2 for p in got)


def test_mine_glossary_marks_known():
    gl = Glossary((GlossaryEntry("1", (Term("law enforcement", "en"), Term("执法", "zh"))),))
    got = mine(corpus(), lexicon=FakeLexicon(), glossary=gl, top=2)
    known = [p for p in got if p.known]
    assert [(p.en, p.zh) for p in known] == [("law enforcement", "执法")]
    assert len([p for p in got if not p.known]) == 2  # known pairs do not count against top


def test_mine_stoplist_extends_builtin():
    got = mine(corpus(), lexicon=FakeLexicon(), stoplist_en=["transnational"], stoplist_zh=["跨国"])
    assert not any("transnational" in p.en.lower() or "跨国" in p.zh for p in got)


def test_mine_progress_called():
    seen = []
    mine(corpus(), lexicon=FakeLexicon(), progress=seen.append)
    assert seen and seen[-1] == len(CORPUS)


# ----------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("extra, empty, not_zh, not_en", [
    ([("", "执法合作")], 1, 0, 0),
    ([("Law enforcement.", "")], 1, 0, 0),
    ([("Law enforcement.", "Law enforcement.")], 0, 1, 0),
    ([("执法合作", "执法合作")], 0, 0, 1),
    ([("   ", "  "), ("Law enforcement.", "law enforcement cooperation")], 1, 1, 0),
])
def test_bad_pairs_skipped_and_counted(extra, empty, not_zh, not_en):
    got, stats = mine_with_stats(corpus(extra), lexicon=FakeLexicon())
    assert isinstance(stats, MineStats)
    assert (stats.skipped_empty, stats.skipped_not_chinese, stats.skipped_not_english) == (empty, not_zh, not_en)
    assert stats.used == len(CORPUS) and got
    assert stats.message().startswith(f"skipped {empty + not_zh + not_en} of {len(CORPUS) + len(extra)}")
    with pytest.warns(UserWarning, match="skipped"):
        mine(corpus(extra), lexicon=FakeLexicon())


@pytest.mark.parametrize("en, zh", [("Law enforcement.", "Law enforcement."), ("执法合作", "Law enforcement.")])
def test_no_usable_pair_is_an_input_error(en, zh):
    pairs = [SegmentPair(en, zh, "swapped.tsv", 3)]
    with pytest.raises(InputError, match="English then Chinese") as err:
        mine(pairs, lexicon=FakeLexicon())
    assert "swapped.tsv" in str(err.value)


def test_empty_input_gives_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert mine([], lexicon=FakeLexicon()) == []


# ----------------------------------------------------------------------------- writers

PAIRS = [
    TermPair("law enforcement", "执法", 0.9, 4, 4, 4, (Example("Law enforcement\tmatters.", "执法\n重要。", "a.txt"),),
             ("a.txt",), ("执行",), False, ("association", "dictionary")),
    TermPair("=SUM(A1)", "+公式", 0.5, 1, 1, 1, (), (), (), True, ("gloss",)),
    TermPair("-based", "@基于", 0.4, 1, 1, 1),
]


@pytest.mark.parametrize("ext", sorted(WRITERS))
def test_write_terms_formats(tmp_path, ext):
    path = tmp_path / f"terms{ext}"
    write_terms(PAIRS, path, settings=[("min_freq", "1")])
    assert path.exists()
    if ext == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        ws = wb["Terms"]
        assert [c.value for c in ws[1]] == list(COLUMNS)
        assert ws["A3"].value == "=SUM(A1)" and ws["A3"].data_type == "s"
        assert ws["B3"].value == "+公式" and ws["B3"].data_type == "s"
        assert ws["A4"].data_type == "s" and ws["B4"].value == "@基于"
        assert ws.freeze_panes == "A2"
        dvs = ws.data_validations.dataValidation
        assert dvs and '"accept,reject"' == dvs[0].formula1
        assert "About" in wb.sheetnames
        about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=2)}
        assert about.get("min_freq") == "1"
    else:
        enc = "utf-8-sig" if ext == ".csv" else "utf-8"
        with open(path, encoding=enc, newline="") as fh:
            rows = list(csv.reader(fh, delimiter="," if ext == ".csv" else "\t"))
        assert rows[0] == list(COLUMNS)
        assert rows[1][0] == "law enforcement" and rows[1][1] == "执法"
        assert rows[2][0] == "=SUM(A1)" and rows[2][COLUMNS.index("Known")] == "yes"
        assert len(rows) == 4


@pytest.mark.parametrize("name, error", [("terms.tbx", UsageError), ("terms.doc", OutputError), ("terms", OutputError)])
def test_write_terms_rejects_other_formats(tmp_path, name, error):
    with pytest.raises(error):
        write_terms(PAIRS, tmp_path / name)


def test_write_terms_missing_folder(tmp_path):
    with pytest.raises(OutputError):
        write_terms(PAIRS, tmp_path / "missing" / "terms.csv")


def test_review_sheet_reads_back_as_glossary(tmp_path):
    """The contract with `shuyu glossary import`: rows marked accept become entries."""
    glossaries = pytest.importorskip("shuyu.glossaries")
    from openpyxl import load_workbook

    path = tmp_path / "terms.xlsx"
    write_terms(PAIRS[:1] + [TermPair("State Councilor", "国务委员", 0.8, 1, 1, 1)], path)
    wb = load_workbook(path)
    ws = wb["Terms"]
    col = COLUMNS.index("Accept") + 1
    ws.cell(row=2, column=col).value = "accept"
    ws.cell(row=3, column=col).value = "reject"
    wb.save(path)
    got = glossaries.read_glossary(path, accepted_only=True)
    assert [(t.text, t.lang) for e in got.entries for t in e.terms] == [("law enforcement", "en"), ("执法", "zh")]


@pytest.mark.parametrize("cache", [0, 20_000])
def test_repeated_pairs_count_every_time(monkeypatch, cache):
    import shuyu.terms.mine as mine_mod

    monkeypatch.setattr(mine_mod, "SEGMENT_CACHE", cache)
    got = mine(corpus([CORPUS[0], CORPUS[0]]), lexicon=FakeLexicon())
    lec = next(p for p in got if p.zh == "执法合作")
    assert (lec.freq_en, lec.freq_zh, lec.freq_joint) == (5, 5, 5)
