"""Windfall's fast engine: PySD's abstract model compiled into a numpy evaluation plan.

Translation lowers the abstract model to a plan (data, kept in the cache entry as JSON);
loading compiles the plan into Python built only from Windfall's own tokens. Models the
engine does not cover keep running on PySD's runtime, with the reason recorded.
"""

from __future__ import annotations

import json
from pathlib import Path

from windfall.core.engine.engine import Engine
from windfall.core.engine.plan import PLAN_VERSION, Declined, dumps, eval_controls
from windfall.core.io.atomic import write_text_atomic

PLAN_FILE = "engine_plan.json"
__all__ = ["Declined", "Engine", "PLAN_FILE", "build_plan", "load_engine", "write_plan"]


def build_plan(abstract) -> tuple[dict | None, str]:
    """(plan, "") for an abstract model, or (None, why the engine declines it)."""
    from windfall.core.engine.lower import lower_model

    try:
        plan = lower_model(abstract)
        eval_controls(plan, {})  # time settings must be fixed numbers
        Engine(plan).compile_default()  # prove it schedules and compiles
    except Declined as exc:
        return None, str(exc)
    except RecursionError:
        return None, "model is too deeply nested for the engine"
    except Exception as exc:  # never fail a translation: PySD's runtime still runs it
        return None, f"engine cannot plan this model ({type(exc).__name__}: {exc})"
    return plan, ""


def write_plan(folder: Path, abstract) -> None:
    """Store the plan (or the reason there is none) in a cache entry being built."""
    plan, reason = build_plan(abstract)
    record = {"accepted": plan is not None, "reason": reason, "plan": plan}
    write_text_atomic(Path(folder) / PLAN_FILE, dumps(record))


def load_engine(folder: Path) -> tuple[Engine | None, str]:
    """The engine for a cache entry, or (None, why the model runs on PySD)."""
    path = Path(folder) / PLAN_FILE
    if not path.is_file():
        return None, "cache entry has no engine plan"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if not record["accepted"]:
            return None, str(record["reason"])
        if record["plan"].get("version") != PLAN_VERSION:
            return None, "stored engine plan has another format version"
        return Engine(record["plan"]), ""
    except (Declined, KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        return None, f"stored engine plan is unusable ({type(exc).__name__})"
