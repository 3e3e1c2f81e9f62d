"""Time the policy-analysis jobs on the built-in model against the same runs made one at a
time: on Windfall's engine (`LoadedModel.run` per scenario) and on PySD's own runtime (timed on
a few runs and scaled), all measured in this process.

    .venv/bin/python benchmarks/analysis_jobs.py [--model PATH] [--pysd-runs 5]

Prints one row per job: its runs, its time, and ratios (one-at-a-time time / job time).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from windfall.core.analysis.jobs import BatchRunner
from windfall.core.analysis.objective import parse_constraint, parse_objective
from windfall.core.analysis.optimize import Problem, optimize
from windfall.core.analysis.outcome import parse_lever, parse_outcome
from windfall.core.analysis.policymap import policy_map
from windfall.core.analysis.sensitivity import analyse
from windfall.core.analysis.sweep import parse_vary
from windfall.models import DEFAULT_MODEL

OUTCOME = "Coalition Members@2030"
SHARE, CREDIBILITY = "Benefit Share Fraction", "Commitment Credibility"


def _timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def _jobs(model):
    outcome = parse_outcome(model, OUTCOME)
    share, credibility = parse_lever(model, SHARE), parse_lever(model, CREDIBILITY)
    seek = Problem(
        (share,),
        parse_objective(model, f"min {SHARE}"),
        (parse_constraint(model, f"{OUTCOME}>=30"),),
    )
    varies = [parse_vary(model, f"{name}=uniform()") for name in (SHARE, CREDIBILITY)]
    varies += [parse_vary(model, "Base Joining Rate=uniform()")]

    def goal_seek() -> int:
        runner = BatchRunner(model, seek.columns)
        optimize(runner, seek)
        return runner.runs

    def grid() -> int:
        runner = BatchRunner(model, [outcome.column])
        policy_map(runner, share, credibility, outcome, 50)
        return runner.runs

    def sobol() -> int:
        runner = BatchRunner(model, [outcome.column])
        analyse(runner, varies, outcome, "sobol", 1024)
        return runner.runs

    return {
        "goal seek (1 lever)": goal_seek,
        "policy map 50 x 50": grid,
        "Sobol' N=1024, 3 constants": sobol,
    }


def _one_at_a_time_ms(model, pysd_runs: int) -> tuple[float, float]:
    """Milliseconds per single run: Windfall's engine and PySD's runtime on its translation."""
    import pysd

    values = np.linspace(0.0, 0.5, 50)
    _, windfall_s = _timed(
        lambda: [model.run({SHARE: v}, columns=["Coalition Members"]) for v in values]
    )
    with tempfile.TemporaryDirectory():
        pysd_model = pysd.load(str(model.cache_folder / "model.py"))
        _, pysd_s = _timed(
            lambda: [
                pysd_model.run(params={"benefit_share_fraction": v}, progress=False)
                for v in values[:pysd_runs]
            ]
        )
    return windfall_s / len(values) * 1000, pysd_s / pysd_runs * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--pysd-runs", type=int, default=5)
    args = parser.parse_args()
    from windfall.core.loading.loader import open_model

    model = open_model(args.model)
    single_ms, pysd_ms = _one_at_a_time_ms(model, args.pysd_runs)
    print(f"{model.path.name}: a run takes {single_ms:.2f} ms (Windfall), {pysd_ms:.0f} ms (PySD)")
    print(
        "| job | runs | job ms | one by one, Windfall | ratio | one by one, PySD (scaled) | ratio |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, job in _jobs(model).items():
        runs, seconds = _timed(job)
        job_ms, alone, pysd = seconds * 1000, runs * single_ms, runs * pysd_ms
        print(
            f"| {name} | {runs:,} | {job_ms:,.0f} | {alone:,.0f} | {alone / job_ms:.1f}x "
            f"| {pysd:,.0f} | {pysd / job_ms:,.0f}x |"
        )


if __name__ == "__main__":
    main()
