"""Mining a corpus in parts (shuyu.terms.mining.corpus): whatever way the documents are grouped
into parts, merged in corpus order, and wherever the parts run, the result is the one of
mining the whole corpus in one process."""

from __future__ import annotations

import functools
import multiprocessing
import warnings
from concurrent.futures import ProcessPoolExecutor

import pytest

from shuyu.records import Glossary, GlossaryEntry, SegmentPair, Term
from shuyu.terms.mining import mine_settings, mine_with_stats, pairs_from_alignment
from shuyu.terms.mining.corpus import (Counts, Look, MineSettings, local_map, local_reduce, mine_parts,
                                       split_by_source)

#: A term the dictionary lacks, learned from segments of two different documents.
JCPOA = [
    ("All parties should return to the JCPOA as soon as possible.", "各方应尽快重返全面协议。"),
    ("The JCPOA was endorsed by the Security Council.", "全面协议得到安理会核可。"),
]
JCPOA_AGAIN = [
    ("China supports the JCPOA and the nonproliferation regime.", "中方支持全面协议和防扩散体系。"),
    ("State Councilor Wang Yi met the press in Beijing.", "国务委员王毅在北京会见记者。"),
    ("", "只有中文。"),  # one-sided: counted as skipped
]


def _document(rows, source):
    return [SegmentPair(en, zh, source, i, 0.9) for i, (en, zh) in enumerate(rows, start=1)]


@pytest.fixture(scope="module")
def corpus(example_paths) -> list[SegmentPair]:
    """Five documents: the bundled example twice (repeated text across documents), and three small ones."""
    from shuyu.aligner.align import align
    from shuyu.aligner.readers import read_document

    alignment = align(read_document(example_paths[0], "en"), read_document(example_paths[1], "zh"))
    example = pairs_from_alignment(alignment)
    again = [SegmentPair(p.en, p.zh, "copy/dialogue.en.txt", p.line, p.confidence) for p in example]
    return (example + _document(JCPOA, "iran-1.tsv") + again + _document(JCPOA_AGAIN, "iran-2.tsv")
            + _document([("The World Health Organization (WHO) praised China.", "世界卫生组织赞扬中国。")], "who.tsv"))


SETTINGS = MineSettings(top=60)


@pytest.fixture(scope="module")
def whole(corpus):
    return mine_parts([corpus], SETTINGS)


def _groupings(parts):
    yield "each document a part", parts
    yield "documents in twos", [sum(parts[i:i + 2], []) for i in range(0, len(parts), 2)]
    yield "first alone, the rest together", [parts[0], sum(parts[1:], [])]


def test_documents_are_runs_of_one_source(corpus):
    parts = split_by_source(corpus)
    assert len(parts) == 5
    assert all(len({p.source for p in part}) == 1 for part in parts)
    assert sum(parts, []) == corpus


@pytest.mark.parametrize("grouping", ["each document a part", "documents in twos", "first alone, the rest together"])
def test_the_grouping_of_documents_does_not_change_the_result(corpus, whole, grouping):
    parts = dict(_groupings(split_by_source(corpus)))[grouping]
    got = mine_parts(parts, SETTINGS)
    assert got == whole  # the same term pairs, scores, counts, examples, sources and statistics


def test_the_learned_term_comes_from_two_documents(whole):
    terms, _ = whole
    assert ("JCPOA", "全面协议") in {(t.en, t.zh) for t in terms}


def test_a_tree_of_merges_gives_the_left_fold(corpus, whole):
    def tree(merge, items):
        items = list(items)
        while len(items) > 1:  # adjacent pairs, as a distributed tree reduction does
            items = [merge(*items[i:i + 2]) if i + 1 < len(items) else items[i] for i in range(0, len(items), 2)]
        return items[0]

    assert mine_parts(split_by_source(corpus), SETTINGS, reduce=tree) == whole


def _pool_map(pool, fn, parts, **kwargs):
    return list(pool.map(functools.partial(fn, **kwargs), parts))


def test_parts_mined_in_other_processes(corpus, whole):
    """Everything a part needs travels by pickle; each worker loads its own lexicon from the cache.
    Spawned workers have their own string hashing: the result must not depend on set order."""
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        got = mine_parts(split_by_source(corpus), SETTINGS, run_map=functools.partial(_pool_map, pool))
    assert got == whole


def test_the_statistics_of_the_parts_add_up(corpus, whole):
    _, stats = whole
    assert stats.read == len(corpus)
    one_sided = [p for p in corpus if not p.en.strip() or not p.zh.strip()]
    assert any(p.source == "iran-2.tsv" for p in one_sided)
    assert stats.skipped_empty == len(one_sided)
    assert stats.first_skipped == f"{one_sided[0].source}:{one_sided[0].line}"  # the first in corpus order
    assert stats.used == len(corpus) - len(one_sided)


def test_the_library_call_is_the_corpus_in_one_part(corpus):
    """``mine_with_stats`` mines the pairs as one part; so do the parts, whatever the grouping."""
    glossary = Glossary(entries=(GlossaryEntry("1", (Term("State Councilor", "en"), Term("国务委员", "zh"))),))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        terms, stats = mine_with_stats(corpus, glossary=glossary, top=40, min_freq=2)
    settings = mine_settings(glossary=glossary, top=40, min_freq=2)
    assert mine_parts(split_by_source(corpus), settings) == (terms, stats)
    assert any(t.known and t.en == "State Councilor" for t in terms)
    assert all(t.freq_joint >= 2 for t in terms)


def test_merges_keep_corpus_order():
    a = Look(read=2, used=1, empty=1, first_skipped="a.tsv:2", acronyms={"WHO": ("world", "health", "organization")})
    b = Look(read=1, used=1, first_skipped="b.tsv:1", acronyms={"WHO": ("other",), "NHC": ("national",)})
    merged = a.merge(b)
    assert merged.first_skipped == "a.tsv:2"
    assert merged.acronyms == {"WHO": ("world", "health", "organization"), "NHC": ("national",)}
    assert (merged.read, merged.used, merged.empty) == (3, 2, 1)


def test_no_parts_and_no_usable_pair():
    from shuyu.errors import InputError

    assert mine_parts([], SETTINGS)[0] == []
    with pytest.raises(InputError, match="empty or one-sided"):
        mine_parts([[SegmentPair("", "中文", "x.tsv", 1)]], SETTINGS)
    assert local_reduce(Counts.merge, local_map(lambda part: Counts(), [[], []])).pairs == {}
