"""Apply constant and lookup edits to Vensim .mdl bytes, changing only the edited numbers."""

from __future__ import annotations

import re
from pathlib import Path

from windfall.core.errors import WindfallError
from windfall.core.formats.decode import decode_model_text
from windfall.core.formats.edits import (
    NUMBER_PATTERN,
    ConstantEdit,
    Edit,
    LookupEdit,
    format_number,
    same_number,
    splice,
)
from windfall.core.formats.mdl_text import MdlEntry, parse_mdl_text

_BOM = b"\xef\xbb\xbf"
# Vensim continues long lines with a backslash before the line break.
_WS = r"(?:\s|\\\r?\n)*"
_N = rf"({NUMBER_PATTERN})"
_LITERAL = re.compile(rf"{_WS}{_N}{_WS}")
_PAIR = rf"\({_WS}{NUMBER_PATTERN}{_WS},{_WS}{NUMBER_PATTERN}{_WS}\)"
_PAIR_NUMBERS = re.compile(rf"\({_WS}{_N}{_WS},{_WS}{_N}{_WS}\)")
_RANGE = re.compile(
    rf"{_WS}\[{_WS}\({_WS}{_N}{_WS},{_WS}{_N}{_WS}\){_WS}-{_WS}\({_WS}{_N}{_WS},{_WS}{_N}{_WS}\)"
    rf"[^\]]*\]{_WS},?{_WS}"
)
_POINTS = re.compile(rf"{_WS}(?P<points>{_PAIR}(?:{_WS},{_WS}{_PAIR})*)")


def _encoding(data: bytes, text: str) -> str:
    """The encoding that turned `data` into `text`, so edits can be put back as bytes."""
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            if body.decode(encoding) == text:
                return encoding
        except UnicodeDecodeError:
            continue
    raise ValueError("model text does not decode consistently")


def edit_mdl(data: bytes, edits: list[Edit], path: Path) -> bytes:
    """Return `data` with each edit written into its entry's equation text."""
    text = decode_model_text(data, path)
    encoding = _encoding(data, text)
    offset = len(_BOM) if data.startswith(_BOM) else 0
    parsed = parse_mdl_text(text)
    replacements: list[tuple[int, int, str]] = []
    for edit in edits:
        entry = _single_entry(parsed.entries_for(edit.name), edit.name, path)
        if isinstance(edit, ConstantEdit):
            replacements += _constant(text, entry, edit, path)
        elif isinstance(edit, LookupEdit):
            replacements += _lookup(text, entry, edit, path)

    def to_bytes(pos: int) -> int:
        return offset + len(text[:pos].encode(encoding))

    spans = [(to_bytes(a), to_bytes(b), new.encode(encoding)) for a, b, new in replacements]
    return splice(data, spans)


def _single_entry(entries: list[MdlEntry], name: str, path: Path) -> MdlEntry:
    if not entries:
        raise WindfallError(path, "no equation for this variable in the file", variable=name)
    if len(entries) > 1 or "[" in entries[0].lhs:
        raise WindfallError(
            path,
            "is subscripted; only single-valued constants and lookups can be saved",
            variable=name,
            line=entries[0].line,
        )
    return entries[0]


def _constant(text: str, entry: MdlEntry, edit: ConstantEdit, path: Path):
    start, end = entry.rhs_span
    match = _LITERAL.fullmatch(text, start, end)
    if not match:
        raise WindfallError(
            path,
            f"is defined by the expression '{entry.equation}', not a number; "
            "only literal values can be saved",
            variable=edit.name,
            line=entry.line,
        )
    if same_number(match.group(1), edit.value):
        return []
    return [(match.start(1), match.end(1), format_number(edit.value))]


def _table_span(text: str, entry: MdlEntry, name: str, path: Path) -> tuple[int, int]:
    """Span of the text inside a standalone lookup's outer parentheses."""
    start, end = entry.rhs_span
    opening = re.compile(rf"{_WS}\(").match(text, start, end)
    close = text.rfind(")", start, end)
    if not opening or close < opening.end() or text[close + 1 : end].strip():
        raise WindfallError(
            path, "is not a lookup table written as (x,y) points", variable=name, line=entry.line
        )
    return opening.end(), close


def _lookup(text: str, entry: MdlEntry, edit: LookupEdit, path: Path):
    start, end = _table_span(text, entry, edit.name, path)
    bounds = _RANGE.match(text, start, end)
    points_at = bounds.end() if bounds else start
    points = _POINTS.match(text, points_at, end)
    if not points or text[points.end() : end].replace("\\", "").strip():
        raise WindfallError(
            path,
            "lookup is not written as (x,y) pairs; it cannot be saved",
            variable=edit.name,
            line=entry.line,
        )
    old = [(float(x), float(y)) for x, y in _PAIR_NUMBERS.findall(points.group("points"))]
    new = list(zip(edit.xs, edit.ys, strict=True))
    if old == new:
        return []
    written = ",".join(f"({format_number(x)},{format_number(y)})" for x, y in new)
    out = [(points.start("points"), points.end("points"), written)]
    if bounds:
        out += _widened_range(bounds, edit)
    return out


def _widened_range(bounds: re.Match, edit: LookupEdit):
    """Widen the lookup's display range where the new points fall outside it."""
    wanted = (min(edit.xs), min(edit.ys), max(edit.xs), max(edit.ys))
    out = []
    for group, value in enumerate(wanted, start=1):
        old = float(bounds.group(group))
        outside = value < old if group <= 2 else value > old
        if outside:
            out.append((bounds.start(group), bounds.end(group), format_number(value)))
    return out
