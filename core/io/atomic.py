"""Write user files atomically: temp file beside the target, fsync, replace, keep the mode."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from windfall.core.errors import WindfallError


@contextlib.contextmanager
def atomic_write(target: str | os.PathLike, mode: str = "wb", **open_kwargs) -> Iterator:
    """Yield a file object; on clean exit it replaces `target`, on error `target` is intact."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        old_mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WindfallError(target, f"cannot write here ({exc.strerror or exc})") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if old_mode is not None:
            os.chmod(tmp, old_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise WindfallError(target, f"cannot save ({exc.strerror or exc})") from exc
        raise


def write_bytes_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_write(target, "wb") as handle:
        handle.write(data)


def write_text_atomic(target: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    write_bytes_atomic(target, text.encode(encoding))
