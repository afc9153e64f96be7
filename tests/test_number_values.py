"""number_values: the numbers a term carries, for telling whether two terms have the same ones (shuyu.numerals)."""

from __future__ import annotations

import pytest

from shuyu.numerals import number_values


@pytest.mark.parametrize("text, lang, values", [
    # digits, ordinals and number words
    ("75", "en", {75}),
    ("六七千人", "zh", {6000}),           # a range of neighbouring digits: its lower end
    ("一万六七千元", "zh", {16000}),
    ("十四五", "zh", {14, 5}),            # not a range: the 14th Five-Year Plan
    ("13日", "zh", {13}),                 # a day alone
    ("75th anniversary", "en", {75}),
    ("seventy-fifth anniversary", "en", {75}),
    ("eighteenth", "en", {18}),
    ("18th CPC National Congress", "en", {18}),
    ("14th Five-Year Plan", "en", {14, 5}),
    ("Group of Twenty", "en", {20}),
    ("G20", "en", {20}),
    ("one country, two systems", "en", {1, 2}),
    ("first", "en", {1}),
    ("two hundred and five", "en", {205}),
    ("one million five hundred thousand", "en", {1_500_000}),
    ("750,000", "en", {750_000}),
    ("3.5", "en", {3.5}),
    ("350 million", "en", {350_000_000}),
    ("1.4 billion people", "en", {1_400_000_000}),
    ("5%", "en", {5}),
    ("Vision 2035", "en", {2035}),
    # Chinese numerals of any length, digits with 万/亿
    ("75", "zh", {75}),
    ("二", "zh", {2}),
    ("十四", "zh", {14}),
    ("二十", "zh", {20}),
    ("七十五周年", "zh", {75}),
    ("一百零五", "zh", {105}),
    ("十八大", "zh", {18}),
    ("第十八次全国代表大会", "zh", {18}),
    ("二十国集团", "zh", {20}),
    ("一国两制", "zh", {1, 2}),
    ("两会", "zh", {2}),
    ("十四五规划", "zh", {14, 5}),          # not one numeral: its pieces
    ("二〇三五远景", "zh", {2035}),          # digits read one by one
    ("二〇三五年", "zh", {2035}),
    ("七十五万", "zh", {750_000}),
    ("百万", "zh", {1_000_000}),
    ("三点五", "zh", {3.5}),
    ("3.5亿", "zh", {350_000_000}),
    ("14亿人", "zh", {1_400_000_000}),
    ("１４亿", "zh", {1_400_000_000}),       # full-width digits
    ("十四億", "zh", {1_400_000_000}),       # Traditional
    ("百分之五", "zh", {5}),
    # no numbers: words, dates and months
    ("State Councilor", "en", set()),
    ("国务委员", "zh", set()),
    ("October 1", "en", set()),
    ("10月1日", "zh", set()),
    ("in May", "en", set()),
    ("", "zh", set()),
])
def test_number_values(text, lang, values):
    assert number_values(text, lang) == frozenset(float(v) for v in values)


@pytest.mark.parametrize("en, zh", [
    ("18th CPC National Congress", "党的十八大"),
    ("1.4 billion people", "14亿人"),
    ("seventy-fifth anniversary", "七十五周年"),
    ("14th Five-Year Plan", "十四五规划"),
    ("Group of Twenty", "二十国集团"),
])
def test_same_numbers_on_both_sides(en, zh):
    assert number_values(en, "en") == number_values(zh, "zh")


def test_lang_codes():
    assert number_values("十四", "zh-Hant") == number_values("十四", "zh_CN") == {14.0}
    assert number_values("14", "EN") == {14.0}
    with pytest.raises(ValueError):
        number_values("14", "fr")


@pytest.mark.parametrize("n, zh", [(1, "一"), (7, "七"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")])
def test_zh_written(n, zh):
    from shuyu.numerals import zh_written

    assert zh_written(n) == zh
