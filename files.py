"""Safe file output: every file is written to a temporary file beside its
target and renamed into place only when complete, so a failure never leaves a
half-written or truncated output."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import InputError, OutputError


def read_input(path: str | os.PathLike) -> bytes:
    """The bytes of an input file; a missing file, a folder or an unreadable file is an InputError."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", where=p, hint="check the path") from None
    except IsADirectoryError:
        raise InputError("this is a folder, not a file", where=p) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", where=p) from None


def ensure_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (and parents) if needed; clear error when impossible."""
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder: {exc.strerror or exc}", where=p,
                          hint="choose a folder you can write to") from None
    if not os.access(p, os.W_OK):
        raise OutputError("output folder is not writable", where=p, hint="choose a folder you can write to")
    return p


def check_target(target: str | os.PathLike) -> None:
    """Refuse an output path that is a folder, or whose folder is missing or is a file."""
    target = Path(target)
    if target.is_dir():
        raise OutputError("this output path is a folder", where=target, hint="give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder", where=target, hint="choose another output path")


def refuse_input_as_output(output: str | os.PathLike, inputs) -> None:
    """Refuse to write over one of the inputs (e.g. ``-o data.tsv data.tsv``)."""
    out = Path(output).resolve()
    for item in inputs:
        if item and Path(item).resolve() == out:
            raise OutputError("the output would overwrite an input file", where=output,
                              hint="choose another output path")


def _set_mode(tmp: Path, target: Path) -> None:
    """Give the temporary file the mode the target has (or a new file would get), not mkstemp's 0600."""
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    On any exception the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    check_target(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("output folder does not exist", where=folder, hint="create it first or choose another path")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", where=target,
                          hint="choose a folder you can write to") from None
    os.close(fd)
    tmp_path = Path(tmp)
    _set_mode(tmp_path, target)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except OSError as exc:
            raise OutputError(f"cannot write the output: {exc.strerror or exc}", where=target,
                              hint="choose another output path") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


@contextlib.contextmanager
def atomic_write(target: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None):
    """Open a temporary file for writing; it replaces ``target`` when the block succeeds."""
    binary = "b" in mode
    with atomic_path(target) as tmp:
        with open(tmp, mode, encoding=None if binary else encoding, newline=None if binary else newline) as fh:
            yield fh
