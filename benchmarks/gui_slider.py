"""Slider move to redrawn plot: drive a parameter slider in the app, time until it is drawn.

Opens the built-in integrated model in the main window, moves one parameter's slider step by
step as a drag would, and times each move from the slider's value change until the newest
result has reached the plots and the pending paint events have been processed. Prints the
median and 95th percentile in milliseconds (target: p95 <= 33 ms).

With --bands it then switches uncertainty bands on (N runs, three other constants varied
uniformly over their declared ranges) and drives the slider again, timing each move until
the current curve is drawn and until the newest bands are drawn.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_slider.py [--moves 200]
        [--bands] [--runs 200] [--parameter NAME] [MODEL]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]


def wait_for(app, signal, timeout_s: float = 30.0) -> None:
    """Process events until `signal` fires once."""
    fired = []
    signal.connect(fired.append)
    deadline = time.perf_counter() + timeout_s
    try:
        while not fired:
            app.processEvents()
            if time.perf_counter() > deadline:
                raise TimeoutError("no result in time")
            time.sleep(0.0002)
    finally:
        signal.disconnect(fired.append)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=str(REPO / "models" / "benefit_sharing.mdl"))
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--bands", action="store_true", help="also time moves with bands on")
    parser.add_argument("--runs", type=int, default=200, help="ensemble size for --bands")
    parser.add_argument("--parameter", help="the slider to drag (default: the first one)")
    args = parser.parse_args()
    from windfall.gui.main_window import MainWindow
    from windfall.gui.theme import ensure_app

    app = ensure_app()
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    window.open_model(args.model)
    wait_for(app, window.sig_result_drawn)
    rows = window.parameter_panel.rows
    row = rows[args.parameter] if args.parameter else next(iter(rows.values()))
    slider = row.slider
    low, high = slider.minimum(), slider.maximum()
    sweep = list(range(low, high + 1)) + list(range(high - 1, low, -1))  # back and forth
    positions = [sweep[k % len(sweep)] for k in range(args.moves)]
    times, _ = drive(app, window, slider, positions, bands=False)
    label = f"{Path(args.model).name}: '{row.var.name}', {len(times)} moves, engine "
    print(label + f"{window.session.model.engine}: {summary(times)}")
    if args.bands:
        varied = enable_bands(app, window, row.var.name, args.runs)
        curve, bands = drive(app, window, slider, positions, bands=True)
        print(f"with bands ({args.runs} runs varying {', '.join(varied)}):")
        print(f"  to the current curve: {summary(curve)}")
        print(f"  to the newest bands:  {summary(bands)}")
    window.band_overlay.shutdown()
    window.scenario_overlay.shutdown()
    window.bridge.shutdown()  # no close(): it would ask whether to keep the edits


def summary(times: list[float]) -> str:
    p95 = float(np.percentile(times, 95))
    return f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"


def drive(app, window, slider, positions, bands: bool) -> tuple[list[float], list[float]]:
    """Move the slider through `positions`; per move, ms until drawn (curve, and bands)."""
    curve_ms, band_ms = [], []
    drawn: list[float] = []  # bands may arrive before or after the curve: note when
    window.band_overlay.sig_drawn.connect(lambda _bands: drawn.append(time.perf_counter()))
    for position in positions:
        if position == slider.value():
            continue
        drawn.clear()
        start = time.perf_counter()
        slider.setValue(int(position))
        wait_for(app, window.sig_result_drawn)
        app.processEvents()  # paint what the new result changed
        curve_ms.append((time.perf_counter() - start) * 1000.0)
        if bands:  # each move waits for its bands, so the bands drawn are this move's
            while not drawn:
                app.processEvents()
                time.sleep(0.0002)
            app.processEvents()  # paint the bands
            band_ms.append((time.perf_counter() - start) * 1000.0)
    return curve_ms, band_ms


def enable_bands(app, window, slider_name: str, runs: int) -> list[str]:
    """Switch bands on, varying the first three ranged constants other than the slider's."""
    params = window.session.model.description.parameters
    ranged = [v.name for v in params if v.min is not None and v.max is not None]
    varied = [name for name in ranged if name != slider_name][:3]
    panel = window.sensitivity_panel
    panel.runs_box.setValue(runs)
    for name in varied:
        panel.set_varied(name)
    panel.enable_box.setChecked(True)
    wait_for(app, window.band_overlay.sig_drawn)
    return varied


if __name__ == "__main__":
    main()
