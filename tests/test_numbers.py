"""Numbers, percentages and dates on both sides (shuyu.numerals)."""

from __future__ import annotations

import pytest

from shuyu.numerals import en_quantities, unmatched, zh_numeral, zh_quantities


@pytest.mark.parametrize("text, value", [
    ("十九", 19), ("十", 10), ("一百零五", 105), ("三千零五", 3005), ("两千", 2000), ("一万", 10000),
    ("三亿五千万", 350_000_000), ("二十", 20), ("七十", 70), ("一一", None), ("两三", None), ("十一五", None),
    ("万一", None), ("百", None),
])
def test_zh_numeral(text, value):
    assert zh_numeral(text) == value


@pytest.mark.parametrize("en, zh", [
    ("It reached 350 million yuan.", "达到3.5亿元。"),
    ("It reached 350 million yuan.", "达到三点五亿元。"),
    ("the 19th CPC National Congress", "党的十九大"),
    ("the nineteenth congress", "第十九次代表大会"),
    ("On Oct. 4, 2017, they met.", "2017年10月4日，双方会晤。"),
    ("On 4 October 2017", "二〇一七年十月四日"),
    ("grew by 5 percent", "增长百分之五"),
    ("grew by 5 per cent", "增长5%"),
    ("grew by 3.5%", "增长百分之三点五"),
    ("1.4 billion people", "14亿人"),
    ("more than 10,000 people", "一万多人"),
    ("two thousand delegates", "两千名代表"),
    ("2,000 delegates", "两千名代表"),
    ("one country, two systems", "一国两制"),
    ("We must unify; it is very important.", "我们必须统一，十分重要。"),
    ("G20 summit", "二十国集团峰会"),
    ("COVID-19 response", "新冠肺炎应对"),
    ("in the 1990s", "20世纪90年代"),
    ("the seventieth anniversary", "七十周年"),
    ("the 11th Five-Year Plan", "十一五规划"),
    ("in May", "5月"),
    ("twenty-five countries", "25个国家"),
    ("Ｔｈｅ ２０１７ plan", "2017年计划"),
])
def test_same_numbers_written_differently(en, zh):
    assert unmatched(en, zh) == ([], [])


@pytest.mark.parametrize("en, zh, miss_en, miss_zh", [
    ("grew by 5%", "增长6%", ["5%"], ["6%"]),
    ("On October 4", "10月5日", ["October 4"], ["10月5日"]),
    ("350 million yuan", "3.5万元", ["350 million"], ["3.5万"]),
    ("the 19th congress", "十八大", ["19th"], ["十八"]),
    ("in 2017", "2018年", ["2017"], ["2018"]),
    ("grew by 5 percent", "增长百分之七", ["5 percent"], ["百分之七"]),
    ("It rose.", "上升了百分之五。", [], ["百分之五"]),
    ("It rose 12%.", "上升了。", ["12%"], []),
])
def test_mismatches(en, zh, miss_en, miss_zh):
    a, b = unmatched(en, zh)
    assert [q.text for q in a] == miss_en and [q.text for q in b] == miss_zh


def test_weak_words_do_not_raise():
    assert all(not q.strong for q in en_quantities("one of the first two"))
    assert all(not q.strong for q in zh_quantities("统一"))
    assert [q.strong for q in zh_quantities("十九大")] == [True]


@pytest.mark.parametrize("en, zh", [
    ("19.93 million people", "1993.03万人"),              # rounded differently
    ("1.27 and 2.5 million", "127万和250万"),             # shared scale
    ("23 kilometers below", "距地面23千米"),               # 千米 is a unit, not a thousand
    ("On November 13, 1989", "1989 年 11 月 13 日"),      # spaces inside the Chinese date
    ("in a May 14 vote", "在 5 月 14 日举行的投票中"),
])
def test_real_world_forms(en, zh):
    assert unmatched(en, zh) == ([], [])


@pytest.mark.parametrize("en, zh", [
    ("105 million", "105万"),                              # a real error: 1.05 million
    ("476.5 billion", "4765万亿"),
    ("in 2017", "2018年"),                                 # rounding never hides a different year
])
def test_real_world_errors(en, zh):
    assert unmatched(en, zh) != ([], [])


@pytest.mark.parametrize("en, zh", [
    ("In essence, it boils down to one point.", "说一千道一万，归结为一点。"),   # idiom, not numbers
    ("The last one tenth of the journey demands half the effort.", "行百里者半九十。"),
    ("China's 1.3-billion-plus people", "13亿多人"),
])
def test_idioms_and_hyphenated_scale(en, zh):
    assert unmatched(en, zh) == ([], [])


def test_counted_numeral_is_strong():
    assert [q.strong for q in zh_quantities("二十国集团和十九大")] == [False, True]


@pytest.mark.parametrize("en, zh", [
    ("under the 1992 Consensus", "九二共识下"),
    ("ranging from 757,000 people", "75万7千人"),
    ("in over two decades", "20多年来"),
    ("around 30% to 60% of the levels", "三成至六成"),
    ("it saves about 50%", "能省一半"),
    ("The 100-member delegation", "百人考察团"),
    ("a gap of more than 5 million", "500余万的缺口"),
    ("its value dropped by $100 billion", "市值蒸发千亿美元"),
])
def test_more_chinese_forms(en, zh):
    assert unmatched(en, zh) == ([], [])


# the false alarms of a clean press-conference transcript (issue 11), and their look-alikes that are
# real mismatches
@pytest.mark.parametrize("en, zh", [
    ("The meeting was held on October 13.", "会议于13日举行。"),                  # month implied: this month
    ("On October 13, the two sides met again.", "13日，双方再次会晤。"),
    ("The talks ended on December 30.", "会谈于30日结束。"),
    ("on October 12 and 13", "10月12日和13日"),                                  # month given elsewhere
    ("on the thirteenth day", "十三日"),
    ("CCTV: What is your comment?", "1.总台央视记者：请问有何评论？"),            # a question number
    ("CCTV: What is your comment?", "2、总台央视记者：请问有何评论？"),
    ("First, the plan.", "（一）计划。"),
    ("the plan", "(1) 计划"),
    ("1. The plan.", "计划。"),                                                  # English numbering too
    ("It reached 1.5 million.", "达到150万。"),                                   # a decimal, not numbering
    ("from 16,000 to 17,000 yuan", "一万六七千元"),                               # a range of neighbouring digits
    ("6,000 to 7,000 people", "六七千人"),
    ("30 or 40 of them", "三四十个"),
])
def test_days_alone_list_numbers_and_ranges(en, zh):
    assert unmatched(en, zh) == ([], [])


@pytest.mark.parametrize("en, zh, miss_en, miss_zh", [
    ("on October 10", "中新网2月11日电 据消息10日", ["October 10"], ["2月11日"]),   # February given: not October
    ("The meeting was held on October 14.", "会议于13日举行。", ["October 14"], ["13日"]),
    ("on October 12 and 14", "10月12日和13日", ["14"], ["13日"]),
    ("from 16,000 to 7,000 yuan", "一万六七千元", ["7,000"], []),                # the English is wrong
    ("It grew 1.5%.", "1.增长2%。", ["1.5%"], ["2%"]),
    ("the building", "8号楼", [], ["8号"]),
])
def test_days_alone_still_mismatch(en, zh, miss_en, miss_zh):
    a, b = unmatched(en, zh)
    assert [q.text for q in a] == miss_en and [q.text for q in b] == miss_zh


def test_one_character_day_stays_weak():
    assert unmatched("Someday we will win.", "有朝一日我们会胜利。") == ([], [])
    assert [q.strong for q in zh_quantities("三日")] == [False]
