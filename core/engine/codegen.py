"""Generate the engine's Python source from a plan, then compile it.

Safety by construction: every identifier written here is one of Windfall's (`v12`, `d3`,
`L0`, helper names from `runtime`), every number goes through `float()` and `repr`, and
operators come from fixed tables. Nothing read from a model file is ever pasted into source.
"""

from __future__ import annotations

from windfall.core.engine.plan import FUNCTIONS, TIMED, Declined, Schedule

_BIN = {"+": "+", "-": "-", "*": "*", "/": "/", "^": "**"}
_CMP = {"==": "==", "!=": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}
_CTL = {"initial_time": "t0", "final_time": "tf", "time_step": "dt", "saveper": "sp"}


def _literal(value) -> str:
    number = float(value)
    if number != number:
        return "_nan"
    if number in (float("inf"), float("-inf")):
        return "_inf" if number > 0 else "(-_inf)"
    text = repr(number)
    return f"({text})" if number < 0 else text


class _Emitter:
    def __init__(self, vector: bool, n_nodes: int, n_tables: int):
        self.vector = vector
        self.n_nodes = n_nodes
        self.n_tables = n_tables

    def node(self, index) -> str:
        index = int(index)
        if not 0 <= index < self.n_nodes:
            raise Declined("plan refers to a node that does not exist")
        return f"v{index}"

    def expr(self, e) -> str:
        head = e[0]
        if head == "num":
            return _literal(e[1])
        if head == "n":
            return self.node(e[1])
        if head == "time":
            return "t"
        if head == "ctl":
            return _CTL[e[1]]
        if head == "neg":
            return f"(-{self.expr(e[1])})"
        if head == "bin":
            return f"({self.expr(e[2])} {_BIN[e[1]]} {self.expr(e[3])})"
        if head == "cmp":
            return f"({self.expr(e[2])} {_CMP[e[1]]} {self.expr(e[3])})"
        if head in ("and", "or", "not"):
            return self._logic(head, [self.expr(a) for a in e[1:]])
        if head == "if":
            c, a, b = (self.expr(part) for part in e[1:])
            return f"_where({c}, {a}, {b})" if self.vector else f"({a} if {c} else {b})"
        if head == "lk":
            table = int(e[1])
            if not 0 <= table < self.n_tables:
                raise Declined("plan refers to a lookup that does not exist")
            return f"L{table}({self.expr(e[2])})"
        if head == "fn":
            return self._call(e[1], e[2])
        raise Declined(f"plan has an unknown expression kind {head!r}")

    def _logic(self, head: str, args: list[str]) -> str:
        if self.vector:
            return f"_{head}({', '.join(args)})"
        if head == "not":
            return f"(not {args[0]})"
        return f"(({args[0]} {head} {args[1]}) != 0)"

    def _call(self, name, args) -> str:
        if name not in FUNCTIONS or len(args) not in FUNCTIONS[name]:
            raise Declined(f"plan calls an unknown function {name!r}")
        parts = [self.expr(a) for a in args]
        if name == "step":  # PySD: value * (time + time_step / 2 > start)
            return f"({parts[0]} * (t + dt / 2 > {parts[1]}))"
        if not self.vector:
            inline = _inline_scalar(name, parts, [_simple(a) for a in args])
            if inline is not None:
                return inline
        if name in TIMED:
            parts = ["t", "dt", *parts]
        return f"F_{name}({', '.join(parts)})"


def _simple(expr) -> bool:
    """A name or a literal: safe to write twice in generated code."""
    return expr[0] in ("n", "num", "time", "ctl")


def _inline_scalar(name: str, parts: list[str], simple: list[bool]) -> str | None:
    """Float-mode helpers written in place when their arguments may be repeated."""
    if name in ("min", "max") and all(simple):
        a, b = parts
        better = "<" if name == "min" else ">"
        return f"({b} if ({b} {better} {a} or {b} != {b}) else {a})"
    if name == "zidz" and simple[1]:
        n, d = parts
        return f"(0 if -1e-06 < {d} < 1e-06 else {n} / {d})"
    if name == "xidz" and simple[1]:
        n, d, x = parts
        return f"({x} if -1e-06 < {d} < 1e-06 else {n} / {d})"
    return None


def generate(
    plan: dict, sched: Schedule, slots: list[int], vector: bool, columns: list[int] | None = None
) -> str:
    """Source of `_run(C, L, T, S, O, dt, t0, tf, sp, X)` saving `columns` (default: all).

    `X`, when given, is called every 1,024 steps and may raise to stop the run."""
    columns = plan["columns"] if columns is None else columns
    nodes = plan["nodes"]
    em = _Emitter(vector, len(nodes), len(plan["tables"]))
    slot_set = set(slots)
    lines = ["def _run(C, L, T, S, O, dt, t0, tf, sp, X):"]
    add = lines.append
    for pos in range(len(plan["tables"])):
        add(f"    L{pos} = L[{pos}]")
    for pos, index in enumerate(slots):
        add(f"    {em.node(index)} = C[{pos}]")
    add("    t = T[0]")
    _emit_init(add, em, nodes, sched, slot_set)
    add("    N = len(T)")
    add("    j = 0")
    add("    for i in range(N):")
    add("        t = T[i]")
    add("        if not i & 1023 and X is not None:")  # the caller's deadline and cancel
    add("            X()")
    for index in sched.step_order:
        if index not in slot_set:
            add(f"        {em.node(index)} = {em.expr(nodes[index]['expr'])}")
    add("        if S[i]:")
    for line in _save(em, columns, vector, sched.static):
        add("            " + line)
    add("        if i == N - 1:")
    add("            break")
    _emit_updates(add, em, nodes, sched)
    if vector:  # values fixed for the whole run are written once, across all saved times
        for pos, index in enumerate(columns):
            if index in sched.static:
                add(f"    O[:, {pos}] = {em.node(index)}")
    return "\n".join(lines) + "\n"


def _emit_init(add, em: _Emitter, nodes: list[dict], sched: Schedule, slot_set: set) -> None:
    """Every node's value at the initial time, in dependency order, then the delay checks."""
    for index in sched.init_order:
        if index in slot_set:
            continue
        node = nodes[index]
        source = node["expr"] if node["kind"] == "aux" else node.get("init")
        if node["kind"] == "const":
            add(f"    {em.node(index)} = {_literal(node['value'])}")
        else:
            add(f"    {em.node(index)} = {em.expr(source)}")
        if node["kind"] == "fixed":  # PySD's DELAY FIXED pipe: a ring of `order` values
            add(f"    n{index} = _fixed_order({em.expr(node['delay'])}, dt)")
            add(f"    q{index} = [{em.node(index)}] * n{index}")
            add(f"    p{index} = 0")
    for node in nodes:
        if node["kind"] == "check_order":
            add(f"    _check_order({_literal(node['order'])} * dt, {em.expr(node['expr'])})")


def _save(em: _Emitter, columns: list[int], vector: bool, static: set[int]) -> list[str]:
    if vector:  # O is a preallocated (saves, columns, scenarios) array
        sets = [f"o[{pos}] = {em.node(c)}" for pos, c in enumerate(columns) if c not in static]
        return ["o = O[j]", *sets, "j += 1"]
    values = ", ".join(em.node(c) for c in columns)
    return [f"O.append(({values},))" if columns else "O.append(())"]


def _emit_updates(add, em: _Emitter, nodes: list[dict], sched: Schedule) -> None:
    for index in sched.states:
        node = nodes[index]
        if node["kind"] == "stock":
            add(f"        d{index} = {em.expr(node['ddt'])}")
        elif node["kind"] == "sample":
            add(f"        d{index} = {em.expr(node['next'])}")
        elif node["kind"] == "fixed":  # read before any state moves, as PySD's cache does
            add(f"        d{index} = {em.expr(node['input'])}")
    for index in sched.states:
        node, name = nodes[index], em.node(index)
        if node["kind"] == "stock" and node.get("nonneg"):
            add(f"        {name} = _nonneg({name} + d{index} * dt)")
        elif node["kind"] == "stock":
            add(f"        {name} = {name} + d{index} * dt")
        elif node["kind"] == "sample":
            add(f"        {name} = d{index}")
        elif node["kind"] == "fixed":
            add(f"        q{index}[p{index}] = d{index}")
            add(f"        p{index} = (p{index} + 1) % n{index}")
            add(f"        {name} = q{index}[p{index}]")


def compile_plan(source: str, namespace: dict):
    """Compile generated source in a namespace holding only Windfall's helpers."""
    try:
        code = compile(source, "<windfall-engine>", "exec")
    except (SyntaxError, RecursionError, MemoryError) as exc:
        raise Declined(f"model is too deeply nested for the engine ({type(exc).__name__})") from exc
    scope = dict(namespace)
    exec(code, scope)  # noqa: S102 - source built only from Windfall's own tokens
    return scope["_run"]
