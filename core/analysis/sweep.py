"""Parameter sweeps: sample constants, run the scenarios in chunks, summarise or keep all runs.

A sweep draws every varied constant from its distribution with one seeded generator, in the
order the variations were given, then runs the scenarios in fixed-size chunks. The chunks are
the same whether they run here or as tasks on a Dask cluster, so both give identical numbers.
A worker gets the model's bytes and those of the data files it reads, stages them in a folder
of its own and opens that copy through the loader, like any model file.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from windfall.core.errors import WindfallError
from windfall.core.io.atomic import atomic_write
from windfall.core.safety.datafiles import data_references, resolve_reference

PERCENTILES = (5, 25, 50, 75, 95)
DISTRIBUTIONS = {"uniform": (0, 2), "normal": (2,), "triangular": (0, 3)}
_VARY = re.compile(r"^\s*(?P<name>[^=]+?)\s*=\s*(?P<dist>[a-z]+)\s*\((?P<args>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Vary:
    """One varied constant: uniform(low, high), normal(mean, sd), triangular(low, mode, high).

    uniform() and triangular() without arguments use the constant's declared range."""

    name: str
    dist: str
    args: tuple[float, ...]

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.dist == "uniform":
            return rng.uniform(self.args[0], self.args[1], n)
        if self.dist == "normal":
            return rng.normal(self.args[0], self.args[1], n)
        return rng.triangular(self.args[0], self.args[1], self.args[2], n)


def parse_vary(model, text: str) -> Vary:
    """A `NAME=dist(args)` option checked against the model; WindfallError on bad input."""
    match = _VARY.match(text)
    if not match:
        raise WindfallError(model.path, f"cannot read variation '{text}' (want NAME=uniform(a,b))")
    var = model.variable(match["name"])
    if var.kind != "constant" or var.subscripts:
        raise WindfallError(model.path, f"is a {var.kind}; only constants vary", variable=var.name)
    dist = match["dist"]
    if dist not in DISTRIBUTIONS:
        known = ", ".join(DISTRIBUTIONS)
        raise WindfallError(
            model.path, f"unknown distribution '{dist}' ({known})", variable=var.name
        )
    args = _numbers(model, var.name, match["args"])
    if len(args) not in DISTRIBUTIONS[dist]:
        raise WindfallError(
            model.path, f"{dist} takes {DISTRIBUTIONS[dist]} numbers", variable=var.name
        )
    if not args:
        args = _declared_range(model, var, dist)
    _check_args(model, var.name, dist, args)
    return Vary(var.name, dist, args)


def _numbers(model, name: str, text: str) -> tuple[float, ...]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise WindfallError(model.path, f"'{text}' are not numbers", variable=name) from None
    if not all(np.isfinite(values)):
        raise WindfallError(model.path, "distribution numbers must be finite", variable=name)
    return values


def _declared_range(model, var, dist: str) -> tuple[float, ...]:
    if var.min is None or var.max is None:
        raise WindfallError(model.path, "has no declared range; give one", variable=var.name)
    if dist == "uniform":
        return (var.min, var.max)
    mode = var.value if var.value is not None else (var.min + var.max) / 2
    return (var.min, mode, var.max)


def _check_args(model, name: str, dist: str, args: tuple[float, ...]) -> None:
    ok = {
        "uniform": lambda a: a[0] < a[1],
        "normal": lambda a: a[1] > 0,
        "triangular": lambda a: a[0] <= a[1] <= a[2] and a[0] < a[2],
    }[dist]
    if not ok(args):
        raise WindfallError(model.path, f"{dist}{args} is not a valid distribution", variable=name)


def draw(varies: list[Vary], n: int, seed: int) -> dict[str, np.ndarray]:
    """Samples for every varied constant, in option order, from one seeded generator."""
    names = [vary.name for vary in varies]
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise WindfallError(None, "is varied more than once", variable=twice)
    rng = np.random.default_rng(seed)
    return {vary.name: vary.sample(rng, n) for vary in varies}


@dataclass(frozen=True)
class ModelSource:
    """What a worker needs to open the same model: its file name and bytes, and every data
    file it reads as (path relative to the model's folder, bytes)."""

    name: str
    data: bytes
    content_hash: str
    data_files: tuple[tuple[str, bytes], ...] = ()

    @property
    def key(self) -> str:
        """Name, model and data together: a worker never reuses a model opened with other data."""
        digest = hashlib.sha256(f"{self.name}\0{self.content_hash}\0".encode())
        for relative, data in self.data_files:
            digest.update(relative.encode() + b"\0" + hashlib.sha256(data).digest())
        return digest.hexdigest()


def model_source(model) -> ModelSource:
    """The model as workers get it. Data files come from the copies the local model reads
    (its cache entry), so both sides run on the same bytes."""
    files: dict[str, bytes] = {}
    for ref in data_references(model.data.decode("utf-8", "replace")):
        cached, relative = resolve_reference(ref, model.cache_folder / model.path.name)
        files.setdefault(relative.as_posix(), cached.read_bytes())
    return ModelSource(model.path.name, model.data, model.content_hash, tuple(files.items()))


_OPEN: dict[str, object] = {}  # models opened by workers in this process, by ModelSource.key


def _stage(source: ModelSource, folder: Path) -> Path:
    """Write the model and its data files into `folder`; a path that would leave it is refused."""
    name = PurePosixPath(source.name.replace("\\", "/")).name
    if name in ("", ".", ".."):
        raise WindfallError(source.name, "a model sent to a worker needs a plain file name")
    model_path = folder / name
    root = folder.resolve()
    for relative, data in source.data_files:
        parts = PurePosixPath(relative).parts
        target = folder.joinpath(*parts)
        inside = bool(parts) and ".." not in parts and target.resolve().is_relative_to(root)
        if not inside or PurePosixPath(relative).is_absolute() or target == model_path:
            raise WindfallError(
                source.name, f"data file '{relative}' would be staged outside the model's copy"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    model_path.write_bytes(source.data)
    return model_path


def _model_for(source: ModelSource):
    """The model a worker runs: opened once per process from a staged copy, through the one
    loading door, so its data references are confined to that copy."""
    model = _OPEN.get(source.key)
    if model is None:
        from windfall.core.loading.loader import open_model

        # the loader copies model and data into its cache; the staged copy is not kept
        with tempfile.TemporaryDirectory(prefix="windfall-sweep-") as folder:
            model = open_model(_stage(source, Path(folder)))
        _OPEN[source.key] = model
    return model


def run_chunk(source: ModelSource, samples: dict, settings, columns):
    """One chunk of scenarios (a task on a cluster): (times, columns, values)."""
    return _run_chunk(_model_for(source), samples, settings, columns)


def _run_chunk(model, samples: dict, settings, columns):
    n = len(next(iter(samples.values())))
    result = model.run_ensemble(samples, settings, columns, n=n)
    return result.times, result.columns, np.asarray(result.values)


def run_sweep(model, samples, settings, columns, chunk: int = 250, client=None):
    """All scenarios in chunks, here or on a Dask client: (times, columns, values[run, t, c])."""
    n = len(next(iter(samples.values())))
    bounds = [(start, min(start + chunk, n)) for start in range(0, n, chunk)]
    parts = [{k: v[a:b] for k, v in samples.items()} for a, b in bounds]
    if client is None:
        results = [_run_chunk(model, part, settings, columns) for part in parts]
    else:
        source = model_source(model)
        shared = client.scatter(source, broadcast=True)
        futures = [
            client.submit(run_chunk, shared, p, settings, columns, pure=False) for p in parts
        ]
        results = client.gather(futures)
    times, names = results[0][0], results[0][1]
    return times, names, np.concatenate([r[2] for r in results], axis=0)


def bands_frame(times, columns, values) -> pd.DataFrame:
    """Percentile bands in long form: one row per (time, variable), columns p5 ... p95."""
    bands = np.percentile(values, PERCENTILES, axis=0)  # [q, time, column]
    frame = pd.DataFrame(
        {
            "time": np.repeat(times, len(columns)),
            "variable": np.tile(np.asarray(columns, dtype=object), len(times)),
        }
    )
    for k, q in enumerate(PERCENTILES):
        frame[f"p{q}"] = bands[k].reshape(-1)
    return frame


def runs_frame(times, columns, values) -> pd.DataFrame:
    """Every run in long form: one row per (run, time), one column per variable."""
    runs, steps = values.shape[0], values.shape[1]
    frame = pd.DataFrame(values.reshape(runs * steps, -1), columns=list(columns))
    frame.insert(0, "time", np.tile(times, runs))
    frame.insert(0, "run", np.repeat(np.arange(runs), steps))
    return frame


def write_table(frame: pd.DataFrame, out: Path) -> None:
    """CSV or Parquet by suffix, written atomically."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise WindfallError(out, "output must end in .csv or .parquet")
    if suffix == ".csv":
        with atomic_write(out, "w", encoding="utf-8", newline="") as handle:
            frame.to_csv(handle, index=False, float_format="%.17g")
        return
    try:
        import pyarrow  # noqa: F401 - pandas writes Parquet through it
    except ImportError:
        raise WindfallError(out, "writing Parquet needs pyarrow (pip install pyarrow)") from None
    with atomic_write(out, "wb") as handle:
        frame.to_parquet(handle, index=False)
