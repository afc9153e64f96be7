"""Lexicon: CC-CEDICT parsing, English lemmas, numbers/dates, glossary pairs, cache."""

from __future__ import annotations

import gzip
import os

import pytest

from shuyu.aligner import lexicon as lexmod
from shuyu.aligner.lexicon import Lexicon, en_content_lemmas, en_lemma, load_lexicon
from shuyu.numerals import en_number_keys, zh_number_keys


@pytest.fixture(scope="session")
def lex() -> Lexicon:
    # Built once per session into the user cache (a few seconds the first time, then ~0.2 s).
    return load_lexicon([("law enforcement", "执法"), ("Belt and Road Initiative", "一带一路倡议")])


@pytest.mark.parametrize("word, lemma", [
    ("Developing", "develop"), ("developed", "develop"), ("develops", "develop"),
    ("policies", "policy"), ("created", "creat"), ("create", "creat"), ("creates", "creat"),
    ("agreed", "agree"), ("agree", "agree"), ("stopped", "stop"), ("added", "add"),
    ("countries", "country"), ("went", "go"), ("nations", "nation"), ("China's", "china"),
    ("GDP", "gdp"), ("running", "run"), ("studied", "study"), ("progress", "progress"),
])
def test_en_lemma(word, lemma):
    assert en_lemma(word) == lemma
    assert en_lemma(lemma) == lemma  # idempotent


@pytest.mark.parametrize("british, american", [
    ("labour", "labor"), ("Labourers", "laborers"), ("honoured", "honored"), ("neighbourhood", "neighborhood"),
    ("centre", "center"), ("theatres", "theaters"), ("fibre", "fiber"), ("organisation", "organization"),
    ("realised", "realized"), ("mobilising", "mobilizing"), ("programme", "program"), ("defence", "defense"),
    ("travelled", "traveled"), ("judgement", "judgment"),
    # words that only look British keep their spelling
    ("moulded", "molded"), ("centred", "centered"), ("practises", "practices"), ("counselling", "counseling"),
    # words that only look British keep their spelling
    ("four", "four"), ("hour", "hour"), ("detour", "detour"), ("hatred", "hatred"), ("exercise", "exercise"),
    ("promise", "promise"), ("praised", "praised"), ("rise", "rise"), ("called", "called"), ("genre", "genre"),
    ("likewise", "likewise"), ("fundraising", "fundraising"), ("imprecise", "imprecise"), ("outre", "outre"),
])
def test_british_spellings_share_the_american_lemma(british, american):
    """CC-CEDICT glosses are American: UN and British texts say labour, centre, organisation, defence."""
    assert en_lemma(british) == en_lemma(american)
    if british.lower() != american:
        assert en_lemma(british) != en_lemma("four")


@pytest.mark.parametrize("word", ["labour", "honoured", "centre", "organisations", "realised", "programme",
                                  "travelled", "moulded", "tire", "draft", "curb", "outer"])
def test_the_british_spelling_step_keeps_the_lemma_idempotent(word):
    assert en_lemma(en_lemma(word)) == en_lemma(word)


def test_a_british_spelling_finds_the_american_gloss(lex):
    assert "国际劳工组织" in lex.zh_for_en(" ".join(en_lemma(w) for w in "International Labour Organisation".split()))
    assert lex.zh_for_en(en_lemma("defence")) == lex.zh_for_en(en_lemma("defense"))


def test_content_lemmas_drop_stopwords():
    assert en_content_lemmas("The two sides agreed to deepen the cooperation.") == [
        "sid", "agree", "deepen", "cooperation"]


@pytest.mark.parametrize("zh, expected", [
    ("发展", {"develop", "development", "growth"}),
    ("中国", {"china"}),
    ("國家", {"country", "nation"}),          # Traditional headword maps to the Simplified entry
    ("执法", {"law enforcement"}),            # glossary pair (phrase)
    ("十九", {"19", "nineteen", "nineteenth"}),
    ("2017年", {"2017"}),
    ("四个", {"four", "4"}),
    ("10月4日", {"october 4"}),
    ("3.5亿", {"350 million"}),
    ("GDP", {"gdp"}),
    ("APEC", {"apec"}),
])
def test_en_for_zh(lex, zh, expected):
    got = lex.en_for_zh(zh)
    assert isinstance(got, frozenset)
    assert expected <= got


@pytest.mark.parametrize("zh, absent", [
    ("发展", {"to", "(literary)", "cl"}),
    ("国家", {"个", "ge4"}),
])
def test_gloss_cleanup(lex, zh, absent):
    assert not (absent & lex.en_for_zh(zh))


@pytest.mark.parametrize("en, zh", [("develop", "发展"), ("dialogu", "对话"), ("law enforcement", "执法"),
                                    ("developing", "发展"), ("belt road initiativ", "一带一路倡议"), ("Initiative", "一带一路倡议")])
def test_zh_for_en(lex, en, zh):
    assert zh in lex.zh_for_en(en)


def test_zh_words_and_settings(lex):
    words = lex.zh_words()
    assert "发展" in words and "一带一路倡议" in words and len(words) > 100_000
    settings = dict(lex.settings)
    assert settings["lexicon.extra"] == "2" and settings["lexicon.version"].startswith("cedict-")
    assert len(lex.en_for_zh("不存在的词语")) == 0


def test_glossary_changes_signature(lex):
    other = load_lexicon([("law enforcement", "执法")])
    assert dict(other.settings)["lexicon.hash"] != dict(lex.settings)["lexicon.hash"]


@pytest.mark.parametrize("text, keys", [
    ("2017年10月4日", ["#2017", "m10", "#4"]),
    ("十九大", ["#19"]),
    ("3.5亿人口", ["#350000000"]),
    ("百分之十五", ["#15"]),
    ("一个人", []),
    ("二〇一七年", ["#2017"]),
])
def test_zh_number_keys(text, keys):
    assert zh_number_keys(text) == keys


@pytest.mark.parametrize("text, keys", [
    ("On Oct. 4, 2017", ["m10", "#4", "#2017"]),
    ("the nineteenth congress", ["#19"]),
    ("350 million people", ["#350000000"]),
    ("twenty-five", ["#25"]),
    ("he may go", []),
])
def test_en_number_keys(text, keys):
    assert en_number_keys(text) == keys


def test_tiny_cedict_build_and_cache(tmp_path, monkeypatch):
    src = tmp_path / "tiny.txt.gz"
    with gzip.open(src, "wt", encoding="utf-8") as fh:
        fh.write("# comment\n"
                 "對話 对话 [dui4 hua4] /dialogue/to talk (with sb)/CL:個|个[ge4]/\n"
                 "網絡安全 网络安全 [wang3 luo4 an1 quan2] /cybersecurity; network security/\n"
                 "陳 陈 [Chen2] /surname Chen/\n"
                 "哦 哦 [o2] /(interj.) oh/\n"
                 "兀 兀 [wu4] /variant of 兀[wu4]/\n")
    cache = tmp_path / "cache"
    table, digest = lexmod._load_table(src, cache)
    assert table["entries"]["对话"].split("|") == ["dialogu", "talk"]
    assert set(table["entries"]["网络安全"].split("|")) == {"cybersecurity", "network", "security",
                                                          "network security"}
    assert "陈" not in table["entries"] and "兀" not in table["entries"] and "哦" not in table["entries"]
    assert table["pinyin"]["陈"] == "chen"
    assert table["trad"]["對話"] == "对话"
    files = list(cache.glob("lexicon-*.marshal"))
    assert len(files) == 1 and not list(cache.glob(".*part"))
    # second load comes from the cache, same content
    again, digest2 = lexmod._load_table(src, cache)
    assert again == table and digest2 == digest
    # corrupt cache is rebuilt, not a crash
    files[0].write_bytes(b"garbage")
    rebuilt, _ = lexmod._load_table(src, cache)
    assert rebuilt["entries"] == table["entries"]
    lex = Lexicon(rebuilt["entries"], trad=rebuilt["trad"], pinyin=rebuilt["pinyin"])
    assert lex.en_for_zh("對話") == frozenset({"dialogu", "talk"})
    assert lex.zh_for_en("dialogue") == frozenset({"对话"})
    assert os.path.getsize(cache / files[0].name) > 0


def test_with_extra_adds_pairs(lex):
    more = lex.with_extra([("precursor chemicals", "易制毒化学品")])
    assert "precursor chemical" in more.en_for_zh("易制毒化学品")  # lemmatised phrase
    assert "law enforcement" in more.en_for_zh("执法")  # keeps the earlier glossary pairs
    assert dict(more.settings)["lexicon.extra"] == "3"
    assert not lex.is_extra("易制毒化学品")
