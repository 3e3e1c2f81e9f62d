"""Make PySD's abstract model safe to build: every string the builder pastes into code.

PySD's builder writes some model strings into generated code without escaping them
(documentation in docstrings, macro and subscript names, data-file arguments, unknown
function names). Before building, documentation is neutralised, names that reach code
unescaped must be plain, data files are confined to the cache entry, unknown functions are
refused, and powers get a float base (Python's exact integer power would never finish
10^300000000).
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np
from pysd.builders.python.python_functions import functionspace
from pysd.translators.structures.abstract_expressions import (
    ArithmeticStructure,
    CallStructure,
    DataStructure,
    ReferenceStructure,
)

from windfall.core.errors import WindfallError
from windfall.core.safety.datafiles import confine_reference

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_UNSAFE = re.compile(r"['\"\\\x00-\x1f\x7f]")
_UNSAFE_IN_QUOTES = re.compile(r"['\\\x00-\x1f\x7f]")
_PLAIN_NAME = re.compile(r"[^\W\d][\w ]*", re.UNICODE)
# PySD keeps every cell of every array as an output column: one variable of millions of
# cells keeps a run formatting its output for minutes, so both are bounded.
MAX_ARRAY_CELLS = 100_000
MAX_MODEL_CELLS = 1_000_000
_TIME_SETTINGS = ("INITIAL TIME", "FINAL TIME", "TIME STEP")
# Fields whose text PySD only ever emits through repr() or turns into identifiers.
_REPR_FIELDS = {"name", "reference", "units"}


class _Context:
    """What the walk needs to know: where it is, for errors, and what names exist."""

    def __init__(self, model_path: Path, staging: Path, known_calls: set[str]) -> None:
        self.model_path = model_path
        self.staging = staging
        self.known_calls = known_calls
        self.known_refs: set[str] = set()
        self.element: str | None = None

    def refuse(self, cause: str) -> WindfallError:
        return WindfallError(self.model_path, cause, variable=self.element)


def _clean(name: str) -> str:
    return name.lower().replace(" ", "_")


def _shown(reference: str) -> str:
    return reference.replace("_", " ")[:60]


def _safe_documentation(text: str) -> str:
    # A double quote could close PySD's generated docstring.
    return _CONTROL.sub(" ", text).replace('"', "'")


def _check_plain(value: str, field: str, ctx: _Context) -> str:
    if _UNSAFE.search(value):
        raise ctx.refuse(f"{field} '{value[:60]}' contains quotes, backslashes or control codes")
    return value


def _data_file(value: str, ctx: _Context) -> str:
    ref = value.replace("\\", "/")
    _check_plain(ref, "data file name", ctx)
    return confine_reference(ref, ctx.model_path, ctx.staging)


def _power(base, exponent):
    """`base ^ exponent` with a float base: Python's float power is what PySD computes
    for every honest model, bit for bit, but it never runs an exact integer power
    (10^300000000 would not finish); an overflow raises instead of hanging."""
    if isinstance(base, (int, float)) and not isinstance(base, bool) and base < 0:
        # PySD writes `-2**2`, which Python reads as -(2**2): keep that meaning.
        return ArithmeticStructure(["negative"], (_power(-base, exponent),))
    as_float = ArithmeticStructure(["*"], (1.0, base))
    return ArithmeticStructure(["^"], (as_float, exponent))


def _rewrite_arithmetic(node: ArithmeticStructure, ctx: _Context):
    if "^" not in node.operators or _is_float_power(node):
        return node
    if any(op != "^" for op in node.operators):
        raise ctx.refuse("unexpected mix of operators around '^'")
    # PySD emits a**b**c, which Python groups from the right: keep that grouping.
    result = node.arguments[-1]
    for base in reversed(node.arguments[:-1]):
        result = _power(base, result)
    return result


def _is_float_power(node: ArithmeticStructure) -> bool:
    """Already rewritten: a single `^` whose base is `1.0 * ...`."""
    base = node.arguments[0]
    return (
        node.operators == ["^"]
        and isinstance(base, ArithmeticStructure)
        and base.operators == ["*"]
        and base.arguments[0] == 1.0
    )


def _check_call(node: CallStructure, ctx: _Context) -> None:
    name = node.function.reference
    if name in functionspace or name == "a_function_of":
        return
    if _clean(name) not in ctx.known_calls:
        raise ctx.refuse(f"unknown function '{_shown(name).upper()}'")


def _walk(value, field: str, ctx: _Context):
    """Return `value` made safe: strings checked or neutralised, powers rewritten."""
    if isinstance(value, str):
        if field == "documentation":
            return _safe_documentation(value)
        if field == "file":
            return _data_file(value, ctx)
        if field in _REPR_FIELDS:
            if _CONTROL.search(value):
                raise ctx.refuse(f"{field} contains control codes")
            return value
        return _check_plain(value, field, ctx)
    if isinstance(value, float) and math.isinf(value) and field != "limits":
        raise ctx.refuse("a number in its definition is too large (infinite)")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_walk(item, field, ctx) for item in value)
    if isinstance(value, dict):
        if "file" in value:  # a subscript range read from a data file
            return {k: _walk(v, k, ctx) for k, v in value.items()}
        return {_walk(k, field, ctx): _walk(v, field, ctx) for k, v in value.items()}
    if isinstance(value, (np.ndarray, np.generic, Path)):
        return value
    if not dataclasses.is_dataclass(value):
        raise ctx.refuse(f"unexpected object '{type(value).__name__}' in the parsed model")
    if isinstance(value, CallStructure):
        _check_call(value, ctx)
        value.arguments = _walk(value.arguments, "arguments", ctx)
        return value
    if isinstance(value, ReferenceStructure) and value.reference not in ctx.known_refs:
        # PySD would fail later with a bare KeyError deep in its builder.
        raise ctx.refuse(f"refers to undefined variable '{_shown(value.reference)}'")
    for spec in dataclasses.fields(value):
        setattr(value, spec.name, _walk(getattr(value, spec.name), spec.name, ctx))
    if isinstance(value, ArithmeticStructure):
        return _rewrite_arithmetic(value, ctx)
    return value


def _check_macro(section, index: int, ctx: _Context) -> None:
    for name in [section.name, *section.params, *section.returns]:
        if not _PLAIN_NAME.fullmatch(name.strip()):
            raise ctx.refuse(f"macro name or parameter '{name[:60]}' must be plain words")
    # The macro's code file gets a name Windfall chooses, never one from the model.
    section.path = ctx.staging / f"macro_{index}.py"


def _known_references(section) -> set[str]:
    """What a reference may name in this section: variables, parameters, subscripts."""
    known = {"time"} | {_clean(e.name) for e in section.elements}
    known |= {_clean(p) for p in section.params}
    for subscript_range in section.subscripts:
        known |= {subscript_range.name, _clean(subscript_range.name)}
        if isinstance(subscript_range.subscripts, list):
            known |= set(subscript_range.subscripts)
            known |= {_clean(s) for s in subscript_range.subscripts}
    return known


def _range_sizes(section) -> dict[str, int]:
    """How many elements each subscript range of the section has (file ranges: unknown)."""
    ranges = {r.name: r.subscripts for r in section.subscripts}
    sizes: dict[str, int] = {}
    for name, definition in ranges.items():
        for _ in range(len(ranges)):  # follow copies of other ranges, never in a loop
            if not isinstance(definition, str):
                break
            definition = ranges.get(definition)
        sizes[name] = len(definition) if isinstance(definition, list) else 1
    return sizes


def _check_array_size(element, sizes: dict[str, int], ctx: _Context, total: int) -> int:
    """An element holds the product of its ranges' sizes: refuse what would fill memory
    or the run's output, alone or with the model's other arrays; return the new total."""
    for component in element.components:
        cells = 1
        for name in component.subscripts[0] if component.subscripts else ():
            cells *= sizes.get(name, 1)
        if cells > MAX_ARRAY_CELLS:
            raise ctx.refuse(f"array of {cells:,} values (limit {MAX_ARRAY_CELLS:,})")
        total += cells
        if total > MAX_MODEL_CELLS:
            raise ctx.refuse(f"arrays of {total:,} values in all (limit {MAX_MODEL_CELLS:,})")
    return total


def _check_single_definition(element, ctx: _Context) -> None:
    # PySD would build the same equation twice and fail with an unrelated message.
    seen = []
    for component in element.components:
        if component.subscripts in seen:
            raise ctx.refuse("is defined more than once")
        seen.append(component.subscripts)


def _check_data_name(element, ctx: _Context) -> None:
    # PySD writes a data variable's name between single quotes, unescaped.
    if any(isinstance(c.ast, DataStructure) for c in element.components):
        if _UNSAFE_IN_QUOTES.search(element.name):
            raise ctx.refuse("a data variable's name may not contain quotes or backslashes")


def make_abstract_safe(abstract, model_path: Path, staging: Path, main_file: Path) -> None:
    """Check and rewrite PySD's abstract model in place, before the builder sees it."""
    known = {"time"}
    for section in abstract.sections:
        known |= {_clean(element.name) for element in section.elements}
        known |= {_clean(section.name)} if section.type == "macro" else set()
    ctx = _Context(model_path, staging, known)
    abstract.original_path = main_file
    for index, section in enumerate(abstract.sections):
        if index == 0:
            section.path = main_file
        else:
            _check_macro(section, index, ctx)
        section.subscripts = _walk(section.subscripts, "subscripts", ctx)
        ctx.known_refs = _known_references(section)
        sizes = _range_sizes(section)
        cells = 0
        for element in section.elements:
            ctx.element = element.name
            _check_data_name(element, ctx)
            _check_single_definition(element, ctx)
            cells = _check_array_size(element, sizes, ctx, cells)
            for spec in dataclasses.fields(element):
                setattr(element, spec.name, _walk(getattr(element, spec.name), spec.name, ctx))
        ctx.element = None
        # Never built: constraints, test inputs, and split views (their main module execs
        # code loaded from extra files).
        section.constraints = ()
        section.test_inputs = ()
        section.split = False
        section.views_dict = None


def check_time_settings(abstract, model_path: Path) -> None:
    """A model must define its time settings: PySD would build it anyway and then fail to
    load it on a name of its own generated code."""
    defined = {_clean(element.name) for element in abstract.sections[0].elements}
    missing = [name for name in _TIME_SETTINGS if _clean(name) not in defined]
    if missing:
        raise WindfallError(
            model_path, f"cannot run this model: it does not define {', '.join(missing)}"
        )
