"""Readers of aligned bilingual files (shuyu.bitext)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shuyu.bitext import READERS, is_bitext, read_segment_pairs
from shuyu.errors import InputError

FIX = Path(__file__).parent / "fixtures" / "check"
CORPUS, BAD = FIX / "corpus", FIX / "bad"


@pytest.mark.parametrize("name, count, first_en, first_zh, first_line", [
    ("corpus.tmx", 6, "The Minister of Public Security met the delegation on Oct. 4, 2017.",
     "公安部长于2017年10月4日会见了代表团。", 6),
    ("corpus.tsv", 5, "Cybersecurity is a shared concern.", "网络安全是共同关切。", 2),
    ("corpus.jsonl", 3, "The Ministry of Public Security and public security organs cooperate.",
     "公安部与公安机关合作。", 1),
    ("corpus12.xlf", 1, "The two sides agreed to fight counter-terrorism together.", "双方同意共同开展反恐合作。", 5),
    ("corpus20.xlf", 1, "The Belt and Road Initiative promoted cooperation.", "一带一路倡议促进了合作。", 5),
    ("corpus.po", 1, "The Belt and Road Initiatives were discussed.", "双方讨论了一带一路战略。", 7),
])
def test_readers(name, count, first_en, first_zh, first_line):
    pairs = read_segment_pairs(CORPUS / name)
    assert len(pairs) == count
    p = pairs[0]
    assert (p.en, p.zh, p.line) == (first_en, first_zh, first_line)
    assert p.source.endswith(name)


def test_tmx_inline_codes_dropped_and_languages_by_prefix():
    pairs = read_segment_pairs(CORPUS / "corpus.tmx")
    assert pairs[1].en == "Both sides discussed counter-terrorism cooperation."
    assert pairs[3].zh == "兩國執法部門舉行了對話。"  # zh-TW kept as written
    assert all("Ignor" not in p.en for p in pairs)    # en + fr only: skipped


def test_jsonl_confidence():
    assert read_segment_pairs(CORPUS / "corpus.jsonl")[0].confidence == pytest.approx(0.93)


@pytest.mark.parametrize("text, kw, expected", [
    ("en\tzh\nPeace\t和平\n", {}, [("Peace", "和平", 2)]),
    ("中文\tEnglish\n和平\tPeace\n", {}, [("Peace", "和平", 2)]),
    ("Peace\t和平\nWar\t战争\n", {}, [("Peace", "和平", 1), ("War", "战争", 2)]),         # no header: by script
    ("id\tsrc text\tdst\n1\tPeace\t和平\n", {}, [("Peace", "和平", 2)]),                  # unknown header: by script
    ("a\tb\nPeace\t和平\n", {"en_col": "a", "zh_col": "b"}, [("Peace", "和平", 2)]),
    ("Peace\t和平\n", {"en_col": 1, "zh_col": "2"}, [("Peace", "和平", 1)]),
    ('en\tzh\n"two\nlines"\t两行\nNext\t下一个\n', {}, [("two\nlines", "两行", 2), ("Next", "下一个", 4)]),
])
def test_tsv_columns(tmp_path, text, kw, expected):
    f = tmp_path / "t.tsv"
    f.write_text(text, encoding="utf-8")
    assert [(p.en, p.zh, p.line) for p in read_segment_pairs(f, **kw)] == expected


def test_csv_gbk_and_bom(tmp_path):
    f = tmp_path / "t.csv"
    f.write_bytes("English,Chinese\n\"Peace, and development\",和平与发展\n".encode("gb18030"))
    assert [(p.en, p.zh) for p in read_segment_pairs(f)] == [("Peace, and development", "和平与发展")]
    g = tmp_path / "u.csv"
    g.write_bytes(b"\xef\xbb\xbf" + "en,zh\nPeace,和平\n".encode())
    assert read_segment_pairs(g)[0].en == "Peace"


def test_xlsx(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Statement glossary"])          # banner row
    ws.append(["English", "中文", "Note"])
    ws.append(["Peace", "和平", None])
    ws.append([None, None, None])
    ws.append(["Development", "发展", "x"])
    f = tmp_path / "t.xlsx"
    wb.save(f)
    assert [(p.en, p.zh, p.line) for p in read_segment_pairs(f)] == [("Peace", "和平", 3), ("Development", "发展", 5)]


@pytest.mark.parametrize("name, match", [
    ("bad/malformed.tmx", r"malformed\.tmx:5: malformed XML"),
    ("bad/malformed.xlf", r"malformed\.xlf:4: malformed XML"),
    ("bad/entity.tmx", r"entity\.tmx:\d: the DOCTYPE declares the entity 'secret'"),
    ("bad/laughs.xlf", r"laughs\.xlf:\d: the DOCTYPE declares the entity 'lol'"),
    ("corpus/missing.tmx", r"missing\.tmx: file not found"),
])
def test_bad_inputs(name, match):
    with pytest.raises(InputError, match=match):
        read_segment_pairs(FIX / name)


@pytest.mark.parametrize("name, content, match", [
    ("x.jsonl", '{"en": "a", "zh": "甲"}\n{oops\n', r"x\.jsonl:2: invalid JSON"),
    ("y.jsonl", '["a", "b"]\n', r'y\.jsonl:1: .*"en" and "zh"'),
    ("z.doc", "x", r"unknown bilingual file type '\.doc'"),
    ("t.tsv", "alpha\tbeta\ngamma\tdelta\n", r"cannot tell the English and Chinese columns apart"),
    ("n.tsv", "en\tzh\nPeace\t和平\n", r"no column named 'Inglés'"),
    ("e.xlsx", "not a zip", r"not an .xlsx workbook"),
    ("p.po", 'msgid "a"\nmsgstr "b\n', r"not a valid PO file"),
    ("r.tmx", "<?xml version='1.0'?><root/>", r"not a TMX file: the root element is <root>"),
    ("e.tmx", "", r"e\.tmx:1: malformed XML"),
])
def test_bad_content(tmp_path, name, content, match):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    kw = {"en_col": "Inglés"} if name == "n.tsv" else {}
    with pytest.raises(InputError, match=match):
        read_segment_pairs(f, **kw)


def test_entity_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    f = tmp_path / "x.tmx"
    f.write_text(f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
                 '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&s;</seg></tuv>'
                 '<tuv xml:lang="zh"><seg>秘密</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_segment_pairs(f)
    assert "TOPSECRET" not in str(err.value)


def test_zh_source_xliff12_is_swapped(tmp_path):
    f = tmp_path / "r.xliff"
    f.write_text('<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                 '<file original="o" source-language="zh-Hans" target-language="en-GB" datatype="plaintext"><body>'
                 '<trans-unit id="1"><source>和平</source><target>Peace</target></trans-unit></body></file></xliff>',
                 encoding="utf-8")
    assert [(p.en, p.zh) for p in read_segment_pairs(f)] == [("Peace", "和平")]


def test_alignment_jsonl_from_writer_shape(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"en": "Peace.", "zh": "和平。", "confidence": 0.8, "type": "1-1",
                             "en_ids": [0], "zh_ids": [0]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert read_segment_pairs(f)[0].zh == "和平。"


@pytest.mark.parametrize("name, expected", [("a.TMX", True), ("b.xliff", True), ("c.txt", False), ("d.docx", False)])
def test_is_bitext(name, expected):
    assert is_bitext(name) is expected and (".tmx" in READERS)


@pytest.mark.parametrize("enc, zh", [("gb18030", "和平与发展"), ("big5", "和平與發展"), ("utf-16", "和平与发展")])
def test_legacy_encodings(tmp_path, enc, zh):
    f = tmp_path / "t.tsv"
    f.write_bytes(f"en\tzh\nPeace and development\t{zh}\n".encode(enc))
    assert read_segment_pairs(f)[0].zh == zh


_ONE_SIDED = {
    "tsv": "en\tzh\nGood morning.\t早上好。\nUntranslated.\t\n",
    "jsonl": '{"en": "Good morning.", "zh": "早上好。"}\n{"en": "Untranslated.", "zh": ""}\n',
    "tmx": ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
            'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>'
            '<body><tu><tuv xml:lang="en"><seg>Good morning.</seg></tuv><tuv xml:lang="zh-CN"><seg>早上好。</seg></tuv></tu>'
            '<tu><tuv xml:lang="en"><seg>Untranslated.</seg></tuv><tuv xml:lang="zh-CN"><seg></seg></tuv></tu>'
            '</body></tmx>\n'),
}


@pytest.mark.parametrize("ext", sorted(_ONE_SIDED))
def test_one_sided_units_dropped_by_default_and_kept_on_request(tmp_path, ext):
    from shuyu.bitext import read_segment_pairs

    path = tmp_path / f"a.{ext}"
    path.write_text(_ONE_SIDED[ext], encoding="utf-8")
    assert [(p.en, p.zh) for p in read_segment_pairs(path)] == [("Good morning.", "早上好。")]
    kept = read_segment_pairs(path, one_sided=True)
    assert [(p.en, p.zh) for p in kept] == [("Good morning.", "早上好。"), ("Untranslated.", "")]
