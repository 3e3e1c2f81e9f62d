"""Charts of analysis reports: what an optimisation, calibration, policy map or sensitivity
analysis shows in a briefing, built from its report alone (nothing is simulated here)."""

from __future__ import annotations

import numpy as np

from windfall.core.errors import WindfallError
from windfall.core.version import __version__
from windfall.gui.render.analysis_chart import BarSeries, BarSpec, HeatMapSpec
from windfall.gui.render.chart_spec import ChartSpec, Curve, units_label
from windfall.gui.render.chart_style import colour

STARTING = "#7f7f7f"  # the starting values: grey, dashed, behind the answer
CONTOUR = "#c8c8c8"  # light enough over dark cells, still visible as a legend sample


def _array(values) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], float)


def _footnote(report: dict, what: str, extra: str = "") -> str:
    model = report["model"]
    return (
        f"Source: Windfall {report.get('windfall', __version__)} {what} of {model['file']} "
        f"(SHA-256 {model['sha256'][:12]}).{' ' + extra if extra else ''}"
    )


def _same_length(what: str, *arrays) -> None:
    if len({len(a) for a in arrays}) > 1:
        raise WindfallError(None, f"report: the {what} have different lengths")


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def optimize_chart(report: dict) -> ChartSpec:
    """Each outcome variable at the starting values and at the optimum, with thresholds."""
    times = _array(report["times"])
    levers = {lever["name"] for lever in report["levers"]}
    names = [n for n in report["series"] if n not in levers] or list(report["series"])
    goal = "Goal seek" if len(report["levers"]) == 1 else "Optimum"
    found = "; ".join(
        f"{lv['name']} = {_fmt(lv['value'])} (range {_fmt(lv['low'])}..{_fmt(lv['high'])})"
        for lv in report["levers"]
    )
    spec = ChartSpec(
        title=report.get("title") or f"{goal}: {report['objective']['text']}",
        subtitle=found,
        x_label="Time",
        y_labels=names,
        footnote=_footnote(report, "optimisation", _constraints_note(report)),
    )
    for g, name in enumerate(names):
        start, best = (
            _array(report["series"][name]["baseline"]),
            _array(report["series"][name]["optimum"]),
        )
        _same_length(f"series of {name}", times, start, best)
        first = g == 0  # one legend entry each, however many plots are stacked
        spec.curves.append(
            Curve("Starting values" if first else "", times, start, STARTING, (5, 2.5), g)
        )
        spec.curves.append(Curve(goal if first else "", times, best, colour(0), (), g))
        for c in report["constraints"]:
            if c["variable"] == name and c["threshold"] is not None:
                at_a_time = c["start"] is None or c["start"] == c["end"]
                xs = np.array([times[0], times[-1]] if at_a_time else [c["start"], c["end"]])
                ys = np.full(2, c["threshold"])
                spec.curves.append(Curve(c["text"], xs, ys, colour(1), (1, 2), g))
    return spec


def _constraints_note(report: dict) -> str:
    parts = [f"{c['text']}: {_fmt(c['value'])}" for c in report["constraints"]]
    met = "" if report["feasible"] else " Not every constraint is met."
    return (f"Constraints \u2014 {'; '.join(parts)}." if parts else "") + met


def calibration_charts(report: dict) -> list[ChartSpec]:
    """The fit (data as dots, fitted and starting runs as lines) and the residuals."""
    times = _array(report["times"])
    names = list(report["series"])
    estimates = "; ".join(
        f"{p['name']} = {_fmt(p['estimate'])} ({_fmt(p['ci_low'])}..{_fmt(p['ci_high'])})"
        for p in report["parameters"]
    )
    fits = "; ".join(f"{f['name']}: R\u00b2 {_fmt(f['r2'])}" for f in report["fits"])
    note = f"{report['confidence'] * 100:g}% intervals ({report['interval']}). {fits}."
    fit = ChartSpec(
        title=report.get("title") or f"Calibration to {report['data']['file']}",
        subtitle=estimates,
        x_label="Time",
        y_labels=names,
        footnote=_footnote(report, "calibration", note),
    )
    residuals = ChartSpec(
        title=f"Residuals: data \u2212 fitted ({report['data']['file']})",
        x_label="Time",
        y_labels=names,
        footnote=_footnote(report, "calibration", note),
    )
    for g, name in enumerate(names):
        entry = report["series"][name]
        when, seen = _array(entry["times"]), _array(entry["observed"])
        fitted, start = _array(entry["fitted"]), _array(entry["baseline"])
        left = _array(entry["residuals"])
        _same_length(f"observations of {name}", when, seen, left)
        _same_length(f"runs of {name}", times, fitted, start)
        first = g == 0
        fit.curves.append(
            Curve("Starting values" if first else "", times, start, STARTING, (5, 2.5), g)
        )
        fit.curves.append(Curve("Fitted" if first else "", times, fitted, colour(0), (), g))
        fit.curves.append(Curve("Data" if first else "", when, seen, colour(1), (), g, True))
        zero = np.array([times[0], times[-1]])
        residuals.curves.append(
            Curve("Zero" if first else "", zero, np.zeros(2), STARTING, (5, 2.5), g)
        )
        residuals.curves.append(
            Curve("Data − fitted" if first else "", when, left, colour(1), (), g, True)
        )
    return [fit, residuals]


def map_chart(report: dict) -> HeatMapSpec:
    """The outcome as colour over both levers, contours, the threshold and the start."""
    xs, ys = _array(report["xs"]), _array(report["ys"])
    values = np.array([_array(row) for row in report["values"]], float)
    if values.shape != (len(ys), len(xs)) or min(len(xs), len(ys)) < 2:
        raise WindfallError(None, "report: the map's values do not match its grid")
    units = units_label(report["units"])
    spec = HeatMapSpec(
        title=report.get("title")
        or f"{report['outcome']} by {report['x']['name']} and {report['y']['name']}",
        subtitle=_map_subtitle(report, values),
        x_label=report["x"]["name"],
        y_labels=[report["y"]["name"]],
        footnote=_footnote(report, "policy map", f"{values.size:,} runs on a grid."),
        xs=xs,
        ys=ys,
        values=values,
        colour_label=f"{report['outcome']} ({units})",
    )
    lines = [_segments(c["segments"]) for c in report["contours"]]
    if lines:
        levels = [c["level"] for c in report["contours"]]
        step = _fmt(levels[1] - levels[0]) if len(levels) > 1 else _fmt(levels[0])
        x, y = np.concatenate([ln[0] for ln in lines]), np.concatenate([ln[1] for ln in lines])
        spec.curves.append(Curve(f"Contours (every {step})", x, y, CONTOUR, (1, 2)))
    if report["threshold"] is not None and report["threshold_contour"]:
        x, y = _segments(report["threshold_contour"])
        label = f"{report['outcome']} = {_fmt(report['threshold'])}"
        spec.curves.append(Curve(label, x, y, "#000000", ()))
    start = report["start"]
    if start["x"] is not None and start["y"] is not None:
        point = Curve("Starting values", np.array([start["x"]]), np.array([start["y"]]), colour(1))
        point.points = True
        spec.curves.append(point)
    return spec


def _map_subtitle(report: dict, values: np.ndarray) -> str:
    if report["threshold"] is None:
        return ""
    reached = int(np.sum(values >= report["threshold"]))
    return (
        f"{reached:,} of {values.size:,} combinations reach {report['outcome']} "
        f"\u2265 {_fmt(report['threshold'])} (black line)"
    )


def _segments(rows) -> tuple[np.ndarray, np.ndarray]:
    """Segments [x0, y0, x1, y1] as one broken line (NaN between segments)."""
    data = np.array([_array(r) for r in rows], float).reshape(-1, 4)
    x = np.column_stack([data[:, 0], data[:, 2], np.full(len(data), np.nan)]).reshape(-1)
    y = np.column_stack([data[:, 1], data[:, 3], np.full(len(data), np.nan)]).reshape(-1)
    return x, y


def sensitivity_chart(report: dict) -> BarSpec:
    """Ranked bars (Sobol' S1 and ST, Morris mu* and sigma) or a tornado of swings."""
    names, idx, method = report["names"], report["indices"], report["method"]
    keys = {"sobol": ("S1", "ST"), "morris": ("mu_star", "sigma"), "oat": ("outcome_low",)}
    needed = (*keys.get(method, ()), *(("outcome_high", "low", "high") if method == "oat" else ()))
    if method not in keys or any(k not in idx for k in needed):
        raise WindfallError(None, f"report: sensitivity method '{method}' lacks its indices")
    arrays = {k: _array(idx[k]) for k in needed}
    _same_length("indices", names, *arrays.values())
    rank_by = {"sobol": arrays.get("ST"), "morris": arrays.get("mu_star")}.get(method)
    if method == "oat":
        rank_by = np.abs(arrays["outcome_high"] - arrays["outcome_low"])
    order = list(np.argsort(-np.nan_to_num(rank_by, nan=-np.inf), kind="stable"))
    spec = BarSpec(
        title=report.get("title") or f"What drives {report['outcome']}",
        subtitle=f"{_METHOD_NAMES[method]}, {int(report['runs'] or 0):,} runs",
        x_label=_x_label(report),
        y_labels=[""],
        footnote=_footnote(
            report, "sensitivity analysis", "Varied: " + "; ".join(report["varies"]) + "."
        ),
        categories=[names[k] for k in order],
    )
    if method == "oat":
        base = report["base"] if report["base"] is not None else np.nan
        spec.categories = [
            f"{names[k]} ({_fmt(arrays['low'][k])}\u2013{_fmt(arrays['high'][k])})" for k in order
        ]
        starts = np.full(len(order), base)
        spec.series = [
            BarSeries("At its low end", starts, arrays["outcome_low"][order], colour(0)),
            BarSeries("At its high end", starts, arrays["outcome_high"][order], colour(1)),
        ]
        spec.reference = None if np.isnan(base) else float(base)
        return spec
    first, second = keys[method]
    labels = {"S1": "First-order S1", "ST": "Total ST", "mu_star": "\u03bc*", "sigma": "\u03c3"}
    zeros = np.zeros(len(order))
    spec.series = [
        BarSeries(labels[key], zeros, arrays[key][order], colour(i))
        for i, key in enumerate((first, second))
    ]
    return spec


_METHOD_NAMES = {
    "sobol": "Sobol' indices",
    "morris": "Morris screening",
    "oat": "One at a time over each range",
}


def _x_label(report: dict) -> str:
    units = units_label(report["units"])
    if report["method"] == "sobol":
        return f"Share of the variance of {report['outcome']}"
    if report["method"] == "morris":
        return f"Effect on {report['outcome']} ({units}) across each range"
    return f"{report['outcome']} ({units}); line: current values"


def report_charts(report: dict) -> list[ChartSpec]:
    """Every chart of a checked report, the main one first."""
    kind = report["kind"]
    if kind == "optimize":
        return [optimize_chart(report)]
    if kind == "calibrate":
        return calibration_charts(report)
    if kind == "map":
        return [map_chart(report)]
    return [sensitivity_chart(report)]
