"""Workspace files: a whole working session (model, scenarios, plots, run settings) in one file.

Format (JSON, UTF-8; documented in docs/files.md)::

    {
      "format": "windfall-workspace", "version": 1,
      "model": {"path": "../benefit_sharing.mdl", "sha256": "..."},
      "settings": {"final_time": 2050},
      "baseline": {<scenario entry>},
      "scenarios": [{<scenario entry>}, ...],
      "panels": [{"title": "Wealth", "variables": ["GDP", "Transfers"]}],
      "compare_time": 2040,
      "uncertainty": {"version": 1, "shown": true, "runs": 200, "seed": 1,
                      "vary": [{"name": "Base Diffusion Rate", "distribution": "uniform",
                                "args": [0.02, 0.08]}]},
      "ui": {...}
    }

A scenario entry is a scenario (the scenario-file structure: name, description, run,
parameters, lookups) plus "visible", "color" ("#rrggbb") and "dash". The model path is
stored relative to the workspace file when they share a folder tree, so a project folder
can be moved as a whole. "uncertainty" holds the uncertainty-band settings (absent in files
saved before it existed, which read as "not saved"); it carries its own version so its layout
can change without touching the rest. "ui" is free-form JSON the desktop app keeps for itself.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from windfall.core.analysis.scenario import Scenario, parse_scenario_data
from windfall.core.analysis.sweep import Vary
from windfall.core.analysis.uncertainty import DEFAULT_RUNS, DEFAULT_SEED, UncertaintySettings
from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_text_atomic
from windfall.core.io.userfile import parse_structured, read_user_text
from windfall.core.model.loaded import RunSettings

FORMAT = "windfall-workspace"
VERSION = 1
SUFFIX = ".windfall"
DASHES = ("solid", "dash", "dot", "dashdot")
UNCERTAINTY_VERSION = 1
MAX_RUNS = 100_000  # the most the app's uncertainty settings offer
MAX_SEED = 2**31 - 1


@dataclass
class ScenarioEntry:
    """A scenario as the session shows it: shown or hidden, in which colour and dash."""

    scenario: Scenario
    visible: bool = True
    color: str | None = None
    dash: str = "solid"


@dataclass
class PlotPanel:
    """One plot and the variables drawn on it."""

    variables: list[str] = field(default_factory=list)
    title: str = ""


@dataclass
class Workspace:
    """Everything needed to reopen a session exactly as it was left."""

    model_path: Path | None = None
    model_sha256: str | None = None
    settings: RunSettings = field(default_factory=RunSettings)
    baseline: ScenarioEntry = field(default_factory=lambda: ScenarioEntry(Scenario("Baseline")))
    scenarios: list[ScenarioEntry] = field(default_factory=list)
    panels: list[PlotPanel] = field(default_factory=list)
    compare_time: float | None = None
    uncertainty: UncertaintySettings | None = None
    ui: dict = field(default_factory=dict)

    def to_dict(self, relative_to: Path | None = None) -> dict:
        model = {}
        if self.model_path is not None:
            model["path"] = _portable_path(Path(self.model_path), relative_to)
        if self.model_sha256:
            model["sha256"] = self.model_sha256
        return {
            "format": FORMAT,
            "version": VERSION,
            "model": model,
            "settings": self.settings.given(),
            "baseline": _entry_dict(self.baseline),
            "scenarios": [_entry_dict(e) for e in self.scenarios],
            "panels": [{"title": p.title, "variables": list(p.variables)} for p in self.panels],
            "compare_time": self.compare_time,
            "uncertainty": _uncertainty_dict(self.uncertainty),
            "ui": self.ui,
        }


def _portable_path(path: Path, folder: Path | None) -> str:
    if folder is not None:
        try:
            return Path(os.path.relpath(path.absolute(), folder.absolute())).as_posix()
        except ValueError:  # another drive on Windows
            pass
    return str(path.absolute())


def _entry_dict(entry: ScenarioEntry) -> dict:
    data = entry.scenario.to_dict()
    data.pop("model", None)
    data.update(visible=entry.visible, color=entry.color, dash=entry.dash)
    return data


def workspace_json(workspace: Workspace, relative_to: Path | None = None) -> str:
    text = json.dumps(workspace.to_dict(relative_to), indent=2, ensure_ascii=False, allow_nan=False)
    return text + "\n"


def save_workspace(workspace: Workspace, path: str | os.PathLike) -> Path:
    """Write the workspace atomically; the model path is stored relative to it."""
    path = Path(path)
    try:
        text = workspace_json(workspace, path.parent)
    except ValueError as exc:
        raise WindfallError(path, f"cannot save workspace ({exc})") from exc
    write_text_atomic(path, text)
    return path


def load_workspace(path: str | os.PathLike) -> Workspace:
    """Read a workspace file; errors name the file and what is wrong in it."""
    path = Path(path)
    data = parse_structured(path, read_user_text(path), "workspace file")
    return workspace_from_dict(data, path)


def workspace_from_dict(data, path: Path) -> Workspace:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WindfallError(path, f'not a workspace file (no "format": "{FORMAT}")')
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise WindfallError(path, f"workspace version {data.get('version')!r} is not supported")
    model = _table(path, data, "model")
    model_path = model.get("path")
    if model_path is not None:
        model_path = Path(os.path.normpath(path.parent.absolute() / str(model_path)))
    settings = parse_scenario_data(path, {"run": _table(path, data, "settings")}).settings
    return Workspace(
        model_path=model_path,
        model_sha256=model.get("sha256"),
        settings=settings,
        baseline=_entry(path, _table(path, data, "baseline"), "Baseline"),
        scenarios=[_entry(path, e, f"Scenario {i + 1}") for i, e in enumerate(_list(path, data))],
        panels=[_panel(path, p) for p in data.get("panels") or []],
        compare_time=_optional_number(path, data.get("compare_time")),
        uncertainty=_uncertainty(path, data.get("uncertainty")),
        ui=data.get("ui") if isinstance(data.get("ui"), dict) else {},
    )


def _table(path: Path, data: dict, key: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise WindfallError(path, f'"{key}" must be an object')
    return value


def _list(path: Path, data: dict) -> list:
    value = data.get("scenarios") or []
    if not isinstance(value, list):
        raise WindfallError(path, '"scenarios" must be a list')
    return value


def _entry(path: Path, data, default_name: str) -> ScenarioEntry:
    if not isinstance(data, dict):
        raise WindfallError(path, "a scenario entry must be an object")
    scenario = parse_scenario_data(path, {"name": default_name, **data})
    dash = data.get("dash") or "solid"
    if dash not in DASHES:
        raise WindfallError(path, f"scenario '{scenario.name}': unknown dash '{dash}'")
    color = data.get("color")
    return ScenarioEntry(scenario, bool(data.get("visible", True)), color and str(color), dash)


def _panel(path: Path, data) -> PlotPanel:
    if not isinstance(data, dict) or not isinstance(data.get("variables", []), list):
        raise WindfallError(path, 'a panel must be an object with a "variables" list')
    return PlotPanel([str(v) for v in data.get("variables", [])], str(data.get("title") or ""))


def _uncertainty_dict(settings: UncertaintySettings | None) -> dict | None:
    if settings is None:
        return None
    return {
        "version": UNCERTAINTY_VERSION,
        "shown": settings.shown,
        "runs": settings.n,
        "seed": settings.seed,
        "vary": [
            {"name": v.name, "distribution": v.dist, "args": [float(a) for a in v.args]}
            for v in settings.varies
        ],
    }


def _uncertainty(path: Path, data) -> UncertaintySettings | None:
    """The saved uncertainty settings; whether each variation fits the model is checked when
    the model is open (UncertaintySettings.fit), not here."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise WindfallError(path, '"uncertainty" must be an object')
    version = data.get("version", UNCERTAINTY_VERSION)
    if not _is_int(version) or not 1 <= version <= UNCERTAINTY_VERSION:
        raise WindfallError(path, f"uncertainty settings version {version!r} is not supported")
    runs, seed = data.get("runs", DEFAULT_RUNS), data.get("seed", DEFAULT_SEED)
    if not _is_int(runs) or not 2 <= runs <= MAX_RUNS:
        raise WindfallError(path, f"uncertainty runs {runs!r} must be a whole number 2-{MAX_RUNS}")
    if not _is_int(seed) or not 0 <= seed <= MAX_SEED:
        raise WindfallError(path, f"uncertainty seed {seed!r} must be a whole number 0-{MAX_SEED}")
    varies = data.get("vary") or []
    if not isinstance(varies, list):
        raise WindfallError(path, 'uncertainty "vary" must be a list')
    return UncertaintySettings(
        tuple(_vary(path, v) for v in varies), runs, seed, bool(data.get("shown", False))
    )


def _vary(path: Path, data) -> Vary:
    name, dist = (data.get(k) if isinstance(data, dict) else None for k in ("name", "distribution"))
    args = data.get("args", []) if isinstance(data, dict) else None
    numbers = isinstance(args, list) and all(
        isinstance(a, (int, float)) and not isinstance(a, bool) for a in args
    )
    if not isinstance(name, str) or not isinstance(dist, str) or not numbers:
        raise WindfallError(
            path, 'an uncertainty variation needs "name", "distribution" and numeric "args"'
        )
    return Vary(name, dist, tuple(float(a) for a in args))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _optional_number(path: Path, value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WindfallError(path, f"compare_time {value!r} is not a number")
    return float(value)


def workspace_warnings(workspace: Workspace, model) -> list[str]:
    """What will not apply as saved when this workspace meets `model` (empty when all fits)."""
    from windfall.core.analysis.scenario_match import scenario_overrides

    warnings = []
    if workspace.model_sha256 and workspace.model_sha256 != model.content_hash:
        warnings.append(
            "the model file changed since this workspace was saved; "
            "applying the scenario settings that still match"
        )
    for entry in [workspace.baseline, *workspace.scenarios]:
        warnings += scenario_overrides(model, entry.scenario)[1]
    if workspace.uncertainty is not None:
        warnings += workspace.uncertainty.fit(model)[1]
    return warnings


def open_workspace(path: str | os.PathLike):
    """Load a workspace and open its model: (workspace, model, warnings)."""
    from windfall.core.loading.loader import open_model

    workspace = load_workspace(path)
    if workspace.model_path is None:
        raise WindfallError(path, "the workspace names no model")
    model = open_model(workspace.model_path)
    return workspace, model, workspace_warnings(workspace, model)
