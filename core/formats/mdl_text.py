"""Read the raw text of a Vensim .mdl file into entries with their exact places.

PySD normalises whitespace and drops the `step` of `[min,max,step]`; Windfall needs the
equations as written, the full declared range, the line of each entry (for error messages)
and the character spans (for saving edits back without touching anything else).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from windfall.core.formats.names import fold_name

SKETCH_MARK = "\\\\\\---///"
_GROUP = re.compile(r"^\*{5,}\s*\n\s*\.?(?P<name>[^\n]*?)\s*\n\s*\*{5,}", re.M)
_RANGE = re.compile(r"\[(?P<body>[^\[\]]*)\]\s*$")


@dataclass
class MdlEntry:
    """One `lhs = rhs ~ units ~ doc |` entry, with spans into the file's text."""

    name: str
    lhs: str
    equation: str
    units: str
    range: tuple[float | None, float | None, float | None]
    doc: str
    line: int
    group: str | None
    span: tuple[int, int]
    rhs_span: tuple[int, int]
    units_span: tuple[int, int]
    in_macro: bool = False


@dataclass
class MdlText:
    """A parsed .mdl: its entries in file order, and the sketch's views per variable."""

    text: str
    entries: list[MdlEntry] = field(default_factory=list)
    views: dict[str, str] = field(default_factory=dict)
    _by_name: dict[str, list[MdlEntry]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def entries_for(self, name: str) -> list[MdlEntry]:
        """The entries defining `name` outside macros, in file order."""
        # Indexed on first use (after parsing): asking once per variable must not rescan.
        if self._by_name is None:
            self._by_name = {}
            for entry in self.entries:
                if not entry.in_macro:
                    self._by_name.setdefault(fold_name(entry.name), []).append(entry)
        return list(self._by_name.get(fold_name(name), ()))


def _split_top(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    """Split text[start:end] on `sep` outside double quotes; return spans."""
    spans, quoted, pos = [], False, start
    i = start
    while i < end:
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\\" and quoted and i + 1 < end:
            i += 1
        elif ch == sep and not quoted:
            spans.append((pos, i))
            pos = i + 1
        i += 1
    spans.append((pos, end))
    return spans


def _lhs_name(lhs: str) -> str:
    lhs = lhs.strip()
    if lhs.startswith('"'):
        close = lhs.find('"', 1)
        return lhs[: close + 1] if close > 0 else lhs
    match = re.match(r"[^=(\[:<>]*", lhs)
    return " ".join((match.group(0) if match else lhs).split())


def _split_lhs(entry: str) -> tuple[str, int]:
    """Return the LHS and the offset where the right-hand side starts."""
    quoted = False
    for i, ch in enumerate(entry):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "(" and not entry[:i].strip().endswith("]"):
            # a lookup definition `name( (x,y)... )` has no `=`
            if "=" not in entry[:i]:
                return entry[:i], i
        elif ch == "=" or (ch == ":" and entry[i : i + 2] in (":=", ":I")):
            skip = 2 if entry[i : i + 2] in ("==", ":=") else 1
            return entry[:i], i + skip
    return entry, len(entry)


def parse_range(units: str) -> tuple[float | None, float | None, float | None]:
    """Parse the `[min,max,step]` tail of a units field; `?` or absent parts are None."""
    match = _RANGE.search(units)
    if not match:
        return (None, None, None)
    parts = [p.strip() for p in match.group("body").split(",")]
    values: list[float | None] = []
    for part in (parts + ["", "", ""])[:3]:
        try:
            values.append(float(part) if part not in ("", "?") else None)
        except ValueError:
            values.append(None)
    return values[0], values[1], values[2]


def _units_only(units: str) -> str:
    return " ".join(_RANGE.sub("", units).split())


def _groups(text: str, end: int) -> list[tuple[int, str]]:
    return [(m.start(), m.group("name").strip()) for m in _GROUP.finditer(text, 0, end)]


def _sketch_views(sketch: str) -> dict[str, str]:
    """Map folded variable names to the first sketch view that shows them."""
    views: dict[str, str] = {}
    view = None
    for raw in sketch.splitlines():
        if raw.startswith("*"):
            view = raw[1:].strip()
        elif raw.startswith("10,") and view:
            fields = next(iter(_csv_fields(raw)), [])
            if len(fields) > 2:
                views.setdefault(fold_name(fields[2]), view)
    return views


def _csv_fields(line: str):
    out, cur, quoted = [], [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
            cur.append(ch)
        elif ch == "," and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    yield out


def parse_mdl_text(text: str) -> MdlText:
    """Split the equations part of a .mdl into entries, keeping exact spans and lines."""
    sketch_at = text.find(SKETCH_MARK)
    end = sketch_at if sketch_at >= 0 else len(text)
    body_start = 0
    if text.startswith("{"):
        close = text.find("}")
        body_start = close + 1 if 0 < close < 200 else 0
    result = MdlText(text=text)
    groups = _groups(text, end)
    macro_spans = [
        (m.start(), m.end())
        for m in re.finditer(r":MACRO:.*?:END OF MACRO:", text[:end], re.S | re.I)
    ]
    for start, stop in _split_top(text, body_start, end, "|"):
        _add_entry(result, text, start, stop, groups, macro_spans)
    if sketch_at >= 0:
        result.views = _sketch_views(text[sketch_at:])
    return result


def _add_entry(result, text, start, stop, groups, macro_spans) -> None:
    parts = _split_top(text, start, stop, "~")
    if len(parts) < 2:
        return
    eq_start, eq_end = parts[0]
    raw_eq = text[eq_start:eq_end]
    lead = len(raw_eq) - len(raw_eq.lstrip())
    group = None
    for gpos, gname in groups:
        if gpos <= eq_start + lead:
            group = gname
    if raw_eq.lstrip().startswith("*****") or not raw_eq.strip():
        return
    macro_text = re.match(r"\s*:MACRO:[^\n]*\n", raw_eq)
    if macro_text:
        lead = macro_text.end()
    eq_text = raw_eq[lead:]
    if eq_text.lstrip().startswith(":END OF MACRO:"):
        eq_text = eq_text.lstrip()[len(":END OF MACRO:") :]
        lead = len(raw_eq) - len(eq_text)
        eq_text = eq_text.lstrip()
        lead = len(raw_eq) - len(eq_text)
    lhs, rhs_at = _split_lhs(eq_text)
    units_start, units_end = parts[1]
    units_raw = text[units_start:units_end]
    doc = text[parts[2][0] : parts[2][1]] if len(parts) > 2 else ""
    abs_start = eq_start + lead
    result.entries.append(
        MdlEntry(
            name=_lhs_name(lhs).strip('"') if _lhs_name(lhs).startswith('"') else _lhs_name(lhs),
            lhs=" ".join(lhs.split()),
            equation=" ".join(eq_text[rhs_at:].replace("\\\n", " ").split()),
            units=_units_only(units_raw),
            range=parse_range(units_raw.strip()),
            doc=" ".join(doc.split()),
            line=text.count("\n", 0, abs_start) + 1,
            group=group,
            span=(abs_start, stop),
            rhs_span=(abs_start + rhs_at, eq_end),
            units_span=(units_start, units_end),
            in_macro=any(a <= abs_start < b for a, b in macro_spans),
        )
    )
