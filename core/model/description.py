"""What a model contains, for people: names, kinds, units, ranges, docs, equations, links."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from windfall.core.formats.names import fold_name

KINDS = ("stock", "flow", "auxiliary", "constant", "lookup", "data")
CONTROL_NAMES = {
    "initial time": "initial_time",
    "final time": "final_time",
    "time step": "time_step",
    "saveper": "saveper",
}


@dataclass
class VariableInfo:
    """One model variable as the analyst knows it."""

    name: str
    py_name: str
    kind: str
    units: str = ""
    min: float | None = None
    max: float | None = None
    step: float | None = None
    doc: str = ""
    equation: str = ""
    depends_on: list[str] = field(default_factory=list)
    used_by: list[str] = field(default_factory=list)
    group: str | None = None
    subscripts: list[str] = field(default_factory=list)
    value: float | None = None
    lookup_x: list[float] | None = None
    lookup_y: list[float] | None = None
    line: int | None = None

    @property
    def is_parameter(self) -> bool:
        """Constants with one value: what sliders and `--set` act on."""
        return self.kind == "constant" and self.value is not None


@dataclass
class ControlInfo:
    """A time setting of the model (initial/final time, time step, save step)."""

    name: str
    key: str
    value: float | None
    units: str = ""
    equation: str = ""


@dataclass
class ModelDescription:
    """Every variable of a model plus its time settings."""

    variables: list[VariableInfo]
    controls: dict[str, ControlInfo]
    time_units: str = ""
    _index: dict[str, VariableInfo] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index = {fold_name(v.name): v for v in self.variables}
        for var in self.variables:
            self._index.setdefault(fold_name(var.py_name), var)

    def find(self, name: str) -> VariableInfo | None:
        """The variable whose name matches the way Vensim matches names, or None."""
        return self._index.get(fold_name(name))

    def by_kind(self, *kinds: str) -> list[VariableInfo]:
        return [v for v in self.variables if v.kind in kinds]

    @property
    def parameters(self) -> list[VariableInfo]:
        return [v for v in self.variables if v.is_parameter]

    @property
    def lookups(self) -> list[VariableInfo]:
        return [v for v in self.variables if v.kind == "lookup" and v.lookup_x]

    def control_value(self, key: str) -> float | None:
        control = self.controls.get(key)
        return control.value if control else None

    def to_json(self) -> str:
        data = {
            "variables": [asdict(v) for v in self.variables],
            "controls": {k: asdict(c) for k, c in self.controls.items()},
            "time_units": self.time_units,
        }
        return json.dumps(data, indent=1, allow_nan=True)

    @classmethod
    def from_json(cls, text: str) -> ModelDescription:
        data = json.loads(text)
        return cls(
            variables=[VariableInfo(**v) for v in data["variables"]],
            controls={k: ControlInfo(**c) for k, c in data["controls"].items()},
            time_units=data.get("time_units", ""),
        )
