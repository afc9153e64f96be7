"""Sentence and clause splitting (shuyu.aligner.split)."""

from __future__ import annotations

import pytest

from shuyu.aligner.split import (
    looks_like_heading,
    split_en,
    split_text,
    split_zh,
    split_zh_clauses,
)
from shuyu.errors import UsageError


def sentences(text, spans):
    return [text[a:b] for a, b in spans]


EN_CASES = [
    # (id, text, expected sentences)
    ("plain", "The talks ended. Both sides agreed.", ["The talks ended.", "Both sides agreed."]),
    ("question", "Is it fair? We think not.", ["Is it fair?", "We think not."]),
    ("exclaim", "Long live friendship! Thank you.", ["Long live friendship!", "Thank you."]),
    ("q-lower", '"Why now?" she asked the envoy.', ['"Why now?" she asked the envoy.']),
    ("mr", "Mr. Wang met Mrs. Lee today.", ["Mr. Wang met Mrs. Lee today."]),
    ("dr-prof", "Dr. Chen and Prof. Adams spoke.", ["Dr. Chen and Prof. Adams spoke."]),
    ("gen-sen-rep", "Gen. Ma, Sen. Ross and Rep. Diaz attended.", ["Gen. Ma, Sen. Ross and Rep. Diaz attended."]),
    ("title-before-starter", "He thanked Mr. The Minister replied.", ["He thanked Mr. The Minister replied."]),
    ("us-mid", "The U.S. delegation arrived. It left later.", ["The U.S. delegation arrived.", "It left later."]),
    ("us-end", "China held talks with the U.S. The talks were frank.",
     ["China held talks with the U.S.", "The talks were frank."]),
    ("us-name", "He met U.S. President Carter.", ["He met U.S. President Carter."]),
    ("un", "The U.N. Security Council met. We welcome it.", ["The U.N. Security Council met.", "We welcome it."]),
    ("oct-4", "It opened on Oct. 4 in Geneva. Talks followed.", ["It opened on Oct. 4 in Geneva.", "Talks followed."]),
    ("sept", "By Sept. 30 the report was due.", ["By Sept. 30 the report was due."]),
    ("jan-dec", "From Jan. 1 to Dec. 31 prices rose.", ["From Jan. 1 to Dec. 31 prices rose."]),
    ("no-5", "See resolution No. 5 of the Council.", ["See resolution No. 5 of the Council."]),
    ("eg-ie", "Some areas, e.g. trade, i.e. goods, grew.", ["Some areas, e.g. trade, i.e. goods, grew."]),
    ("etc-mid", "Grain, steel, etc. were listed. Prices fell.", ["Grain, steel, etc. were listed.", "Prices fell."]),
    ("etc-end", "They discussed trade, climate, etc. The next round is in May.",
     ["They discussed trade, climate, etc.", "The next round is in May."]),
    ("jr-st", "Martin Luther King Jr. spoke on St. Mark's Day.", ["Martin Luther King Jr. spoke on St. Mark's Day."]),
    ("inc-ltd-co", "Acme Inc. and Beta Co. Ltd. signed. We were there.",
     ["Acme Inc. and Beta Co. Ltd. signed.", "We were there."]),
    ("inc-end", "The contract went to Acme Inc. It was signed in June.",
     ["The contract went to Acme Inc.", "It was signed in June."]),
    ("initial", "John F. Kennedy visited Berlin.", ["John F. Kennedy visited Berlin."]),
    ("initials", "J. R. R. Tolkien wrote novels. They sold well.", ["J. R. R. Tolkien wrote novels.", "They sold well."]),
    ("decimal", "Growth was 3.5 percent. Exports rose 2.1 percent.",
     ["Growth was 3.5 percent.", "Exports rose 2.1 percent."]),
    ("version", "Use v2.1.3 of the tool. It is stable.", ["Use v2.1.3 of the tool.", "It is stable."]),
    ("quote-after-stop", 'He said "yes." Then he left.', ['He said "yes."', "Then he left."]),
    ("curly-quote", "She said, \u201cWe agree.\u201d The room applauded.",
     ["She said, \u201cWe agree.\u201d", "The room applauded."]),
    ("bracket-after-stop", "(See annex.) Next, the budget.", ["(See annex.)", "Next, the budget."]),
    ("ellipsis-cap", "We waited... The answer came.", ["We waited...", "The answer came."]),
    ("ellipsis-lower", "We waited... and waited.", ["We waited... and waited."]),
    ("ellipsis-unicode", "Time passed\u2026 Nobody came.", ["Time passed\u2026", "Nobody came."]),
    ("heading", "Opening Remarks\nThe meeting opened at ten.", ["Opening Remarks", "The meeting opened at ten."]),
    ("date-line", "Joint Statement\nMarch 3, 2015\nThe two sides met.",
     ["Joint Statement", "March 3, 2015", "The two sides met."]),
    ("salutation", "Dear friends,\nWelcome to Beijing.", ["Dear friends,", "Welcome to Beijing."]),
    ("wrap-lower", "The two sides held\nfrank talks on trade.", ["The two sides held\nfrank talks on trade."]),
    ("wrap-connector", "The talks were held in\nBeijing on Monday.", ["The talks were held in\nBeijing on Monday."]),
    ("numbered-heading", "1. Introduction\nThis report covers 2015.", ["1. Introduction", "This report covers 2015."]),
    ("roman-heading", "IV. Outlook\nGrowth will continue.", ["IV. Outlook", "Growth will continue."]),
    ("year-end", "It was adopted in 2015. 2016 was harder.", ["It was adopted in 2015.", "2016 was harder."]),
    ("acronym", "He joined the WTO. The economy grew.", ["He joined the WTO.", "The economy grew."]),
    ("blank-line", "First block\n\nSecond block.", ["First block", "Second block."]),
    ("mr-line-end", "We met Mr.\nSmith yesterday.", ["We met Mr.\nSmith yesterday."]),
    ("empty", "", []),
    ("spaces", "   \n  ", []),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in EN_CASES], ids=[c[0] for c in EN_CASES])
def test_split_en(text, expected):
    assert sentences(text, split_en(text)) == expected


ZH_CASES = [
    ("plain", "会谈取得成果。双方表示满意。", ["会谈取得成果。", "双方表示满意。"]),
    ("exclaim-question", "这是为什么？因为合作共赢！谢谢。", ["这是为什么？", "因为合作共赢！", "谢谢。"]),
    ("semicolon", "一是加强合作；二是扩大交流。", ["一是加强合作；", "二是扩大交流。"]),
    ("ellipsis", "等待……终于来了。", ["等待……", "终于来了。"]),
    ("ellipsis-comma", "贸易、投资……，都在增长。", ["贸易、投资……，都在增长。"]),
    ("single-ellipsis", "我们等着…他来了。", ["我们等着…", "他来了。"]),
    ("half-width", "真的吗?是的!好;走吧。", ["真的吗?", "是的!", "好;", "走吧。"]),
    ("half-width-stop", "我们同意.他们也同意.", ["我们同意.", "他们也同意."]),
    ("half-width-stop-number", "1. 引言。增长3.5%.", ["1. 引言。", "增长3.5%."]),
    ("half-width-latin", "他访问了Yahoo!公司。", ["他访问了Yahoo!公司。"]),
    ("fullwidth-stop", "会议结束．大家离开．", ["会议结束．", "大家离开．"]),
    ("fullwidth-decimal", "增长３．５％。好。", ["增长３．５％。", "好。"]),
    ("close-quote", "他说：“我们同意。”会议继续。", ["他说：“我们同意。”", "会议继续。"]),
    ("close-corner", "他问：「可以吗？」没有回答。", ["他问：「可以吗？」", "没有回答。"]),
    ("close-double-corner", "她喊：『好！』众人鼓掌。", ["她喊：『好！』", "众人鼓掌。"]),
    ("close-bracket", "（详见附件。）下面讨论预算。", ["（详见附件。）", "下面讨论预算。"]),
    ("inside-quote", "他说：“我们走。你们留下。”然后离开。", ["他说：“我们走。你们留下。”", "然后离开。"]),
    ("quote-space", "许多“中国声音 ” 。我们感谢。", ["许多“中国声音 ” 。", "我们感谢。"]),
    ("stop-space-quote", "他说：“完成了 。 ”随后散会。", ["他说：“完成了 。 ”", "随后散会。"]),
    ("book-title", "《关于合作。的决定》已经发布。", ["《关于合作。的决定》已经发布。"]),
    ("unbalanced-quote", "他说：“我们走。你们留下。然后离开。", ["他说：“我们走。", "你们留下。", "然后离开。"]),
    ("long-quote-capped", "引文：“" + "甲乙丙丁。" * 60 + "”完。",
     ["引文：“甲乙丙丁。"] + ["甲乙丙丁。"] * 58 + ["甲乙丙丁。”", "完。"]),
    ("heading-number", "一、总体要求\n坚持稳中求进。", ["一、总体要求", "坚持稳中求进。"]),
    ("heading-paren", "（一）基本原则\n坚持改革开放。", ["（一）基本原则", "坚持改革开放。"]),
    ("heading-digit", "1. 引言\n本报告介绍情况。", ["1. 引言", "本报告介绍情况。"]),
    ("heading-digit-dun", "1、背景\n情况如下。", ["1、背景", "情况如下。"]),
    ("heading-chapter", "第一章 总则\n第一条 为了规范管理，制定本办法。",
     ["第一章 总则", "第一条 为了规范管理，制定本办法。"]),
    ("title-date", "合作共赢的新篇章\n（2015年3月1日）\n各位来宾：\n大家好！",
     ["合作共赢的新篇章", "（2015年3月1日）", "各位来宾：", "大家好！"]),
    ("comma-continues", "我们认为，\n合作是唯一选择。", ["我们认为，\n合作是唯一选择。"]),
    ("hard-wrapped", "我们要坚持和平发展道路，推动构建人类\n命运共同体，促进各国人民相互理解和\n友好合作，共同建设美好世界。下一句。",
     ["我们要坚持和平发展道路，推动构建人类\n命运共同体，促进各国人民相互理解和\n友好合作，共同建设美好世界。", "下一句。"]),
    ("quote-over-lines", "他说：“我们走。\n你们留下。”然后离开。", ["他说：“我们走。", "你们留下。”", "然后离开。"]),
    ("long-digit-line", "2015年以来我们取得了很大的成绩并且将会继续努力", ["2015年以来我们取得了很大的成绩并且将会继续努力"]),
    ("double-punct", "真的吗？！是的。", ["真的吗？！", "是的。"]),
    ("traditional", "會談取得成果。雙方表示滿意。", ["會談取得成果。", "雙方表示滿意。"]),
    ("no-final", "我们走吧", ["我们走吧"]),
    ("blank-line", "第一段。\n\n第二段", ["第一段。", "第二段"]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in ZH_CASES], ids=[c[0] for c in ZH_CASES])
def test_split_zh(text, expected):
    assert sentences(text, split_zh(text)) == expected


@pytest.mark.parametrize(
    "text,semicolon,expected",
    [
        ("一是加强合作；二是扩大交流。", True, ["一是加强合作；", "二是扩大交流。"]),
        ("一是加强合作；二是扩大交流。", False, ["一是加强合作；二是扩大交流。"]),
        ("（一）加强合作；\n（二）扩大交流。", False, ["（一）加强合作；", "（二）扩大交流。"]),
    ],
)
def test_split_zh_semicolon_option(text, semicolon, expected):
    assert sentences(text, split_zh(text, semicolon=semicolon)) == expected


@pytest.mark.parametrize(
    "text,quotes,expected",
    [
        ("他说：“我们走。你们留下。”然后离开。", True, ["他说：“我们走。你们留下。”", "然后离开。"]),
        ("他说：“我们走。你们留下。”然后离开。", False, ["他说：“我们走。", "你们留下。”", "然后离开。"]),
        ("《关于合作。的决定》已经发布。", False, ["《关于合作。的决定》已经发布。"]),
        ("（详见附件。另见表一。）下面讨论。", False, ["（详见附件。另见表一。）", "下面讨论。"]),
    ],
)
def test_split_zh_quotes_option(text, quotes, expected):
    assert sentences(text, split_zh(text, quotes=quotes)) == expected


CLAUSE_CASES = [
    ("comma", "我们坚持改革开放的基本国策，推动经济社会持续健康发展。", 8,
     ["我们坚持改革开放的基本国策，", "推动经济社会持续健康发展。"]),
    ("merge-short", "因此，我们坚持改革开放的基本国策。", 8, ["因此，我们坚持改革开放的基本国策。"]),
    ("last-short-merged-back", "我们坚持改革开放的基本国策，对吧。", 8, ["我们坚持改革开放的基本国策，对吧。"]),
    ("enumeration", "加强经济建设、政治建设、文化建设、社会建设。", 8,
     ["加强经济建设、政治建设、", "文化建设、社会建设。"]),
    ("quote-protected", "他说：“坚持合作，反对对抗，谋求共赢”，大家赞同这个看法。", 8,
     ["他说：“坚持合作，反对对抗，谋求共赢”，", "大家赞同这个看法。"]),
    ("book-protected", "我们学习《改革、发展、稳定的关系》这篇文章，受益匪浅。", 4,
     ["我们学习《改革、发展、稳定的关系》这篇文章，", "受益匪浅。"]),
    ("semicolon-colon", "第一个问题是发展问题；第二个问题是安全问题：必须统筹。", 5,
     ["第一个问题是发展问题；", "第二个问题是安全问题：必须统筹。"]),
    ("digits", "共有1,000人参加，会议于10:30开始举行。", 4, ["共有1,000人参加，", "会议于10:30开始举行。"]),
    ("min-len-1", "甲，乙，丙。", 1, ["甲，", "乙，", "丙。"]),
    ("all-short", "甲，乙。", 8, ["甲，乙。"]),
    ("empty", "", 8, []),
]


@pytest.mark.parametrize("text,min_len,expected", [c[1:] for c in CLAUSE_CASES], ids=[c[0] for c in CLAUSE_CASES])
def test_split_zh_clauses(text, min_len, expected):
    assert sentences(text, split_zh_clauses(text, min_len=min_len)) == expected


ROUND_TRIP = [
    ("en", "  Opening Remarks\n\nThe U.S. and China met. They agreed (see annex.) Then...  \n\n  Dr. Li spoke.  "),
    ("zh", "  合作共赢\n\n　　会谈取得成果。“我们同意！”双方表示满意……下一步？\n\n（一）原则\n坚持。 "),
]


@pytest.mark.parametrize("lang,text", ROUND_TRIP)
def test_spans_are_stripped_ordered_and_cover_text(lang, text):
    spans = split_text(text, lang)
    assert spans
    prev = 0
    for a, b in spans:
        assert prev <= a < b
        piece = text[a:b]
        assert piece == piece.strip()
        prev = b
    # every non-space character is in exactly one span
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())


def test_split_text_unknown_language():
    with pytest.raises(UsageError, match="fr"):
        split_text("Bonjour.", "fr")


@pytest.mark.parametrize(
    "line,lang,expected",
    [
        ("Opening Remarks", "en", True),
        ("The meeting opened at ten.", "en", False),
        ("Dear friends,", "en", False),
        ("一、总体要求", "zh", True),
        ("（2015年3月1日）", "zh", True),
        ("各位来宾：", "zh", False),
        ("会谈取得成果。", "zh", False),
        ("", "zh", False),
        ("第三章 " + "长" * 70, "zh", True),
        ("2015年" + "长" * 70, "zh", False),
        ("Chapter 3 " + "long " * 30, "en", True),
    ],
)
def test_looks_like_heading(line, lang, expected):
    assert looks_like_heading(line, lang) is expected


WRAPPED_EN = (
    "The two sides held talks in Washington on Wednesday and met President\n"
    "Xi's envoy, who said that China was ready to work with the United States\n"
    "on cybersecurity. Both sides agreed to set up a hotline. They will meet\n"
    "again next year in Beijing to review progress on all the issues raised.\n"
)


def test_hard_wrapped_english_block():
    assert sentences(WRAPPED_EN, split_en(WRAPPED_EN)) == [
        "The two sides held talks in Washington on Wednesday and met President\n"
        "Xi's envoy, who said that China was ready to work with the United States\non cybersecurity.",
        "Both sides agreed to set up a hotline.",
        "They will meet\nagain next year in Beijing to review progress on all the issues raised.",
    ]


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        (WRAPPED_EN, "en", [WRAPPED_EN.strip()]),
        ("Title Here\nFirst sentence. Still first.\nSecond one.\n", "en",
         ["Title Here", "First sentence. Still first.", "Second one."]),
        ("One. Two.\n\nThree.", "en", ["One. Two.", "Three."]),
        ("标题\n第一段。仍是第一段。\n第二段。", "zh", ["标题", "第一段。仍是第一段。", "第二段。"]),
        ("我们认为，\n合作是唯一选择。", "zh", ["我们认为，\n合作是唯一选择。"]),
        ("", "zh", []),
    ],
)
def test_paragraph_spans(text, lang, expected):
    from shuyu.aligner.split import paragraph_spans

    assert sentences(text, paragraph_spans(text, lang)) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("We waited . . . The answer came.", ["We waited . . .", "The answer came."]),
        ("We waited . . . and waited.", ["We waited . . . and waited."]),
        ("It was agreed with the U.S.\nSecretary Kerry then spoke.",
         ["It was agreed with the U.S.", "Secretary Kerry then spoke."]),
        ("We met John F.\nKennedy there.", ["We met John F.\nKennedy there."]),
        ("Why? \u2014 nobody knew.", ["Why? \u2014 nobody knew."]),
        ("We agree. \u2013 To succeed, we must work. \u2013 We must unite.",
         ["We agree.", "\u2013 To succeed, we must work.", "\u2013 We must unite."]),
    ],
)
def test_split_en_more(text, expected):
    assert sentences(text, split_en(text)) == expected


@pytest.mark.parametrize("text, pos, before, after_pos, after", [
    ("Title\nBody text.", 6, True, 5, True),
    ("  1. Intro", 2, True, 10, True),
    ("See 1. Intro", 4, False, 12, True),
    ("a\n   b  \nc", 5, True, 6, True),
    ("a b c", 2, False, 3, False),
])
def test_blank_before_and_after(text, pos, before, after_pos, after):
    from shuyu.aligner.split import blank_after, blank_before

    assert blank_before(text, pos) is before
    assert blank_after(text, after_pos) is after
