from __future__ import annotations

import io

import pandas as pd
import pytest

from windfall.core.cli.main import main


def _run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_run_prints_csv_with_time_and_model_names(capsys, teacup):
    code, out, err = _run_cli(capsys, "run", str(teacup), "--columns", "Teacup Temperature")
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out))
    assert list(frame.columns) == ["time", "Teacup Temperature"]
    assert frame["time"].iloc[-1] == 30 and frame["Teacup Temperature"].iloc[0] == 180


def test_set_matches_names_like_vensim_and_time_flags(capsys, teacup, tmp_path):
    out_file = tmp_path / "out.csv"
    code, _, err = _run_cli(
        capsys,
        "run",
        str(teacup),
        "--set",
        "ROOM_temperature = 20",
        "--final-time",
        "10",
        "--time-step",
        "0.5",
        "--saveper",
        "1",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    frame = pd.read_csv(out_file, index_col="time")
    assert list(frame.index) == list(range(11))
    cooled = frame["Teacup Temperature"]
    assert cooled.iloc[-1] < 180 and frame["Room Temperature"].iloc[0] == 20


def test_scenario_file_and_set_wins(capsys, teacup, tmp_path):
    scenario = tmp_path / "cold.toml"
    scenario.write_text(
        'name = "Cold room"\n[run]\nfinal_time = 5\n[parameters]\n'
        '"Room Temperature" = 0\n"Characteristic Time" = 5\n'
    )
    code, out, err = _run_cli(
        capsys,
        "run",
        str(teacup),
        "--scenario",
        str(scenario),
        "--set",
        "Characteristic Time=20",
        "--columns",
        "Room Temperature,Characteristic Time",
    )
    assert code == 0, err
    frame = pd.read_csv(io.StringIO(out), index_col="time")
    assert frame.index[-1] == 5
    assert frame["Room Temperature"].iloc[0] == 0
    assert frame["Characteristic Time"].iloc[0] == 20


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["run", "{missing}"], "no such file"),
        (["run", "{model}", "--set", "nope=1"], "variable 'nope'"),
        (["run", "{model}", "--set", "Room Temperature=warm"], "not a number"),
        (["run", "{model}", "--set", "Room Temperature"], "not NAME=VALUE"),
        (["run", "{model}", "--final-time", "soon"], "--final-time"),
        (["run", "{model}", "--columns", "ghost"], "variable 'ghost'"),
        (["info", "{bad}"], "cannot"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_error_line(capsys, teacup, tmp_path, argv, fragment):
    bad = tmp_path / "bad.mdl"
    bad.write_text("{UTF-8}\nx = 1 ~ ~ |\n")
    names = {"model": str(teacup), "missing": str(tmp_path / "nope.mdl"), "bad": str(bad)}
    out_file = tmp_path / "out.csv"
    argv = [a.format(**names) for a in argv] + (["-o", str(out_file)] if argv[0] == "run" else [])
    code, out, err = _run_cli(capsys, *argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert fragment in lines[0]
    assert not out_file.exists()
    assert list(tmp_path.glob(".out.csv*")) == []


def test_info_json_lists_constants_with_ranges(capsys, teacup):
    import json

    code, out, err = _run_cli(capsys, "info", str(teacup), "--json")
    assert code == 0, err
    records = json.loads(out)
    assert isinstance(records, list)
    by_name = {v["name"]: v for v in records}
    const = by_name["Characteristic Time"]
    assert const["kind"] == "constant" and const["value"] == 10
    assert (const["min"], const["max"], const["step"]) == (1, 30, 0.5)
    assert const["units"] == "Minutes" and "exchange heat" in const["doc"]
    assert by_name["FINAL TIME"]["kind"] == "control" and by_name["FINAL TIME"]["value"] == 30
    assert by_name["Teacup Temperature"]["kind"] == "stock"


def test_a_file_name_with_control_characters_is_printed_escaped(capsys, teacup):
    odd = teacup.with_name("tea\x1b[2J\ncup.mdl")
    teacup.rename(odd)
    code, out, _ = _run_cli(capsys, "info", str(odd))
    assert code == 0
    assert out.splitlines()[0].startswith("tea\\x1b[2J\\x0acup.mdl  (")
    assert "\x1b" not in out
