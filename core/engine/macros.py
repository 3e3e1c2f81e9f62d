"""Vensim macros in the plan: every call gets its own copy of the macro's equations.

PySD runs each call as a separate Macro object with its own states; inlining a fresh set of
nodes per call, with the call's arguments in place of the parameters, does the same.
"""

from __future__ import annotations

from windfall.core.engine.plan import Declined

MAX_DEPTH = 8  # macros calling macros; deeper (or recursive) definitions are declined


def inline_macro(caller, section, args: list) -> list:
    """Lower one call of `section` inside `caller`; the expression of the macro's result."""
    if section.returns:
        raise Declined(f"macro '{section.name}' has more than one output")
    if len(args) != len(section.params):
        raise Declined(f"macro '{section.name}' called with {len(args)} arguments")
    if caller.depth >= MAX_DEPTH:
        raise Declined("macros call each other too deeply")
    body = type(caller)(section, caller.macros, parent=caller)
    for param, arg in zip(section.params, args, strict=True):
        body.index[body.name_to_py[param]] = ("arg", caller.hoist_expr(arg))
    body.lower_elements()
    slot = body.index.get(body.clean_to_py.get(section.name))
    if slot is None or slot[0] != "node":
        raise Declined(f"macro '{section.name}' does not define its result")
    return ["n", slot[1]]
