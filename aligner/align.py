"""English-Chinese sentence alignment: lexical coverage + length, banded DP, two passes.

Library first: :func:`align_sentences` takes two lists of sentences and returns
:class:`~shuyu.records.Bead` records (English indices first, every sentence in
exactly one bead, in order, each with a confidence in [0, 1]);
:func:`align` does the same for two :class:`~shuyu.records.Document` objects and
returns an :class:`~shuyu.records.Alignment` carrying its settings.

How a bead (EN sentences E, ZH sentences Z) is scored (:class:`_Scorer`)
    *Lexical evidence*, a log-likelihood ratio "translation" vs "unrelated": an
    informative English key of E (content-word lemma, number, month, enumerator,
    romanised Chinese name; see :mod:`.features`) is found translated among the
    Chinese units of Z (dictionary words found by lookup of all substrings, numbers,
    Latin tokens, names by pinyin) with probability ``q`` if the bead is right, and
    with its local chance rate ``p`` (share of the Chinese sentences within
    ±``p_window`` of the diagonal that translate it) otherwise: a found key adds
    ``logit(q) - logit(p)``, every key adds ``log((1-q)/(1-p))``.  The same for Z's
    units against E.  With k sentences on the other side the chance grows (neighbours
    share topics), which costs ``log(1 + (k-1)·neighbor_factor)`` per found key, so
    merged beads win only when the extra sentence is really covered.
    *Length*: Gaussian on the log ratio of Chinese to English characters, with the
    ratio calibrated on the document itself (totals, then pass 1's beads).
    *Priors*: a penalty per extra sentence of merged beads (larger on the smaller
    side: 2-2, 2-3 ...), a fixed cost for 1-0 / 0-1 beads.
    *Empty sentences*: in a merged bead, every sentence of a merged side that has
    informative words (at least ``empty_min``) none of which is found on the other
    side costs ``empty_cost``: the key-by-key model treats "0 of 3 words found" as
    three independent misses, but a whole sentence without any support is the typical
    sign of a sentence merged into the wrong bead.
    *Punctuation* (pass 2, :func:`_punct_model`): quotations opened, ``?``, ``!``, ``:``
    and ``;`` counted on both sides of a bead; how often they agree in pass 1's beads
    against the same spans paired at random gives, per document, the log-likelihood
    ratios of "agree" and "differ" (a translation that drops its colons learns to ignore
    them); a quotation left open on one side only (a quote that runs on into the next
    sentence) costs ``open_quote_cost``.
    *Span similarity* when chosen (``similarity``, see :mod:`.similarity`): a model's
    score of the bead's two spans, each read as one text, standardised by the mean and
    standard deviation of the document's random single-sentence pairs; the cost falls
    by ``w_sim`` times that (times ``((a + b) / 2) ** sim_size``).
    *Anchors* when given: paragraph starts and headings (a bead should not contain
    a paragraph start after its first sentence; both sides should start a paragraph
    together; headings go with headings), and leading enumerators
    (一、 / （一） / I. / A. / 1. become the same key).

Search (:func:`_search`, :func:`_dp`)
    A rough path from anchors (rare words that occur once in a stretch of both
    documents, chained by a longest increasing subsequence and cleaned of outliers,
    interpolated by cumulative length), then dynamic programming in a band of
    ±``band`` sentences around it; where the best path comes near the band edge the
    band is doubled locally and the DP redone.  Time and memory are linear in the
    number of sentences times the band width; bead costs are computed with numpy
    per block of rows, the DP keeps only the last rows of costs (ring buffer) plus
    one byte of back-pointer per cell.

Two passes
    Pass 1 uses CC-CEDICT (plus numbers, Latin tokens, glossary pairs, names).  Pass 2
    re-estimates, from pass 1's beads, the length ratio and spread and ``q`` (how
    much of a sentence this dictionary finds translated in this document: about
    0.6 for official texts, 0.45 for novels), and aligns again in the same band.
    (Learning document-specific word pairs from pass 1 is implemented, ``learn=True``,
    but made results worse on the development sets, so it is off.)

Boundary repair (:func:`_refine_boundaries`)
    The DP sees a merged bead as a bag of words, so the sentence at the boundary of an
    n-1 bead and its neighbour can land on the wrong side (or stay a 1-0 bead next to
    its translation) when its words are also found through the bead's other sentences.
    After pass 2, each boundary sentence is checked for *exclusive* evidence: words of
    the other side it translates that no other sentence of its bead translates.  It is
    moved to the adjacent bead if the gain in exclusive evidence (idf-weighted, on the
    scale of the lexical log-likelihood ratios) times ``shift_weight`` exceeds the rise
    of the DP's own cost of the two beads.  On pol-dev this fixes most of the
    "boundary falls one sentence off in a 2-4 : 1 merge" errors.

Confidence
    A logistic model of the bead's features (share of informative words found,
    length z-score, bead type, deletion, neighbouring deletions/merges) fitted on
    the development sets: sorting by it puts most wrong beads first.

Bad input policy
    Both sides empty → ``[]``.  One side empty → every sentence of the other side
    becomes a 1-0 / 0-1 bead with confidence 0 (no exception: the caller decides
    whether that is an error; :func:`align` raises :class:`InputError` for it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Callable, Iterable, Sequence

from .. import __version__
from ..errors import InputError, UsageError
from ..records import Alignment, Bead, Document
from .lexicon import Lexicon

__all__ = ["AlignOptions", "align_sentences", "align", "ALIGNER_VERSION", "BEAD_TYPES"]

ALIGNER_VERSION = "2"  # 2: punctuation correspondence, span similarities

BEAD_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2), (1, 5), (5, 1))


@dataclass(frozen=True)
class AlignOptions:
    """Tunable settings of the aligner (pass any of them as keyword options).

    The defaults were tuned on the development sets (see ``benchmarks/align.py``);
    ``w_punct``, ``open_quote_cost``, ``type_penalty`` and ``mn_penalty`` by
    leave-one-document-out over pol-dev, mac-dev and the Bible (``benchmarks/align.py
    --cv``), and ``w_sim`` / ``sim_size`` the same way for ``similarity="use"``.
    ``del_cost`` trades omission detection (lower) against fewer false 1-0 / 0-1
    beads in texts without omissions (higher).  The dev sets have almost no omissions
    (6 one-sided beads of about 6,600), so they favour 13-17 (+0.001-0.007 strict F1);
    it stays at 11, where a translator's omitted sentence (the bundled example's) is
    still found.
    """

    band: int = 25              # initial half-width of the search band (sentences)
    full_cells: int = 10_000    # documents up to this many sentence pairs are searched in full
    q: float = 0.5              # chance that a word of a right bead is found translated (pass 1)
    q_scale: float = 1.0
    q_number: float = 0.7       # the same for numbers and months
    stem: int = 6               # compare English words by their first N letters (0: whole lemma)
    adapt_q: bool = True        # pass 2: q = share of words found in pass 1's 1-1 beads
    p_window: int = 30          # chance rates of words are counted within ± this many sentences
    fast_pass1: bool = True     # pass 1 with the six common bead types only (faster)
    band2: int = 0              # pass 2 band half-width around pass 1's path (0: pass 1's band)
    max_widen: int = 4          # how many times the band may be doubled
    del_cost: float = 11.0      # cost of a 1-0 / 0-1 bead
    w_lex: float = 1.0
    w_len: float = 1.5
    len_sigma: float = 0.45     # std of log length ratio (first pass)
    sigma_scale: float = 1.3    # pass 2: std = this x robust std of pass 1's beads
    type_penalty: float = 0.5   # per extra sentence on the larger side of a merged bead
    neighbor_factor: float = 1.5  # chance of a word being translated in a neighbour, vs. anywhere
    mn_penalty: float = 4.0     # per extra sentence on the smaller side (2-2, 2-3, ...)
    two_pass: bool = True
    learn: bool = False         # second pass: learn document-specific word pairs
    recalibrate: bool = True    # second pass: re-estimate the length ratio and spread
    learn_min_count: int = 2
    learn_min_dice: float = 0.5
    para_cross: float = 2.0     # bead containing a paragraph start after its first sentence
    para_mismatch: float = 1.0  # bead starts a paragraph on one side only
    heading_mismatch: float = 2.0  # heading aligned with a non-heading
    empty_cost: float = 2.0     # merged bead: per sentence of a merged side none of whose words is found
    empty_min: int = 2          # ... counted for sentences with at least this many informative words
    shift_weight: float = 1.0   # boundary repair: weight of exclusive evidence vs. DP cost (0: off)
    similarity: object = "lexical"  # span similarity: a name of similarity.SIMILARITIES or an object
    w_sim: float = 12.0         # weight of the standardised span similarity (cost -= w_sim * z)
    sim_pairs: int = 4000       # random single-sentence pairs that standardise the similarity
    sim_size: float = 0.25      # ... times ((a + b) / 2) ** sim_size: more credit to merged beads
    w_punct: float = 4.0        # pass 2: weight of punctuation correspondence (quotes, ? ! : ;; 0: off)
    open_quote_cost: float = 4.0  # pass 2: a quotation left open on one side of a bead only


def _options(options: dict) -> AlignOptions:
    """The options given, over the chosen similarity's own defaults (its ``defaults``
    mapping: a similarity may want other priors than the lexical default), over
    :class:`AlignOptions`'s.  With a similarity *name*, the option holds the model object
    afterwards (so that it is made once)."""
    names = {f.name for f in fields(AlignOptions)}
    bad = sorted(set(options) - names)
    if bad:
        raise UsageError(f"unknown aligner option(s): {', '.join(bad)}",
                         hint=f"known options: {', '.join(sorted(names))}")
    options = dict(options)
    if "similarity" in options:
        from .similarity import get_similarity

        model = get_similarity(options["similarity"])
        options["similarity"] = model if model is not None else "lexical"
        options = {**dict(getattr(model, "defaults", {}) or {}), **options}
    return replace(AlignOptions(), **options)


# --------------------------------------------------------------------------- band + pair matrices


def _length_path(en_len, zh_len):
    """Column (ZH index) of the length diagonal for every node row 0..N."""
    import numpy as np

    m = len(zh_len)
    ce = np.concatenate([[0.0], np.cumsum(en_len + 1.0)])
    cz = np.concatenate([[0.0], np.cumsum(zh_len + 1.0)])
    ce /= ce[-1]
    cz /= cz[-1]
    path = np.interp(ce, cz, np.arange(m + 1, dtype=float))
    path = np.clip(np.rint(path).astype(np.int64), 0, m)
    path[0], path[-1] = 0, m
    return np.maximum.accumulate(path)


def _band_from_path(path, width, m: int):
    """Band [lo[i], hi[i]] of every node row around ``path``; ``width`` scalar or per row."""
    import numpy as np

    n = len(path) - 1
    width = np.broadcast_to(np.asarray(width, dtype=np.int64), (n + 1,))
    nxt = np.concatenate([path[1:], [m]])
    prev = np.concatenate([[0], path[:-1]])
    lo = np.clip(np.minimum(path, prev) - width, 0, m)
    hi = np.clip(np.maximum(path, nxt) + width, 0, m)
    lo = np.maximum.accumulate(lo)
    hi = np.maximum.accumulate(hi)
    lo[0] = 0
    hi[n] = m
    return lo.astype(np.int64), hi.astype(np.int64)


def _pair_matrices(rows_of_key, cols_of_key, q, lo, width: int, nrows: int, ncols: int,
                   window: int = 100, center=None):
    """Band matrices of the lexical evidence between rows (sentences of one side) and the
    columns of their band (sentences of the other side).

    For a key of row ``i``, ``p`` is the share of the columns of row ``i``'s band that
    translate it (its local chance rate); a column translating it is worth
    ``g = logit(q) - logit(p)`` (keys with ``g <= 0`` are ignored).  Returns
    ``(G, C, cap, base, count)``: ``G[i, j - lo[i]]`` the sum of ``g`` over row ``i``'s keys
    translated by column ``j``, ``C`` their number; per row: ``cap`` = Σ g, ``base`` =
    Σ log((1-q)/(1-p)), ``count`` = number of informative keys.
    """
    import numpy as np

    cap = np.zeros(nrows)
    base = np.zeros(nrows)
    count = np.zeros(nrows)
    empty = np.zeros((nrows, width), dtype=np.float32)
    q = np.broadcast_to(np.asarray(q, dtype=float), (len(rows_of_key),))
    # keys never translated on the other side: only their "not found" term, for keys whose
    # q is high (numbers); for words it is no evidence (the lexicon just lacks the pair)
    for k in range(len(rows_of_key)):
        if rows_of_key[k] is not None and cols_of_key[k] is None and q[k] > 0.8:
            np.add.at(base, rows_of_key[k], math.log(1 - q[k]))
            np.add.at(count, rows_of_key[k], 1.0)
    keys = [k for k in range(len(rows_of_key))
            if rows_of_key[k] is not None and cols_of_key[k] is not None]
    if not keys:
        return empty, empty.copy(), cap, base, count
    if center is None:
        center = lo + width // 2
    w_lo = np.clip(center - window, 0, ncols)
    w_hi = np.clip(center + window + 1, 0, ncols)
    span = np.maximum(w_hi - w_lo, 1).astype(float)
    stride = ncols + 2
    # all (key, row) occurrences, and all (key, column) occurrences as sorted codes
    a_len = np.array([len(rows_of_key[k]) for k in keys])
    b_len = np.array([len(cols_of_key[k]) for k in keys])
    kid = np.asarray(keys, dtype=np.int64)
    a_key = np.repeat(kid, a_len)
    a_row = np.concatenate([rows_of_key[k] for k in keys])
    b_col = np.concatenate([cols_of_key[k] for k in keys])
    b_code = np.repeat(kid, b_len) * stride + b_col
    off = a_key * stride
    lo_a = lo[a_row]
    s = np.searchsorted(b_code, off + lo_a)
    t = np.searchsorted(b_code, off + np.minimum(lo_a + width, ncols + 1))
    local = np.searchsorted(b_code, off + w_hi[a_row]) - np.searchsorted(b_code, off + w_lo[a_row])
    p = np.minimum((local + 0.5) / (span[a_row] + 1.0), 0.95)
    qa = q[a_key]
    g = np.log(qa / (1 - qa)) - np.log(p / (1 - p))
    ok = g > 0
    g = np.where(ok, g, 0.0)
    cap += np.bincount(a_row, weights=g, minlength=nrows)
    base += np.bincount(a_row, weights=np.where(ok, np.log1p(-qa) - np.log1p(-p), 0.0), minlength=nrows)
    count += np.bincount(a_row, weights=ok.astype(float), minlength=nrows)
    cnt = np.where(ok, t - s, 0)
    total = int(cnt.sum())
    if not total:
        return empty, empty.copy(), cap, base, count
    rows = np.repeat(a_row, cnt)
    offs = np.repeat(s - (np.cumsum(cnt) - cnt), cnt) + np.arange(total)
    cols = b_col[offs]
    flat = rows * width + (cols - lo[rows])
    G = np.bincount(flat, weights=np.repeat(g, cnt), minlength=nrows * width)
    G = G.astype(np.float32).reshape(nrows, width)
    C = np.bincount(flat, minlength=nrows * width).astype(np.float32).reshape(nrows, width)
    return G, C, cap, base, count


def _transpose_band(lo, width: int, nrows: int, ncols: int):
    """For the ZH side: per column j, the band of rows i with lo[i] <= j < lo[i] + width,
    as (first row, last row + 1)."""
    import numpy as np

    first = np.searchsorted(lo + width, np.arange(ncols), side="right")
    last = np.searchsorted(lo, np.arange(ncols), side="right")
    return first, last


def _postings(sets, nkeys: int):
    """Inverted lists: for each key id, sorted array of sentence indices containing it."""
    import numpy as np

    if not sets:
        return [None] * nkeys
    lens = np.array([len(s) for s in sets])
    if not lens.sum():
        return [None] * nkeys
    sent = np.repeat(np.arange(len(sets)), lens)
    keys = np.concatenate([s for s in sets if len(s)]) if lens.sum() else np.zeros(0, dtype=np.int64)
    order = np.lexsort((sent, keys))
    keys, sent = keys[order], sent[order]
    bounds = np.searchsorted(keys, np.arange(nkeys + 1))
    return [sent[bounds[k]:bounds[k + 1]] if bounds[k + 1] > bounds[k] else None for k in range(nkeys)]


class _Scorer:
    """Vectorised bead costs over a band.

    The lexical score of a bead is a log-likelihood ratio, "translation" against
    "two unrelated sentences": every informative English key (Chinese unit) of the
    bead is found translated on the other side with probability ``q`` if the bead
    is right, and with its document frequency ``p`` (the share of the other
    side's sentences that translate it) by chance.  A found key adds
    ``logit(q) - logit(p)``, every key adds ``log((1-q)/(1-p))``; with ``k``
    sentences on the other side the chance grows to ~``k·p``, which costs
    ``log k`` per found key, so merged beads are not favoured by chance matches.
    """

    def __init__(self, feats, lo_s, width_s, center_s, opts: AlignOptions, ratio: float, sigma: float,
                 en_starts=None, zh_starts=None, en_head=None, zh_head=None,
                 q_en: float = 0.55, q_zh: float = 0.55, sim=None):
        import numpy as np

        self.np = np
        self.f = feats
        self.opts = opts
        n, m = len(feats.en_len), len(feats.zh_len)
        self.n, self.m = n, m
        self.lo_s = lo_s
        self.width_s = width_s
        en_post, zhk_post, zh_post, enu_post = _evidence_postings(feats)
        qk = np.where(feats.key_is_number, opts.q_number, q_en) if len(feats.key_weight) else q_en
        qu = np.where(feats.unit_is_number, opts.q_number, q_zh) if len(feats.unit_weight) else q_zh
        self.p_en, self.c_en, self.cap_en, self.base_en, self.cnt_en = _pair_matrices(
            en_post, zhk_post, qk, lo_s, width_s, n, m, opts.p_window, center_s)
        # ZH side: rows of the band are still EN sentences; the chance rate of a unit of
        # sentence j is the share of EN sentences whose band contains j that translate it
        first, last = _transpose_band(lo_s, width_s, n, m)
        lo_t = first
        width_t = int(np.max(last - first)) + 1 if m else 1
        G, C, cap, base, cnt = _pair_matrices(zh_post, enu_post, qu, lo_t, width_t, m, n,
                                              opts.p_window, (first + last) // 2)
        self.cap_zh, self.base_zh, self.cnt_zh = cap, base, cnt
        # re-express G, C (rows = ZH j, cols = EN i - lo_t[j]) in the EN-row band
        jj, kk = np.nonzero(C)
        ii = lo_t[jj] + kk
        pos = jj - lo_s[ii]
        inside = (pos >= 0) & (pos < width_s)
        self.p_zh = np.zeros((n, width_s), dtype=np.float32)
        self.c_zh = np.zeros((n, width_s), dtype=np.float32)
        self.p_zh[ii[inside], pos[inside]] = G[jj[inside], kk[inside]]
        self.c_zh[ii[inside], pos[inside]] = C[jj[inside], kk[inside]]
        del G, C, jj, kk, ii, pos, inside
        z = np.zeros((n, 1))
        self.cum_pen = np.concatenate([z, np.cumsum(self.p_en, axis=1)], axis=1)
        self.cum_cen = np.concatenate([z, np.cumsum(self.c_en, axis=1)], axis=1)
        self.p_zh_pad = np.concatenate([self.p_zh, z], axis=1)
        self.c_zh_pad = np.concatenate([self.c_zh, z], axis=1)
        self.cum_en_len = np.concatenate([[0.0], np.cumsum(feats.en_len)])
        self.cum_zh_len = np.concatenate([[0.0], np.cumsum(feats.zh_len)])
        self.cum_base_en = np.concatenate([[0.0], np.cumsum(self.base_en)])
        self.cum_base_zh = np.concatenate([[0.0], np.cumsum(self.base_zh)])
        self.cum_cnt_en = np.concatenate([[0.0], np.cumsum(self.cnt_en)])
        self.cum_cnt_zh = np.concatenate([[0.0], np.cumsum(self.cnt_zh)])
        pad = np.zeros(5)  # = the P of block_costs
        self._cap_en_pad = np.concatenate([pad, self.cap_en, pad, pad])
        self._cnt_en_pad = np.concatenate([pad, self.cnt_en, pad, pad])
        self._cap_zh_pad = np.concatenate([pad, self.cap_zh, pad, np.zeros(width_s + 300)])
        self._cnt_zh_pad = np.concatenate([pad, self.cnt_zh, pad, np.zeros(width_s + 300)])
        self.ratio = ratio
        self.sigma = sigma
        self.en_starts = en_starts
        self.zh_starts = zh_starts
        self.en_head = en_head
        self.zh_head = zh_head
        # span similarity: (SpanScores, mean, std) of the document's random single-sentence pairs
        self.sim = sim
        # punctuation correspondence (pass 2): see _punct_model
        self.punct = None

    def _punct_cost(self, rows, cols, a: int, b: int):
        """Cost of the punctuation evidence of beads (a, b) ending at nodes (rows, cols)."""
        np = self.np
        cpe, cpz, classes = self.punct
        X = cpe[rows] - cpe[rows - a]
        Y = cpz[cols] - cpz[cols - b]
        cost = 0.0
        for c, le, ln in classes:
            eq = np.minimum(X[..., c], PUNCT_CLIP) == np.minimum(Y[..., c], PUNCT_CLIP)
            cost = cost - np.where(eq, le, ln)
        cost = self.opts.w_punct * cost
        if self.opts.open_quote_cost:
            # a quotation left open on one side only: the bead ends inside a quotation
            cost = cost + self.opts.open_quote_cost * ((X[..., 1] != 0) != (Y[..., 1] != 0))
        return cost

    def sim_z(self, rows, cols, a: int, b: int):
        """Standardised span similarity of beads (a, b) ending at nodes (rows, cols)."""
        spans, mu, sd = self.sim
        return (spans.points(rows, cols, a, b) - mu) / sd * (0.5 * (a + b)) ** self.opts.sim_size

    def lex(self, rows, cols, a: int, b: int, empty=None):
        """Lexical log-likelihood ratio of beads (a, b) ending at nodes (rows, cols), and the
        share of the bead's informative keys/units found translated.  ``empty`` (an array
        of the same shape) is incremented, for merged sides, by the number of sentences
        with at least ``empty_min`` informative words none of which is found."""
        np = self.np
        shape = np.broadcast(rows, cols).shape
        kmin = self.opts.empty_min
        score = np.zeros(shape)
        found = np.zeros(shape)
        total = np.zeros(shape)
        ws = self.width_s
        nf = self.opts.neighbor_factor
        log_b = math.log(1 + (b - 1) * nf) if b else 0.0
        log_a = math.log(1 + (a - 1) * nf) if a else 0.0
        for t in range(1, a + 1):
            ic = np.clip(rows - t, 0, self.n - 1)
            lo_i = self.lo_s[ic]
            hi_idx = np.clip(cols - lo_i, 0, ws)
            lo_idx = np.clip(cols - b - lo_i, 0, ws)
            win = np.minimum(self.cum_pen[ic, hi_idx] - self.cum_pen[ic, lo_idx], self.cap_en[ic])
            cnt = np.minimum(self.cum_cen[ic, hi_idx] - self.cum_cen[ic, lo_idx], self.cnt_en[ic])
            score += win - log_b * cnt
            found += cnt
            total += self.cnt_en[ic]
            if empty is not None and a > 1:
                empty += (cnt < 0.5) & (self.cnt_en[ic] >= kmin)
        for t in range(1, b + 1):
            jc = np.clip(cols - t, 0, self.m - 1)
            s = 0.0
            c = 0.0
            for u in range(1, a + 1):
                i = np.clip(rows - u, 0, self.n - 1)
                k = jc - self.lo_s[i]
                k = np.where((k < 0) | (k >= ws), ws, k)
                s = s + self.p_zh_pad[i, k]
                c = c + self.c_zh_pad[i, k]
            c = np.minimum(c, self.cnt_zh[jc])
            score += np.minimum(s, self.cap_zh[jc]) - log_a * c
            found += c
            total += self.cnt_zh[jc]
            if empty is not None and b > 1:
                empty += (c < 0.5) & (self.cnt_zh[jc] >= kmin)
        rows_c = np.clip(rows, a, self.n)
        cols_c = np.clip(cols, b, self.m)
        score += (self.cum_base_en[rows_c] - self.cum_base_en[rows_c - a]
                  + self.cum_base_zh[cols_c] - self.cum_base_zh[cols_c - b])
        return score, found / np.maximum(total, 1e-9)

    def point_costs(self, rows, cols, a: int, b: int):
        """Costs of beads (a, b) ending at nodes (rows, cols) (1-D arrays, inside the band):
        the same as :meth:`block_costs`, for scattered beads."""
        np = self.np
        o = self.opts
        rows = np.asarray(rows, dtype=np.int64)
        cols = np.asarray(cols, dtype=np.int64)
        empty = np.zeros(rows.shape)
        score, _ = self.lex(rows, cols, a, b, empty)
        score = score - o.empty_cost * empty
        el = self.cum_en_len[rows] - self.cum_en_len[rows - a]
        zl = self.cum_zh_len[cols] - self.cum_zh_len[cols - b]
        delta = np.log((zl + 8.0 * self.ratio) / (self.ratio * (el + 8.0)))
        c = -o.w_lex * score + o.w_len * 0.5 * (delta / self.sigma) ** 2 + _type_cost(a, b, o)
        if self.punct is not None:
            c = c + self._punct_cost(rows, cols, a, b)
        if self.sim is not None:
            c = c - o.w_sim * self.sim_z(rows, cols, a, b)
        if self.en_starts is not None:
            c = c + self._anchor_cost(rows, cols, a, b)
        return c

    def _dense(self, band, r_lo: int, r_hi: int, c_lo: int, c_hi: int):
        """Dense copy of band matrix rows [r_lo, r_hi) × absolute columns [c_lo, c_hi)
        (rows/columns outside the document or the band are 0)."""
        np = self.np
        R, W = r_hi - r_lo, c_hi - c_lo
        out = np.zeros((R, W))
        i0, i1 = max(r_lo, 0), min(r_hi, self.n)
        if i1 <= i0 or W <= 0:
            return out
        rows = np.arange(i0, i1)
        k = np.arange(self.width_s)
        absc = self.lo_s[rows, None] + k[None, :]
        ok = (absc >= c_lo) & (absc < c_hi)
        rr, kk = np.nonzero(ok)
        out[rows[rr] - r_lo, absc[rr, kk] - c_lo] = band[rows[rr], kk]
        return out

    def block_costs(self, r0: int, r1: int, c0: int, c1: int, types):
        """Costs of every bead type ending at nodes [r0, r1) × [c0, c1] (dense arrays)."""
        np = self.np
        o = self.opts
        R, Wc = r1 - r0, c1 - c0 + 1
        P = 5  # max sentences per side of a bead
        s_r0, s_c0 = r0 - P, c0 - P
        pen = self._dense(self.p_en, s_r0, r1, s_c0, c1)
        cen = self._dense(self.c_en, s_r0, r1, s_c0, c1)
        pzh = self._dense(self.p_zh, s_r0, r1, s_c0, c1)
        czh = self._dense(self.c_zh, s_r0, r1, s_c0, c1)
        zc = np.zeros((R + P, 1))
        cum_pen = np.concatenate([zc, np.cumsum(pen, axis=1)], axis=1)
        cum_cen = np.concatenate([zc, np.cumsum(cen, axis=1)], axis=1)

        def rowvec(arr, t):  # per sentence row (r0 - t ...) as a column vector
            return arr[P + r0 - t:P + r0 - t + R, None]

        def colvec(arr, t):
            return arr[None, P + c0 - t:P + c0 - t + Wc]

        rows = np.arange(r0, r1)[:, None]
        cols = np.arange(c0, c0 + Wc)[None, :]
        en_side: dict[tuple[int, int], tuple] = {}
        zh_sum: dict[tuple[int, int], tuple] = {}
        empty_en: dict[tuple[int, int], object] = {}
        empty_zh: dict[tuple[int, int], object] = {}
        k_len = o.w_len * 0.5 / (self.sigma * self.sigma)
        out = []
        for a, b in types:
            if a > self.n or b > self.m:
                out.append(np.full((R, Wc), np.inf))
                continue
            log_b = math.log(1 + (b - 1) * o.neighbor_factor)
            log_a = math.log(1 + (a - 1) * o.neighbor_factor)
            rows_c = np.clip(rows, a, self.n)
            cols_c = np.clip(cols, b, self.m)
            # the per-sentence terms: lexical base rates (row and column vectors, then one
            # broadcast sum) ...
            score = ((self.cum_base_en[rows_c] - self.cum_base_en[rows_c - a])
                     + (self.cum_base_zh[cols_c] - self.cum_base_zh[cols_c - b]))
            for t in range(1, a + 1):
                got = en_side.get((t, b))
                if got is None:
                    rs = P - t
                    win = cum_pen[rs:rs + R, P:P + Wc] - cum_pen[rs:rs + R, P - b:P - b + Wc]
                    cnt = cum_cen[rs:rs + R, P:P + Wc] - cum_cen[rs:rs + R, P - b:P - b + Wc]
                    cnt = np.minimum(cnt, rowvec(self._cnt_en_pad, t))
                    got = en_side[(t, b)] = (np.minimum(win, rowvec(self._cap_en_pad, t))
                                             - log_b * cnt, cnt)
                score += got[0]
                if a > 1 and o.empty_cost:
                    emp = empty_en.get((t, b))
                    if emp is None:
                        emp = empty_en[(t, b)] = o.empty_cost * (
                            (got[1] < 0.5) & (rowvec(self._cnt_en_pad, t) >= o.empty_min))
                    score -= emp
            for t in range(1, b + 1):
                got = zh_sum.get((t, a))
                if got is None:
                    cs = P - t
                    if a > 1 and (t, a - 1) in zh_sum:
                        sp, sc = zh_sum[(t, a - 1)][1:]
                        sp = sp + pzh[P - a:P - a + R, cs:cs + Wc]
                        sc = sc + czh[P - a:P - a + R, cs:cs + Wc]
                    else:
                        sp = 0.0
                        sc = 0.0
                        for u in range(1, a + 1):
                            rs = P - u
                            sp = sp + pzh[rs:rs + R, cs:cs + Wc]
                            sc = sc + czh[rs:rs + R, cs:cs + Wc]
                    val = (np.minimum(sp, colvec(self._cap_zh_pad, t))
                           - log_a * np.minimum(sc, colvec(self._cnt_zh_pad, t)))
                    got = zh_sum[(t, a)] = (val, sp, sc)
                score += got[0]
                if b > 1 and o.empty_cost:
                    emp = empty_zh.get((t, a))
                    if emp is None:
                        emp = empty_zh[(t, a)] = o.empty_cost * (
                            (got[2] < 0.5) & (colvec(self._cnt_zh_pad, t) >= o.empty_min))
                    score -= emp
            # ... and the length model: log ratio = log(ZH side) - log(EN side), a broadcast
            # difference of two vectors
            el = self.cum_en_len[rows_c] - self.cum_en_len[rows_c - a]
            zl = self.cum_zh_len[cols_c] - self.cum_zh_len[cols_c - b]
            delta = np.log(zl + 8.0 * self.ratio) - np.log(self.ratio * (el + 8.0))
            delta *= delta
            delta *= k_len
            score *= -o.w_lex
            score += delta
            score += _type_cost(a, b, o)
            if self.punct is not None:
                score += self._punct_cost(rows_c, cols_c, a, b)
            if self.sim is not None:
                spans, mu, sd = self.sim
                sim = spans.block(a, b, r0, r1, c0, c0 + Wc - 1)
                score -= (o.w_sim / sd * (0.5 * (a + b)) ** o.sim_size) * (sim - mu)
            if self.en_starts is not None:
                score += self._anchor_cost(rows_c, cols_c, a, b)
            if a > r0 or b > c0:  # nodes too close to the start for this bead type
                score[(rows < a) | (cols < b)] = np.inf
            out.append(score)
        return out

    def _anchor_cost(self, rows, cols, a, b):
        o = self.opts
        es, zs = self.en_starts, self.zh_starts
        cost = 0.0
        # a paragraph start inside the bead (after its first sentence)
        for t in range(1, a):
            cost = cost + o.para_cross * es[rows - t]
        for t in range(1, b):
            cost = cost + o.para_cross * zs[cols - t]
        cost = cost + o.para_mismatch * (es[rows - a] != zs[cols - b])
        if self.en_head is not None:
            eh = self.en_head[rows - a]
            zh = self.zh_head[cols - b]
            cost = cost + o.heading_mismatch * (eh != zh)
        return cost


def _evidence_postings(feats):
    """Inverted lists (computed once per features object):
    EN sentences of each key, ZH sentences translating each key, ZH sentences of each unit,
    EN sentences translating each unit."""
    import numpy as np

    cached = getattr(feats, "_postings_cache", None)
    if cached is not None:
        return cached
    nk, nu = len(feats.key_weight), len(feats.unit_weight)
    # link table: unit -> keys, as two parallel arrays sorted by unit (and its reverse)
    link_len = np.array([len(x) for x in feats.links], dtype=np.int64)
    link_u = np.repeat(np.arange(nu), link_len)
    link_k = np.concatenate(feats.links) if nu else np.zeros(0, dtype=np.int64)
    link_start = np.concatenate([[0], np.cumsum(link_len)])
    order = np.argsort(link_k, kind="stable")
    rlink_u = link_u[order]
    rlink_len = np.bincount(link_k, minlength=nk) if nk else np.zeros(0, dtype=np.int64)
    rlink_start = np.concatenate([[0], np.cumsum(rlink_len)])

    def expand(sets, start, length, target, nsent, ntarget):
        """Per sentence, the unique targets reached from its items through the link table."""
        lens = np.array([len(x) for x in sets], dtype=np.int64)
        if not lens.sum():
            return [np.zeros(0, dtype=np.int64)] * nsent
        items = np.concatenate([x for x in sets if len(x)])
        sent = np.repeat(np.arange(nsent), lens)
        cnt = length[items]
        total = int(cnt.sum())
        if not total:
            return [np.zeros(0, dtype=np.int64)] * nsent
        pos = np.repeat(start[items] - (np.cumsum(cnt) - cnt), cnt) + np.arange(total)
        codes = np.repeat(sent, cnt) * (ntarget + 1) + target[pos]
        codes.sort()
        if len(codes):
            codes = codes[np.concatenate([[True], codes[1:] != codes[:-1]])]
        s_of, t_of = codes // (ntarget + 1), codes % (ntarget + 1)
        bounds = np.searchsorted(s_of, np.arange(nsent + 1))
        return [t_of[bounds[i]:bounds[i + 1]] for i in range(nsent)]

    zh_keysets = expand(feats.zh_units, link_start, link_len, link_k, len(feats.zh_units), nk)
    en_unitsets = expand(feats.en_keys, rlink_start, rlink_len, rlink_u, len(feats.en_keys), nu)
    out = (_postings(feats.en_keys, nk), _postings(zh_keysets, nk),
           _postings(feats.zh_units, nu), _postings(en_unitsets, nu))
    object.__setattr__(feats, "_postings_cache", out)
    object.__setattr__(feats, "_zh_keysets", zh_keysets)  # per ZH sentence: keys it translates
    return out


def _logit(q: float) -> float:
    return math.log(q / (1 - q))


def _type_cost(a: int, b: int, o: "AlignOptions") -> float:
    """-log prior of a bead type."""
    if (a, b) == (1, 1):
        return 0.0
    big, small = max(a, b), min(a, b)
    return o.type_penalty * (big - 1) + o.mn_penalty * (small - 1)


# --------------------------------------------------------------------------- DP


def _dp(scorer: _Scorer, lo, hi, opts: AlignOptions, progress=None, types=None):
    """Banded DP; returns the list of (a, b) steps from (0, 0) to (N, M)."""
    import numpy as np

    types = tuple(types or BP_TYPES)

    n, m = scorer.n, scorer.m
    width = int((hi - lo).max()) + 1
    pad = 8
    inf = np.inf
    # Ring buffer: D[i % RING, pad + k] is the best cost of node (i, lo[i] + k), inf outside the
    # band; beads span at most 5 rows, so the last RING rows suffice (memory ~ band width).
    # Row RING stays inf: steps that cannot be taken read from it.
    RING = 8
    Wd = pad + 2 * width + pad
    D = np.full((RING + 1, Wd), inf)
    Dflat = D.reshape(-1)
    BP = np.full((n + 1, width), -1, dtype=np.int8)
    steps = [(1, 0)] + list(types)
    nsteps = len(steps)
    step_a = np.array([a for a, _ in steps], dtype=np.int64)
    step_b = np.array([b for _, b in steps], dtype=np.int64)
    dead = RING * Wd + pad
    del_c = opts.del_cost
    block = int(max(8, min(256, 4000 // max(width, 1))))
    ks = np.arange(width)
    ramp = del_c * np.arange(width)
    for r0 in range(0, n + 1, block):
        r1 = min(n + 1, r0 + block)
        c0, c1 = int(lo[r0]), int(hi[r1 - 1])
        costs = scorer.block_costs(r0, r1, c0, c1, types)
        C3 = np.empty((nsteps,) + costs[0].shape)
        C3[0] = del_c
        for s_idx, c in enumerate(costs, 1):
            C3[s_idx] = c
        del costs
        for i in range(r0, r1):
            li = int(lo[i])
            wi = int(hi[i]) - li + 1
            prev_rows = i - step_a
            ok = prev_rows >= 0
            starts = li - step_b - lo[np.maximum(prev_rows, 0)]
            ok &= (starts >= -pad) & (starts < width)
            base = np.where(ok, (prev_rows % RING) * Wd + pad + starts, dead)
            T = Dflat[base[:, None] + ks[None, :wi]]
            off = li - c0
            T += C3[:, i - r0, off:off + wi]
            if i == 0:
                T[:, 0] = inf
                T[0, 0] = 0.0
            bp = T.argmin(axis=0)
            best = T[bp, ks[:wi]]
            if i == 0:
                bp[0] = -1
            # 0-1 steps inside the row: best[k] = min_k'<=k best[k'] + del_c * (k - k')
            y = best - ramp[:wi]
            cm = np.minimum.accumulate(y)
            improved = cm < y - 1e-9
            if improved.any():
                best = np.where(improved, cm + ramp[:wi], best)
                bp = np.where(improved, nsteps, bp)
            row = D[i % RING]
            row.fill(inf)
            row[pad:pad + wi] = best
            BP[i, :wi] = bp
            if progress is not None and i % 1000 == 0:
                progress(i, n)
    steps_all = steps + [(0, 1)]
    i, j = n, m
    out = []
    if not math.isfinite(D[n % RING, pad + m - lo[n]]):
        raise RuntimeError("no path in band")
    while i > 0 or j > 0:
        s_idx = int(BP[i, j - lo[i]])
        if s_idx < 0:
            raise RuntimeError("broken back-pointer")
        a, b = steps_all[s_idx]
        out.append((a, b))
        i -= a
        j -= b
    out.reverse()
    return out, D


BP_TYPES = BEAD_TYPES  # bead types scored in blocks; 1-0 and 0-1 are handled by the DP itself


def _steps_to_beads(steps):
    i = j = 0
    out = []
    for a, b in steps:
        out.append((tuple(range(i, i + a)), tuple(range(j, j + b))))
        i += a
        j += b
    return out


def _path_nodes(steps):
    import numpy as np

    i = j = 0
    rows = {0: 0}
    for a, b in steps:
        i += a
        j += b
        if i not in rows:
            rows[i] = j
    n = i
    path = np.zeros(n + 1, dtype=np.int64)
    last = 0
    for r in range(n + 1):
        if r in rows:
            last = rows[r]
        path[r] = last
    return path


def _anchor_path(feats, n: int, m: int):
    """A rough monotone path from rare words: pairs (i, j) where a key occurs in one English
    sentence only and is translated in one Chinese sentence only, filtered to the longest
    increasing chain, then interpolated (by cumulative length) between anchors."""
    import numpy as np

    nk = len(feats.key_weight)
    en_post, zh_post = _evidence_postings(feats)[:2]
    base = _length_path(feats.en_len, feats.zh_len)
    reach = int(min(max(50, 0.06 * max(n, m)), 1500))
    reach_en = max(10, int(reach * n / max(m, 1)))
    support: dict[tuple[int, int], int] = {}
    for k in range(nk):
        a, b = en_post[k], zh_post[k]
        if a is None or b is None:
            continue
        center = base[a]
        s_ = np.searchsorted(b, center - reach)
        t_ = np.searchsorted(b, center + reach + 1)
        n_zh = t_ - s_
        n_en = np.searchsorted(a, a + reach_en + 1) - np.searchsorted(a, a - reach_en)
        ok = (n_zh >= 1) & (n_zh * n_en <= 4)
        for idx in np.nonzero(ok)[0].tolist():
            weight = 3 if n_zh[idx] * n_en[idx] == 1 else 1
            i = int(a[idx])
            for j in b[s_[idx]:t_[idx]].tolist():
                support[(i, j)] = support.get((i, j), 0) + weight
    pairs = [ij for ij, c in support.items() if c >= 2]
    if len(pairs) < 3:
        return base
    pts = sorted(pairs)
    # longest chain increasing in both coordinates (patience sorting on j)
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(pts)
    for idx, (i, j) in enumerate(pts):
        pos = bisect.bisect_left(tails, j)
        # strictly increasing i as well: equal i cannot chain (sorted by i, then j)
        if pos > 0 and pts[tails_idx[pos - 1]][0] == i:
            continue
        if pos == len(tails):
            tails.append(j)
            tails_idx.append(idx)
        else:
            tails[pos] = j
            tails_idx[pos] = idx
        prev[idx] = tails_idx[pos - 1] if pos > 0 else -1
    chain = []
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        chain.append(pts[k])
        k = prev[k]
    chain.reverse()
    # drop anchors that disagree with their neighbours' offset from the length diagonal
    if len(chain) >= 5:
        dev = np.array([j - base[i] for i, j in chain], dtype=float)
        keep = []
        for idx in range(len(chain)):
            lo_k, hi_k = max(0, idx - 5), min(len(chain), idx + 6)
            med = np.median(np.delete(dev[lo_k:hi_k], idx - lo_k))
            if abs(dev[idx] - med) <= 10:
                keep.append(chain[idx])
        chain = keep
    if len(chain) < 3:
        return base
    ci = np.array([0] + [c[0] for c in chain] + [n], dtype=float)
    cj = np.array([0] + [c[1] for c in chain] + [m], dtype=float)
    # interpolate by cumulative length between anchors
    ce = np.concatenate([[0.0], np.cumsum(feats.en_len + 1.0)])
    cz = np.concatenate([[0.0], np.cumsum(feats.zh_len + 1.0)])
    anchor_e = ce[ci.astype(int)]
    anchor_z = cz[cj.astype(int)]
    target = np.interp(ce, anchor_e, anchor_z)
    path = np.searchsorted(cz, target, side="left").astype(np.int64)
    path = np.clip(path, 0, m)
    path[0], path[-1] = 0, m
    return np.maximum.accumulate(path)


PASS1_TYPES = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
"""Bead types of pass 1 when a second pass follows (pass 1 only estimates the path,
the length model and q; the rarer types are left to pass 2)."""


def _search(scorer_factory, feats, opts: AlignOptions, progress=None, path=None, types=None):
    """Banded search with widening; returns (steps, scorer)."""
    n, m = len(feats.en_len), len(feats.zh_len)
    if (n + 1) * (m + 1) <= opts.full_cells:
        width = max(n, m) + 1
    else:
        width = opts.band
    if path is None:
        path = _anchor_path(feats, n, m) if width <= max(n, m) else _length_path(feats.en_len, feats.zh_len)
    import numpy as np

    full = max(n, m) + 1
    widths = np.full(n + 1, width, dtype=np.int64)
    for attempt in range(opts.max_widen + 1):
        lo, hi = _band_from_path(path, widths, m)
        scorer = scorer_factory(lo, hi)
        steps, _ = _dp(scorer, lo, hi, opts, progress, types)
        new_path = _path_nodes(steps)
        margin = 3
        near = ((new_path - lo < margin) & (lo > 0)) | ((hi - new_path < margin) & (hi < m))
        if not near.any() or widths.min() >= full or attempt == opts.max_widen:
            break
        # widen (double) the band around the rows where the path touched its edge
        hits = np.nonzero(near)[0]
        grow = np.zeros(n + 2, dtype=np.int64)
        reach = int(4 * width)
        np.add.at(grow, np.clip(hits - reach, 0, n + 1), 1)
        np.add.at(grow, np.clip(hits + reach + 1, 0, n + 1), -1)
        mask = np.cumsum(grow)[: n + 1] > 0
        widths = np.where(mask, np.minimum(widths * 2, full), widths)
        path = new_path
    return steps, scorer, lo, hi


# --------------------------------------------------------------------------- public API


def align_sentences(
    en: Sequence[str],
    zh: Sequence[str],
    *,
    lexicon: Lexicon | None = None,
    en_paragraphs: Sequence[int] | None = None,
    zh_paragraphs: Sequence[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    en_headings: Sequence[bool] | None = None,
    zh_headings: Sequence[bool] | None = None,
    **options,
) -> list[Bead]:
    """Align English sentences ``en`` with Chinese sentences ``zh``.

    Returns beads in order, English indices first, covering every sentence
    exactly once, each with a confidence in [0, 1].  ``en_paragraphs`` /
    ``zh_paragraphs`` give each sentence's paragraph number (anchors: beads do
    not cross paragraph starts lightly); ``en_headings`` / ``zh_headings`` mark
    headings.  ``options`` are :class:`AlignOptions` fields.  ``progress(done,
    total)`` is called now and then, ``done`` never decreasing, ending with
    ``done == total``.

    Bad input: both sides empty → ``[]``; one side empty → all 1-0 / 0-1 beads
    with confidence 0.
    """
    from .features import extract

    opts = _options(options)
    n, m = len(en), len(zh)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    if lexicon is None:
        from .lexicon import load_lexicon

        lexicon = load_lexicon()
    for name, seq, size in (("en_paragraphs", en_paragraphs, n), ("zh_paragraphs", zh_paragraphs, m),
                            ("en_headings", en_headings, n), ("zh_headings", zh_headings, m)):
        if seq is not None and len(seq) != size:
            raise UsageError(f"{name} has {len(seq)} entries for {size} sentences")
    en = [s if isinstance(s, str) else str(s) for s in en]
    zh = [s if isinstance(s, str) else str(s) for s in zh]
    from ..textnorm import normalize_zh

    zh_norm = [normalize_zh(s[:20000]) + s[20000:] if len(s) > 20000 else normalize_zh(s) for s in zh]

    anchors = _anchor_arrays(en_paragraphs, zh_paragraphs, en_headings, zh_headings, n, m)

    feats = extract(en, zh_norm, lexicon, stem=opts.stem)
    ratio = float(feats.zh_len.sum() + 1) / float(feats.en_len.sum() + 1)
    sigma = opts.len_sigma
    sim = _span_similarity(opts, en, zh_norm)

    def factory(feats_, ratio_, sigma_, q_, punct_=None):
        def make(lo, hi):
            lo_s, width_s = _sentence_band(lo, hi, n)
            center_s = (lo[:n] + hi[1:]) // 2
            scorer = _Scorer(feats_, lo_s, width_s, center_s, opts, ratio_, sigma_, *anchors,
                             q_en=q_, q_zh=q_, sim=sim)
            scorer.punct = punct_
            return scorer
        return make

    # progress is reported monotonically over both passes, as (done, 2 * n)
    p1 = p2 = None  # progress callbacks of pass 1 / pass 2
    if progress is not None:
        seen = [0]

        def report(done):
            if done > seen[0]:  # never backwards, e.g. when the band is widened and redone
                seen[0] = done
                progress(done, 2 * n)

        def p1(i, _n):
            report(min(i, n))

        def p2(i, _n):
            report(n + min(i, n))

    if sim is not None:
        from .similarity import blas_threads

        # the DP's similarity blocks are small matrix products: one BLAS thread is much faster
        with blas_threads(1):
            return _align_passes(n, m, en, zh_norm, lexicon, feats, ratio, sigma, opts, factory, p1, p2,
                                 progress)
    return _align_passes(n, m, en, zh_norm, lexicon, feats, ratio, sigma, opts, factory, p1, p2, progress)


def _align_passes(n, m, en, zh_norm, lexicon, feats, ratio, sigma, opts, factory, p1, p2, progress):
    """Pass 1, pass 2, boundary repair and confidences (see the module docstring)."""
    q = opts.q
    two = opts.two_pass and n + m >= 6
    steps, scorer, lo, hi = _search(factory(feats, ratio, sigma, q), feats, opts, p1,
                                    types=PASS1_TYPES if two and opts.fast_pass1 else None)
    if two:
        extra = _learn_links(steps, feats, en, zh_norm, lexicon, opts) if opts.learn else {}
        if opts.recalibrate:
            ratio, sigma = _calibrate_length(steps, feats, ratio, sigma, opts.sigma_scale)
        q_hat = _estimate_q(scorer, steps, q) if opts.adapt_q else q
        punct = _punct_model(steps, en, zh_norm, opts) if opts.w_punct else None
        if extra or abs(q_hat - q) > 0.02:
            if extra:
                feats = extract(en, zh_norm, lexicon, extra_links=extra, stem=opts.stem)
            if opts.band2 and (n + 1) * (m + 1) > opts.full_cells:
                # pass 2 only refines: a narrower band around pass 1's path
                lo, hi = _band_from_path(_path_nodes(steps), opts.band2, m)
            scorer = factory(feats, ratio, sigma, q_hat, punct)(lo, hi)
            steps, _ = _dp(scorer, lo, hi, opts, p2)
        else:
            # same band, same lexical evidence: only the length model (if anything) changes
            scorer.ratio, scorer.sigma = ratio, sigma
            scorer.punct = punct
            steps, _ = _dp(scorer, lo, hi, opts, p2)
    if opts.shift_weight > 0:
        steps = _refine_boundaries(steps, feats, scorer, opts)
    beads = _steps_to_beads(steps)
    conf = _confidences(scorer, steps)
    if progress is not None:
        progress(2 * n, 2 * n)
    return [Bead(e, z, float(c)) for (e, z), c in zip(beads, conf)]


def _span_similarity(opts: AlignOptions, en, zh):
    """(span scores, mean, std) of the chosen similarity, or None for the lexical default.

    The scores are standardised by the document's own distribution: the mean and
    standard deviation over random single-sentence pairs (nearly all of them unrelated),
    so that ``w_sim`` means the same for every model and document.
    """
    import numpy as np

    from .similarity import get_similarity

    model = get_similarity(opts.similarity)
    if model is None or opts.w_sim == 0:
        return None
    n, m = len(en), len(zh)
    spans = model.spans(en, zh, max(a for a, _ in BEAD_TYPES), max(b for _, b in BEAD_TYPES))
    rng = np.random.default_rng(0)
    k = max(1, min(opts.sim_pairs, n * m))
    rows = rng.integers(1, n + 1, size=k)
    cols = rng.integers(1, m + 1, size=k)
    s = np.asarray(spans.points(rows, cols, 1, 1), dtype=float)
    mu, sd = float(np.mean(s)), float(np.std(s))
    return spans, mu, max(sd, 1e-3)


def _refine_boundaries(steps, feats, scorer, opts: AlignOptions):
    """Local repair of bead boundaries by *exclusive* lexical evidence.

    The DP scores a merged bead as a bag of words: a sentence merged into an n-1 bead
    counts as covered if its words are found anywhere on the other side, even words
    that the bead's other sentences translate as well, and every merged bead pays the
    same "neighbour" chance penalty however its words are spread.  So a boundary
    sentence can land in the wrong one of two adjacent beads, or be left out as a 1-0
    bead next to the bead that translates it.  Here the exclusive evidence of sentence
    ``x`` in a bead is the idf weight of the other side's units (keys) that ``x``
    translates and that no other sentence on ``x``'s side of the bead translates.

    Moves tried on the DP's path, left to right: the last (first) sentence of a bead to
    the next (previous) bead, and a 1-0 / 0-1 sentence into an adjacent bead.  A move
    whose exclusive-evidence gain is ``g > 0`` (evidence in the new bead minus that in
    the old one; idf weights are on the scale of the lexical log-likelihood ratios) is
    made if it raises the DP's own cost of the two beads by less than
    ``shift_weight * g``.
    """
    import numpy as np

    beads = [(tuple(e), tuple(z)) for e, z in _steps_to_beads(steps)]
    uw = np.asarray(feats.unit_weight, dtype=float).tolist()
    kw = np.asarray(feats.key_weight, dtype=float).tolist()
    # per-sentence sets, built lazily (only sentences at the boundaries of merged beads)
    en_sets_: dict = {}
    zh_links_: dict = {}
    zh_sets_: dict = {}
    link_sets: dict = {}

    def en_set(i):
        got = en_sets_.get(i)
        if got is None:
            got = en_sets_[i] = set(feats.en_keys[i].tolist())
        return got

    def zh_links(j):
        got = zh_links_.get(j)
        if got is None:
            got = []
            for u in feats.zh_units[j].tolist():
                lk = link_sets.get(u)
                if lk is None:
                    lk = link_sets[u] = set(feats.links[u].tolist())
                got.append((lk, uw[u]))
            zh_links_[j] = got
        return got

    _evidence_postings(feats)  # computes (and caches) the keys each ZH sentence translates
    zh_keysets = feats._zh_keysets

    def zh_set(j):
        got = zh_sets_.get(j)
        if got is None:
            got = zh_sets_[j] = set(zh_keysets[j].tolist())
        return got

    def ex_en(i, zs, others):
        """Exclusive evidence of EN sentence ``i`` in ZH sentences ``zs`` (vs EN ``others``)."""
        ks = en_set(i)
        other = set().union(*(en_set(o) for o in others))
        return sum(w for j in zs for lk, w in zh_links(j) if lk & ks and not lk & other)

    def ex_zh(j, es, others):
        """Exclusive evidence of ZH sentence ``j`` in EN sentences ``es`` (vs ZH ``others``)."""
        mine = zh_set(j)
        other = set().union(*(zh_set(o) for o in others))
        return sum(kw[k] for i in es for k in en_set(i) if k in mine and k not in other)

    def with_side(bead, side, seq):
        return (tuple(seq), bead[1]) if side == 0 else (bead[0], tuple(seq))

    cand_cache: dict = {}

    def candidates(A, B):
        """(gain, new A, new B) of the moves between adjacent beads A and B."""
        if len(A[0]) == len(A[1]) == len(B[0]) == len(B[1]) == 1:
            return ()  # two 1-1 beads: nothing to move
        key = (A, B)
        got = cand_cache.get(key)
        if got is None:
            got = cand_cache[key] = _candidates(A, B)
        return got

    def _candidates(A, B):
        out = []
        for side, ex in ((0, ex_en), (1, ex_zh)):
            o = 1 - side
            if not A[side] or not B[side]:
                continue
            if not A[o] and B[o]:  # A is a deletion: absorb it into B
                x = A[side][0]
                out.append((ex(x, B[o], B[side]), None, with_side(B, side, (x,) + B[side])))
            elif A[o] and not B[o]:  # B is a deletion: absorb it into A
                x = B[side][0]
                out.append((ex(x, A[o], A[side]), with_side(A, side, A[side] + (x,)), None))
            elif A[o] and B[o]:
                if len(A[side]) >= 2:
                    x = A[side][-1]
                    out.append((ex(x, B[o], B[side]) - ex(x, A[o], A[side][:-1]),
                                with_side(A, side, A[side][:-1]), with_side(B, side, (x,) + B[side])))
                if len(B[side]) >= 2:
                    x = B[side][0]
                    out.append((ex(x, A[o], A[side]) - ex(x, B[o], B[side][1:]),
                                with_side(A, side, A[side] + (x,)), with_side(B, side, B[side][1:])))
        return [c for c in out if c[0] > 0]

    cache: dict = {}

    def fill(todo):
        """Compute the DP costs of beads ``todo`` (batched per bead type) into ``cache``."""
        groups: dict = {}
        for bead in todo:
            if bead is None or bead in cache:
                continue
            e, z = bead
            if not e or not z:
                cache[bead] = opts.del_cost * (len(e) + len(z))
            elif (len(e), len(z)) not in BEAD_TYPES:
                cache[bead] = math.inf
            else:
                groups.setdefault((len(e), len(z)), []).append(bead)
        for (a, b), group in groups.items():
            rows = np.array([e[-1] + 1 for e, _ in group])
            cols = np.array([z[-1] + 1 for _, z in group])
            for bead, c in zip(group, scorer.point_costs(rows, cols, a, b).tolist()):
                cache[bead] = c

    def cost(bead):
        if bead is None:
            return 0.0
        if bead not in cache:
            fill([bead])
        return cache[bead]

    lam = opts.shift_weight
    for _ in range(2):
        todo = []
        for k in range(len(beads) - 1):
            cands = candidates(beads[k], beads[k + 1])
            if cands:
                todo += [beads[k], beads[k + 1]] + [b for c in cands for b in c[1:]]
        if not todo:
            break
        fill(todo)
        changed = False
        k = 0
        while k < len(beads) - 1:
            A, B = beads[k], beads[k + 1]
            best = None
            for gain, A2, B2 in candidates(A, B):
                d = cost(A2) + cost(B2) - cost(A) - cost(B)
                if d < lam * gain and (best is None or d - lam * gain < best[0]):
                    best = (d - lam * gain, A2, B2)
            if best is not None:
                beads[k:k + 2] = [b for b in best[1:] if b is not None]
                changed = True
            k += 1
        if not changed:
            break
    return [(len(e), len(z)) for e, z in beads]


def _sentence_band(lo, hi, n):
    import numpy as np

    # sentence row i is used by beads ending at node rows i+1 .. i+5
    lo_s = np.maximum(lo[:n] - 6, 0)
    ahead = np.minimum(np.arange(n) + 6, n)
    hi_s = hi[ahead]
    width_s = int((hi_s - lo_s).max()) + 2
    return lo_s, width_s


def _anchor_arrays(en_par, zh_par, en_head, zh_head, n, m):
    import numpy as np

    def starts(par, size):
        arr = np.zeros(size + 1, dtype=float)
        par = list(par)
        for i in range(size):
            arr[i] = 1.0 if i == 0 or par[i] != par[i - 1] else 0.0
        arr[size] = 1.0
        return arr

    def structured(en_par, zh_par):
        # informative if both sides have several paragraphs and some hold several sentences;
        # one sentence per paragraph (e.g. one sentence per line) says nothing, unless both
        # sides have (nearly) as many paragraphs: a paragraph-parallel text (news, one line
        # per paragraph in both languages)
        ke, kz = len(set(en_par)), len(set(zh_par))
        if ke < 2 or kz < 2:
            return False
        if ke < n and kz < m:
            return True
        return min(ke, kz) >= 10 and abs(ke - kz) <= 0.02 * max(ke, kz)

    es = zs = eh = zh = None
    if en_par is not None and zh_par is not None and structured(en_par, zh_par):
        es, zs = starts(en_par, n), starts(zh_par, m)
    elif en_par is not None and zh_par is not None:
        return None, None, None, None  # no paragraph structure: headings are not reliable either
    if en_head is not None and zh_head is not None and any(en_head) and any(zh_head):
        eh = np.array([bool(x) for x in en_head] + [False], dtype=float)
        zh = np.array([bool(x) for x in zh_head] + [False], dtype=float)
        if es is None:
            es, zs = np.zeros(n + 1), np.zeros(m + 1)
    return es, zs, eh, zh


def _estimate_q(scorer, steps, q: float) -> float:
    """Share of informative words found translated in the first pass's 1-1 beads (clipped)."""
    import numpy as np

    F = _bead_features(scorer, steps)
    one = (F[:, 5] == 0) & (F[:, 4] == 0)
    if one.sum() < 8:
        return q
    return float(np.clip(np.mean(F[one, 1]) * scorer.opts.q_scale, 0.3, 0.75))


PUNCT_CLIP = 8  # punctuation counts are compared up to this many


def _punct_model(steps, en, zh, opts: AlignOptions):
    """Punctuation correspondence learnt from pass 1: ``(cum EN counts, cum ZH counts, classes)``.

    For every class of :data:`.features.PUNCT_CLASSES` (quotes opened, a quotation left
    open, ``?``, ``!``, ``:``, ``;``) a bead's two sides *agree* when their counts (up to
    :data:`PUNCT_CLIP`) are equal.  How often they agree
    in pass 1's beads (mostly right) and in the same spans paired at random gives a
    log-likelihood ratio for "agree" and one for "differ" — so a document whose
    translation drops its colons (the Bible) learns to ignore colons, and one that
    keeps its quotations (novels, speeches) learns that a quote opened in one sentence
    and closed in the next belongs in one bead.  Classes seen in fewer than 5 beads are
    left out.  A quotation left open on one side only (opened minus closed quotes not 0)
    has the fixed cost ``open_quote_cost`` instead: too rare to learn per document.
    Returns None when there is nothing to score.
    """
    import numpy as np

    from .features import punct_counts

    pe = np.array([punct_counts(s) for s in en], dtype=np.int64).reshape(len(en), -1)
    pz = np.array([punct_counts(s) for s in zh], dtype=np.int64).reshape(len(zh), -1)
    cpe = np.concatenate([np.zeros((1, pe.shape[1]), dtype=np.int64), np.cumsum(pe, axis=0)])
    cpz = np.concatenate([np.zeros((1, pz.shape[1]), dtype=np.int64), np.cumsum(pz, axis=0)])
    beads = [(e, z) for e, z in _steps_to_beads(steps) if e and z]
    if len(beads) < 10:
        return (cpe, cpz, ()) if opts.open_quote_cost else None
    X = np.array([cpe[e[-1] + 1] - cpe[e[0]] for e, _ in beads])
    Y = np.array([cpz[z[-1] + 1] - cpz[z[0]] for _, z in beads])
    rng = np.random.default_rng(0)
    perms = [rng.permutation(len(beads)) for _ in range(4)]

    def agree(x, y, c):
        return np.minimum(x, PUNCT_CLIP) == np.minimum(y, PUNCT_CLIP)

    classes = []
    for c in range(pe.shape[1]):
        if c == 1:
            continue  # an open quotation has a fixed cost (open_quote_cost)
        x, y = X[:, c], Y[:, c]
        if np.count_nonzero(x) + np.count_nonzero(y) < 5:
            continue
        right = agree(x, y, c)
        rand = np.concatenate([agree(x, y[p], c) for p in perms])
        p_r = (right.sum() + 1.0) / (len(right) + 2.0)
        p_0 = (rand.sum() + 1.0) / (len(rand) + 2.0)
        le = math.log(p_r / p_0)
        ln = math.log((1 - p_r) / (1 - p_0))
        if abs(le) + abs(ln) > 0.05:
            classes.append((c, le, ln))
    return (cpe, cpz, tuple(classes)) if classes or opts.open_quote_cost else None


def _calibrate_length(steps, feats, ratio, sigma, opts_sigma_scale: float = 1.3):
    import numpy as np

    beads = _steps_to_beads(steps)
    el = np.array([feats.en_len[list(e)].sum() for e, z in beads if e and z])
    zl = np.array([feats.zh_len[list(z)].sum() for e, z in beads if e and z])
    if len(el) < 10:
        return ratio, sigma
    r = float(np.median((zl + 1) / (el + 1)))
    d = np.log((zl + 8 * r) / (r * (el + 8)))
    s = float(np.clip(1.4826 * np.median(np.abs(d - np.median(d))) * opts_sigma_scale, 0.2, 0.6))
    return r, s


def _learn_links(steps, feats, en, zh_norm, lexicon, opts):
    """Word pairs that co-occur in the first pass's beads much more than by chance.

    Returns ``{chinese unit: {english key, ...}}`` for pairs seen in at least
    ``learn_min_count`` beads with a Dice coefficient ≥ ``learn_min_dice``.
    Candidate Chinese units are dictionary words and Han character bigrams.
    """
    import numpy as np

    from .features import _HAN_RUN_RE, en_keys

    beads = [b for b in _steps_to_beads(steps) if b[0] and b[1] and len(b[0]) + len(b[1]) <= 4]
    if len(beads) < 5:
        return {}
    e_vocab: dict[str, int] = {}
    u_vocab: dict[str, int] = {}
    e_lists = []
    u_lists = []
    for e_idx, z_idx in beads:
        ks = set()
        for i in e_idx:
            ks.update(k for k in en_keys(en[i]) if k[:1] not in "#§")
        us = set()
        for j in z_idx:
            s = zh_norm[j][:3000]
            for run in _HAN_RUN_RE.finditer(s):
                r = run.group()
                us.update(r[p:p + 2] for p in range(len(r) - 1))
                us.update(r[p:p + 3] for p in range(len(r) - 2))
        e_lists.append(np.array([e_vocab.setdefault(k, len(e_vocab)) for k in ks], dtype=np.int64))
        u_lists.append(np.array([u_vocab.setdefault(u, len(u_vocab)) for u in us], dtype=np.int64))
    ne, nu = len(e_vocab), len(u_vocab)
    if not ne or not nu:
        return {}
    df_e = np.zeros(ne)
    df_u = np.zeros(nu)
    pair_chunks = []
    for ea, ua in zip(e_lists, u_lists):
        df_e[ea] += 1
        df_u[ua] += 1
        if len(ea) and len(ua):
            pair_chunks.append((ea[:, None] * nu + ua[None, :]).ravel())
    if not pair_chunks:
        return {}
    pairs, counts = np.unique(np.concatenate(pair_chunks), return_counts=True)
    keep = counts >= opts.learn_min_count
    pairs, counts = pairs[keep], counts[keep]
    e_of, u_of = pairs // nu, pairs % nu
    dice = 2 * counts / (df_e[e_of] + df_u[u_of])
    keep = dice >= opts.learn_min_dice
    e_names = [None] * ne
    for k, v in e_vocab.items():
        e_names[v] = k
    u_names = [None] * nu
    for k, v in u_vocab.items():
        u_names[v] = k
    out: dict[str, set[str]] = {}
    for e, u, d in zip(e_of[keep], u_of[keep], dice[keep]):
        out.setdefault(u_names[u], set()).add(e_names[e])
    return out


CONFIDENCE_FEATURES = ("bias", "share", "llr_per_sentence", "length_z", "merged", "deletion",
                       "evidence", "next_to_deletion", "next_to_merge")
# Logistic weights fitted (plain gradient descent, L2 1e-3) on the beads of pol-dev + mac-dev
# labelled right/wrong against gold; on the held-out Bible it moves the wrong beads found in
# the lowest 10% of confidences from 166 to 224 (of 770).
CONFIDENCE_WEIGHTS = (3.486, 1.484, 0.046, -1.122, -0.81, -4.25, -0.137, -2.579, -1.091)
# (The standardised span similarity as a further feature, fitted the same way, found no more
# wrong beads: 27 vs 30 of 55 on the Bible, 51 vs 52 of 130 on mac-dev; so it is not used.)


def _bead_features(scorer: _Scorer, steps):
    """Per-bead features (rows) in the order of :data:`CONFIDENCE_FEATURES`."""
    import numpy as np

    k = len(steps)
    F = np.zeros((k, len(CONFIDENCE_FEATURES)))
    F[:, 0] = 1.0
    if not k:
        return F
    ends_i = np.cumsum([a for a, _ in steps])
    ends_j = np.cumsum([b for _, b in steps])
    kinds: dict[tuple[int, int], list[int]] = {}
    for idx, ab in enumerate(steps):
        kinds.setdefault(ab, []).append(idx)
    for (a, b), idxs in kinds.items():
        idx = np.asarray(idxs)
        if a == 0 or b == 0:
            F[idx, 5] = 1.0
            continue
        i, j = ends_i[idx], ends_j[idx]
        score, share = scorer.lex(i, j, a, b)
        el = scorer.cum_en_len[i] - scorer.cum_en_len[i - a]
        zl = scorer.cum_zh_len[j] - scorer.cum_zh_len[j - b]
        delta = np.log((zl + 8.0 * scorer.ratio) / (scorer.ratio * (el + 8.0)))
        total = (scorer.cum_cnt_en[i] - scorer.cum_cnt_en[i - a]
                 + scorer.cum_cnt_zh[j] - scorer.cum_cnt_zh[j - b])
        F[idx, 1] = share
        F[idx, 2] = np.clip(score / (a + b), -5, 10)
        F[idx, 3] = np.abs(delta) / scorer.sigma
        F[idx, 4] = a + b - 2
        F[idx, 6] = np.log1p(total)
    dele = F[:, 5]
    merged = (F[:, 4] > 0).astype(float)
    F[:, 7] = np.maximum(np.concatenate([[0], dele[:-1]]), np.concatenate([dele[1:], [0]]))
    F[:, 8] = np.maximum(np.concatenate([[0], merged[:-1]]), np.concatenate([merged[1:], [0]]))
    return F


def _confidences(scorer: _Scorer, steps, weights=None):
    """Confidence of every bead in [0, 1]: a logistic model of the bead's features."""
    import numpy as np

    F = _bead_features(scorer, steps)
    w = np.asarray(weights if weights is not None else CONFIDENCE_WEIGHTS)
    x = np.clip(F @ w, -30, 30)
    return (1.0 / (1.0 + np.exp(-x))).tolist()


def align(
    en: Document,
    zh: Document,
    *,
    lexicon: Lexicon | None = None,
    glossary_pairs: Iterable[tuple[str, str]] = (),
    progress: Callable[[int, int], None] | None = None,
    **options,
) -> Alignment:
    """Align two documents sentence by sentence (uses ``norm`` text, paragraphs, headings).

    Raises :class:`InputError` if either document has no sentences.
    ``glossary_pairs`` (english, chinese) are added to the lexicon (matched like
    dictionary pairs; a glossary term is usually rare in a document, so a match
    weighs a lot: the weight of a match grows as its chance rate falls).
    ``similarity`` (an option) names the span similarity (``lexical``, ``use``; see
    :mod:`.similarity`); not given, it is :func:`.similarity.default_similarity`
    (``$SHUYU_SIMILARITY`` or ``lexical``).  The settings record which was used.
    """
    from .similarity import default_similarity, get_similarity, similarity_name

    if not en.sentences or not zh.sentences:
        empty = en if not en.sentences else zh
        raise InputError("the document has no sentences to align", where=empty.path or None,
                         hint="check that the file is not empty and is in the expected language")
    pairs = tuple(glossary_pairs)
    if lexicon is None or pairs:
        from .lexicon import load_lexicon

        if lexicon is None:
            lexicon = load_lexicon(pairs)
        else:
            lexicon = _with_pairs(lexicon, pairs)
    if options.get("similarity") is None:
        options = {**options, "similarity": default_similarity()}
    opts = _options(options)
    model = get_similarity(opts.similarity)
    options = {**options, "similarity": opts.similarity}
    beads = align_sentences(
        [s.norm or s.text for s in en.sentences],
        [s.norm or s.text for s in zh.sentences],
        lexicon=lexicon,
        en_paragraphs=[s.paragraph for s in en.sentences],
        zh_paragraphs=[s.paragraph for s in zh.sentences],
        en_headings=[s.is_heading for s in en.sentences],
        zh_headings=[s.is_heading for s in zh.sentences],
        progress=progress,
        **options,
    )
    settings = {"aligner": f"shuyu-align {ALIGNER_VERSION}", "shuyu": __version__}
    for f in fields(AlignOptions):
        settings[f"align.{f.name}"] = str(getattr(opts, f.name))
    settings["align.similarity"] = similarity_name(model)
    if model is not None:
        settings.update(dict(model.settings()))
    settings.update(dict(lexicon.settings))
    return Alignment(en, zh, tuple(beads), tuple(sorted(settings.items())))


def _with_pairs(lexicon: Lexicon, pairs) -> Lexicon:
    """The given lexicon plus glossary pairs."""
    return lexicon.with_extra(pairs)
