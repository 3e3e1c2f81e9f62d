"""Goal seek and optimisation: choose levers within bounds to maximise or minimise an objective
subject to constraints, running whole batches of candidates on the ensemble engine.

One lever (goal seek): a grid of candidates in one batch, then grids zoomed around the best
feasible one until the step is below `tolerance` of the range. This is exact at boundaries
("the smallest share that gives 30 members") where a general optimiser only gets close.

Several levers: scipy's differential evolution, vectorised so that each generation is one
batch, seeded, with scipy's constraint handling (Lampinen's rule: feasible beats infeasible).
Derivative-free and global because model outputs bend and break (MAX, IF THEN ELSE, lookups).
Its own polish step is off: with constraints it uses trust-constr, whose answer may lie just
outside them. Instead the best point is refined by batches of nearby candidates.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from windfall.core.analysis.jobs import NO_CONTROL, BatchRunner, JobControl
from windfall.core.analysis.objective import Constraint, Objective
from windfall.core.analysis.outcome import Lever, Outcome, check_distinct
from windfall.core.errors import WindfallError

GRID = 201  # candidates per batch in a goal seek
TOLERANCE = 1e-9  # of a lever's range: where a goal seek stops zooming
MAX_GENERATIONS = 200
REFINE_ROUNDS = 12


@dataclass(frozen=True)
class Problem:
    """Levers to move, what to achieve, and what must hold."""

    levers: tuple[Lever, ...]
    objective: Objective
    constraints: tuple[Constraint, ...] = ()

    @property
    def outcomes(self) -> list[Outcome]:
        found = self.objective.outcomes + [c.outcome for c in self.constraints]
        return list(dict.fromkeys(found))

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys(outcome.column for outcome in self.outcomes))


@dataclass
class Optimum:
    """The best levers found, their objective value and how each constraint came out."""

    problem: Problem
    values: dict[str, float]
    objective_value: float
    constraint_values: list[float]
    feasible: bool
    baseline_objective: float
    baseline_constraints: list[float]
    evaluations: int
    method: str
    history: list[float] = field(default_factory=list)  # best objective after each round


class _Evaluator:
    """Outcome values of candidate lever settings, each setting run once (cached by value)."""

    def __init__(self, runner: BatchRunner, problem: Problem, control: JobControl):
        self.runner, self.problem, self.control = runner, problem, control
        self.cache: dict[bytes, np.ndarray] = {}
        self.times: np.ndarray | None = None

    def outcomes(self, points: np.ndarray) -> np.ndarray:
        """`[candidate, outcome]` for `points[candidate, lever]`."""
        points = np.atleast_2d(np.asarray(points, float))
        keys = [row.tobytes() for row in points]
        missing = list(dict.fromkeys(k for k in keys if k not in self.cache))
        if missing:
            todo = np.array([np.frombuffer(k) for k in missing])
            samples = {lever.name: todo[:, i] for i, lever in enumerate(self.problem.levers)}
            ens = self.runner.run(samples, JobControl(check=self.control.check))
            values = np.column_stack(
                [
                    o.evaluate(ens.times, ens.values[:, :, ens.columns.index(o.column)])
                    for o in self.problem.outcomes
                ]  # fmt: skip
            )
            self.cache.update(zip(missing, values, strict=True))
        return np.array([self.cache[k] for k in keys])

    def score(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Objective to minimise (NaN runs score +inf) and worst constraint slack per point."""
        return split_outcomes(self.problem, self.outcomes(points))


def split_outcomes(problem: Problem, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """From `[candidate, outcome]`: the objective as a cost to minimise, and the slack of the
    tightest constraint (>= 0 feasible; +inf without constraints)."""
    index = {o: i for i, o in enumerate(problem.outcomes)}
    by_outcome = {o: values[:, i] for o, i in index.items()}
    objective = problem.objective.value(by_outcome)
    cost = -objective if problem.objective.sense == "max" else objective
    cost = np.where(np.isfinite(cost), cost, np.inf)
    slack = np.full(len(values), np.inf)
    for constraint in problem.constraints:
        slack = np.minimum(slack, constraint.slack(by_outcome[constraint.outcome]))
    return cost, slack


def _best(points, cost, slack) -> int:
    """The best candidate: the lowest cost among feasible ones, else the least violation."""
    feasible = slack >= 0
    if feasible.any():
        return int(np.flatnonzero(feasible)[np.argmin(cost[feasible])])
    return int(np.argmax(slack))


def optimize(
    runner: BatchRunner,
    problem: Problem,
    seed: int = 0,
    control: JobControl = NO_CONTROL,
    max_generations: int = MAX_GENERATIONS,
) -> Optimum:
    """Find the best levers; `runner` holds the model, base values and time settings."""
    model = runner.model
    if not problem.levers:
        raise WindfallError(model.path, "name at least one lever to vary")
    check_distinct(model, [lever.name for lever in problem.levers])
    baseline = runner.pilot()
    times = baseline.index.to_numpy(float)
    for outcome in problem.outcomes:
        outcome.check_times(model.path, times)
    evaluator = _Evaluator(runner, problem, control)
    if len(problem.levers) == 1:
        point, history = _goal_seek(evaluator, control)
        method = "grid zoom"
    else:
        point, history = _evolve(evaluator, seed, control, max_generations)
        method = "differential evolution"
    control.progress(1.0, "done")
    return _optimum(evaluator, baseline, point, history, method)


def _optimum(evaluator: _Evaluator, baseline, point: np.ndarray, history, method) -> Optimum:
    problem = evaluator.problem
    values = evaluator.outcomes(point[None, :])
    cost, slack = split_outcomes(problem, values)
    index = {o: i for i, o in enumerate(problem.outcomes)}
    base_values = np.array(
        [
            [
                o.evaluate(baseline.index.to_numpy(float), baseline[o.column].to_numpy()[None, :])[
                    0
                ]
                for o in problem.outcomes
            ]
        ]  # fmt: skip
    )
    base_cost, _ = split_outcomes(problem, base_values)
    sign = -1.0 if problem.objective.sense == "max" else 1.0
    return Optimum(
        problem=problem,
        values={lever.name: float(x) for lever, x in zip(problem.levers, point, strict=True)},
        objective_value=float(sign * cost[0]),
        constraint_values=[float(values[0, index[c.outcome]]) for c in problem.constraints],
        feasible=bool(slack[0] >= 0),
        baseline_objective=float(sign * base_cost[0]),
        baseline_constraints=[float(base_values[0, index[c.outcome]]) for c in problem.constraints],
        evaluations=evaluator.runner.runs,
        method=method,
        history=[float(sign * h) for h in history],
    )


def _goal_seek(evaluator: _Evaluator, control: JobControl):
    """One lever: grids zoomed around the best candidate until the step is tiny."""
    lever = evaluator.problem.levers[0]
    low, high = lever.low, lever.high
    best_point, history = None, []
    rounds = int(np.ceil(np.log(1 / TOLERANCE) / np.log((GRID - 1) / 2))) + 1
    for k in range(rounds):
        grid = np.linspace(low, high, GRID)
        if best_point is not None:
            grid = np.append(grid, best_point)  # never lose the best so far
        cost, slack = evaluator.score(grid[:, None])
        best = _best(grid, cost, slack)
        best_point = grid[best]
        history.append(float(cost[best]))
        control.progress((k + 1) / rounds, f"goal seek: {lever.name} = {best_point:.10g}")
        step = (high - low) / (GRID - 1)
        if step <= TOLERANCE * (lever.high - lever.low):
            break
        low, high = max(lever.low, best_point - step), min(lever.high, best_point + step)
    return np.array([best_point]), history


def _evolve(evaluator: _Evaluator, seed: int, control: JobControl, max_generations: int):
    """Differential evolution, one batch per generation, then a batched local refinement."""
    from scipy.optimize import NonlinearConstraint, differential_evolution

    levers = evaluator.problem.levers
    bounds = [(lever.low, lever.high) for lever in levers]
    history: list[float] = []

    def cost(x):  # x: [lever, candidate]
        return evaluator.score(x.T)[0]

    def slack(x):
        return evaluator.score(x.T)[1][None, :]

    def generation(intermediate_result) -> None:
        control.check()
        history.append(float(intermediate_result.fun))
        control.progress(
            0.9 * len(history) / max_generations,
            f"generation {len(history)}: {intermediate_result.fun:.6g}",
        )

    constraints = ()
    if evaluator.problem.constraints:
        constraints = (NonlinearConstraint(slack, 0.0, np.inf),)
    population = max(15, int(np.ceil(60 / len(levers))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scipy warns when nothing feasible was found yet
        result = differential_evolution(
            cost,
            bounds,
            maxiter=max_generations,
            popsize=population,
            rng=np.random.default_rng(seed),
            callback=generation,
            polish=False,
            vectorized=True,
            updating="deferred",
            constraints=constraints,
            init="sobol",
        )
    point = _refine(evaluator, np.asarray(result.x, float), seed, control)
    history.append(float(evaluator.score(point[None, :])[0][0]))
    return point, history


def _refine(evaluator: _Evaluator, point: np.ndarray, seed: int, control: JobControl):
    """Batches of candidates around the best point, the radius halving each round."""
    levers = evaluator.problem.levers
    low = np.array([lever.low for lever in levers])
    high = np.array([lever.high for lever in levers])
    rng = np.random.default_rng([seed, 1])
    radius = 0.02 * (high - low)
    for k in range(REFINE_ROUNDS):
        steps = np.vstack([np.diag(radius), -np.diag(radius)])
        cloud = rng.uniform(-1, 1, (8 * len(levers), len(levers))) * radius
        candidates = np.clip(np.vstack([point, point + steps, point + cloud]), low, high)
        cost, slack = evaluator.score(candidates)
        point = candidates[_best(candidates, cost, slack)]
        radius = radius / 2
        control.progress(0.9 + 0.1 * (k + 1) / REFINE_ROUNDS, "refining")
    return point


def optimum_report(runner: BatchRunner, optimum: Optimum) -> dict:
    """The result as a report: levers, objective and constraints against the starting values,
    and each outcome variable over time at both (for its chart)."""
    problem, model = optimum.problem, runner.model
    baseline = runner.pilot()
    best = model.run({**runner.base, **optimum.values}, runner.settings, problem.columns)
    return {
        "kind": "optimize",
        "model": {"file": model.path.name, "sha256": model.content_hash},
        "method": optimum.method,
        "runs": optimum.evaluations,
        "feasible": optimum.feasible,
        "levers": [
            {"name": lever.name, "low": lever.low, "high": lever.high, "value": v}
            for lever, v in zip(problem.levers, optimum.values.values(), strict=True)
        ],
        "objective": {
            "text": problem.objective.label(),
            "value": optimum.objective_value,
            "baseline": optimum.baseline_objective,
        },
        "constraints": _constraint_entries(optimum),
        "history": optimum.history,
        "times": baseline.index.to_numpy(float).tolist(),
        "series": {
            column: {
                "baseline": baseline[column].to_numpy(float).tolist(),
                "optimum": best[column].to_numpy(float).tolist(),
            }
            for column in problem.columns
        },
    }


def _constraint_entries(optimum: Optimum) -> list[dict]:
    """Each constraint as the report keeps it: what it says, where and how it came out."""
    problem = optimum.problem
    return [
        {
            "text": c.label(),
            "value": v,
            "baseline": b,
            "threshold": c.threshold,
            "op": c.op,
            "variable": c.outcome.column,
            "start": c.outcome.start,
            "end": c.outcome.end,
        }
        for c, v, b in zip(
            problem.constraints,
            optimum.constraint_values,
            optimum.baseline_constraints,
            strict=True,
        )
    ]
