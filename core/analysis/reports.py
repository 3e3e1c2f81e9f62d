"""Analysis reports: an optimisation's, calibration's, policy map's or sensitivity analysis's
result as JSON, written by `--report` and read back to chart it (e.g. in a briefing pack).

A report read back is hostile input like any user file: read bounded, decoded strictly, and
checked against its kind's shape before anything uses it, so a chart never meets a wrong type.
Numbers that are not finite are written as null.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_text_atomic
from windfall.core.io.userfile import parse_structured, read_user_text
from windfall.core.version import __version__

MAX_REPORT_BYTES = 32 * 1024 * 1024
NUMBER = "number"  # a finite number or null
NUMBERS = [NUMBER]
TEXT = "text"
FLAG = "flag"
ANY_KEYS = "*"

_MODEL = {"file": TEXT, "sha256": TEXT}
_SERIES = {ANY_KEYS: {ANY_KEYS: NUMBERS}}
_FIT = {
    "name": TEXT,
    "points": NUMBER,
    "r2": NUMBER,
    "mape": NUMBER,
    "mae": NUMBER,
    "rmse": NUMBER,
    "theil_um": NUMBER,
    "theil_us": NUMBER,
    "theil_uc": NUMBER,
}
_PARAMETER = {
    "name": TEXT,
    "low": NUMBER,
    "high": NUMBER,
    "estimate": NUMBER,
    "ci_low": NUMBER,
    "ci_high": NUMBER,
}
_OBSERVED = {
    "times": NUMBERS,
    "observed": NUMBERS,
    "residuals": NUMBERS,
    "fitted": NUMBERS,
    "baseline": NUMBERS,
}
SHAPES: dict[str, dict] = {
    "optimize": {
        "model": _MODEL,
        "method": TEXT,
        "runs": NUMBER,
        "feasible": FLAG,
        "levers": [{"name": TEXT, "low": NUMBER, "high": NUMBER, "value": NUMBER}],
        "objective": {"text": TEXT, "value": NUMBER, "baseline": NUMBER},
        "constraints": [
            {
                "text": TEXT,
                "value": NUMBER,
                "baseline": NUMBER,
                "threshold": NUMBER,
                "op": TEXT,
                "variable": TEXT,
                "start": NUMBER,
                "end": NUMBER,
            }
        ],
        "history": NUMBERS,
        "times": NUMBERS,
        "series": _SERIES,
    },
    "map": {
        "model": _MODEL,
        "x": {"name": TEXT, "low": NUMBER, "high": NUMBER},
        "y": {"name": TEXT, "low": NUMBER, "high": NUMBER},
        "outcome": TEXT,
        "units": TEXT,
        "xs": NUMBERS,
        "ys": NUMBERS,
        "values": [NUMBERS],
        "threshold": NUMBER,
        "start": {"x": NUMBER, "y": NUMBER, "value": NUMBER},
        "contours": [{"level": NUMBER, "segments": [NUMBERS]}],
        "threshold_contour": [NUMBERS],
    },
    "sensitivity": {
        "model": _MODEL,
        "method": TEXT,
        "outcome": TEXT,
        "units": TEXT,
        "n": NUMBER,
        "seed": NUMBER,
        "runs": NUMBER,
        "base": NUMBER,
        "varies": [TEXT],
        "names": [TEXT],
        "indices": {ANY_KEYS: NUMBERS},
        "notes": [TEXT],
    },
    "calibrate": {
        "model": _MODEL,
        "data": {"file": TEXT, "points": NUMBER},
        "interval": TEXT,
        "confidence": NUMBER,
        "payoff": NUMBER,
        "baseline_payoff": NUMBER,
        "runs": NUMBER,
        "parameters": [_PARAMETER],
        "at_bound": [TEXT],
        "fits": [_FIT],
        "times": NUMBERS,
        "series": {ANY_KEYS: _OBSERVED},
    },
}


def _clean(value):
    """JSON-ready: non-finite floats become null, numpy scalars plain numbers."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (bool, int, str)) or value is None:
        return value
    number = float(value)
    return number if math.isfinite(number) else None


def save_report(report: dict, path: str | Path) -> None:
    """Write a report atomically as JSON, stamped with the Windfall version."""
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise WindfallError(path, "reports are written as .json")
    data = {"windfall": __version__, **_clean(report)}
    write_text_atomic(path, json.dumps(data, indent=1, allow_nan=False) + "\n")


def load_report(path: str | Path) -> dict:
    """A report checked against its kind's shape; WindfallError naming the bad entry."""
    path = Path(path)
    text = read_user_text(path, MAX_REPORT_BYTES)
    data = parse_structured(path, text, "report")
    if not isinstance(data, dict) or data.get("kind") not in SHAPES:
        kinds = ", ".join(SHAPES)
        raise WindfallError(path, f"not a Windfall analysis report (kind must be one of {kinds})")
    _check(path, data, SHAPES[data["kind"]], "")
    return data


def _check(path: Path, value, shape, where: str) -> None:
    if shape == NUMBER:
        ok = value is None or (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
        _require(path, ok, where, "a number")
    elif shape == TEXT:
        _require(path, isinstance(value, str), where, "text")
    elif shape == FLAG:
        _require(path, isinstance(value, bool), where, "true or false")
    elif isinstance(shape, list):
        _require(path, isinstance(value, list), where, "a list")
        for i, item in enumerate(value):
            _check(path, item, shape[0], f"{where}[{i}]")
    else:
        _require(path, isinstance(value, dict), where, "a table")
        if ANY_KEYS in shape:
            for key, item in value.items():
                _check(path, item, shape[ANY_KEYS], f"{where}.{key}")
            return
        for key, item_shape in shape.items():
            _require(path, key in value, f"{where}.{key}", "present")
            _check(path, value[key], item_shape, f"{where}.{key}")


def _require(path: Path, ok: bool, where: str, what: str) -> None:
    if not ok:
        raise WindfallError(path, f"report entry '{where.lstrip('.') or 'top'}' must be {what}")
