"""Sentence aligner: bead recovery on a small hand-written statement, invariants, bad input."""

from __future__ import annotations

import time

import pytest

from shuyu.aligner.align import AlignOptions, align, align_sentences
from shuyu.aligner.lexicon import Lexicon, load_lexicon
from shuyu.errors import InputError, UsageError
from shuyu.records import Bead, Document, Sentence

# A short statement written for these tests (fictional event), with one 2-1, one 1-2,
# one 1-0 and one 0-1 bead.
EN = [
    "China and Canada held the third high-level dialogue on law enforcement and cybersecurity in Ottawa on March 12, 2019.",  # 0
    "The two sides agreed to strengthen cooperation against drug trafficking.",                     # 1 ┐
    "They also agreed to share information on telecom fraud cases.",                                # 2 ┘ -> zh 1
    "Both countries will return fugitives and recover illegal assets.",                             # 3 -> zh 2, 3
    "The next dialogue will be held in Beijing in 2020.",                                           # 4
    "Over a working lunch, the police and customs officials of the two countries also discussed "
    "drug trafficking, telecom fraud cases, fugitives, illegal assets, law enforcement training "
    "and cybersecurity cooperation between Ottawa and Beijing.",                                    # 5 -> nothing
    "The Minister of Public Security attended the opening ceremony.",                               # 6 -> zh 5
    "About 40 officials from the police and customs departments took part in the dialogue.",        # 7 -> zh 6
    "Canada thanked China for its support and hospitality.",                                        # 8
]
ZH = [
    "2019年3月12日，中国和加拿大在渥太华举行第三次执法和网络安全高级别对话。",  # 0
    "双方同意加强禁毒合作，并同意就电信诈骗案件分享信息。",                        # 1
    "两国将遣返逃犯。",                                                            # 2
    "两国还将追缴非法资产。",                                                      # 3
    "下一次对话将于2020年在北京举行。",                                            # 4
    "公安部部长出席了开幕式。",                                                    # 5
    "来自警察和海关部门的约40名官员参加了对话。",                                  # 6
    "2020年，两国还将在北京和渥太华合作打击毒品犯罪、电信诈骗和网络犯罪，并就遣返逃犯、"
    "追缴非法资产、执法培训和网络安全开展务实合作，双方警察和海关部门官员将定期会晤。",  # 7 -> nothing
    "加方感谢中方的支持和热情接待。",                                              # 8
]
GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((4,), (4,)), ((5,), ()), ((6,), (5,)),
        ((7,), (6,)), ((), (7,)), ((8,), (8,))]


@pytest.fixture(scope="session")
def lex() -> Lexicon:
    return load_lexicon()


def check_invariants(beads: list[Bead], n: int, m: int) -> None:
    en = [i for b in beads for i in b.en]
    zh = [j for b in beads for j in b.zh]
    assert en == list(range(n)), "every English sentence once, in order"
    assert zh == list(range(m)), "every Chinese sentence once, in order"
    assert all(b.en or b.zh for b in beads)
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)
    for b in beads:
        assert list(b.en) == list(range(b.en[0], b.en[0] + len(b.en))) if b.en else True
        assert list(b.zh) == list(range(b.zh[0], b.zh[0] + len(b.zh))) if b.zh else True


def test_recovers_hand_made_beads(lex):
    beads = align_sentences(EN, ZH, lexicon=lex)
    check_invariants(beads, len(EN), len(ZH))
    got = [(b.en, b.zh) for b in beads]
    assert got == GOLD


@pytest.mark.parametrize("kind", ["2-1", "1-2", "1-0", "0-1"])
def test_each_bead_type_present(lex, kind):
    beads = align_sentences(EN, ZH, lexicon=lex)
    assert kind in {b.kind for b in beads}


def test_confidence_ranks_deletions_low(lex):
    beads = align_sentences(EN, ZH, lexicon=lex)
    by_conf = sorted(beads, key=lambda b: b.confidence)
    assert {by_conf[0].kind, by_conf[1].kind} == {"1-0", "0-1"}
    one_one = [b for b in beads if b.kind == "1-1"]
    assert min(b.confidence for b in one_one) > 0.5


def test_glossary_pairs_as_anchors():
    # a lexicon that knows nothing but two glossary pairs still aligns by them
    tiny = Lexicon({}, extra=[("fugitive", "逃犯"), ("hospitality", "热情接待")])
    beads = align_sentences(EN, ZH, lexicon=tiny)
    check_invariants(beads, len(EN), len(ZH))


def _doc(sentences, lang, paragraphs=None, headings=None):
    sents = []
    pos = 0
    for i, s in enumerate(sentences):
        sents.append(Sentence(i, s, s, pos, pos + len(s), paragraphs[i] if paragraphs else i,
                              bool(headings and headings[i])))
        pos += len(s) + 1
    return Document(f"<{lang}>", lang, "\n".join(sentences), "utf-8", (), tuple(sents),
                    "latin" if lang == "en" else "hans")


def test_align_documents_with_settings(lex):
    en_par = [0, 1, 1, 2, 3, 4, 5, 6, 7]
    zh_par = [0, 1, 2, 2, 3, 4, 5, 6, 7]
    result = align(_doc(EN, "en", en_par), _doc(ZH, "zh", zh_par), lexicon=lex)
    check_invariants(list(result.beads), len(EN), len(ZH))
    settings = dict(result.settings)
    assert settings["aligner"].startswith("shuyu-align")
    assert "lexicon.hash" in settings and "align.band" in settings
    assert [(b.en, b.zh) for b in result.beads] == GOLD


def test_align_empty_document_is_an_input_error(lex):
    with pytest.raises(InputError):
        align(_doc([], "en"), _doc(ZH, "zh"), lexicon=lex)


@pytest.mark.parametrize("n, m", [(0, 0), (0, 3), (4, 0)])
def test_empty_side_policy(lex, n, m):
    beads = align_sentences(EN[:n], ZH[:m], lexicon=lex)
    check_invariants(beads, n, m)
    assert all(b.confidence == 0.0 for b in beads)
    assert len(beads) == n + m


@pytest.mark.parametrize("n, m", [(1, 1), (1, 9), (9, 1), (10, 1000), (1000, 10), (3, 2)])
def test_wildly_different_lengths(lex, n, m):
    en = [EN[i % len(EN)] for i in range(n)]
    zh = [ZH[i % len(ZH)] for i in range(m)]
    start = time.perf_counter()
    beads = align_sentences(en, zh, lexicon=lex)
    assert time.perf_counter() - start < 20
    check_invariants(beads, n, m)


def test_huge_sentence_does_not_hang(lex):
    huge_en = "The two sides agreed to strengthen cooperation. " * 20000  # ~1 MB
    huge_zh = "双方同意加强合作。" * 40000
    start = time.perf_counter()
    beads = align_sentences(EN + [huge_en], ZH + [huge_zh], lexicon=lex)
    assert time.perf_counter() - start < 20
    check_invariants(beads, len(EN) + 1, len(ZH) + 1)


@pytest.mark.parametrize("bad", [["", "", ""], ["...", "!!!", "123"], ["\x00\x01", "\u200b", " "]])
def test_odd_sentences_never_crash(lex, bad):
    beads = align_sentences(EN[:3] + bad, ZH[:3] + bad[::-1], lexicon=lex)
    check_invariants(beads, 6, 6)


def test_unknown_option_is_a_usage_error(lex):
    with pytest.raises(UsageError):
        align_sentences(EN, ZH, lexicon=lex, bogus=1)


def test_paragraph_list_length_checked(lex):
    with pytest.raises(UsageError):
        align_sentences(EN, ZH, lexicon=lex, en_paragraphs=[0, 1])


def test_options_documented():
    assert AlignOptions().band > 0 and AlignOptions().del_cost > 0


def test_progress_called(lex):
    calls = []
    align_sentences(EN, ZH, lexicon=lex, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][0] == calls[-1][1]


def test_long_repeated_document_is_banded(lex):
    # 30 copies: 270 x 270 sentences, band search; still recovers the structure
    en, zh = EN * 30, ZH * 30
    beads = align_sentences(en, zh, lexicon=lex)
    check_invariants(beads, len(en), len(zh))
    got = {(b.en, b.zh) for b in beads}
    gold = {(tuple(i + k * len(EN) for i in e), tuple(j + k * len(ZH) for j in z))
            for k in range(30) for e, z in GOLD}
    assert len(got & gold) / len(gold) > 0.9


def test_progress_is_monotone(lex):
    calls = []
    align_sentences(EN * 300, ZH * 300, lexicon=lex, progress=lambda d, t: calls.append((d, t)))
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1][0] == calls[-1][1] and len(calls) > 2


def test_one_sentence_per_paragraph_is_no_anchor(lex):
    # lines as sentences: every sentence its own paragraph carries no information
    plain = align_sentences(EN, ZH, lexicon=lex)
    lines = align_sentences(EN, ZH, lexicon=lex, en_paragraphs=list(range(len(EN))),
                            zh_paragraphs=list(range(len(ZH))),
                            en_headings=[True] + [False] * (len(EN) - 1),
                            zh_headings=[False] * len(ZH))
    assert [(b.en, b.zh) for b in plain] == [(b.en, b.zh) for b in lines]


def test_paragraphs_keep_beads_inside(lex):
    en_par = [0, 1, 1, 2, 3, 4, 5, 6, 7]
    zh_par = [0, 1, 2, 2, 3, 4, 5, 6, 7]
    beads = align_sentences(EN, ZH, lexicon=lex, en_paragraphs=en_par, zh_paragraphs=zh_par)
    for b in beads:
        assert len({en_par[i] for i in b.en}) <= 1 and len({zh_par[j] for j in b.zh}) <= 1


# --------------------------------------------------------------------------- boundary repair


@pytest.fixture(scope="module")
def fixture_state(lex):
    """(feats, scorer, opts) of the final pass on EN/ZH, captured from the boundary repair."""
    import shuyu.aligner.align as mod

    seen = {}
    real = mod._refine_boundaries

    def spy(steps, feats, scorer, opts):
        seen.update(steps=steps, feats=feats, scorer=scorer, opts=opts)
        return real(steps, feats, scorer, opts)

    mod._refine_boundaries = spy
    try:
        align_sentences(EN, ZH, lexicon=lex)
    finally:
        mod._refine_boundaries = real
    return seen


def _steps(beads):
    return [(len(e), len(z)) for e, z in beads]


def test_point_costs_match_block_costs(fixture_state):
    import numpy as np

    from shuyu.aligner.align import BEAD_TYPES

    sc = fixture_state["scorer"]
    for a, b in BEAD_TYPES:
        for i in range(a, sc.n + 1):
            for j in range(b, sc.m + 1):
                block = sc.block_costs(i, i + 1, j, j, ((a, b),))[0][0, 0]
                point = sc.point_costs(np.array([i]), np.array([j]), a, b)[0]
                assert point == pytest.approx(block, abs=1e-3), (a, b, i, j)


def test_repair_moves_boundary_sentence_to_the_bead_that_translates_it(fixture_state):
    from shuyu.aligner.align import _refine_boundaries

    # EN 2 ("share information on telecom fraud cases", translated in ZH 1) put in the
    # next bead, making a false 2-2
    wrong = list(GOLD)
    wrong[1:3] = [((1,), (1,)), ((2, 3), (2, 3))]
    st = fixture_state
    fixed = _refine_boundaries(_steps(wrong), st["feats"], st["scorer"], st["opts"])
    assert fixed == _steps(GOLD)


def test_repair_absorbs_a_deletion_next_to_its_translation(fixture_state):
    from shuyu.aligner.align import _refine_boundaries

    wrong = list(GOLD)
    wrong[1:2] = [((1,), (1,)), ((2,), ())]
    st = fixture_state
    fixed = _refine_boundaries(_steps(wrong), st["feats"], st["scorer"], st["opts"])
    assert fixed == _steps(GOLD)


def test_repair_leaves_right_path_and_untranslated_sentences(fixture_state):
    from shuyu.aligner.align import _refine_boundaries

    st = fixture_state
    assert _refine_boundaries(_steps(GOLD), st["feats"], st["scorer"], st["opts"]) == _steps(GOLD)


def test_new_terms_can_be_switched_off(lex):
    beads = align_sentences(EN, ZH, lexicon=lex, empty_cost=0.0, shift_weight=0.0)
    check_invariants(beads, len(EN), len(ZH))
    assert [(b.en, b.zh) for b in beads] == GOLD


def test_sentence_without_evidence_makes_a_merge_dearer(fixture_state):
    import numpy as np
    from dataclasses import replace

    sc = fixture_state["scorer"]

    def cost(i, j, a, b, **change):
        saved = sc.opts
        try:
            sc.opts = replace(saved, **change)
            return sc.point_costs(np.array([i]), np.array([j]), a, b)[0]
        finally:
            sc.opts = saved

    # EN 5-6 -> ZH 5: EN 5 (the untranslated lunch sentence) finds nothing in ZH 5
    assert cost(7, 6, 2, 1) == pytest.approx(cost(7, 6, 2, 1, empty_cost=0.0) + sc.opts.empty_cost)
    # EN 1-2 -> ZH 1 (right): both English sentences are found in it, no extra cost
    assert cost(3, 2, 2, 1) == pytest.approx(cost(3, 2, 2, 1, empty_cost=0.0))
