"""Reading files users are given (models, scenarios, workspaces): bounded, regular files only.

A path can be a symlink to a device or a named pipe, which would block or never end, and a
file can nest brackets deeply enough to exhaust Python's recursion; both end in a one-line
WindfallError instead.
"""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

from windfall.core.errors import WindfallError

MAX_USER_FILE_BYTES = 16 * 1024 * 1024


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file no larger than `limit`; anything else is a WindfallError."""
    try:
        info = path.stat()
        # A device, FIFO or socket (perhaps behind a symlink with an ordinary name) would
        # block or never end; only a regular file is read, and never past the limit.
        if not stat.S_ISREG(info.st_mode):
            raise WindfallError(path, "is not a regular file")
        if info.st_size > limit:
            raise WindfallError(path, f"file is too large ({info.st_size} bytes; limit {limit})")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise WindfallError(path, "no such file") from None
    except PermissionError as exc:
        raise WindfallError(path, "permission denied while reading") from exc
    except OSError as exc:
        raise WindfallError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > limit:  # it grew while being read
        raise WindfallError(path, f"file is too large (limit {limit} bytes)")
    return data


def read_user_text(path: Path, limit: int = MAX_USER_FILE_BYTES) -> str:
    """The UTF-8 text of a regular file no larger than `limit`."""
    data = read_bounded(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start]
        raise WindfallError(path, f"byte 0x{byte:02x} is not valid UTF-8", line=line) from exc


def parse_structured(path: Path, text: str, what: str, *, toml: bool = False) -> object:
    """Decode TOML or JSON text; errors name the file, line and cause."""
    try:
        if toml:
            return tomllib.loads(text)
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise WindfallError(path, f"not a valid {what} ({exc.msg})", line=exc.lineno) from exc
    except tomllib.TOMLDecodeError as exc:
        raise WindfallError(path, f"not a valid {what} ({exc})") from exc
    except RecursionError:
        raise WindfallError(path, f"not a valid {what} (nested too deeply)") from None
