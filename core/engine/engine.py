"""The fast engine: runs a plan for one scenario (floats) or many at once (a scenario axis)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from windfall.core.engine.codegen import compile_plan, generate
from windfall.core.engine.plan import eval_controls, schedule, time_grid
from windfall.core.engine.runtime import SCALAR, VECTOR, table_function


class Engine:
    """A compiled plan; compiled code is kept per mode and per set of overridden nodes."""

    def __init__(self, plan: dict):
        self.plan = plan
        self.schedule = schedule(plan)
        nodes = plan["nodes"]
        self.nodes = nodes
        self.node_by_py = {n["py"]: i for i, n in enumerate(nodes) if n.get("py")}
        self.table_by_py = {t["py"]: k for k, t in enumerate(plan["tables"]) if t.get("py")}
        self.columns = [nodes[i]["name"] for i in plan["columns"]]
        self.const_nodes = [i for i, n in enumerate(nodes) if n["kind"] == "const"]
        self._compiled: dict[tuple, object] = {}
        self._grids: dict[tuple, tuple] = {}
        self._default_tables = {False: None, True: None}

    def accepts(self, py_name: str) -> bool:
        """Whether an override of this variable can be applied by the engine."""
        if py_name in self.table_by_py:
            return True
        index = self.node_by_py.get(py_name)
        return index is not None and self.nodes[index]["kind"] in ("const", "aux")

    def compile_default(self) -> None:
        """Compile the one-scenario code now, so a plan that cannot compile is caught early."""
        self._function(False, ())

    def _function(self, vector: bool, extra: tuple[int, ...], saved: tuple[int, ...] = ()):
        key = (vector, extra, saved)
        if key not in self._compiled:
            slots = self.const_nodes + list(extra)
            source = generate(self.plan, self.schedule, slots, vector, list(saved) or None)
            self._compiled[key] = (compile_plan(source, VECTOR if vector else SCALAR), slots)
        return self._compiled[key]

    def _grid(self, given: Mapping[str, float]):
        key = tuple(sorted(given.items()))
        if key not in self._grids:
            controls = eval_controls(self.plan, dict(given))
            times, saves, saved = time_grid(controls)
            self._grids[key] = (controls, times, saves, saved)
        return self._grids[key]

    def _tables(self, overrides: Mapping[str, tuple], vector: bool) -> list:
        if not overrides and self._default_tables[vector] is not None:
            return self._default_tables[vector]
        tables = []
        for table in self.plan["tables"]:
            xs, ys = overrides.get(table["py"], (table["xs"], table["ys"]))
            tables.append(table_function(xs, ys, table["mode"], vector))
        if not overrides:
            self._default_tables[vector] = tables
        return tables

    def _split(self, values: Mapping[str, object]):
        """Node values keyed by node index, plus the overridden nodes that are not constants."""
        by_node = {}
        for py, value in values.items():
            by_node[self.node_by_py[py]] = value
        extra = tuple(sorted(i for i in by_node if self.nodes[i]["kind"] != "const"))
        return by_node, extra

    def run(self, values, tables, given, check=None):
        """One scenario: (saved times, rows x columns array); `check()` may stop it."""
        by_node, extra = self._split(values)
        function, slots = self._function(False, extra)
        controls, times, saves, saved = self._grid(given)
        params = [float(by_node.get(i, self._default(i))) for i in slots]
        rows: list = []
        with np.errstate(all="ignore"):
            function(
                params, self._tables(tables, False), times, saves, rows, *_ctl(controls), check
            )
        return saved, np.array(rows, dtype=float).reshape(len(saved), len(self.columns))

    def saved_times(self, given: Mapping[str, float]) -> np.ndarray:
        return self._grid(given)[3]

    def run_ensemble(self, values, tables, given, n: int, columns=None, check=None):
        """`n` scenarios at once: (saved times, scenarios x times x columns array)."""
        by_node, extra = self._split(values)
        nodes = self.plan["columns"]
        chosen = tuple(nodes[self.columns.index(c)] for c in columns) if columns else ()
        function, slots = self._function(True, extra, chosen)
        controls, times, saves, saved = self._grid(given)
        params = []
        for i in slots:
            value = by_node.get(i, self._default(i))
            # numpy scalars, not floats: division by zero gives inf as on the arrays
            params.append(np.float64(value) if np.ndim(value) == 0 else np.asarray(value, float))
        out = np.empty((len(saved), len(chosen) or len(self.columns), n))
        steps = np.asarray(times, dtype=float)
        ctl = [np.float64(v) for v in _ctl(controls)]
        with np.errstate(all="ignore"):
            function(params, self._tables(tables, True), steps, saves, out, *ctl, check)
        return saved, out.transpose(2, 0, 1)  # a view: copying 1,000 scenarios costs more

    def _default(self, index: int) -> float:
        return self.nodes[index].get("value", float("nan"))


def _ctl(controls: Mapping[str, float]) -> tuple[float, float, float, float]:
    return (
        controls["time_step"],
        controls["initial_time"],
        controls["final_time"],
        controls["saveper"],
    )
