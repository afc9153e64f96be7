"""``shuyu review``: a local web page to correct an alignment and decide on its mined terms.

Public API (the command line is a thin wrapper around it)::

    begin(sources, outdir=None, glossary_path=None, documents=None, top=200) -> (Session, message)
    serve(session, port=0, open_browser=True)          # until Ctrl-C
    alignment_from_review(path) -> Alignment           # shuyu align --from-review
    alignment_from_sheet(path, en, zh, lines=None)     # shuyu align --from-sheet
    export_review(outdir) -> [(role, path)]            # what the page's Export writes
    load_review(path) / save_review(path, review)      # the review file, OUTDIR/review.json

Modules: :mod:`.model` (records and the edit operations), :mod:`.sheet` (an edited alignment.xlsx back
into beads), :mod:`.terms` (candidates, examples in context, glossary conflicts), :mod:`.store` (the
review file and the exports), :mod:`.session` (the state behind the page), :mod:`.server` (the
127.0.0.1 server) and ``static/`` (the page: plain HTML, CSS and JavaScript, nothing fetched from
outside).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

from ..errors import InputError, UsageError
from ..records import Alignment
from .sheet import SheetAlignment, alignment_from_sheet
from .store import EXPORT_DIR, REVIEW_FILE, load_review, review_path, save_review, to_alignment

__all__ = ["EXPORT_DIR", "REVIEW_FILE", "SheetAlignment", "alignment_from_review", "alignment_from_sheet", "begin",
           "export_review", "load_review", "review_file", "save_review", "serve"]


def review_file(path: str | os.PathLike) -> Path:
    """The review file of ``path``: the file itself, or ``path/review.json`` for a folder."""
    p = Path(path)
    if p.is_dir():
        p = p / REVIEW_FILE
        if not p.exists():
            raise InputError(f"no {REVIEW_FILE} in this folder: it has not been reviewed yet", where=path,
                             hint=f"start the review with: shuyu review {path}")
    return p


def alignment_from_review(path: str | os.PathLike) -> Alignment:
    """The corrected alignment of a review (a review folder or its review file)."""
    review, _a, _t = load_review(review_file(path))
    return to_alignment(review)


def export_review(outdir: str | os.PathLike, documents: Sequence | None = None) -> list[tuple[str, str]]:
    """Write ``outdir/reviewed/`` (see :func:`shuyu.review.store.export`) from the review file of ``outdir``,
    or, when the page was never opened, from ``alignment.xlsx`` and ``glossary.xlsx`` as they are (rows
    merged or split and Accept/Status filled in Excel count as reviewed)."""
    from .store import export, review_from_outdir

    if Path(outdir).is_dir() and not review_path(outdir).exists():
        return export(review_from_outdir(outdir, documents), outdir)
    review, _a, _t = load_review(review_file(outdir))
    return export(review, outdir)


def _same_document(a: str, b: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def begin(sources: Sequence[str | os.PathLike], *, outdir: str | os.PathLike | None = None,
          glossary_path: str | os.PathLike | None = None, documents: Sequence | None = None, top: int | None = 200,
          progress: Callable[[int, int], None] | None = None, similarity: str | None = None):
    """Open the review that ``sources`` name and return ``(session, message)``.

    * ``[OUTDIR]``: resume ``OUTDIR/review.json``, or begin a review of what ``shuyu run`` wrote there
      (``documents`` = (EN, ZH) when the documents of ``alignment.xlsx`` have moved);
    * ``[EN, ZH]`` with ``outdir``: align and mine them as ``shuyu run`` does (unless ``outdir`` already
      holds a review of these documents, which is resumed) and begin the review.

    ``glossary_path`` marks the candidates already in that glossary as known and shows its conflicts; it
    is remembered in the review file.
    """
    from dataclasses import replace

    from .session import Session
    from .store import review_from_alignment, review_from_outdir

    sources = [Path(s) for s in sources]
    if len(sources) == 1:
        if outdir is not None:
            raise UsageError("give either OUTDIR or EN ZH -o OUTDIR, not both")
        folder = sources[0]
        if not folder.is_dir():
            raise InputError("not a folder", where=folder,
                             hint="give the folder shuyu run wrote, or two documents: shuyu review EN ZH -o OUTDIR")
    elif len(sources) == 2:
        if outdir is None:
            raise UsageError("with two documents, say where the review goes: -o OUTDIR")
        if documents:
            raise UsageError("--documents is for a folder whose documents have moved, not with EN ZH")
        folder = Path(outdir)
    else:
        raise UsageError("give a folder that shuyu run wrote (OUTDIR), or two documents (EN ZH -o OUTDIR)")

    path = review_path(folder)
    if path.exists():
        review, align_h, terms_h = load_review(path)
        if len(sources) == 2 and not (_same_document(review.en.path, sources[0]) and
                                      _same_document(review.zh.path, sources[1])):
            raise UsageError(f"{folder} already holds the review of {review.en.path} and {review.zh.path}",
                             hint="choose another -o folder, or resume that review with: shuyu review " + str(folder))
        how = "resumed"
    elif len(sources) == 2:
        from ..pipeline import run as run_pipeline

        result = run_pipeline(sources[0], sources[1], folder, glossary_path=glossary_path, top=top, progress=progress,
                              similarity=similarity)
        review, align_h, terms_h = review_from_alignment(result.alignment, result.terms), None, None
        how = "aligned, mined and began"
    else:
        review, align_h, terms_h = review_from_outdir(folder, documents), None, None
        how = "began"

    glossary = None
    if glossary_path is not None:
        review = replace(review, glossary=os.path.abspath(glossary_path))
    if review.glossary:
        from ..glossaries import read_glossary

        if not Path(review.glossary).exists() and glossary_path is None:
            raise InputError(f"the glossary this review was compared with is not there: {review.glossary}",
                             where=path, hint="give it again with --glossary FILE")
        glossary = read_glossary(review.glossary)
    if how == "resumed":
        session = Session(folder, review, align_h, terms_h, glossary)
        if glossary_path is not None:
            session.save()
    else:
        session = Session.open(folder, review, glossary=glossary)
    r = session.review
    done = sum(1 for b in r.beads if b.reviewed)
    decided = sum(1 for t in r.terms if t.decision)
    message = (f"{how} the review in {session.path}: {done} of {len(r.beads)} beads reviewed, "
               f"{decided} of {len(r.terms)} terms decided")
    return session, message


def serve(session, *, port: int = 0, open_browser: bool = True, say: Callable[[str], None] = print) -> None:
    from .server import serve as _serve

    _serve(session, port=port, open_browser=open_browser, say=say)
