"""Edits to a model file's numbers, and the byte-level helpers both formats' savers share."""

from __future__ import annotations

import math
from dataclasses import dataclass

NUMBER_PATTERN = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


@dataclass(frozen=True)
class ConstantEdit:
    """Set the literal value of one scalar constant."""

    name: str
    value: float


@dataclass(frozen=True)
class LookupEdit:
    """Replace the points of one lookup table (graphical function)."""

    name: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]


Edit = ConstantEdit | LookupEdit


def format_number(value: float) -> str:
    """Shortest text that reads back as exactly `value`; integers without a trailing `.0`."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def same_number(text: str, value: float) -> bool:
    """True when the written number `text` already reads as `value` (keep it as written)."""
    try:
        return float(text) == float(value)
    except ValueError:
        return False


def splice(data: bytes, replacements: list[tuple[int, int, bytes]]) -> bytes:
    """Replace non-overlapping byte spans; everything outside them is copied unchanged."""
    out, pos = [], 0
    for start, end, new in sorted(replacements):
        if start < pos:
            raise ValueError("overlapping edits")
        out += [data[pos:start], new]
        pos = end
    out.append(data[pos:])
    return b"".join(out)
