"""The one input and output policy of every shuyu reader and writer.

Input (:func:`read_input`, :func:`open_zip`, :func:`parse_json`):

* regular files only: a folder, a FIFO (named pipe), a device such as
  ``/dev/zero``, a socket, a broken symbolic link or a link loop is refused
  with a clear :class:`~shuyu.errors.InputError` — nothing ever blocks on a
  pipe, and the file is opened without waiting for a writer;
* the size is read with a bound (``limit`` bytes, never trusted from
  ``stat``), so a file that grows or lies about its size is still refused;
* zip containers (xlsx, docx) are checked before any parser sees them: number
  of parts, size of each part, total unpacked size and compression ratio, and
  DOCTYPE/entity declarations in their XML parts;
* JSON is parsed with bounded nesting and integer size, and NaN/Infinity
  refused.

Output (:func:`atomic_path`, :func:`atomic_write`, :func:`staged_outputs`):

* a regular file is written to a temporary file beside it and renamed into
  place only when complete (a symbolic link keeps pointing at the new file);
* ``-``, ``/dev/stdout``, devices (``/dev/null``) and FIFOs are written
  straight through (the complete output, once it has been produced), never
  replaced by a regular file;
* an output that is one of the inputs of the same command is refused
  (:func:`refuse_input_as_output`, and for the command line
  :func:`guard_inputs`, which remembers every input read);
* a read-only output, a missing folder, a full disk or any other OS error is
  one :class:`~shuyu.errors.OutputError` and leaves no partial or temporary
  file;
* several outputs (``shuyu run``) are staged in a temporary folder and renamed
  together: all of them or none (:func:`staged_outputs`).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Mapping

from .errors import InputError, OutputError

# ----------------------------------------------------------------------------- limits

MAX_INPUT_BYTES = 32 * 1024 * 1024
"""Default largest input file read (bytes): glossaries (CSV, TSV, TBX, Markdown), stop lists, bead files.
A 32 MiB CSV glossary is about 500,000 rows; reading and converting it peaks near 1.5 GB
(``benchmarks/memory.py``), under the 2 GB the limits are set for."""

ZIP_MAX_PARTS = 10_000
"""Most parts (files) in an xlsx/docx package."""
ZIP_MAX_PART = 256 << 20
"""Largest unpacked part of an xlsx/docx package."""
ZIP_MAX_TOTAL = 512 << 20
"""Largest unpacked total of an xlsx/docx package."""
ZIP_MAX_RATIO = 100
"""Largest unpacked/packed ratio of a part over 1 MiB, and of the whole package once it unpacks to
more than 32 MiB: real workbooks and documents compress 5 to 20 times."""

JSON_MAX_DIGITS = 100
"""Longest JSON integer (digits) accepted."""

_READ_CHUNK = 1 << 20


def _mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MiB" if n >= (1 << 20) else f"{n:,} bytes"


# ----------------------------------------------------------------------------- input guard

class _Guard:
    """The inputs read so far by one command (device and inode of each, and the resolved path)."""

    def __init__(self) -> None:
        self.ids: set[tuple[int, int]] = set()
        self.paths: dict[tuple[int, int], str] = {}

    def add(self, st: os.stat_result, path: str) -> None:
        key = (st.st_dev, st.st_ino)
        self.ids.add(key)
        self.paths.setdefault(key, path)


_GUARDS: list[_Guard] = []


@contextlib.contextmanager
def guard_inputs() -> Iterator[None]:
    """While active, every input read through this module is remembered and no output may replace it.

    The command line runs each command inside it, so that an output that turns out to be an input
    (a glossary named in a config file, a file inside an input folder…) is refused, not overwritten.
    """
    _GUARDS.append(_Guard())
    try:
        yield
    finally:
        _GUARDS.pop()


def _remember(st: os.stat_result, path: str) -> None:
    if _GUARDS:
        _GUARDS[-1].add(st, path)


def remember_input(path: str | os.PathLike) -> None:
    """Record ``path`` as an input of the running command (for inputs read by other means)."""
    with contextlib.suppress(OSError):
        _remember(os.stat(path), os.fspath(path))


def _guarded(st: os.stat_result) -> str | None:
    for g in _GUARDS:
        if (st.st_dev, st.st_ino) in g.ids:
            return g.paths[(st.st_dev, st.st_ino)]
    return None


# ----------------------------------------------------------------------------- input policy

_KIND = (
    (stat.S_ISDIR, "this is a folder, not a file", "give the path of a file"),
    (stat.S_ISFIFO, "this is a named pipe (FIFO), not a regular file; shuyu does not read pipes",
     "save the data to a file and give that file"),
    (stat.S_ISCHR, "this is a device, not a regular file", "give the path of a regular file"),
    (stat.S_ISBLK, "this is a device, not a regular file", "give the path of a regular file"),
    (stat.S_ISSOCK, "this is a socket, not a regular file", "give the path of a regular file"),
)


def _stat_error(path: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return InputError("broken symbolic link (what it points to does not exist)", where=path,
                              hint="fix the link or give the file itself")
        return InputError("file not found", where=path, hint="check the path")
    if exc.errno == errno.ELOOP:
        return InputError("symbolic link loop (the link points back to itself)", where=path,
                          hint="fix or remove the link and give the file itself")
    if exc.errno == errno.ENOTDIR:
        return InputError("file not found (a part of the path is a file, not a folder)", where=path,
                          hint="check the path")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError("permission denied", where=path, hint="make the file readable for your user")
    if exc.errno == errno.ENAMETOOLONG:
        return InputError("the file name is too long", where=path, hint="check the path")
    return InputError(f"cannot read the file: {exc.strerror or exc}", where=path)


def check_input(path: str | os.PathLike) -> os.stat_result:
    """The stat of an input that is a regular file; :class:`InputError` for anything else."""
    where = os.fspath(path)
    if where == "-":
        raise InputError("reading standard input is not supported", where="-",
                         hint="save the data to a file and give that file")
    try:
        st = os.stat(where)
    except OSError as exc:
        raise _stat_error(where, exc) from None
    if not stat.S_ISREG(st.st_mode):
        for test, message, hint in _KIND:
            if test(st.st_mode):
                raise InputError(message, where=where, hint=hint)
        raise InputError("not a regular file", where=where, hint="give the path of a regular file")
    return st


def read_input(path: str | os.PathLike, *, limit: int | None = None, what: str = "file") -> bytes:
    """The bytes of an input file, at most ``limit`` bytes (default :data:`MAX_INPUT_BYTES`).

    A missing file, a folder, a FIFO, a device, a link loop, an unreadable or too large file is an
    :class:`InputError` naming it.  The file is opened without blocking (a FIFO swapped in after the
    check is refused too) and read in chunks up to the limit, whatever ``stat`` says its size is.
    """
    where = os.fspath(path)
    limit = MAX_INPUT_BYTES if limit is None else limit
    check_input(where)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(where, flags)
    except OSError as exc:
        raise _stat_error(where, exc) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file", where=where, hint="give the path of a regular file")
        chunks: list[bytes] = []
        got = 0
        while True:
            try:
                chunk = os.read(fd, min(_READ_CHUNK, limit + 1 - got))
            except OSError as exc:
                raise InputError(f"cannot read the file: {exc.strerror or exc}", where=where) from None
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > limit:
                raise InputError(f"{what} is too large (over {_mib(limit)}, the limit for this kind of input)",
                                 where=where, hint="split it into smaller files")
    finally:
        os.close(fd)
    _remember(st, where)
    return b"".join(chunks)


def _utf8_chinese(text: str) -> bool:
    """A line that is clearly Chinese in UTF-8 (two or more Han characters, nothing that a wrong decoding
    of GB18030 or Big5 bytes as UTF-8 would produce)."""
    han = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            continue
        if 0x4E00 <= o <= 0x9FFF:
            han += 1
        elif not (0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or o in (0xB7, 0xD7)):
            return False
    return han >= 2


def refuse_mixed_encodings(data: bytes, where: str | os.PathLike) -> None:
    """Raise :class:`InputError` when some lines of ``data`` are Chinese in UTF-8 and others are not UTF-8
    at all (a file pasted together from a UTF-8 and a GB18030/Big5 file).  Decoding it as one legacy
    encoding would silently turn the UTF-8 half into mojibake (国务委员 → 鍥藉姟濮斿憳)."""
    utf8_line = bad_line = None
    for n, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad_line = bad_line or n
        else:
            if utf8_line is None and _utf8_chinese(text):
                utf8_line = n
        if utf8_line and bad_line:
            raise InputError(f"mixed text encodings: line {utf8_line} is UTF-8 but line {bad_line} is not "
                             "(GB18030 or Big5?)", where=f"{os.fspath(where)}:{bad_line}",
                             hint="save the whole file in one encoding, preferably UTF-8")


# ----------------------------------------------------------------------------- zip containers

def open_zip(data: bytes, where: str | os.PathLike, *, kind: str = "xlsx", hint: str | None = None):
    """A :class:`zipfile.ZipFile` over ``data`` once its parts have been checked (see the module doc).

    ``kind`` names the format in messages (``"xlsx"``, ``"docx"``).  Raises :class:`InputError`.
    """
    import zipfile

    where = os.fspath(where)
    fix = hint or f"open it in {'Excel' if kind == 'xlsx' else 'Word'} and save it again as .{kind}"
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, IndexError) as exc:
        raise InputError(f"corrupt .{kind} (bad zip package: {exc})", where=where, hint=fix) from None
    if len(infos) > ZIP_MAX_PARTS:
        raise InputError(f"refused: the package has {len(infos):,} parts (over {ZIP_MAX_PARTS:,})", where=where,
                         hint="check where the file came from")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > ZIP_MAX_PART or (info.file_size > (1 << 20) and
                                             info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)):
            raise InputError(f"refused: part {info.filename!r} would unpack to {info.file_size:,} bytes from "
                             f"{info.compress_size:,} (a zip bomb or a damaged file)", where=where,
                             hint="check where the file came from")
    if total > ZIP_MAX_TOTAL or (total > (32 << 20) and total > ZIP_MAX_RATIO * max(len(data), 1)):
        raise InputError(f"refused: the .{kind} would unpack to {total:,} bytes from {len(data):,} "
                         f"(the limits are {_mib(ZIP_MAX_TOTAL)} and {ZIP_MAX_RATIO} times the file size)",
                         where=where, hint="split it into smaller files, or check where it came from")
    try:
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and info.file_size:
                with zf.open(info) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise InputError(f"refused: part {info.filename!r} declares a DOCTYPE/XML entities, which "
                                     "office programs never write (an entity bomb or a crafted file)", where=where,
                                     hint="check where the file came from")
    except InputError:
        raise
    except Exception as exc:  # zlib.error, BadZipFile, NotImplementedError (compression), RuntimeError (encrypted)
        raise InputError(f"corrupt .{kind} (bad zip package: {type(exc).__name__}: {exc})", where=where,
                         hint=fix) from None
    return zf


# ----------------------------------------------------------------------------- JSON

def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > JSON_MAX_DIGITS:
        raise ValueError(f"an integer with {digits:,} digits (at most {JSON_MAX_DIGITS} are accepted)")
    return int(text)


def _finite_float(text: str) -> float:
    import math

    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]}{'…' if len(text) > 20 else ''} is too large")
    return value


def parse_json(text: str, where: str | os.PathLike, *, hint: str | None = None):
    """``json.loads(text)`` with bounded nesting (Python's recursion limit), integers up to
    :data:`JSON_MAX_DIGITS` digits and no NaN/Infinity; :class:`InputError` naming ``where`` otherwise."""
    import json

    where = os.fspath(where)
    try:
        return json.loads(text, parse_int=_bounded_int, parse_float=_finite_float, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", where=where,
                         hint=hint) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", where=where, hint=hint or "check the file: is it damaged?") from None
    except ValueError as exc:
        raise InputError(f"invalid JSON: {exc}", where=where, hint=hint) from None


# ----------------------------------------------------------------------------- output policy

def ensure_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (and parents) if needed; clear error when impossible."""
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("this output folder is a file", where=p, hint="choose a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot create output folder: {exc.strerror or exc}", where=p,
                          hint="choose a folder you can write to") from None
    if not p.is_dir():
        raise OutputError("this output folder is not a folder", where=p, hint="choose a folder")
    if not os.access(p, os.W_OK):
        raise OutputError("output folder is not writable", where=p, hint="choose a folder you can write to")
    return p


_STD_STREAMS = {"/dev/stdout": 1, "/dev/stderr": 2, "/dev/fd/1": 1, "/dev/fd/2": 2,
                "/proc/self/fd/1": 1, "/proc/self/fd/2": 2}


def is_stream(target: str | os.PathLike) -> bool:
    """Whether ``target`` is written straight through: ``-``, a device, a FIFO, a socket, or a path
    under ``/dev`` or ``/proc`` (``/dev/stdout`` even when the shell redirected it to a file)."""
    t = os.fspath(target)
    if t == "-" or t in _STD_STREAMS or t.startswith(("/dev/", "/proc/")):
        return True
    try:
        st = os.stat(t)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def is_stdout(target: str | os.PathLike | None) -> bool:
    """Whether ``target`` is the standard output (``-``, ``/dev/stdout``…)."""
    if target is None:
        return False
    t = os.fspath(target)
    return t == "-" or _STD_STREAMS.get(t) == 1


def _stat_or_none(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def check_target(target: str | os.PathLike) -> None:
    """Refuse an output path that is a folder, read-only, an input of this command, or whose folder is
    missing or is a file.  Streams (``-``, devices, FIFOs) are always fine."""
    t = os.fspath(target)
    if is_stream(t):
        return
    real = os.path.realpath(t)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror or exc}", where=t,
                          hint="choose a folder you can write to") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError("this output path is a folder", where=t, hint="give a file name")
        seen = _guarded(st)
        if seen is not None:
            raise OutputError(f"the output would overwrite an input file, {seen}", where=t,
                              hint="choose another output path")
        if not os.access(real, os.W_OK):
            raise OutputError("the output file is read-only", where=t,
                              hint="make it writable (chmod u+w) or choose another output path")
    folder = os.path.dirname(real) or "."
    fst = _stat_or_none(folder)
    if fst is None:
        raise OutputError("output folder does not exist", where=os.path.dirname(t) or ".",
                          hint="create it first or choose another path")
    if not stat.S_ISDIR(fst.st_mode):
        raise OutputError(f"{folder} is a file, not a folder", where=t, hint="choose another output path")


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


_DOC_NAME = re.compile(r"^.+\.(?:en|zh)\.[^.]+$", re.IGNORECASE)


def read_from_folder(path: Path) -> bool:
    """Whether a file inside an input folder is one that ``check``, ``align --batch`` or ``mine --batch``
    read: a bilingual file (TMX, TSV, XLSX…) or a ``NAME.en.*`` / ``NAME.zh.*`` document."""
    from .bitext import is_bitext

    return not path.name.startswith((".", "~$")) and (is_bitext(path) or bool(_DOC_NAME.match(path.name)))


def refuse_input_as_output(output: str | os.PathLike | None, inputs: Iterable,
                           *, reads: Callable[[Path], bool] = read_from_folder) -> None:
    """Refuse to write over one of the inputs (e.g. ``-o data.tsv data.tsv``), before any work.

    Files are compared by identity (so a symbolic or hard link counts); for an input folder, an existing
    file inside it that the command would read (``reads``) counts as an input.
    """
    if output is None:
        return
    out = os.fspath(output)
    if is_stream(out):
        return
    real_out = os.path.realpath(out)
    exists = os.path.isfile(real_out)
    for item in inputs:
        if item is None or os.fspath(item) in ("", "-"):
            continue
        src = os.fspath(item)
        if os.path.isdir(src):
            inside = os.path.commonpath([os.path.realpath(src), real_out]) == os.path.realpath(src)
            if inside and exists and reads(Path(real_out)):
                raise OutputError(f"the output would overwrite a file that is read from the input folder {src}",
                                  where=out, hint="write the output outside the input folder, or rename it")
            continue
        if (exists and os.path.exists(src) and _same_file(src, real_out)) or \
                os.path.realpath(src) == real_out:
            raise OutputError(f"the output would overwrite an input file, {src}", where=out,
                              hint="choose another output path")


def refuse_outputs_over_inputs(outputs: Iterable, inputs: Iterable) -> None:
    """:func:`refuse_input_as_output` for several outputs (a batch's: each input is looked at once, so
    100,000 outputs over 200,000 inputs cost a set lookup each, not a comparison with every input)."""
    folders: list = []
    by_id: dict[tuple[int, int], str] = {}
    by_path: dict[str, str] = {}
    for item in inputs:
        if item is None or os.fspath(item) in ("", "-"):
            continue
        src = os.fspath(item)
        if os.path.isdir(src):
            folders.append(item)
            continue
        by_path[os.path.realpath(src)] = src
        try:
            st = os.stat(src)
            by_id[(st.st_dev, st.st_ino)] = src
        except OSError:
            pass
    for out in outputs:
        if out is None or is_stream(os.fspath(out)):
            continue
        real_out = os.path.realpath(os.fspath(out))
        src = by_path.get(real_out)
        if src is None:
            try:
                st = os.stat(real_out)
                src = by_id.get((st.st_dev, st.st_ino))
            except OSError:
                pass
        if src is not None:
            raise OutputError(f"the output would overwrite an input file, {src}", where=os.fspath(out),
                              hint="choose another output path")
        if folders:
            refuse_input_as_output(out, folders)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_error(target: str, exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError("no space left on the device (disk full); nothing was written", where=target,
                           hint="free some space or write the output to another disk")
    if exc.errno == errno.EFBIG:
        return OutputError("the output is larger than this file system (or a limit) allows; nothing was written",
                           where=target, hint="write it to another disk")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return OutputError("permission denied", where=target, hint="choose a folder you can write to")
    if exc.errno == errno.EROFS:
        return OutputError("the file system is read-only", where=target, hint="choose another output path")
    return OutputError(f"cannot write the output: {exc.strerror or exc}", where=target,
                       hint="choose another output path")


def _copy_to_stream(src: str, target: str) -> None:
    """Copy the finished temporary file ``src`` to the stream ``target``."""
    fd = 1 if target == "-" else _STD_STREAMS.get(target)
    if fd is not None:
        stream = sys.stdout if fd == 1 else sys.stderr
        with contextlib.suppress(Exception):
            stream.flush()
        buffer = getattr(stream, "buffer", None)
        with open(src, "rb") as fh:
            if buffer is not None:
                shutil.copyfileobj(fh, buffer)
                buffer.flush()
            else:  # a text stream without a buffer (tests capture output this way)
                stream.write(fh.read().decode("utf-8", "replace"))
                stream.flush()
        return
    with open(src, "rb") as fh, open(target, "wb") as out:
        shutil.copyfileobj(fh, out)


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path to write; on success it becomes ``target`` (see the module doc).

    On any exception the temporary file is removed and ``target`` is left as it was; an OS error while
    writing (disk full, permission) becomes an :class:`OutputError` naming ``target``.
    """
    t = os.fspath(target)
    check_target(t)
    if is_stream(t):
        folder = tempfile.mkdtemp(prefix="shuyu-")
        tmp_path = Path(folder) / (os.path.basename(t) or "out")
        try:
            yield tmp_path
            _copy_to_stream(str(tmp_path), t)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _write_error(t, exc) from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    real = os.path.realpath(t)
    folder = os.path.dirname(real) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _write_error(t, exc) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
            st = _stat_or_none(real)
            with contextlib.suppress(OSError):
                os.chmod(tmp_path, (st.st_mode & 0o7777) if st is not None else _default_mode())
            check_target(t)  # the inputs read while the output was made are known now
            os.replace(tmp_path, real)
        except OSError as exc:
            raise _write_error(t, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


@contextlib.contextmanager
def atomic_write(target: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None):
    """Open a temporary file for writing; it replaces ``target`` when the block succeeds."""
    binary = "b" in mode
    with atomic_path(target) as tmp:
        try:
            fh = open(tmp, mode, encoding=None if binary else encoding, newline=None if binary else newline)
        except OSError as exc:
            raise _write_error(os.fspath(target), exc) from None
        with fh:
            yield fh


@contextlib.contextmanager
def staged_outputs(outdir: str | os.PathLike, names: Mapping[str, str]) -> Iterator[dict[str, Path]]:
    """Write several outputs of one command all or none.

    Yields ``{role: temporary path}`` inside a hidden staging folder in ``outdir``; when the block
    succeeds every file is renamed to ``outdir/name`` (files it replaces are restored if a rename
    fails); on any error the staging folder is removed and ``outdir`` is left as it was.
    """
    out = ensure_dir(outdir)
    finals = {role: out / name for role, name in names.items()}
    for path in finals.values():
        check_target(path)
    try:
        stage = Path(tempfile.mkdtemp(prefix=".shuyu-staging-", dir=out))
    except OSError as exc:
        raise _write_error(os.fspath(out), exc) from None
    try:
        try:
            yield {role: stage / name for role, name in names.items()}
        except OutputError as exc:  # name the output the user asked for, not the staging folder
            if exc.where and exc.where.startswith(os.fspath(stage)):
                raise OutputError(exc.message, where=os.fspath(out) + exc.where[len(os.fspath(stage)):],
                                  hint=exc.hint) from None
            raise
        for path in finals.values():
            check_target(path)
        backups: list[tuple[Path, Path]] = []
        done: list[Path] = []
        try:
            for role, final in finals.items():
                real = Path(os.path.realpath(final))
                if real.exists():
                    backup = stage / f".old.{real.name}"
                    try:
                        os.link(real, backup)
                    except OSError:
                        shutil.copy2(real, backup)
                    backups.append((backup, real))
                os.replace(stage / names[role], real)
                done.append(real)
        except OSError as exc:
            for path in done:  # undo: put back what was there
                with contextlib.suppress(OSError):
                    path.unlink()
            for backup, real in backups:
                with contextlib.suppress(OSError):
                    os.replace(backup, real)
            raise _write_error(os.fspath(out), exc) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


# ----------------------------------------------------------------------------- signals

class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so that temporary files are removed."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum, frame):  # pragma: no cover - exercised through a subprocess
    raise Terminated(signum)


def install_signal_handlers() -> None:
    """Make SIGTERM and SIGHUP clean up like SIGINT (temporary and staged files are removed)."""
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            if signal.getsignal(sig) in (signal.SIG_DFL, None):
                signal.signal(sig, _raise_terminated)


# ----------------------------------------------------------------------------- caches

def write_cache(path: str | os.PathLike, dump: Callable[[BinaryIO], None]) -> bool:
    """Write a per-user cache file with ``dump(fh)``, atomically (temporary file, then rename).

    A cache is only a speed-up: when its folder cannot be made or written, nothing is written and
    False is returned, and the data is built again next time."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp, open(tmp, "wb") as fh:
            dump(fh)
    except (OSError, OutputError):
        return False
    return True


# ----------------------------------------------------------------------------- jieba

def jieba_cache_folder() -> str | None:
    """shuyu's own cache folder (``$SHUYU_CACHE_DIR`` or ``~/.cache/shuyu``), created, for jieba's
    dictionary cache; None (jieba's default, the temporary folder) when it cannot be created."""
    from .aligner.lexicon import cache_dir

    try:
        path = Path(cache_dir())
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return str(path)
