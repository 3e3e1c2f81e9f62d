"""windfall bench: every stage is timed for both engines and reported as JSON or a table."""

from __future__ import annotations

import json

from windfall.core.cli.main import main


def test_bench_json_reports_each_stage_against_pysd(teacup, capsys):
    args = ["bench", str(teacup), "--json", "--repeats", "1", "--scenarios", "20"]
    args += ["--pysd-budget", "0.5"]  # PySD's ensemble: time one run and scale it
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["model"] == "teacup.mdl" and result["engine"] == "windfall"
    pysd_rows = {row["stage"]: row for row in result["stages"] if row["baseline"] == "pysd"}
    assert list(pysd_rows) == [
        "first open",
        "cached reopen",
        "one run",
        "re-run, one constant changed",
        "ensemble of 20",
    ]
    for row in pysd_rows.values():
        assert row["windfall_ms"] > 0 and row["baseline_ms"] > 0
        assert row["ratio"] == row["baseline_ms"] / row["windfall_ms"]
    assert pysd_rows["re-run, one constant changed"]["note"] == "Characteristic Time"


def test_bench_table_and_missing_file(teacup, tmp_path, capsys):
    assert (
        main(["bench", str(teacup), "--repeats", "1", "--scenarios", "5", "--pysd-budget", "0.5"])
        == 0
    )
    table = capsys.readouterr().out
    assert table.startswith("teacup.mdl: 6 variables, engine windfall")
    assert "ensemble of 5" in table
    assert main(["bench", str(tmp_path / "absent.mdl")]) == 2
    assert "no such file" in capsys.readouterr().err
