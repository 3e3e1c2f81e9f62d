"""Calibration recovers constants from data the model made (plus noise); data files are checked;
fit statistics have their textbook values."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from windfall.core import open_model
from windfall.core.analysis.calibrate import calibrate
from windfall.core.analysis.fitstats import fit_statistics
from windfall.core.analysis.history import load_history
from windfall.core.analysis.jobs import BatchRunner
from windfall.core.analysis.outcome import parse_lever
from windfall.core.analysis.reports import load_report
from windfall.core.analysis.scenario import load_scenario
from windfall.core.cli.main import main
from windfall.core.errors import WindfallError

TRUTH = {"Characteristic Time": 8.0, "Room Temperature": 65.0}
NOISE = 0.5


def _data(model, folder, seed=4, name="history.csv"):
    """Observations of the teacup at whole minutes, from the true constants plus noise."""
    frame = model.run(TRUTH)
    times = np.arange(0, 31, 1.0)
    noisy = frame["Teacup Temperature"].loc[times].to_numpy()
    noisy = noisy + np.random.default_rng(seed).normal(0, NOISE, len(times))
    path = folder / name
    rows = ["Minute,teacup temperature"] + [
        f"{t:g},{float(v)!r}" for t, v in zip(times, noisy, strict=True)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _levers(model):
    return (
        parse_lever(model, "Characteristic Time=1..30"),
        parse_lever(model, "Room Temperature=0..100"),
    )


@pytest.mark.parametrize("bootstrap", [0, 60])
def test_calibration_recovers_the_constants_that_made_the_data(teacup, bootstrap):
    model = open_model(teacup)
    history = load_history(model, _data(model, teacup.parent))
    runner = BatchRunner(model, list(history.series))
    result = calibrate(runner, history, _levers(model), bootstrap=bootstrap, seed=1)
    for name, true in TRUTH.items():
        estimate, low, high = result.estimates[name], result.lower[name], result.upper[name]
        assert low < true < high, (name, low, true, high)
        assert low < estimate < high
        assert abs(estimate - true) < 0.02 * true
        assert high - low < 0.05 * true  # thirty-one points pin both constants down
    fit = result.fits[0]
    assert fit.r2 > 0.999 and fit.rmse == pytest.approx(NOISE, rel=0.3)
    assert fit.theil_uc > 0.95  # what is left is noise, not bias or a wrong trend
    assert result.payoff < result.baseline_payoff
    assert result.interval == ("curvature" if not bootstrap else "bootstrap, 60 refits")


def test_fit_statistics_split_the_error_as_theil_does():
    observed = np.array([1.0, 2.0, 4.0, 3.0, 5.0])
    biased = fit_statistics("x", observed + 2, observed)
    theil = (biased.theil_um, biased.theil_us, biased.theil_uc)
    assert theil == pytest.approx((1.0, 0.0, 0.0), abs=1e-12)
    assert biased.r2 == pytest.approx(1.0) and biased.rmse == 2.0 and biased.mae == 2.0
    stretched = fit_statistics("x", 2 * observed - observed.mean(), observed)
    assert stretched.theil_us == pytest.approx(1.0) and stretched.theil_um == pytest.approx(0)
    noisy = fit_statistics("x", observed + np.array([0.3, -0.2, 0.5, -0.4, 0.1]), observed)
    assert noisy.theil_um + noisy.theil_us + noisy.theil_uc == pytest.approx(1.0)
    assert noisy.mape == pytest.approx(
        np.mean(np.abs([0.3 / 1, 0.2 / 2, 0.5 / 4, 0.4 / 3, 0.1 / 5])) * 100
    )


def test_data_files_are_checked_with_file_row_and_column(teacup):
    model = open_model(teacup)
    folder = teacup.parent
    cases = [
        ("Minute,Teacup Temperature\n0,180\n1,abc\n", r"bad.csv:3: column 'Teacup Temperature'"),
        ("Minute,Teacup Temperature\n0,180\n0,170\n", r"bad.csv:3: time 0 does not come after"),
        ("Minute,Coffee Temperature\n0,180\n", "column 'Coffee Temperature' names no variable"),
        ("Minute,Teacup Temperature\n0,inf\n", "is not a finite number"),
        ("Minute,Teacup Temperature\n", "no data rows"),
        ("Minute,Teacup Temperature\n0,180\n99,1\n", "data time 99 is outside the run"),
    ]
    for text, cause in cases:
        (folder / "bad.csv").write_text(text, encoding="utf-8")
        with pytest.raises(WindfallError, match=cause):
            history = load_history(model, folder / "bad.csv")
            calibrate(BatchRunner(model, list(history.series)), history, _levers(model))


def test_xlsx_data_is_read_and_a_zip_bomb_is_refused(teacup):
    import openpyxl

    model = open_model(teacup)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Time", "Teacup Temperature", "Room Temperature"])
    sheet.append([0, 180.0, None])
    sheet.append([2.5, 170.25, 70])
    book.save(teacup.parent / "data.xlsx")
    history = load_history(model, teacup.parent / "data.xlsx")
    assert list(history.times) == [0, 2.5]
    assert history.observed("Room Temperature")[1].tolist() == [70.0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    (teacup.parent / "bomb.xlsx").write_bytes(buffer.getvalue())
    with pytest.raises(WindfallError, match="unzips to"):
        load_history(model, teacup.parent / "bomb.xlsx")


def test_cli_calibrate_writes_scenario_report_and_summary(teacup, tmp_path, capsys):
    model = open_model(teacup)
    data = _data(model, teacup.parent)
    out, report = tmp_path / "fit.toml", tmp_path / "fit.json"
    args = ["calibrate", str(teacup), "--data", str(data), "--vary", "Characteristic Time"]
    args += ["--vary", "Room Temperature=0..100", "--sd", "Teacup Temperature=0.5"]
    assert main([*args, "-o", str(out), "--report", str(report)]) == 0
    printed = capsys.readouterr().out
    assert "Characteristic Time = 8.0" in printed and "95% CI" in printed and "R² 0.999" in printed
    scenario = load_scenario(out)
    assert scenario.parameters["Room Temperature"] == pytest.approx(65.0, rel=0.02)
    loaded = load_report(report)
    assert (
        loaded["kind"] == "calibrate" and len(loaded["series"]["Teacup Temperature"]["times"]) == 31
    )
    assert main([*args, "--sd", "Room Temperature=-1", "-o", str(out)]) == 2
    assert "is not VAR=positive number" in capsys.readouterr().err
