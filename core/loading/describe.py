"""Build a ModelDescription from PySD's loaded model plus the raw model text."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from windfall.core.formats.mdl_text import MdlText
from windfall.core.formats.names import fold_name
from windfall.core.formats.xmile_text import XmileVariable
from windfall.core.model.description import (
    CONTROL_NAMES,
    ControlInfo,
    ModelDescription,
    VariableInfo,
)

_KIND_BY_TYPE = {"Constant": "constant", "Lookup": "lookup", "Data": "data"}


def _finite(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _flat_deps(deps: dict, name: str, seen: set[str] | None = None) -> set[str]:
    """Direct model-variable dependencies of `name`, looking through stateful objects."""
    seen = seen if seen is not None else set()
    out: set[str] = set()
    for key, sub in (deps.get(name) or {}).items():
        if key in ("initial", "step") and isinstance(sub, dict):
            for inner in sub:
                out |= _resolve(deps, inner, seen)
        elif not key.startswith("__"):
            out |= _resolve(deps, key, seen)
    return out


def _resolve(deps: dict, key: str, seen: set[str]) -> set[str]:
    if not key.startswith("_"):
        return {key}
    if key in seen:
        return set()
    seen.add(key)
    return _flat_deps(deps, key, seen)


def _stock_flows(deps: dict) -> set[str]:
    flows: set[str] = set()
    for key, sub in deps.items():
        if key.startswith("_integ") and isinstance(sub, dict):
            flows |= set((sub.get("step") or {}).keys())
    return flows


def _kind(doc_type: str, subtype: str, py_name: str, flows: set[str]) -> str:
    if doc_type == "Stateful" and "Integ" in str(subtype):
        return "stock"
    if doc_type in _KIND_BY_TYPE:
        return _KIND_BY_TYPE[doc_type]
    return "flow" if py_name in flows else "auxiliary"


def _constant_value(components, py_name: str) -> float | None:
    try:
        value = getattr(components, py_name)()
    except Exception:  # a constant that needs run-time state has no single value
        return None
    if isinstance(value, (int, float, np.floating, np.integer)):
        return _finite(value)
    return None


def _lookup_points(components, deps: dict, py_name: str):
    obj_name = (deps.get(py_name) or {}).get("__lookup__")
    obj = getattr(components, obj_name, None) if obj_name else None
    data = getattr(obj, "data", None)
    if data is None or getattr(data, "ndim", 0) != 1:
        return None, None
    xs = np.asarray(data.coords[data.dims[0]].values, dtype=float)
    return xs.tolist(), np.asarray(data.values, dtype=float).tolist()


def _raw_info(source, name: str) -> dict:
    """Equation, units, range, doc and line as written in the model file."""
    if isinstance(source, MdlText):
        entries = source.entries_for(name)
        if not entries:
            return {}
        first = next((e for e in entries if e.units or e.doc), entries[0])
        return {
            "equation": "\n".join(
                f"{e.lhs} = {e.equation}" if "[" in e.lhs else e.equation for e in entries
            ),
            "units": first.units,
            "range": first.range,
            "doc": first.doc,
            "line": entries[0].line,
            "group": source.views.get(fold_name(name)) or first.group,
        }
    if isinstance(source, dict):
        var: XmileVariable | None = source.get(fold_name(name))
        if var is None:
            return {}
        return {
            "equation": var.equation,
            "units": var.units,
            "range": var.range,
            "doc": var.doc,
            "line": var.line,
            "group": var.group,
        }
    return {}


def describe_model(pysd_model, source) -> ModelDescription:
    """Describe every variable of a loaded PySD model; `source` is MdlText or XMILE vars."""
    doc = pysd_model.doc
    deps = pysd_model.dependencies
    components = pysd_model.components
    flows = _stock_flows(deps)
    real_by_py = {row["Py Name"]: row["Real Name"] for _, row in doc.iterrows()}
    variables: list[VariableInfo] = []
    controls: dict[str, ControlInfo] = {}
    time_units = ""
    for _, row in doc.iterrows():
        name, py_name = str(row["Real Name"]), str(row["Py Name"])
        if py_name == "time":
            continue
        raw = _raw_info(source, name)
        units = raw.get("units") or _text(row.get("Units"))
        if fold_name(name) in CONTROL_NAMES:
            key = CONTROL_NAMES[fold_name(name)]
            controls[key] = ControlInfo(
                name=name,
                key=key,
                value=_control_value(components, py_name),
                units=units,
                equation=raw.get("equation", ""),
            )
            time_units = time_units or units
            continue
        variables.append(_variable(row, raw, units, deps, flows, components, real_by_py))
    _link_used_by(variables)
    return ModelDescription(variables=variables, controls=controls, time_units=time_units)


def _variable(row, raw, units, deps, flows, components, real_by_py) -> VariableInfo:
    name, py_name = str(row["Real Name"]), str(row["Py Name"])
    kind = _kind(str(row.get("Type")), str(row.get("Subtype")), py_name, flows)
    lo, hi, step = raw.get("range") or (None, None, None)
    if lo is None and hi is None:
        limits = row.get("Limits")
        if isinstance(limits, tuple) and len(limits) >= 2:
            lo, hi = _finite(limits[0]), _finite(limits[1])
    subscripts = row.get("Subscripts")
    info = VariableInfo(
        name=name,
        py_name=py_name,
        kind=kind,
        units=units,
        min=lo,
        max=hi,
        step=step,
        doc=raw.get("doc") or _text(row.get("Comment")),
        equation=raw.get("equation", ""),
        depends_on=_names(_flat_deps(deps, py_name), real_by_py),
        group=raw.get("group"),
        subscripts=list(subscripts) if isinstance(subscripts, (list, tuple)) else [],
        line=raw.get("line"),
    )
    if kind == "constant" and not info.subscripts:
        info.value = _constant_value(components, py_name)
    if kind == "lookup":
        info.lookup_x, info.lookup_y = _lookup_points(components, deps, py_name)
    return info


def _control_value(components, py_name: str) -> float | None:
    try:
        return _finite(getattr(components, py_name)())
    except Exception:  # a time setting defined by an expression not yet computable
        return None


def _names(py_names: Iterable[str], real_by_py: dict[str, str]) -> list[str]:
    return sorted(real_by_py.get(p, p) for p in py_names)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return " ".join(str(value).split())


def _link_used_by(variables: list[VariableInfo]) -> None:
    by_name = {v.name: v for v in variables}
    for var in variables:
        for dep in var.depends_on:
            if dep in by_name and var.name not in by_name[dep].used_by:
                by_name[dep].used_by.append(var.name)
    for var in variables:
        var.used_by.sort()
