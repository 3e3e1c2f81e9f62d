"""The simulation service: newest request wins, stale results dropped, sync mode for tests."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest

from windfall.core import RunSettings, open_model
from windfall.core.session.simulator import RunResult, Simulator, run_warnings


class Collector:
    def __init__(self) -> None:
        self.results: list = []
        self.errors: list = []
        self.done = threading.Event()

    def result(self, result) -> None:
        self.results.append(result)
        self.done.set()

    def error(self, request_id, kind, message) -> None:
        self.errors.append((request_id, kind, message))
        self.done.set()


@pytest.fixture
def model(teacup):
    return open_model(teacup)


def test_sync_run_delivers_result_with_overrides(model):
    got = Collector()
    sim = Simulator(got.result, got.error)
    with sim.force_sync():
        rid = sim.submit_run(model, {"Characteristic Time": 5}, RunSettings(final_time=10))
    [result] = got.results
    assert isinstance(result, RunResult) and result.request_id == rid
    assert result.frame.index[-1] == 10
    expected = model.run({"Characteristic Time": 5}, RunSettings(final_time=10))
    pd.testing.assert_frame_equal(result.frame, expected)


def test_burst_of_requests_delivers_only_newest(model, monkeypatch):
    # Hold the first run inside the worker so the burst is queued behind it, whatever the
    # machine's speed: the held run goes stale and every queued request but the last is replaced.
    started, release = threading.Event(), threading.Event()
    real_run = model.run

    def gated_run(overrides, settings, columns=None):
        if not release.is_set():
            started.set()
            assert release.wait(60)
        return real_run(overrides, settings, columns)

    monkeypatch.setattr(model, "run", gated_run)
    got = Collector()
    sim = Simulator(got.result, got.error)
    try:
        ids = [sim.submit_run(model, {"Room Temperature": 0}, RunSettings())]
        assert started.wait(60)
        ids += [sim.submit_run(model, {"Room Temperature": t}, RunSettings()) for t in range(1, 10)]
        release.set()
        assert sim.wait_idle(120)
    finally:
        sim.shutdown()
    assert got.errors == []
    assert [r.request_id for r in got.results] == [ids[-1]]
    assert got.results[-1].overrides == {"Room Temperature": 9}
    assert got.results[-1].frame["Teacup Temperature"].iloc[-1] < 30


def test_cancel_stops_a_running_run_at_a_chunk_check(model, monkeypatch):
    def pysd_run(overrides, settings, columns=None):  # the engine with chunk checks
        return model._run_locked(model.resolve_overrides(overrides), settings, None)

    monkeypatch.setattr(model, "run", pysd_run)
    got = Collector()
    progress: list = []
    sim = Simulator(got.result, got.error, lambda rid, fraction: progress.append(fraction))
    try:
        sim.submit_run(model, {}, RunSettings(final_time=20000))
        deadline = time.monotonic() + 60
        while not progress and time.monotonic() < deadline:
            time.sleep(0.01)
        sim.cancel()
        assert sim.wait_idle(120)
    finally:
        sim.shutdown()
    assert progress and 0 < progress[-1] < 1
    assert got.results == [] and got.errors == []
    assert model.pysd_model.time() < 20000, "the run must stop part-way, at a chunk check"


def test_open_failure_is_reported(tmp_path):
    broken = tmp_path / "broken.mdl"
    broken.write_text("this is = not ( a model")
    got = Collector()
    sim = Simulator(got.result, got.error)
    with sim.force_sync():
        sim.submit_open(broken)
    [(_, kind, message)] = got.errors
    assert kind == "open" and "broken.mdl" in message


def test_warnings_name_non_finite_values_and_stocks_out_of_range(model):
    frame = pd.DataFrame(
        {"Teacup Temperature": [180.0, 250.0], "Heat Loss to Room": [1.0, float("nan")]},
        index=pd.Index([0.0, 1.0], name="time"),
    )
    found = run_warnings(model.description, frame)
    assert any("Teacup Temperature" in w and "range" in w for w in found)
    assert any("Heat Loss to Room" in w and "finite" in w for w in found)
    assert run_warnings(model.description, model.run()) == []
