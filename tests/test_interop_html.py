"""HTML input: official statements are published as web pages.  Headings, paragraphs, list items
and table cells are units; scripts, styles, navigation and boilerplate are left out; the charset
comes from the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from shuyu.aligner.readers import html_charset, read_document
from shuyu.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interop"
EN_PAGE = FIXTURES / "ministry.en.html"
ZH_PAGE = FIXTURES / "ministry.zh.html"

BOILERPLATE = ["Home", "News", "Sitemap", "Copyright", "Share to", "WeChat", "Print", "Related news",
               "Minister meets", "Loading statistics", "_hmt", "Hidden", "Font size", "text-indent",
               "首页", "当前位置", "搜索", "请输入关键字", "分享到", "微博", "责任编辑", "扫一扫", "相关新闻",
               "部长会见", "版权所有", "ICP", "网站地图", "脚本里的文字", "font-size", "字号"]
UDHR_LIKE = """<!doctype html>
<html lang="{lang}"><head><title>{title}</title></head>
<body>
  <h1>{h1}</h1>
  <header><h2>{preamble}</h2><p>{p1}</p><p>{p2}</p></header>
  <article data-number="1"><h2>{a1}</h2><p>{a1p}</p></article>
  <article data-number="2"><h2>{a2}</h2><ol><li><p>{li1}</p></li><li><p>{li2}</p></li></ol></article>
  <table><tr><th>{th}</th><td>{td}</td></tr></table>
</body></html>
"""
UDHR_EN = dict(lang="en", title="Declaration (English)", h1="Declaration on Cooperation", preamble="Preamble",
               p1="Whereas law enforcement cooperation serves both peoples,",
               p2="Whereas cyberspace is the common home of mankind,",
               a1="Article 1", a1p="The two sides shall respect each other.",
               a2="Article 2", li1="Each side shall designate a contact point.",
               li2="Requests shall be handled in a timely manner.", th="Signed at", td="Ottawa")
UDHR_ZH = dict(lang="zh", title="宣言（中文）", h1="合作宣言", preamble="序言",
               p1="鉴于执法合作符合两国人民的利益,", p2="鉴于网络空间是人类的共同家园,",
               a1="第一条", a1p="双方应相互尊重。", a2="第二条", li1="双方应各自指定联络点。",
               li2="请求应得到及时处理。", th="签署地点", td="渥太华")


def test_ministry_page_in_english():
    doc = read_document(EN_PAGE, "en")
    texts = [s.text for s in doc.sentences]
    assert texts[0] == "China and Canada Hold Third High-Level Dialogue on Law Enforcement and Cybersecurity"
    assert doc.sentences[0].is_heading
    assert ("OTTAWA, March 12 — China and Canada held their third high-level dialogue on law enforcement and "
            "cybersecurity in Ottawa on Tuesday.") in texts  # wrapped source lines joined with one space
    assert "Canada agreed to handle China's requests for mutual legal assistance in a timely manner." in texts
    assert texts[-1] == "The fourth round of the dialogue will be held in Beijing next year."
    joined = "\n".join(texts)
    assert not [w for w in BOILERPLATE if w in joined]
    assert doc.encoding == "utf-8" and "<" not in joined


def test_ministry_page_in_chinese_declared_gb2312():
    assert html_charset(ZH_PAGE.read_bytes()) == "gb18030"  # GB2312 pages often hold GBK/GB18030 characters
    doc = read_document(ZH_PAGE, "zh")
    assert doc.encoding == "gb18030"
    texts = [s.text for s in doc.sentences]
    assert texts[0] == "中加举行第三次执法与网络安全高级别对话" and doc.sentences[0].is_heading
    assert "对话由国务委员、公安部部长王明与加拿大公共安全部部长克莱尔·杜波依斯共同主持。" in texts
    # <br> ends a unit; a line break inside Chinese text joins without a space
    assert "双方将通过24小时联络机制交换信息。" in texts
    assert any(t.startswith("王明强调") for t in texts)
    assert "各国应携手构建网络空间人类命运共同体。" in texts
    joined = "\n".join(texts)
    assert not [w for w in BOILERPLATE if w in joined]


def test_ministry_pages_align(tmp_path):
    from shuyu.aligner.align import align
    from shuyu.aligner.lexicon import load_lexicon

    a = align(read_document(EN_PAGE, "en"), read_document(ZH_PAGE, "zh"), lexicon=load_lexicon(()))
    pairs = {a.texts(b) for b in a.beads}
    assert ("Wang Ming said that cyberspace is the common home of mankind.", "王明说，网络空间是人类的共同家园。") in pairs
    assert ("The fourth round of the dialogue will be held in Beijing next year.", "第四轮对话将于明年在北京举行。") in pairs
    one_one = sum(1 for b in a.beads if b.kind == "1-1")
    assert one_one >= 12 and all(b.en or b.zh for b in a.beads)
    assert sum(1 for b in a.beads if not (b.en and b.zh)) <= 1


@pytest.mark.parametrize("values, lang", [(UDHR_EN, "en"), (UDHR_ZH, "zh")])
def test_static_page_units_in_reading_order(tmp_path, values, lang):
    page = tmp_path / f"udhr-like.{lang}.html"
    page.write_text(UDHR_LIKE.format(**values), encoding="utf-8")
    doc = read_document(page, lang, lines=True)
    texts = [s.text for s in doc.sentences]
    order = ["h1", "preamble", "p1", "p2", "a1", "a1p", "a2", "li1", "li2", "th", "td"]
    assert texts == [values[k] for k in order]  # <header> holding the preamble is content, not boilerplate
    headings = [s.text for s in doc.sentences if s.is_heading]
    assert headings == [values[k] for k in ("h1", "preamble", "a1", "a2")]
    assert values["title"] not in texts


def test_undeclared_charset_is_detected(tmp_path):
    page = tmp_path / "plain.htm"
    page.write_bytes("<html><body><p>中国和加拿大举行第三次执法与网络安全高级别对话。双方达成广泛共识。</p></body></html>"
                     .encode("gb18030"))
    doc = read_document(page, "zh")
    assert doc.encoding == "gb18030" and doc.sentences[0].text == "中国和加拿大举行第三次执法与网络安全高级别对话。"


@pytest.mark.parametrize("html, message", [
    ("<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>", "no text"),
    ("<html><body><p>这是中文，不是英文。这是中文，不是英文。</p></body></html>", "looks Chinese"),
])
def test_bad_pages_are_input_errors(tmp_path, html, message):
    page = tmp_path / "bad.html"
    page.write_text(html, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_document(page, "en")


def test_shuyu_run_on_web_pages(tmp_path):
    from click.testing import CliRunner

    from shuyu.cli import main

    result = CliRunner().invoke(main, ["run", str(EN_PAGE), str(ZH_PAGE), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "(gb18030, hans)" in result.output
    assert "Wang Ming = 王明" in result.output  # the top of the mined list is printed
    tbx = (tmp_path / "out" / "glossary.tbx").read_text(encoding="utf-8")
    assert "State Councilor" in tbx and "国务委员" in tbx
