"""The one exception type a user ever sees from Windfall, and its warning twin."""

from __future__ import annotations

import os
import unicodedata

# Control, format and line/paragraph separator characters: shown escaped, so a file or
# variable name cannot break the one-line message or drive the terminal that prints it.
_HIDDEN = {"Cc", "Cf", "Zl", "Zp"}


def _escaped(char: str) -> str:
    code = ord(char)
    if unicodedata.category(char) not in _HIDDEN:
        return char
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def printable(text: str) -> str:
    """`text` with control, format and separator characters shown as escapes."""
    return "".join(_escaped(char) for char in text)


def _one_line(text: object) -> str:
    return printable(" ".join(str(text).split()))


class WindfallError(Exception):
    """A failure to open, check, run or save a model, told in one line.

    The message names the file, the variable or place where there is one, and the cause.
    """

    def __init__(
        self,
        path: str | os.PathLike | None,
        cause: str,
        *,
        variable: str | None = None,
        line: int | None = None,
    ) -> None:
        self.path = os.fspath(path) if path is not None else None
        self.cause = _one_line(cause)
        self.variable = variable
        self.line = line
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.path:
            where.append(printable(self.path) + (f":{self.line}" if self.line else ""))
        if self.variable:
            where.append(f"variable '{_one_line(self.variable)}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.cause}" if prefix else self.cause


class WindfallWarning(UserWarning):
    """A problem worth telling the user that does not stop the work (e.g. numeric faults)."""
