"""Scenario files: a named set of run settings and parameter overrides for one model.

Format (TOML, or the same structure as JSON)::

    name = "Strategic sharing"
    description = "Credible, monitored sharing of the AI windfall."

    [model]
    path = "../benefit_sharing.mdl"   # relative to the scenario file
    sha256 = "..."                    # content hash of the model it was made for

    [run]                             # optional; any of the four time settings
    final_time = 2050

    [parameters]                      # constants: name = number
    "Benefit Share Fraction" = 0.1

    [lookups]                         # optional; graphical functions
    "Trust Effect" = { x = [0, 1], y = [0, 1] }

    [results]                         # optional; what an analysis found (text or numbers)
    objective = "min Benefit Share Fraction"
    objective_value = 0.1312
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_text_atomic
from windfall.core.io.userfile import parse_structured, read_user_text
from windfall.core.model.loaded import TIME_KEYS, RunSettings

FORMAT_SUFFIXES = (".toml", ".json")


@dataclass
class Scenario:
    """A named scenario: overrides and time settings, plus the model it was made for."""

    name: str
    description: str = ""
    model_path: str | None = None
    model_sha256: str | None = None
    settings: RunSettings = field(default_factory=RunSettings)
    parameters: dict[str, float] = field(default_factory=dict)
    lookups: dict[str, tuple[list[float], list[float]]] = field(default_factory=dict)
    # What produced these values, when an analysis did: an optimum's objective and its value.
    results: dict[str, float | str] = field(default_factory=dict)

    def overrides(self) -> dict[str, object]:
        """Parameters and lookups as one overrides mapping for `LoadedModel.run`."""
        merged: dict[str, object] = dict(self.parameters)
        merged.update(self.lookups)
        return merged

    def to_dict(self) -> dict:
        data: dict = {"name": self.name, "description": self.description}
        model = {k: v for k, v in (("path", self.model_path), ("sha256", self.model_sha256)) if v}
        if model:
            data["model"] = model
        if self.settings.given():
            data["run"] = self.settings.given()
        data["parameters"] = dict(self.parameters)
        if self.lookups:
            data["lookups"] = {
                k: {"x": list(x), "y": list(y)} for k, (x, y) in self.lookups.items()
            }
        if self.results:
            data["results"] = dict(self.results)
        return data


def _number(path: Path, where: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise WindfallError(path, f"{where}: value {value!r} is not a finite number")
    return float(value)


def _parse(path: Path, data: dict) -> Scenario:
    if not isinstance(data, dict):
        raise WindfallError(path, "a scenario file must hold a table/object at the top")
    model = data.get("model") or {}
    run = data.get("run") or {}
    unknown = set(run) - set(TIME_KEYS)
    if unknown:
        raise WindfallError(path, f"[run]: unknown time setting(s) {', '.join(sorted(unknown))}")
    settings = RunSettings(**{k: _number(path, f"[run] {k}", v) for k, v in run.items()})
    params = {
        str(k): _number(path, f"[parameters] '{k}'", v)
        for k, v in (data.get("parameters") or {}).items()
    }
    lookups = {}
    for name, table in (data.get("lookups") or {}).items():
        if not isinstance(table, dict) or "x" not in table or "y" not in table:
            raise WindfallError(path, f"[lookups] '{name}': needs x = [...] and y = [...]")
        xs = [_number(path, f"[lookups] '{name}'", v) for v in table["x"]]
        ys = [_number(path, f"[lookups] '{name}'", v) for v in table["y"]]
        lookups[str(name)] = (xs, ys)
    found = data.get("results") or {}
    if not isinstance(found, dict):
        raise WindfallError(path, "[results] must be a table of names and values")
    results = {
        str(k): v if isinstance(v, str) else _number(path, f"[results] '{k}'", v)
        for k, v in found.items()
    }
    return Scenario(
        name=str(data.get("name") or path.stem),
        description=str(data.get("description") or ""),
        model_path=model.get("path"),
        model_sha256=model.get("sha256"),
        settings=settings,
        parameters=params,
        lookups=lookups,
        results=results,
    )


def parse_scenario_data(path: Path, data: dict) -> Scenario:
    """A Scenario from decoded TOML/JSON data, e.g. one embedded in a workspace file."""
    return _parse(path, data)


def load_scenario(path: str | Path) -> Scenario:
    """Read a .toml or .json scenario file; errors name the file and the cause."""
    path = Path(path)
    if path.suffix.lower() not in FORMAT_SUFFIXES:
        raise WindfallError(path, "scenario files end in .toml or .json")
    text = read_user_text(path)
    data = parse_structured(path, text, "scenario file", toml=path.suffix.lower() == ".toml")
    return _parse(path, data)


def _toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(float(value))


def scenario_toml(scenario: Scenario) -> str:
    data = scenario.to_dict()
    lines = [f"{k} = {_toml_value(data[k])}" for k in ("name", "description")]
    for table in ("model", "run", "parameters", "lookups", "results"):
        if table in data:
            lines += ["", f"[{table}]"]
            lines += [f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in data[table].items()]
    return "\n".join(lines) + "\n"


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario atomically as TOML or JSON, by the file's suffix."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        text = json.dumps(scenario.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif path.suffix.lower() == ".toml":
        text = scenario_toml(scenario)
    else:
        raise WindfallError(path, "scenario files end in .toml or .json")
    write_text_atomic(path, text)
