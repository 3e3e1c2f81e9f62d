"""Apply constant and lookup edits to XMILE bytes in place: `<eqn>`, `<ypts>`, `<xpts>` text."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from windfall.core.errors import WindfallError
from windfall.core.formats.edits import (
    NUMBER_PATTERN,
    ConstantEdit,
    Edit,
    LookupEdit,
    format_number,
    same_number,
    splice,
)
from windfall.core.formats.names import fold_name
from windfall.core.formats.xml_spans import XmlElement, iter_elements, scan_xml

_VAR_TAGS = {"aux", "flow", "stock", "gf"}
_LITERAL = re.compile(rf"\s*({NUMBER_PATTERN})\s*".encode())

Replacement = tuple[int, int, bytes]


def edit_xmile(data: bytes, edits: list[Edit], path: Path) -> bytes:
    """Return `data` with each edit written into its variable's element text."""
    variables = _variables(data, scan_xml(data, path))
    replacements: list[Replacement] = []
    for edit in edits:
        node = variables.get(fold_name(edit.name))
        if node is None:
            raise WindfallError(
                path, "no definition for this variable in the file", variable=edit.name
            )
        if node.child("dimensions") or node.child("element"):
            raise WindfallError(
                path, "is subscripted; only single-valued ones can be saved", variable=edit.name
            )
        if isinstance(edit, ConstantEdit):
            replacements += _constant(data, node, edit, path)
        else:
            replacements += _lookup(data, node, edit, path)
    return splice(data, replacements)


def _variables(data: bytes, root: XmlElement) -> dict[str, XmlElement]:
    """Folded name -> variable element; the first definition wins, as when loading."""
    out: dict[str, XmlElement] = {}
    for element in iter_elements(root):
        if element.tag != "variables":
            continue
        for node in element.children:
            name = node.attr(data, "name")
            if node.tag in _VAR_TAGS and name:
                out.setdefault(fold_name(name.replace("\\n", " ")), node)
    return out


def _constant(data: bytes, node: XmlElement, edit: ConstantEdit, path: Path) -> list[Replacement]:
    eqn = node.child("eqn")
    match = _LITERAL.fullmatch(data, eqn.content_start, eqn.content_end) if eqn else None
    if node.tag == "gf" or node.child("gf"):
        raise WindfallError(
            path,
            "is read from a graphical function of its equation; edit the function's points",
            variable=edit.name,
        )
    if eqn is None or eqn.children or not match:
        shown = " ".join(eqn.text(data).split()) if eqn else ""
        raise WindfallError(
            path,
            f"is defined by the expression '{shown}', not a number; "
            "only literal values can be saved",
            variable=edit.name,
        )
    if same_number(match.group(1).decode(), edit.value):
        return []
    return [(match.start(1), match.end(1), format_number(edit.value).encode())]


def _numbers(data: bytes, element: XmlElement) -> tuple[list[float], str]:
    sep = element.attr(data, "sep") or ","
    return [float(p) for p in element.text(data).split(sep) if p.strip()], sep


def _points_text(data: bytes, element: XmlElement, values, sep: str) -> Replacement:
    """Replace the list inside `element`, keeping any whitespace around it."""
    raw = data[element.content_start : element.content_end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw.rstrip())
    text = sep.join(format_number(v) for v in values)
    return (element.content_start + lead, element.content_start + trail, text.encode())


def _attr(data: bytes, element: XmlElement, name: str, value: float) -> list[Replacement]:
    span = element.attr_spans.get(name)
    if span is None or same_number(data[span[0] : span[1]].decode(), value):
        return []
    return [(span[0], span[1], format_number(value).encode())]


def _lookup(data: bytes, node: XmlElement, edit: LookupEdit, path: Path) -> list[Replacement]:
    gf = node if node.tag == "gf" else node.child("gf")
    ypts = gf.child("ypts") if gf else None
    if ypts is None:
        raise WindfallError(path, "has no graphical function points to save", variable=edit.name)
    old_ys, sep = _numbers(data, ypts)
    xpts, xscale = gf.child("xpts"), gf.child("xscale")
    out: list[Replacement] = []
    if list(edit.ys) != old_ys:
        out.append(_points_text(data, ypts, edit.ys, sep))
    out += _x_points(data, xpts, xscale, edit, path)
    yscale = gf.child("yscale")
    if yscale is not None:
        low, high = float(yscale.attr(data, "min") or 0), float(yscale.attr(data, "max") or 0)
        out += _attr(data, yscale, "min", min(edit.ys)) if min(edit.ys) < low else []
        out += _attr(data, yscale, "max", max(edit.ys)) if max(edit.ys) > high else []
    return out


def _x_points(data, xpts, xscale, edit: LookupEdit, path: Path) -> list[Replacement]:
    """Write x points; where an xscale defines them (as it does for PySD) keep them even."""
    xs = np.asarray(edit.xs, dtype=float)
    out: list[Replacement] = []
    if xpts is not None:
        old_xs, sep = _numbers(data, xpts)
        if list(edit.xs) != old_xs:
            out.append(_points_text(data, xpts, edit.xs, sep))
    if xscale is not None:
        if not np.array_equal(np.linspace(xs[0], xs[-1], len(xs)), xs):
            raise WindfallError(
                path,
                "x points must stay evenly spaced: this graphical function's xscale sets them",
                variable=edit.name,
            )
        out += _attr(data, xscale, "min", xs[0]) + _attr(data, xscale, "max", xs[-1])
    elif xpts is None:
        raise WindfallError(
            path, "graphical function has neither xpts nor xscale", variable=edit.name
        )
    return out
