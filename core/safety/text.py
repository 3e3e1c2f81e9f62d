"""Checks of raw model text before PySD parses it, and PySD's parsers made literal-only.

PySD's Vensim and XMILE visitors call `eval()` on pieces of model text (lookup range
brackets, numbers, quoted strings). Here those pieces must be plain numbers and brackets
before parsing starts, and the visitors' `eval` is replaced by a literal-only evaluator,
so neither layer alone has to be perfect.
"""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path

from lxml import etree

from windfall.core.errors import WindfallError

MAX_NESTING = 100
# Subscript elements a whole model may define through numbered ranges `(A1-A1000)`.
MAX_RANGE_ELEMENTS = 100_000
# Points in one lookup table: PySD parses each for milliseconds, and an inline table of
# hundreds of thousands would keep translation busy for many minutes.
MAX_LOOKUP_POINTS = 10_000
# A Vensim numbered subscript range `(A1-A1000000)`, which PySD expands element by element.
_NUMBERED_RANGE = re.compile(r"\(\s*([^\W\d][\w ]*?)\s*(\d+)\s*-\s*\1\s*(\d+)\s*\)")
_NUMBER = r"\s*[+-]?\s*(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)\s*"
_POINT = rf"\(\s*{_NUMBER},{_NUMBER}\)"
_LIMITS = re.compile(rf"\s*{_POINT}\s*-\s*{_POINT}\s*")
_BRACKET = re.compile(r"\[([^\]]*)\]")
_QUOTED = re.compile(r'"(?:\\.|[^"\\])*"')
# Module-level names PySD's builder writes into every generated model file.
GENERATED_MODULE_NAMES = frozenset(
    "component _root _subscript_dict _namespace _dependencies _control_vars "
    "_init_outer_references __data __pysd_version__ _params".split()
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A number written in model text (not digits inside a name such as `a1`).
_LITERAL = re.compile(r"(?<![\w.])(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![\w.])")
_PAIR = re.compile(rf"\({_NUMBER},{_NUMBER}\)")


def _literal_only(text, *args, **kwargs):
    """Stand-in for `eval` in PySD's parsers: numbers, strings and tuples of them only."""
    if args or kwargs or not isinstance(text, str):
        raise ValueError("model text may only contain literal values here")
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as exc:
        raise ValueError(f"not a literal value: {text.strip()[:60]!r}") from exc


def harden_pysd_parsers() -> None:
    """Make PySD's translator modules evaluate model text as literals only (idempotent)."""
    from pysd.builders.python.namespace import NamespaceManager
    from pysd.translators.vensim import vensim_element
    from pysd.translators.xmile import xmile_element

    for module in (vensim_element, xmile_element):
        module.eval = _literal_only
    # A variable named like an object the generated module binds for itself (`component`,
    # its decorator) would rebind it: PySD renames such variables (`component_1`) instead.
    NamespaceManager._reserved_words |= GENERATED_MODULE_NAMES


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _check_brackets(text: str, path: Path, base: int = 0, full: str | None = None) -> None:
    """Any bracket holding a parenthesis must be a numeric lookup range `[(x,y)-(x,y)]`."""
    for match in _BRACKET.finditer(text):
        content = _QUOTED.sub("", match.group(1))
        if ("(" in content or ")" in content) and not _LIMITS.fullmatch(match.group(1)):
            line = _line_of(full or text, base + match.start())
            shown = match.group(0)[:60]
            raise WindfallError(
                path, f"lookup range '{shown}' must be numbers like [(0,0)-(10,1)]", line=line
            )


def _check_nesting(text: str, path: Path, base: int = 0, full: str | None = None) -> None:
    depth = 0
    for index, char in enumerate(_QUOTED.sub(lambda m: " " * len(m.group(0)), text)):
        if char in "([":
            depth += 1
            if depth > MAX_NESTING:
                line = _line_of(full or text, base + index)
                raise WindfallError(
                    path, f"expression nested more than {MAX_NESTING} levels deep", line=line
                )
        elif char in ")]":
            depth -= 1


def _check_ranges(text: str, path: Path, base: int, full: str, total: int = 0) -> int:
    """Refuse numbered ranges past the limit, alone or summed over the model; new total."""
    for match in _NUMBERED_RANGE.finditer(text):
        count = abs(int(match.group(3)) - int(match.group(2))) + 1
        total += count
        if count > MAX_RANGE_ELEMENTS or total > MAX_RANGE_ELEMENTS:
            what = (
                f"subscript range of {count:,} elements"
                if count > MAX_RANGE_ELEMENTS
                else (f"subscript ranges of {total:,} elements in all")
            )
            raise WindfallError(
                path,
                f"{what} (limit {MAX_RANGE_ELEMENTS:,})",
                line=_line_of(full, base + match.start()),
            )
    return total


def _check_numbers(text: str, path: Path, base: int = 0, full: str | None = None) -> None:
    """Every number must be a finite float: `1e999` or a 400-digit integer is refused
    here, with its line, instead of reaching generated code as `inf` or a bignum."""
    for match in _LITERAL.finditer(_QUOTED.sub(lambda m: " " * len(m.group(0)), text)):
        if not math.isfinite(float(match.group())):
            shown = match.group()[:30] + ("..." if len(match.group()) > 30 else "")
            raise WindfallError(
                path,
                f"number '{shown}' is too large (beyond about 1.8e308)",
                line=_line_of(full or text, base + match.start()),
            )


def _check_lookup_size(text: str, path: Path, base: int = 0, full: str | None = None) -> None:
    points = len(_PAIR.findall(_BRACKET.sub("", text)))  # the range bracket is no point
    if points > MAX_LOOKUP_POINTS:
        raise WindfallError(
            path,
            f"lookup of {points:,} points (limit {MAX_LOOKUP_POINTS:,})",
            line=_line_of(full or text, base),
        )


def check_mdl_text(text: str, path: Path) -> None:
    """Refuse Vensim text whose equations hold what PySD would evaluate or recurse on."""
    # The sketch section after the marker is drawing data PySD never evaluates.
    sketch = text.find("\\\\\\---///")
    body = text if sketch < 0 else text[:sketch]
    control = _CONTROL.search(body)
    if control:
        line = _line_of(text, control.start())
        raise WindfallError(
            path, f"control character 0x{ord(control.group()):02x} in model text", line=line
        )
    offset = total = 0
    for entry in body.split("|"):
        equation = entry.split("~", 1)[0]
        _check_brackets(equation, path, offset, text)
        _check_nesting(equation, path, offset, text)
        total = _check_ranges(equation, path, offset, text, total)
        _check_numbers(equation, path, offset, text)
        _check_lookup_size(equation, path, offset, text)
        offset += len(entry) + 1


def _xml_parser() -> etree.XMLParser:
    # recover=True matches what PySD's own reader accepts (e.g. undeclared vendor
    # prefixes); entities, DTDs and the network stay off.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_pis=True,
        encoding="utf-8",
    )


def canonical_xmile(data: bytes, path: Path) -> bytes:
    """Parse XMILE safely and re-serialise it as plain UTF-8 with no DTD or entities."""
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise WindfallError(path, "XML document type declarations and entities are not accepted")
    parser = _xml_parser()
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise WindfallError(path, f"not valid XML ({exc})") from None
    # Recovery is only for undeclared vendor prefixes; a truncated or broken file is refused.
    for error in parser.error_log:
        if error.domain_name != "NAMESPACE" and error.level_name in ("ERROR", "FATAL"):
            raise WindfallError(path, f"not valid XML ({error.message})", line=error.line)
    if root is None or _local(root).lower() != "xmile":
        raise WindfallError(path, "not an XMILE model (no <xmile> root element)")
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise WindfallError(
                path, "XML entity references are not accepted", line=node.sourceline
            )
        if node.tag is etree.Comment:
            continue
        if _local(node) in ("eqn", "doc") or node.get("name"):
            _check_xmile_node(node, path)
        if _local(node) in _XMILE_NUMERIC:
            _check_xmile_numbers(node, path)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _local(node) -> str:
    """The tag without namespace or vendor prefix (vendor prefixes may be undeclared)."""
    if not isinstance(node.tag, str):
        return ""
    return node.tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


# XMILE elements whose text or attributes PySD reads as numbers or expressions.
_XMILE_NUMERIC = {"eqn", "xpts", "ypts", "start", "stop", "dt", "xscale", "yscale", "dim"}


def _check_xmile_numbers(node, path: Path) -> None:
    """Numbers finite, lookups and dimensions within the same limits as in Vensim text."""
    text = " ".join([node.text or "", *(node.get(a) or "" for a in ("min", "max"))])
    try:
        _check_numbers(text, path)
        if _local(node) in ("xpts", "ypts"):
            points = text.count(node.get("sep") or ",") + 1
            if points > MAX_LOOKUP_POINTS:
                raise WindfallError(
                    path, f"lookup of {points:,} points (limit {MAX_LOOKUP_POINTS:,})"
                )
        size = (node.get("size") or "0").strip()
        if _local(node) == "dim" and (not size.isdigit() or int(size) > MAX_RANGE_ELEMENTS):
            raise WindfallError(
                path,
                f"dimension '{node.get('name')}' of size '{size[:30]}' "
                f"(limit {MAX_RANGE_ELEMENTS:,})",
            )
    except WindfallError as exc:
        raise WindfallError(path, exc.cause, line=node.sourceline) from None


def _check_xmile_node(node, path: Path) -> None:
    text = node.text or ""
    control = _CONTROL.search(text + (node.get("name") or ""))
    if control:
        raise WindfallError(
            path, f"control character 0x{ord(control.group()):02x}", line=node.sourceline
        )
    if _local(node) == "eqn":
        try:
            _check_brackets(text, path)
            _check_nesting(text, path)
        except WindfallError as exc:
            raise WindfallError(path, exc.cause, line=node.sourceline) from None
