"""Time every export of the built-in model: `python -m windfall.gui.render.export_bench [MODEL]`.

Prints the median of a few repeats per format, runs excluded (they are timed by
`windfall bench`), so changes to the renderer can be compared.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from windfall.models import __file__ as _models_init

MODELS = Path(_models_init).parent
SCENARIOS = ("baseline.toml", "strategic-sharing.toml", "windfall-clause.toml")
REPEATS = 5


def _median_seconds(write, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        write()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    from windfall.core.analysis import export_data
    from windfall.core.analysis.scenario import load_scenario
    from windfall.core.loading.loader import open_model
    from windfall.gui.render.brief import brief_from_runs, default_panels, write_brief
    from windfall.gui.render.brief_pptx import write_chart_pptx
    from windfall.gui.render.chart_spec import chart_spec
    from windfall.gui.render.export import ensure_app, export_chart

    argv = sys.argv[1:] if argv is None else argv
    ensure_app()
    model = open_model(argv[0] if argv else MODELS / "benefit_sharing.mdl")
    scenarios = [load_scenario(MODELS / "scenarios" / name) for name in SCENARIOS]
    runs = export_data.run_scenarios(model, scenarios)
    panels = default_panels(model)
    spec = chart_spec(model, runs, panels[0][1])
    brief = brief_from_runs(model, runs, [p for _t, p in panels], [t for t, _p in panels])
    out = Path(tempfile.mkdtemp(prefix="windfall-bench-"))
    jobs = {
        "chart png 1950x1200 @300": lambda: export_chart(spec, out / "c.png", "png"),
        "chart svg": lambda: export_chart(spec, out / "c.svg", "svg"),
        "chart pdf": lambda: export_chart(spec, out / "c.pdf", "pdf"),
        "chart pptx": lambda: write_chart_pptx(spec, out / "c.pptx"),
        "data csv": lambda: export_data.write_csv(out / "d.csv", runs),
        "data xlsx": lambda: export_data.write_xlsx(out / "d.xlsx", model, runs),
        f"brief pdf ({len(panels)} panels)": lambda: write_brief(brief, out / "b.pdf"),
        f"brief pptx ({len(panels)} panels)": lambda: write_brief(brief, out / "b.pptx"),
    }
    print(f"{model.path.name}: {len(runs)} scenarios, {len(runs[0].frame)} rows")
    for name, job in jobs.items():
        print(f"  {name:<28} {_median_seconds(job) * 1000:8.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
