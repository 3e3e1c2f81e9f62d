"""Lower PySD's abstract model (the translator's IR) into Windfall's plan: plain data.

The plan names nothing from the model in executable form: nodes are numbered, numbers are
floats, operators and functions come from fixed whitelists. A construct outside the supported
subset raises `Declined` with a reason, and the model then runs on PySD's own runtime.
"""

from __future__ import annotations

import numbers

from pysd.builders.python.namespace import NamespaceManager
from pysd.translators.structures import abstract_expressions as ae
from pysd.translators.structures.abstract_model import AbstractData, AbstractModel

from windfall.core.engine.macros import inline_macro
from windfall.core.engine.plan import (
    CONTROL_KEYS,
    FUNCTIONS,
    PLAN_VERSION,
    Declined,
    uses_time,
    walk,
)

_ARITH = {"+": "+", "-": "-", "*": "*", "/": "/", "^": "^"}
_COMPARE = {"=": "==", "<>": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">="}
_LOOKUP_MODES = ("interpolate", "extrapolate", "hold_backward")


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return float(value)


class _Lowerer:
    """Walks one abstract section and collects nodes, tables and control expressions."""

    def __init__(self, section, macros: dict | None = None, parent: _Lowerer | None = None):
        names = NamespaceManager(section.params)
        for element in section.elements:
            names.add_to_namespace(element.name)
        self.clean_to_py = dict(names.cleanspace)
        self.name_to_py = dict(names.namespace)
        self.elements = list(section.elements)
        self.macros = macros or {}
        self.depth = parent.depth + 1 if parent else 0
        # A macro's body shares its caller's nodes and tables, and sees its time settings.
        self.nodes: list[dict] = parent.nodes if parent else []
        self.tables: list[dict] = parent.tables if parent else []
        self.controls: dict[str, list] = {}
        self.index: dict[str, tuple[str, object]] = {"time": ("time", "time")}
        if parent:
            self.index.update({k: v for k, v in parent.index.items() if v[0] == "ctl"})
        self.columns: list[int] = []

    def new_node(self, kind: str, **fields) -> int:
        self.nodes.append({"kind": kind, "name": None, "py": None, **fields})
        return len(self.nodes) - 1

    # -- elements ---------------------------------------------------------------------------
    def lower_elements(self) -> None:
        order = [self._declare(element) for element in self.elements]
        for element, slot in zip(self.elements, order, strict=True):
            self._define(element, slot)

    def run(self) -> dict:
        self.lower_elements()
        missing = [k for k in CONTROL_KEYS if k not in self.controls]
        if missing:
            raise Declined(f"model does not define {', '.join(missing)}")
        return {
            "version": PLAN_VERSION,
            "nodes": self.nodes,
            "tables": self.tables,
            "controls": self.controls,
            "columns": self.columns,
        }

    def _declare(self, element):
        py = self.name_to_py.get(element.name)
        if py is None:
            raise Declined(f"cannot resolve the name of '{element.name}'")
        if len(element.components) != 1:
            raise Declined(f"'{element.name}' is defined in several parts")
        component = element.components[0]
        if isinstance(component, AbstractData):
            raise Declined(f"'{element.name}' is a data variable")
        if component.subscripts != ([], []) and any(component.subscripts):
            raise Declined(f"'{element.name}' is subscripted")
        if py in CONTROL_KEYS:
            self.index[py] = ("ctl", py)
            return ("ctl", py)
        # Inside a macro the names are the macro's own: they are neither outputs nor settable.
        public = py if not self.depth else None
        if isinstance(component.ast, ae.LookupsStructure):
            self.tables.append(self._table(component.ast, element.name, public))
            slot = ("table", len(self.tables) - 1)
        else:
            slot = ("node", self.new_node("pending", name=element.name, py=public))
            self.columns.append(slot[1])
        self.index[py] = slot
        return slot

    def _define(self, element, slot) -> None:
        ast = element.components[0].ast
        kind, where = slot
        if kind == "table":
            return
        if kind == "ctl":
            self.controls[where] = self._control_expr(ast, element.name)
            return
        node = self.nodes[where]
        value = _number(ast)
        if value is not None:
            node.update(kind="const", value=value)
        elif isinstance(ast, ae.IntegStructure):
            node.update(
                kind="stock",
                init=self.expr(ast.initial),
                ddt=self.expr(ast.flow),
                nonneg=bool(ast.non_negative),
            )
        else:
            node.update(kind="aux", expr=self.expr(ast))

    def _control_expr(self, ast, name: str) -> list:
        expr = self.expr(ast)
        if _refs_nodes(expr):
            raise Declined(f"'{name}' depends on model variables")
        return expr

    def _table(self, ast, name: str, py: str | None) -> dict:
        if ast.type not in _LOOKUP_MODES:
            raise Declined(f"lookup '{name}' uses unsupported mode '{ast.type}'")
        xs = [_number(x) for x in ast.x]
        ys = [_number(y) for y in ast.y]
        if None in xs or None in ys or len(xs) != len(ys) or len(xs) < 1:
            raise Declined(f"lookup '{name}' has values that are not plain numbers")
        if len(set(xs)) != len(xs):
            raise Declined(f"lookup '{name}' repeats an x value")
        pairs = sorted(zip(xs, ys, strict=True))
        return {
            "name": name,
            "py": py,
            "mode": ast.type,
            "xs": [p[0] for p in pairs],
            "ys": [p[1] for p in pairs],
        }

    # -- expressions ------------------------------------------------------------------------
    def expr(self, ast) -> list:
        value = _number(ast)
        if value is not None:
            return ["num", value]
        method = getattr(self, "_x_" + type(ast).__name__, None)
        if method is None:
            raise Declined(f"unsupported construct {type(ast).__name__}")
        return method(ast)

    def _x_ReferenceStructure(self, ast) -> list:
        if ast.subscripts is not None:
            raise Declined("subscripted reference")
        py = self.clean_to_py.get(ast.reference)
        slot = self.index.get(py) if py else None
        if slot is None:
            raise Declined(f"unknown reference '{ast.reference}'")
        kind, where = slot
        if kind == "time":
            return ["time"]
        if kind == "arg":  # a macro parameter: the caller's argument
            return where
        if kind == "ctl":
            return ["ctl", where]
        if kind == "table":
            raise Declined("a lookup is used without an argument")
        return ["n", where]

    def _x_ArithmeticStructure(self, ast) -> list:
        args = [self.expr(a) for a in ast.arguments]
        ops = list(ast.operators)
        if len(args) == 1:
            if ops == ["negative"]:
                return ["neg", args[0]]
            if ops == ["positive"]:
                return args[0]
            raise Declined(f"unsupported unary operator {ops}")
        if any(op not in _ARITH for op in ops) or len(ops) != len(args) - 1:
            raise Declined(f"unsupported operators {ops}")
        if all(op == "^" for op in ops):  # Python's ** groups to the right, as PySD emits it
            result = args[-1]
            for left in reversed(args[:-1]):
                result = _power(left, result)
            return result
        if "^" in ops:
            raise Declined("mixed power and other operators in one chain")
        result = args[0]
        for op, right in zip(ops, args[1:], strict=True):
            result = ["bin", op, result, right]
        return result

    def _x_LogicStructure(self, ast) -> list:
        args = [self.expr(a) for a in ast.arguments]
        ops = list(ast.operators)
        if len(args) == 1 and ops == [":NOT:"]:
            return ["not", args[0]]
        if len(ops) == 1 and ops[0] in _COMPARE:
            return ["cmp", _COMPARE[ops[0]], args[0], args[1]]
        if not all(op in (":AND:", ":OR:") for op in ops) or len(ops) != len(args) - 1:
            raise Declined(f"unsupported logic operators {ops}")
        result = args[-1]  # PySD nests these calls from the right
        for op, left in zip(reversed(ops), reversed(args[:-1]), strict=True):
            result = ["and" if op == ":AND:" else "or", left, result]
        return result

    def _x_CallStructure(self, ast) -> list:
        name = ast.function.reference
        args = [self.expr(a) for a in ast.arguments]
        py = self.clean_to_py.get(name)
        slot = self.index.get(py) if py else None
        if slot is not None and slot[0] == "table":
            if len(args) != 1:
                raise Declined(f"lookup '{name}' called with {len(args)} arguments")
            return ["lk", slot[1], args[0]]
        if name in self.macros:
            return inline_macro(self, self.macros[name], args)
        if name == "if_then_else" and len(args) == 3:
            return ["if", *args]
        if name == "active_initial" and len(args) == 2:  # PySD: the initial form while starting
            return ["n", self.new_node("active", expr=args[0], init=args[1])]
        if name == "pi" and not args:
            return ["num", 3.141592653589793]
        if name == "Xramp":
            name = "ramp"
        arity = FUNCTIONS.get(name)
        if arity is None or len(args) not in arity:
            raise Declined(f"unsupported function '{name}'")
        return ["fn", name, args]

    def _x_InlineLookupsStructure(self, ast) -> list:
        self.tables.append(self._table(ast.lookups, "inline lookup", None))
        return ["lk", len(self.tables) - 1, self.expr(ast.argument)]

    def _x_IntegStructure(self, ast) -> list:
        node = self.new_node(
            "stock",
            init=self.expr(ast.initial),
            ddt=self.expr(ast.flow),
            nonneg=bool(ast.non_negative),
        )
        return ["n", node]

    def _x_InitialStructure(self, ast) -> list:
        return ["n", self.new_node("held", init=self.expr(ast.initial))]

    def _x_SampleIfTrueStructure(self, ast) -> list:
        cond, value = self.hoist(ast.condition), self.hoist(ast.input)
        node = self.new_node("sample", init=self.expr(ast.initial), next=None)
        shown = self.new_node("aux", expr=["if", cond, value, ["n", node]])
        self.nodes[node]["next"] = ["n", shown]
        return ["n", shown]

    def _x_DelayStructure(self, ast) -> list:
        return self._delay(ast, _order(ast.order))

    def _x_DelayNStructure(self, ast) -> list:
        if _refs_dynamic(self.expr(ast.delay_time), self.nodes):
            raise Declined("DELAY N with a delay time that changes during the run")
        return self._delay(ast, _order(self._static_number(ast.order, "DELAY N order")))

    def _delay(self, ast, order: int) -> list:
        inp, dtime = self.hoist(ast.input), self.hoist(ast.delay_time)
        init = self.expr(ast.initial)
        start = ["bin", "*", init, dtime]
        stages, inflow = [], inp
        for _ in range(order):
            node = self.new_node("stock", init=start, ddt=None, nonneg=False)
            outflow = ["bin", "/", ["n", node], dtime]
            self.nodes[node]["ddt"] = ["bin", "*", ["bin", "-", inflow, outflow], ["num", order]]
            stages.append(node)
            inflow = outflow
        self.new_node("check_order", order=float(order), expr=dtime)
        return ["bin", "/", ["n", stages[-1]], dtime]

    def _x_DelayFixedStructure(self, ast) -> list:
        init, delay = self.expr(ast.initial), self.expr(ast.delay_time)
        node = self.new_node("fixed", init=init, delay=delay, input=self.hoist(ast.input))
        return ["n", node]

    def _x_SmoothStructure(self, ast) -> list:
        return self._smooth(ast, _order(ast.order))

    def _x_SmoothNStructure(self, ast) -> list:
        return self._smooth(ast, _order(self._static_number(ast.order, "SMOOTH N order")))

    def _smooth(self, ast, order: int) -> list:
        inp, stime = self.hoist(ast.input), self.hoist(ast.smooth_time)
        init = self.expr(ast.initial)
        target, last = inp, None
        for _ in range(order):
            last = self.new_node("stock", init=init, ddt=None, nonneg=False)
            gap = ["bin", "-", target, ["n", last]]
            scaled = ["bin", "*", gap, ["num", float(order)]]
            self.nodes[last]["ddt"] = ["bin", "/", scaled, stime]
            target = ["n", last]
        return ["n", last]

    def _x_TrendStructure(self, ast) -> list:
        inp, avg = self.hoist(ast.input), self.hoist(ast.average_time)
        init_trend = self.expr(ast.initial_trend)
        denominator = ["bin", "+", ["num", 1.0], ["bin", "*", init_trend, avg]]
        node = self.new_node("stock", init=["bin", "/", inp, denominator], ddt=None, nonneg=False)
        state = ["n", node]
        self.nodes[node]["ddt"] = ["bin", "/", ["bin", "-", inp, state], avg]
        scale = ["bin", "*", avg, ["fn", "abs", [state]]]
        return ["fn", "zidz", [["bin", "-", inp, state], scale]]

    def hoist(self, ast) -> list:
        """An argument used several times becomes one hidden node computed once a step."""
        return self.hoist_expr(self.expr(ast))

    def hoist_expr(self, expr: list) -> list:
        if expr[0] in ("num", "n", "time", "ctl"):
            return expr
        return ["n", self.new_node("aux", expr=expr)]

    def _static_number(self, ast, what: str) -> float:
        value = _number(ast)
        if value is None:
            expr = self.expr(ast)
            if expr[0] == "n" and self.nodes[expr[1]].get("kind") == "const":
                return self.nodes[expr[1]]["value"]
            raise Declined(f"{what} is not a plain number")
        return value


def _power(left: list, right: list) -> list:
    """PySD writes a negative literal base bare (`-2**2`), so the sign applies last."""
    if left[0] == "num" and left[1] < 0:
        return ["neg", ["bin", "^", ["num", -left[1]], right]]
    return ["bin", "^", left, right]


def _order(value) -> int:
    order = _number(value)
    if order is None or order != int(order) or order < 1:
        raise Declined(f"delay or smooth order {value!r} is not a positive whole number")
    return int(order)


def _refs_nodes(expr) -> bool:
    return any(item[0] in ("n", "lk") for item in walk(expr))


def _refs_dynamic(expr, nodes) -> bool:
    for item in walk(expr):
        if uses_time(item):
            return True
        if item[0] == "n":
            node = nodes[item[1]]
            if node["kind"] != "const" and (
                node["kind"] != "aux" or _refs_dynamic(node.get("expr"), nodes)
            ):
                return True
    return False


def lower_model(abstract: AbstractModel) -> dict:
    """The plan for an abstract model, or `Declined` naming the first unsupported part."""
    sections = list(abstract.sections)
    if any(section.subscripts for section in sections):
        raise Declined("model uses subscripts")
    macros = {section.name: section for section in sections[1:] if section.type == "macro"}
    if len(macros) != len(sections) - 1:
        raise Declined("model is split into modules")
    return _Lowerer(sections[0], macros).run()
