"""Slider move to redrawn plot: drive a parameter slider in the app, time until it is drawn.

Opens the built-in integrated model in the main window, moves one parameter's slider step by
step as a drag would, and times each move from the slider's value change until the newest
result has reached the plots and the pending paint events have been processed. Prints the
median and 95th percentile in milliseconds (target: p95 <= 33 ms).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_slider.py [--moves 200] [MODEL]
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
    args = parser.parse_args()
    from windfall.gui.app import ensure_app
    from windfall.gui.main_window import MainWindow

    app = ensure_app()
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    window.open_model(args.model)
    wait_for(app, window.sig_result_drawn)
    row = next(iter(window.parameter_panel.rows.values()))
    slider = row.slider
    low, high = slider.minimum(), slider.maximum()
    sweep = list(range(low, high + 1)) + list(range(high - 1, low, -1))  # back and forth
    positions = [sweep[k % len(sweep)] for k in range(args.moves)]
    times = []
    for position in positions:
        if position == slider.value():
            continue
        start = time.perf_counter()
        slider.setValue(int(position))
        wait_for(app, window.sig_result_drawn)
        app.processEvents()  # paint what the new result changed
        times.append((time.perf_counter() - start) * 1000.0)
    window.bridge.shutdown()  # no close(): it would ask whether to keep the edits
    p95 = float(np.percentile(times, 95))
    print(
        f"{Path(args.model).name}: '{row.var.name}', {len(times)} moves, engine "
        f"{window.session.model.engine if window.session.model else '?'}: "
        f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    main()
