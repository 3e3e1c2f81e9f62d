"""The engine's plan: numbered nodes, lookup tables and control expressions, as plain data.

A plan is what `lower_model` makes from PySD's abstract model and what the cache keeps as
JSON. `Schedule` orders it: what to compute once at the start, what every step, in which
order, so that the generated code follows PySD's initialisation and Euler semantics.
"""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass

import numpy as np

PLAN_VERSION = 1
CONTROL_KEYS = ("initial_time", "final_time", "time_step", "saveper")
# Function name -> accepted argument counts; names match PySD's translator vocabulary.
FUNCTIONS = {
    "abs": (1,),
    "min": (2,),
    "max": (2,),
    "exp": (1,),
    "sin": (1,),
    "cos": (1,),
    "tan": (1,),
    "arcsin": (1,),
    "arccos": (1,),
    "arctan": (1,),
    "sinh": (1,),
    "cosh": (1,),
    "tanh": (1,),
    "sqrt": (1,),
    "ln": (1,),
    "log": (2,),
    "power": (2,),
    "integer": (1,),
    "quantum": (2,),
    "modulo": (2,),
    "xidz": (3,),
    "zidz": (2,),
    "step": (2,),
    "ramp": (2, 3),
    "pulse": (2,),
    "pulse_train": (4,),
}
# Functions of the current time: generated code passes them time and time step first.
TIMED = ("step", "ramp", "pulse", "pulse_train")
STATE_KINDS = ("stock", "held", "sample", "fixed")
# Computed every step: auxiliaries, and ACTIVE INITIAL values (their initial form at start).
STEP_KINDS = ("aux", "active")
_BINARY = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "^": operator.pow,
}
RPREC = 1e-5  # PySD's relative precision for saving and final time


class Declined(Exception):
    """The fast engine does not cover this model; the reason says which part."""


def walk(expr):
    """Every sub-expression of `expr` (function arguments sit in a nested list)."""
    stack = [expr]
    while stack:
        item = stack.pop()
        if not isinstance(item, list) or not item:
            continue
        if isinstance(item[0], str):
            yield item
            stack.extend(part for part in item[1:] if isinstance(part, list))
        else:
            stack.extend(part for part in item if isinstance(part, list))


def deps(expr) -> set[int]:
    """Node indices an expression reads."""
    return {int(item[1]) for item in walk(expr) if item[0] == "n"}


def uses_time(expr) -> bool:
    """Whether an expression changes with time even when everything it reads is fixed."""
    return any(item[0] == "time" or (item[0] == "fn" and item[1] in TIMED) for item in walk(expr))


def _topological(items: list[int], edges: dict[int, set[int]]) -> list[int]:
    """Order `items` so every node follows what it reads; a cycle is declined."""
    order, state = [], dict.fromkeys(items, 0)
    for root in items:
        if state[root]:
            continue
        stack = [(root, iter(sorted(edges[root])))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next((c for c in children if c in state), None)
            if child is None:
                stack.pop()
                state[node] = 2
                order.append(node)
            elif state[child] == 1:
                raise Declined("circular definition among variables")
            elif state[child] == 0:
                state[child] = 1
                stack.append((child, iter(sorted(edges[child]))))
    return order


@dataclass
class Schedule:
    """Evaluation order derived from a plan."""

    init_order: list[int]
    step_order: list[int]
    states: list[int]
    static: set[int]


def schedule(plan: dict) -> Schedule:
    nodes = plan["nodes"]
    every = [i for i, n in enumerate(nodes) if n["kind"] != "check_order"]
    init_edges = {i: deps(_init_expr(nodes[i])) for i in every}
    init_order = _topological(every, init_edges)
    static = set()
    for i in init_order:
        node = nodes[i]
        if node["kind"] == "const" or (
            node["kind"] == "aux" and not uses_time(node["expr"]) and init_edges[i] <= static
        ):
            static.add(i)
    dynamic = [i for i in every if nodes[i]["kind"] in STEP_KINDS and i not in static]
    members = set(dynamic)
    step_edges = {i: deps(nodes[i]["expr"]) & members for i in dynamic}
    step_order = _topological(dynamic, step_edges)
    states = [i for i in every if nodes[i]["kind"] in STATE_KINDS]
    return Schedule(init_order, step_order, states, static)


def _init_expr(node: dict):
    kind = node["kind"]
    if kind == "aux":
        return node["expr"]
    if kind in STATE_KINDS or kind == "active":
        return node["init"]
    if kind == "fixed":
        return ["bin", "+", node["init"], node["delay"]]  # both are read at initialisation
    return None


def eval_controls(plan: dict, given: dict[str, float]) -> dict[str, float]:
    """Time settings: the caller's values first, else the model's own expressions."""
    values: dict[str, float] = {}

    def value(key: str, depth: int = 0) -> float:
        if key in given:
            return float(given[key])
        if key not in values:
            if depth > len(CONTROL_KEYS):
                raise Declined("time settings refer to each other in a circle")
            values[key] = _eval_const(plan["controls"][key], lambda k: value(k, depth + 1))
        return values[key]

    return {key: value(key) for key in CONTROL_KEYS}


def _eval_const(expr, control) -> float:
    head = expr[0]
    if head == "num":
        return float(expr[1])
    if head == "ctl":
        return control(expr[1])
    if head == "neg":
        return -_eval_const(expr[1], control)
    if head == "bin":
        a, b = _eval_const(expr[2], control), _eval_const(expr[3], control)
        return _BINARY[expr[1]](a, b)
    raise Declined("time settings use an expression the engine does not evaluate")


def time_grid(controls: dict[str, float]) -> tuple[list[float], list[bool], np.ndarray]:
    """Times PySD steps through, which of them it saves, and the saved times' index."""
    t0, tf = controls["initial_time"], controls["final_time"]
    dt, sp = controls["time_step"], controls["saveper"]
    if not (math.isfinite(t0) and math.isfinite(tf) and dt > 0 and sp > 0):
        raise Declined("time settings are not finite and positive")
    prec = dt * RPREC
    times, saves, t = [], [], t0
    if (tf - t0) / dt > 50_000_000:
        raise Declined("too many time steps")
    while True:
        times.append(t)
        delay = t - t0
        saves.append(delay % sp < prec or -delay % sp < prec)
        if not t + prec < tf:
            break
        t = t + dt
    saved = np.round(np.array(times)[np.array(saves)], -int(np.log10(prec)))
    return times, saves, saved


def dumps(plan: dict) -> str:
    return json.dumps(plan, separators=(",", ":"))
