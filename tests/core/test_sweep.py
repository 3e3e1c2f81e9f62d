"""windfall sweep: sampling, bands, all runs, output formats, and a local Dask cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windfall.core import open_model
from windfall.core.cli import main
from windfall.core.errors import WindfallError
from windfall.core.model import RunSettings
from windfall.core.sweep import PERCENTILES, draw, parse_vary, run_sweep


def test_parse_vary_reads_distributions_and_declared_range(teacup):
    model = open_model(teacup)
    vary = parse_vary(model, "characteristic time = uniform()")
    assert (vary.name, vary.dist, vary.args) == ("Characteristic Time", "uniform", (1.0, 30.0))
    assert parse_vary(model, "Room Temperature=normal(70, 2)").args == (70.0, 2.0)
    tri = parse_vary(model, "Characteristic Time=triangular()")
    assert tri.args == (1.0, 10.0, 30.0)
    assert parse_vary(model, "Room Temperature=uniform()").args == (0.0, 100.0)
    for bad, cause in [
        ("Room Temperature=uniform(5, 1)", "not a valid"),
        ("Room Temperature=gamma(1, 2)", "unknown distribution"),
        ("Teacup Temperature=uniform(1, 2)", "only constants"),
        ("Room Temperature", "cannot read"),
        ("Room Temperature=normal()", "takes"),
    ]:
        with pytest.raises(WindfallError, match=cause):
            parse_vary(model, bad)


def test_draw_is_seeded_and_in_range(teacup):
    model = open_model(teacup)
    varies = [parse_vary(model, "Characteristic Time=uniform(5, 15)")]
    first, again = draw(varies, 50, seed=7), draw(varies, 50, seed=7)
    assert np.array_equal(first["Characteristic Time"], again["Characteristic Time"])
    assert first["Characteristic Time"].min() >= 5 and first["Characteristic Time"].max() < 15
    assert not np.array_equal(
        first["Characteristic Time"], draw(varies, 50, 8)["Characteristic Time"]
    )
    with pytest.raises(WindfallError, match="more than once"):
        draw(varies * 2, 5, 0)


def test_chunked_sweep_matches_single_runs(teacup):
    model = open_model(teacup)
    samples = {"Room Temperature": np.array([55.0, 60.0, 65.0, 70.0, 75.0])}
    times, columns, values = run_sweep(model, samples, RunSettings(), None, chunk=2)
    assert values.shape == (5, len(times), len(columns))
    for i, room in enumerate(samples["Room Temperature"]):
        expected = model.run({"Room Temperature": room})
        assert np.allclose(values[i], expected[columns].to_numpy(), rtol=1e-12, atol=0)


def test_cli_writes_bands_csv_and_all_runs_parquet(teacup, tmp_path, capsys):
    bands_path, runs_path = tmp_path / "bands.csv", tmp_path / "runs.parquet"
    vary = ["--vary", "Room Temperature=uniform(50, 90)"]
    assert (
        main(["sweep", str(teacup), *vary, "-n", "40", "--seed", "3", "-o", str(bands_path)]) == 0
    )
    bands = pd.read_csv(bands_path)
    assert list(bands.columns) == ["time", "variable"] + [f"p{q}" for q in PERCENTILES]
    final = bands[(bands.variable == "Teacup Temperature") & (bands.time == 30)].iloc[0]
    assert final.p5 < final.p25 < final.p50 < final.p75 < final.p95
    args = [*vary, "-n", "40", "--seed", "3", "--all-runs", "--columns", "Teacup Temperature"]
    assert main(["sweep", str(teacup), *args, "-o", str(runs_path)]) == 0
    runs = pd.read_parquet(runs_path)
    assert list(runs.columns) == ["run", "time", "Teacup Temperature"]
    finals = runs[runs.time == 30]["Teacup Temperature"].to_numpy()
    assert len(finals) == 40
    assert np.percentile(finals, 50) == pytest.approx(final.p50, rel=1e-12)
    assert main(["sweep", str(teacup), *vary, "-o", str(tmp_path / "x.txt")]) == 2
    assert "csv or .parquet" in capsys.readouterr().err


def test_dask_cluster_gives_identical_numbers(teacup, tmp_path):
    distributed = pytest.importorskip("dask.distributed", reason="Dask is a test extra")
    local, remote = tmp_path / "local.csv", tmp_path / "remote.csv"
    args = [
        "sweep",
        str(teacup),
        "--vary",
        "Characteristic Time=triangular(4, 10, 20)",
        "--vary",
        "Room Temperature=normal(70, 5)",
        "-n",
        "30",
        "--chunk",
        "7",
        "--all-runs",
    ]
    assert main([*args, "-o", str(local)]) == 0
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        assert main([*args, "--scheduler", cluster.scheduler_address, "-o", str(remote)]) == 0
    assert local.read_bytes() == remote.read_bytes()
