"""Time Windfall against PySD's own runtime on one model, in one process and the same run.

Stages: first open (translation into an empty cache), cached reopen, one run, a re-run after
one constant changes, and a many-scenario ensemble. Each stage reports the median of its
repeats for Windfall and for PySD (`pysd.read_vensim`/`read_xmile`, `pysd.load`,
`Model.run`), and their ratio. PySD's ensemble is N separate runs: when that would take too
long it is timed on fewer runs and scaled, and the row says so. pysimlin, when installed,
adds a compiled-engine baseline for one run.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from windfall.core.errors import WindfallError


@dataclass
class Stage:
    """One timed stage: medians in milliseconds; ratio = baseline / Windfall."""

    stage: str
    windfall_ms: float
    baseline_ms: float | None
    ratio: float | None
    repeats: int
    baseline: str = "pysd"
    note: str = ""


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    times = []
    gc.collect()  # garbage left by the previous stage must not be collected inside this one
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


@contextlib.contextmanager
def _cache_dir(folder: Path):
    old = os.environ.get("WINDFALL_CACHE_DIR")
    os.environ["WINDFALL_CACHE_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("WINDFALL_CACHE_DIR", None)
        else:
            os.environ["WINDFALL_CACHE_DIR"] = old


class _Bench:
    """State shared by the stages: the model, its PySD twin, a scratch folder."""

    def __init__(self, path: Path, scratch: Path, repeats: int, scenarios: int, budget_s: float):
        self.path, self.scratch = path, scratch
        self.repeats, self.scenarios, self.budget_s = repeats, scenarios, budget_s
        self.rows: list[Stage] = []
        self.model = None
        self.pysd_model = None
        self.py_file: Path | None = None
        self.pysd_repeats = repeats

    def add(
        self, stage: str, ours: float, theirs: float | None, repeats: int, note="", base="pysd"
    ):
        ratio = theirs / ours if theirs is not None and ours > 0 else None
        self.rows.append(Stage(stage, ours, theirs, ratio, repeats, base, note))

    def _fresh_copy(self, tag: str) -> Path:
        folder = self.scratch / f"{tag}-{len(list(self.scratch.iterdir()))}"
        shutil.copytree(self.path.parent, folder, ignore=shutil.ignore_patterns("*.py"))
        return folder / self.path.name

    def open_stages(self) -> None:
        from windfall.core.loading.loader import open_model

        def first_open():
            with _cache_dir(Path(tempfile.mkdtemp(dir=self.scratch))):
                open_model(self.path)

        def pysd_translate():
            copy = self._fresh_copy("pysd")
            self.pysd_model = _pysd_read(copy)
            self.py_file = copy.with_suffix(".py")

        opens = max(1, min(self.repeats, 3))
        ours = _median_ms(first_open, opens)
        theirs = _median_ms(pysd_translate, opens)
        self.add("first open", ours, theirs, opens)
        cache = Path(tempfile.mkdtemp(dir=self.scratch))
        with _cache_dir(cache):
            self.model = open_model(self.path)
            ours = _median_ms(lambda: open_model(self.path), self.repeats)
        theirs = _median_ms(lambda: _pysd_load(self.py_file), self.repeats)
        self.add("cached reopen", ours, theirs, self.repeats)

    def run_stages(self) -> None:
        model, pysd_model = self.model, self.pysd_model
        model.run()  # compiles the engine's code once, as the app does on load
        ours = _median_ms(model.run, self.repeats)
        theirs = _median_ms(lambda: _pysd_run(pysd_model), 1)
        if theirs * self.repeats < self.budget_s * 1000.0:  # else one slow run is the median
            theirs = _median_ms(lambda: _pysd_run(pysd_model), self.repeats)
        self.add("one run", ours, theirs, self.repeats, f"engine: {model.engine}")
        self.pysd_repeats = self.repeats if theirs * self.repeats < self.budget_s * 1000 else 1
        constant = _first_constant(model)
        if constant is None:
            return
        values = _around(constant.value, self.repeats)
        step = iter(values)
        ours = _median_ms(lambda: model.run({constant.name: next(step)}), self.repeats)
        step = iter(values)
        params = lambda: {constant.py_name: next(step)}  # noqa: E731
        theirs = _median_ms(lambda: _pysd_run(pysd_model, params()), self.pysd_repeats)
        self.add("re-run, one constant changed", ours, theirs, self.repeats, constant.name)
        self._ensemble_stage(constant, theirs)

    def _ensemble_stage(self, constant, pysd_run_ms: float) -> None:
        n = self.scenarios
        values = _around(constant.value, n)
        ours = _median_ms(
            lambda: self.model.run_ensemble({constant.name: values}), max(1, self.repeats // 2)
        )
        runs = int(min(n, max(1, self.budget_s * 1000.0 / max(pysd_run_ms, 1e-3))))
        step = iter(values)
        start = time.perf_counter()
        for _ in range(runs):
            _pysd_run(self.pysd_model, {constant.py_name: next(step)})
        theirs = (time.perf_counter() - start) * 1000.0 * n / runs
        note = "" if runs == n else f"PySD timed on {runs} runs, scaled to {n}"
        self.add(f"ensemble of {n}", ours, theirs, 1, note)

    def simlin_stage(self) -> None:
        """pysimlin's compiled engine on the same file, when it is installed."""
        try:
            import simlin
        except ImportError:
            return
        try:
            project = simlin.load(str(self.path))
            ours = _median_ms(self.model.run, self.repeats)
            theirs = _median_ms(lambda: project.run(analyze_loops=False), self.repeats)
        except Exception as exc:  # noqa: BLE001 - an optional baseline never fails the bench
            self.add("one run", 0.0, None, 0, f"failed: {type(exc).__name__}", "pysimlin")
            return
        self.add("one run", ours, theirs, self.repeats, "compiled engine", "pysimlin")


def _pysd_read(path: Path):
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if path.suffix.lower() == ".mdl":
            return pysd.read_vensim(str(path))
        return pysd.read_xmile(str(path))


def _pysd_load(py_file: Path):
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pysd.load(str(py_file))


def _pysd_run(model, params=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.run(params=params, progress=False)


def _first_constant(model):
    for var in model.description.parameters:
        if var.kind == "constant" and var.value is not None and not var.subscripts:
            return var
    return None


def _around(value: float, count: int) -> np.ndarray:
    base = value if value else 1.0
    return base * np.linspace(0.9, 1.1, count) if count > 1 else np.array([base * 1.05])


def bench(
    path: str | os.PathLike, repeats: int = 5, scenarios: int = 1000, budget_s: float = 20.0
) -> dict:
    """Time every stage on one model; a JSON-ready dict with one row per stage."""
    path = Path(path).expanduser().absolute()
    if not path.is_file():
        raise WindfallError(path, "no such file")
    with tempfile.TemporaryDirectory(prefix="windfall-bench-") as scratch:
        state = _Bench(path, Path(scratch), max(1, repeats), max(1, scenarios), budget_s)
        state.open_stages()
        state.run_stages()
        state.simlin_stage()
        model = state.model
        return {
            "model": path.name,
            "variables": len(model.description.variables),
            "engine": model.engine,
            "engine_reason": model.engine_reason,
            "stages": [asdict(row) for row in state.rows],
        }


def format_table(result: dict) -> str:
    """The result as an aligned text table."""
    why = f" ({result['engine_reason']})" if result["engine_reason"] else ""
    lines = [
        f"{result['model']}: {result['variables']} variables, engine {result['engine']}{why}",
        f"  {'stage':<30} {'windfall ms':>12} {'baseline':>9} {'its ms':>12} {'ratio':>9}  note",
    ]
    for row in result["stages"]:
        theirs = "-" if row["baseline_ms"] is None else f"{row['baseline_ms']:.3f}"
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.1f}x"
        lines.append(
            f"  {row['stage']:<30} {row['windfall_ms']:>12.3f} {row['baseline']:>9} "
            f"{theirs:>12} {ratio:>9}  {row['note']}"
        )
    return "\n".join(lines)
