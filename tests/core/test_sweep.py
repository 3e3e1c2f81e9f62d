"""windfall sweep: sampling, bands, all runs, output formats, and a local Dask cluster."""

from __future__ import annotations

import tempfile

import numpy as np
import pandas as pd
import pytest

from windfall.core import open_model
from windfall.core.analysis.sweep import (
    PERCENTILES,
    ModelSource,
    draw,
    model_source,
    parse_vary,
    run_chunk,
    run_sweep,
)
from windfall.core.cli.main import main
from windfall.core.errors import WindfallError
from windfall.core.model.loaded import RunSettings


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


DEMAND_MDL = """{UTF-8}
Demand := GET DIRECT DATA('inputs/demand.csv', ',', 'A', 'B2')
\t~\tWidgets/Year
\t~\tYearly demand, read from a CSV file beside the model.
\t|

Growth Share=
\t0.1
\t~\tDmnl [0,1]
\t~\t|

Stock= INTEG (
\tGrowth Share * Demand,
\t\t1)
\t~\tWidgets
\t~\t|

INITIAL TIME = 0
\t~\tYear
\t~\t|

FINAL TIME = 10
\t~\tYear
\t~\t|

TIME STEP = 0.5
\t~\tYear
\t~\t|

SAVEPER = 1
\t~\tYear
\t~\t|
"""


@pytest.fixture
def demand_model(tmp_path):
    """A model that reads its demand series from inputs/demand.csv."""
    folder = tmp_path / "demand"
    (folder / "inputs").mkdir(parents=True)
    (folder / "inputs" / "demand.csv").write_text("Time,Demand\n0,10\n2,14\n5,9\n10,20\n")
    (folder / "demand.mdl").write_text(DEMAND_MDL)
    return folder / "demand.mdl"


def test_dask_sweep_of_a_model_with_a_data_file_matches_local(demand_model):
    distributed = pytest.importorskip("dask.distributed", reason="Dask is a test extra")
    model = open_model(demand_model)
    samples = {"Growth Share": np.linspace(0.0, 0.5, 9)}
    local = run_sweep(model, samples, RunSettings(), None, chunk=4)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = run_sweep(model, samples, RunSettings(), None, chunk=4, client=client)
    assert local[1] == remote[1]
    np.testing.assert_array_equal(local[0], remote[0])
    np.testing.assert_array_equal(local[2], remote[2])
    demand = remote[2][:, :, list(remote[1]).index("Demand")]
    assert np.all(demand[:, -1] == 20.0) and np.all(demand[:, 2] == 14.0)  # the CSV's numbers


@pytest.mark.parametrize("relative", ["../escape.csv", "inputs/../../escape.csv", "ABSOLUTE"])
def test_worker_refuses_to_stage_a_data_file_outside_its_copy(
    demand_model, tmp_path, monkeypatch, relative
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "work"))  # staged copies go here
    (tmp_path / "work").mkdir()
    escape = tmp_path / "escape.csv"  # where each forged path points
    relative = escape.as_posix() if relative == "ABSOLUTE" else relative
    source = model_source(open_model(demand_model))
    assert [name for name, _ in source.data_files] == ["inputs/demand.csv"]
    forged = ModelSource(source.name, source.data, source.content_hash, ((relative, b"0,1\n"),))
    with pytest.raises(WindfallError, match="outside the model's copy"):
        run_chunk(forged, {"Growth Share": np.array([0.2])}, RunSettings(), None)
    assert not escape.exists() and list((tmp_path / "work").iterdir()) == []


def test_worker_refuses_a_model_name_that_is_not_a_file_name(demand_model):
    source = model_source(open_model(demand_model))
    forged = ModelSource("..", source.data, source.content_hash, source.data_files)
    with pytest.raises(WindfallError, match="plain file name"):
        run_chunk(forged, {"Growth Share": np.array([0.2])}, RunSettings(), None)
