"""The edit operations of ``shuyu review`` on beads and terms (shuyu.review.model).

Beads are written ``"en ids|zh ids"`` here, e.g. ``"1,2|1"`` for a 2-1 bead; every operation must
keep the beads contiguous (each sentence in one bead, in order) and be undone exactly.
"""

from __future__ import annotations

import pytest

from shuyu.errors import UsageError
from shuyu.review.model import (HISTORY_LIMIT, History, ReviewBead, ReviewTerm, apply_change, apply_term_change,
                                check_beads, confirm, edit_term, merge, move, next_to_review, owners, split)


def beads(*specs: str, conf=(0.9, 0.2, 0.5, 0.2, 0.99)) -> tuple[ReviewBead, ...]:
    out = []
    for n, spec in enumerate(specs):
        en, zh = spec.split("|")
        ids = lambda s: tuple(int(x) for x in s.split(",") if x)  # noqa: E731
        out.append(ReviewBead(ids(en), ids(zh), conf[n % len(conf)]))
    return tuple(out)


def spec(bs) -> list[str]:
    return [",".join(map(str, b.en)) + "|" + ",".join(map(str, b.zh)) for b in bs]


#: 5 English and 5 Chinese sentences: 1-1, 2-1, 1-0, 0-1, 1-2.
START = beads("0|0", "1,2|1", "3|", "|2", "4|3,4")


@pytest.mark.parametrize("name, op, expected, edited", [
    ("merge first two", lambda b: merge(b, 0), ["0,1,2|0,1", "3|", "|2", "4|3,4"], [0]),
    ("merge 0-1 into 1-2", lambda b: merge(b, 3), ["0|0", "1,2|1", "3|", "4|2,3,4"], [3]),
    ("split 2-1 after one English", lambda b: split(b, 1, 1, 1), ["0|0", "1|1", "2|", "3|", "|2", "4|3,4"], [1, 2]),
    ("split 1-2 after one Chinese", lambda b: split(b, 4, 1, 1), ["0|0", "1,2|1", "3|", "|2", "4|3", "|4"], [4, 5]),
    ("split English off the front", lambda b: split(b, 1, 0, 1), ["0|0", "|1", "1,2|", "3|", "|2", "4|3,4"], [1, 2]),
    ("move first English back", lambda b: move(b, 1, "en", "prev"), ["0,1|0", "2|1", "3|", "|2", "4|3,4"], [0, 1]),
    ("move last English on", lambda b: move(b, 1, "en", "next"), ["0|0", "1|1", "2,3|", "|2", "4|3,4"], [1, 2]),
    ("move empties a bead back", lambda b: move(b, 2, "en", "prev"), ["0|0", "1,2,3|1", "|2", "4|3,4"], [1]),
    ("move empties a bead on", lambda b: move(b, 3, "zh", "next"), ["0|0", "1,2|1", "3|", "4|2,3,4"], [3]),
    ("move first Chinese back", lambda b: move(b, 4, "zh", "prev"), ["0|0", "1,2|1", "3|", "|2,3", "4|4"], [3, 4]),
])
def test_operation(name, op, expected, edited):
    change = op(START)
    after = apply_change(START, change)
    assert spec(after) == expected
    assert check_beads(after, 5, 5) is None
    assert [i for i, b in enumerate(after) if b.status == "edited"] == edited
    assert apply_change(after, change.inverse()) == START  # undone exactly


@pytest.mark.parametrize("name, op, message", [
    ("merge the last bead", lambda b: merge(b, 4), "bead 5 is the last one"),
    ("merge past the end", lambda b: merge(b, 9), "there is no bead 10"),
    ("split leaving nothing", lambda b: split(b, 0, 1, 1), "a part with no sentence"),
    ("split past the sentences", lambda b: split(b, 1, 3, 0), "cannot be cut after 3"),
    ("move before the first bead", lambda b: move(b, 0, "en", "prev"), "is the first one"),
    ("move after the last bead", lambda b: move(b, 4, "zh", "next"), "is the last one"),
    ("move a side that is empty", lambda b: move(b, 2, "zh", "next"), "has no Chinese sentence"),
    ("move to nowhere", lambda b: move(b, 1, "en", "up"), "unknown move"),
    ("confirm no bead", lambda b: confirm(b, -1), "there is no bead 0"),
])
def test_operation_refused(name, op, message):
    with pytest.raises(UsageError, match=message):
        op(START)


def test_merge_keeps_the_lower_confidence_and_confirm_toggles():
    merged = apply_change(START, merge(START, 0))
    assert merged[0].confidence == 0.2 and merged[0].kind == "3-2"
    once = apply_change(START, confirm(START, 2))
    assert once[2].status == "confirmed" and once[2].reviewed
    twice = apply_change(once, confirm(once, 2))
    assert twice[2].status == "" and not twice[2].reviewed
    assert apply_change(once, confirm(once, 2, True))[2].status == "confirmed"


def test_a_change_is_made_only_on_the_beads_it_was_made_for():
    change = merge(START, 0)
    other = apply_change(START, split(START, 1, 1, 1))
    with pytest.raises(UsageError, match="changed under this edit"):
        apply_change(other, change)


@pytest.mark.parametrize("bad, problem", [
    (beads("0|0", "2|1", "1|", "|2", "4|3,4"), "do not follow"),
    (beads("0|0", "1,2|1", "3|", "|2"), "hold 4 of 5 English"),
    (beads("0|0", "|", "1,2,3|1", "|2", "4|3,4"), "has no sentence"),
])
def test_check_beads(bad, problem):
    assert problem in check_beads(bad, 5, 5)


@pytest.mark.parametrize("current, expected", [(None, 1), (1, 3), (3, 2), (2, 0), (0, 4), (4, 1)])
def test_next_to_review_goes_from_the_lowest_confidence_up(current, expected):
    # confidences 0.9, 0.2, 0.5, 0.2, 0.99: beads 1 and 3 first (document order), then 2, 0, 4, round again
    assert next_to_review(START, current) == expected


def test_next_to_review_skips_reviewed_beads():
    done = apply_change(START, confirm(START, 1))
    assert next_to_review(done) == 3
    every = START
    for i in range(len(START)):
        every = apply_change(every, confirm(every, i))
    assert next_to_review(every) is None


def test_owners():
    en, zh = owners(START, 5, 5)
    assert en == [0, 1, 1, 2, 4] and zh == [0, 1, 3, 4, 4]


def test_history_undo_redo_and_limit():
    h = History()
    assert h.undoing() is None and h.redoing() is None
    state = START
    for change in (merge(START, 0),):
        state = apply_change(state, change)
        h.record(change)
    second = split(state, 0, 1, 1)
    state = apply_change(state, second)
    h.record(second)
    state = apply_change(state, h.undoing())
    h.undone()
    assert spec(state) == ["0,1,2|0,1", "3|", "|2", "4|3,4"]
    state = apply_change(state, h.redoing())
    h.redone()
    assert state[0].en == (0,)
    state = apply_change(state, h.undoing())
    h.undone()
    state = apply_change(state, h.undoing())
    h.undone()
    assert state == START and h.undoing() is None and len(h.redo) == 2
    h.record(confirm(state, 0))
    assert h.redo == []  # a new edit drops what could be redone
    for _ in range(HISTORY_LIMIT + 10):
        h.record(confirm(state, 0))
    assert len(h.undo) == HISTORY_LIMIT


TERMS = (ReviewTerm("law enforcement", "执法", mined_en="law enforcement", mined_zh="执法"),)


@pytest.mark.parametrize("change, expected", [
    ({"decision": "accept"}, {"decision": "accept", "status": ""}),
    ({"decision": "reject"}, {"decision": "reject"}),
    ({"status": "forbidden"}, {"decision": "accept", "status": "forbidden"}),  # a status accepts the term
    ({"en": "  Law   enforcement "}, {"en": "Law enforcement", "decision": "accept", "mined_en": "law enforcement"}),
    ({"zh": "执法工作", "decision": ""}, {"zh": "执法工作", "decision": ""}),
])
def test_edit_term(change, expected):
    c = edit_term(TERMS, 0, **change)
    after = apply_term_change(TERMS, c)[0]
    for name, value in expected.items():
        assert getattr(after, name) == value
    assert apply_term_change((after,), c.inverse()) == TERMS


@pytest.mark.parametrize("change, message", [
    ({"en": "   "}, "cannot be empty"),
    ({"status": "approved"}, "unknown status"),
    ({"decision": "maybe"}, "unknown decision"),
])
def test_edit_term_refused(change, message):
    with pytest.raises(UsageError, match=message):
        edit_term(TERMS, 0, **change)
    with pytest.raises(UsageError, match="there is no term 2"):
        edit_term(TERMS, 1, decision="accept")
