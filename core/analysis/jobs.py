"""Long analysis jobs as plain functions a worker can run: progress goes out, a stop check
comes in, and batches of scenarios run on the ensemble engine.

Every job takes a `JobControl`. `progress(fraction, message)` is called as work completes;
`check()` is called before every chunk of runs and raises (whatever exception the caller
chooses: a cancel, a newer request) to stop the job there. A `BatchRunner` runs batches of
scenarios in fixed-size chunks, here or as tasks on the Dask cluster a sweep uses, so the same
inputs give the same numbers either way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from windfall.core.analysis.sweep import model_source, run_chunk
from windfall.core.errors import WindfallError
from windfall.core.model.fast import Ensemble
from windfall.core.model.loaded import RunSettings

DEFAULT_CHUNK = 500
MAX_JOB_RUNS = 2_000_000  # a typo in -n must not queue days of work


def _no_progress(_fraction: float, _message: str) -> None:
    """Progress nobody listens to."""


def _never_stop() -> None:
    """A check that never stops the job."""


@dataclass(frozen=True)
class JobControl:
    """How a job reports progress and learns it must stop (its `check` raises)."""

    progress: Callable[[float, str], None] = _no_progress
    check: Callable[[], None] = _never_stop

    def part(self, start: float, stop: float) -> JobControl:
        """The same control for a sub-job whose 0..1 progress is `start..stop` of this one."""
        outer = self.progress

        def progress(fraction: float, message: str) -> None:
            outer(start + (stop - start) * min(max(fraction, 0.0), 1.0), message)

        return JobControl(progress, self.check)


NO_CONTROL = JobControl()


def check_run_count(model, runs: int) -> None:
    """Refuse a job whose run count is absurd before any run starts."""
    if runs > MAX_JOB_RUNS:
        raise WindfallError(
            model.path, f"{runs:,} runs is too many for one job (limit {MAX_JOB_RUNS:,})"
        )


class BatchRunner:
    """Runs batches of one model's scenarios: shared base values plus per-scenario values.

    `base` holds the analyst's current values (constants and lookups); a name that a batch
    varies takes the batch's values instead. Only `columns` are kept from each run.
    """

    def __init__(
        self,
        model,
        columns: list[str],
        base: Mapping[str, object] | None = None,
        settings: RunSettings | None = None,
        chunk: int = DEFAULT_CHUNK,
        client=None,
    ):
        if chunk < 1:
            raise WindfallError(model.path, "chunks hold at least one run")
        self.model = model
        self.columns = list(columns)
        self.base = {model.variable(k).name: v for k, v in (base or {}).items()}
        self.settings = settings or RunSettings()
        self.chunk = chunk
        self.client = client
        self._shared = None
        self.runs = 0

    def pilot(self):
        """One run at the base values, as a DataFrame: it checks names and time settings
        before a batch starts, and is the baseline a result is compared with."""
        return self.model.run(self.base, self.settings, self.columns)

    def run(
        self,
        samples: Mapping[str, np.ndarray],
        control: JobControl = NO_CONTROL,
    ) -> Ensemble:
        """All scenarios of `samples` (name -> one value per scenario), chunk by chunk."""
        samples = {self.model.variable(k).name: np.asarray(v, float) for k, v in samples.items()}
        n = len(next(iter(samples.values())))
        check_run_count(self.model, n)
        fixed = {k: v for k, v in self.base.items() if k not in samples}
        bounds = [(a, min(a + self.chunk, n)) for a in range(0, n, self.chunk)]
        # varied values first: a chunk's size is read from its first entry
        parts = [{**{k: v[a:b] for k, v in samples.items()}, **fixed} for a, b in bounds]
        if self.client is None:
            results = self._local(parts, bounds, n, control)
        else:
            results = self._cluster(parts, bounds, n, control)
        self.runs += n
        times, names, engine = results[0][0], results[0][1], results[0][3]
        values = np.concatenate([r[2] for r in results], axis=0)
        return Ensemble(np.asarray(times, float), list(names), values, engine)

    def _local(self, parts, bounds, n, control):
        results = []
        for part, (a, b) in zip(parts, bounds, strict=True):
            control.check()
            ens = self.model.run_ensemble(part, self.settings, self.columns, n=b - a)
            results.append((ens.times, ens.columns, np.asarray(ens.values, float), ens.engine))
            control.progress(b / n, f"{b:,} of {n:,} runs")
        return results

    def _cluster(self, parts, bounds, n, control):
        from dask.distributed import as_completed

        if self._shared is None:
            self._shared = self.client.scatter(model_source(self.model), broadcast=True)
        futures = [
            self.client.submit(
                run_chunk, self._shared, part, self.settings, self.columns, pure=False
            )
            for part in parts
        ]
        index = {future.key: i for i, future in enumerate(futures)}
        done = 0
        try:
            for future in as_completed(futures):
                control.check()
                done += bounds[index[future.key]][1] - bounds[index[future.key]][0]
                control.progress(done / n, f"{done:,} of {n:,} runs")
        except BaseException:
            self.client.cancel(futures)
            raise
        chunks = self.client.gather(futures)
        return [(*chunk, self.model.engine) for chunk in chunks]
