"""The one exception family of shuyu.

Library code raises these for anything a user can fix (bad input, unwritable
output, wrong options); ``cli.py`` turns them into a one-line message and exit
code 2.  Messages name the file, the line or cell, the bad value, and say what
to do.
"""

from __future__ import annotations

import os


class ShuyuError(Exception):
    """Base class: a problem the user can fix.

    ``where`` is a file name, optionally followed by ``:line`` or ``!cell``;
    ``hint`` says how to fix it.
    """

    def __init__(self, message: str, *, where: str | os.PathLike | None = None, hint: str | None = None):
        self.message = message
        self.where = os.fspath(where) if where is not None else None
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(ShuyuError):
    """An input file is missing, unreadable, in the wrong format or language."""


class OutputError(ShuyuError):
    """An output cannot be written (folder missing or read-only, unknown format)."""


class UsageError(ShuyuError):
    """Options that do not fit together or an unknown name (format, check, tokenizer)."""
