"""Policy maps: the grid matches direct runs, and so does the threshold contour."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windfall.core import open_model
from windfall.core.analysis.contours import contour_levels, contour_segments
from windfall.core.analysis.jobs import NO_CONTROL, BatchRunner, JobControl
from windfall.core.analysis.outcome import parse_lever, parse_outcome
from windfall.core.analysis.policymap import policy_map
from windfall.core.analysis.reports import load_report
from windfall.core.cli.main import main
from windfall.models import MODELS_DIR

PRODUCT = ["a = 0.5 ~ Dmnl [0,1]", "b = 0.5 ~ Dmnl [0,1]", "area = a * b"]


def _map(model, x, y, outcome, points, threshold=None, control=NO_CONTROL):
    outcome = parse_outcome(model, outcome)
    runner = BatchRunner(model, [outcome.column], chunk=97)
    return policy_map(
        runner, parse_lever(model, x), parse_lever(model, y), outcome, points, threshold, control
    )


def test_threshold_contour_of_a_product_is_exact_where_direct_runs_check_it(equations_model):
    model = open_model(equations_model(PRODUCT))
    pmap = _map(model, "a", "b", "area", 21, threshold=0.3)
    grid_x, grid_y = np.meshgrid(pmap.xs, pmap.ys)
    assert np.allclose(pmap.values, grid_x * grid_y, rtol=0, atol=1e-15)
    ends = pmap.threshold_contour().reshape(-1, 2)
    assert len(ends) > 20
    for a, b in ends[::5]:
        direct = model.run({"a": a, "b": b})["area"].iloc[-1]
        assert direct == pytest.approx(0.3, abs=1e-12)


def test_built_in_map_contour_matches_direct_runs(tmp_path):
    model = open_model(MODELS_DIR / "benefit_sharing.mdl")
    x, y = "Benefit Share Fraction=0..0.5", "Commitment Credibility=0..1"
    pmap = _map(model, x, y, "Coalition Members@2030", 30, threshold=30)
    row = 7  # spot-check grid points against single runs
    for col in (0, 11, 29):
        values = {"Benefit Share Fraction": pmap.xs[col], "Commitment Credibility": pmap.ys[row]}
        direct = model.run(values)["Coalition Members"].loc[2030]
        assert pmap.values[row, col] == pytest.approx(direct, rel=1e-9)
    ends = pmap.threshold_contour().reshape(-1, 2)
    assert len(ends)
    for share, credibility in ends[:: max(1, len(ends) // 12)]:
        values = {"Benefit Share Fraction": share, "Commitment Credibility": credibility}
        direct = model.run(values)["Coalition Members"].loc[2030]
        assert direct == pytest.approx(30, abs=0.3)  # linear between grid points 1/29 apart


def test_contours_handle_saddles_and_missing_values():
    values = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert contour_segments([0, 1], [0, 1], values, 0.5).shape == (2, 2, 2)
    values[0, 0] = np.nan
    assert contour_segments([0, 1], [0, 1], values, 0.5).shape == (0, 2, 2)
    assert contour_levels(np.array([[0.0, 10.0]])) == [2.0, 4.0, 6.0, 8.0]


def test_map_reports_progress_and_stops_when_told(equations_model):
    model = open_model(equations_model(PRODUCT))
    seen = []
    _map(model, "a", "b", "area", 20, control=JobControl(progress=lambda f, _m: seen.append(f)))
    assert len(seen) > 3 and seen[-1] == 1.0

    class Stop(Exception):
        pass

    def stop():
        raise Stop

    with pytest.raises(Stop):
        _map(model, "a", "b", "area", 20, control=JobControl(check=stop))


def test_cli_map_writes_long_csv_named_after_levers_and_outcome(equations_model, tmp_path):
    model_path = equations_model(PRODUCT)
    out, report = tmp_path / "map.csv", tmp_path / "map.json"
    args = ["map", str(model_path), "--x", "a=0..1", "--y", "b=0..2", "--outcome", "area@5"]
    assert (
        main([*args, "-n", "11", "--threshold", "0.5", "-o", str(out), "--report", str(report)])
        == 0
    )
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["a", "b", "area@5"] and len(frame) == 121
    assert np.allclose(frame["area@5"], frame["a"] * frame["b"])
    loaded = load_report(report)
    assert loaded["threshold"] == 0.5 and len(loaded["values"]) == 11
    assert main([*args, "-o", str(tmp_path / "map.txt")]) == 2
    assert main([*args, "-n", "1", "-o", str(out)]) == 2


def test_dask_cluster_gives_the_same_map_and_indices(equations_model, tmp_path, capsys):
    distributed = pytest.importorskip("dask.distributed", reason="Dask is a test extra")
    path = str(equations_model(PRODUCT))
    map_args = ["map", path, "--x", "a", "--y", "b", "--outcome", "area", "-n", "9"]
    sens_args = ["sensitivity", path, "--vary", "a=uniform(0,1)", "--vary", "b=normal(0.5,0.1)"]
    sens_args += ["--outcome", "area", "-n", "32", "--seed", "4", "--json"]
    chunk = ["--chunk", "13"]
    assert main([*map_args, *chunk, "-o", str(tmp_path / "local.csv")]) == 0
    assert main([*sens_args, *chunk]) == 0
    local = capsys.readouterr().out.split("[", 1)[1]
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        remote = [*chunk, "--scheduler", cluster.scheduler_address]
        assert main([*map_args, *remote, "-o", str(tmp_path / "remote.csv")]) == 0
        assert main([*sens_args, *remote]) == 0
    assert capsys.readouterr().out.split("[", 1)[1] == local
    assert (tmp_path / "local.csv").read_bytes() == (tmp_path / "remote.csv").read_bytes()
