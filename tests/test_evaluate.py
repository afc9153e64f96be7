"""Alignment scoring: strict/lax P/R/F1 computed by hand from the definition, bead files,
Bible verse merging."""

from __future__ import annotations

import pytest

from shuyu.aligner.evaluate import (Scores, evaluate_paths, format_beads, merge_by_verse, parse_beads,
                                    read_beads, score, score_many)
from shuyu.errors import InputError
from shuyu.records import Bead


def B(en, zh, c=1.0):
    return Bead(tuple(en), tuple(zh), c)


GOLD = [B([0], [0]), B([1, 2], [1]), B([3], []), B([], [2]), B([4], [3])]
HYP = [B([0], [0]), B([1], [1]), B([2], []), B([3], [2]), B([4], [3])]


def test_hand_computed_example():
    # precision over all 5 predicted beads: [0]:[0] and [4]:[3] exact; [1]:[1] overlaps the
    # gold [1,2]:[1] on both sides (lax); [2]:[] and [3]:[2] do not.
    # recall over the 3 gold beads non-empty on both sides against the 4 such predicted beads:
    # [0]:[0], [4]:[3] exact; [1,2]:[1] lax via [1]:[1].
    s = score(GOLD, HYP)
    assert (s.p_tp_strict, s.p_fp_strict, s.p_tp_lax, s.p_fp_lax) == (2, 3, 3, 2)
    assert (s.r_tp_strict, s.r_fn_strict, s.r_tp_lax, s.r_fn_lax) == (2, 1, 3, 0)
    assert s.strict_precision == pytest.approx(0.4)
    assert s.strict_recall == pytest.approx(2 / 3)
    assert s.strict_f1 == pytest.approx(0.5)
    assert s.lax_precision == pytest.approx(0.6)
    assert s.lax_recall == pytest.approx(1.0)
    assert s.lax_f1 == pytest.approx(0.75)


@pytest.mark.parametrize("gold, hyp, strict_f1, lax_f1", [
    (GOLD, GOLD, 1.0, 1.0),
    ([B([0], [0]), B([1], [1])], [B([0, 1], [0, 1])], 0.0, 1.0),          # merged: lax only
    ([B([0], [0]), B([1], [1])], [B([0], [1]), B([1], [0])], 0.0, 0.0),   # crossed (not monotone)
    ([B([0], [0]), B([], [1])], [B([0], [0, 1])], 0.0, 1.0),             # 0-1 gold absorbed
    ([B([0], [0])], [B([0], []), B([], [0])], 0.0, 0.0),                  # 1-0 + 0-1 predicted
    ([], [], 0.0, 0.0),
])
def test_score_table(gold, hyp, strict_f1, lax_f1):
    s = score(gold, hyp)
    assert s.strict_f1 == pytest.approx(strict_f1)
    assert s.lax_f1 == pytest.approx(lax_f1)


def test_score_accepts_tuples_and_ignores_empty_beads():
    s = score([((0,), (0,)), ((), ())], [((0,), (0,))])
    assert s.strict_f1 == 1.0


def test_micro_average_sums_counts():
    a = score(GOLD, HYP)
    b = score(GOLD, GOLD)
    total = score_many([(GOLD, HYP), (GOLD, GOLD)])
    assert total == a + b
    assert total.p_tp_strict == 2 + 5
    assert total.strict_precision == pytest.approx(7 / 10)
    assert isinstance(total.as_dict()["strict_f1"], float)


def test_format_and_parse_round_trip(tmp_path):
    text = format_beads(GOLD)
    assert text.splitlines()[1] == "[1, 2]:[1]" and text.splitlines()[3] == "[]:[2]"
    path = tmp_path / "x.gold"
    path.write_text(text, encoding="utf-8")
    assert [(b.en, b.zh) for b in read_beads(path)] == [(b.en, b.zh) for b in GOLD]


@pytest.mark.parametrize("line", ["[0, 1]-[2]", "[0, a]:[1]", "0:1", "[0]:[1]:[2]"])
def test_malformed_line_names_the_line(line):
    with pytest.raises(InputError) as err:
        parse_beads("[0]:[0]\n" + line + "\n", where="doc.gold")
    assert "doc.gold:2" in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError):
        read_beads(tmp_path / "nope.gold")


@pytest.mark.parametrize("hyp, merged", [
    # consecutive beads inside one verse merge; a 0-1 bead in the next verse stays alone
    ([B([0], [0]), B([1], [1]), B([2], [2]), B([], [3])],
     [((0,), (0,)), ((1, 2), (1, 2)), ((), (3,))]),
    # a bead spanning two verses is never merged
    ([B([0, 1], [0, 1]), B([2], [2]), B([], [3])],
     [((0, 1), (0, 1)), ((2,), (2,)), ((), (3,))]),
    # 1-0 bead inside the verse of the previous bead merges into it
    ([B([0], [0]), B([1], [1, 2]), B([2], []), B([], [3])],
     [((0,), (0,)), ((1, 2), (1, 2)), ((), (3,))]),
])
def test_merge_by_verse(hyp, merged):
    en_verses = ["Gen:1:1", "Gen:1:2", "Gen:1:2"]
    zh_verses = ["Gen:1:1", "Gen:1:2", "Gen:1:2", "Gen:1:3"]
    got = merge_by_verse(hyp, en_verses, zh_verses)
    assert [(b.en, b.zh) for b in got] == merged


def test_merge_keeps_lowest_confidence():
    got = merge_by_verse([B([0], [0], 0.9), B([1], [1], 0.2)], ["v", "v"], ["v", "v"])
    assert len(got) == 1 and got[0].confidence == 0.2


def test_evaluate_paths_folders(tmp_path):
    gold_dir, hyp_dir = tmp_path / "gold", tmp_path / "hyp"
    gold_dir.mkdir()
    hyp_dir.mkdir()
    (gold_dir / "001.gold").write_text(format_beads(GOLD))
    (hyp_dir / "001.beads").write_text(format_beads(HYP))
    (gold_dir / "002.gold").write_text(format_beads(GOLD))
    (hyp_dir / "002.beads").write_text(format_beads(GOLD))
    scores, ndocs = evaluate_paths(gold_dir, hyp_dir)
    assert ndocs == 2 and scores == score(GOLD, HYP) + score(GOLD, GOLD)
    single, n = evaluate_paths(gold_dir / "001.gold", hyp_dir / "001.beads")
    assert n == 1 and single.strict_f1 == pytest.approx(0.5)


def test_evaluate_paths_missing_hypothesis(tmp_path):
    (tmp_path / "g").mkdir()
    (tmp_path / "h").mkdir()
    (tmp_path / "g" / "001.gold").write_text("[0]:[0]\n")
    with pytest.raises(InputError):
        evaluate_paths(tmp_path / "g", tmp_path / "h")


def test_scores_default_zero():
    assert Scores().strict_f1 == 0.0 and Scores().lax_recall == 0.0
