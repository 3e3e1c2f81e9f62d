"""Historical data to compare a model with: a time column and columns named like variables.

The first column holds times (any header: Time, Year...); every other column names a model
variable (folded like Vensim's names) and holds numbers, or nothing where no observation was
made. Errors name the file, the row and the column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from windfall.core.errors import WindfallError
from windfall.core.io.table_file import read_table


@dataclass
class History:
    """Observed series: `series[name]` holds a value per time, NaN where none was observed."""

    path: Path
    times: np.ndarray
    series: dict[str, np.ndarray] = field(default_factory=dict)

    def observed(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The times and values actually observed for one variable."""
        values = self.series[name]
        seen = np.isfinite(values)
        return self.times[seen], values[seen]

    @property
    def count(self) -> int:
        return int(sum(np.isfinite(v).sum() for v in self.series.values()))


def load_history(model, path: str | Path) -> History:
    """Read and check a data file against the model; WindfallError on the first fault."""
    table = read_table(path)
    path = table.path
    if len(table.header) < 2:
        raise WindfallError(path, "needs a time column and at least one variable column")
    names = []
    for header in table.header[1:]:
        base, bracket, rest = header.partition("[")
        var = model.description.find(base.strip())
        if var is None:
            raise WindfallError(path, f"column '{header}' names no variable of {model.path.name}")
        names.append(var.name + bracket + rest)
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise WindfallError(path, f"two columns name '{twice}'")
    times, values = _numbers(table, names)
    return History(path, times, {name: values[:, k] for k, name in enumerate(names)})


def _numbers(table, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    times = np.empty(len(table.rows))
    values = np.full((len(table.rows), len(names)), np.nan)
    for i, (row, cells) in enumerate(table.rows):
        cells = cells + [None] * (len(names) + 1 - len(cells))
        time = _number(table.path, row, table.header[0], cells[0])
        if time is None:
            raise WindfallError(table.path, f"column '{table.header[0]}': no time", line=row)
        if i and time <= times[i - 1]:
            raise WindfallError(
                table.path, f"time {time:g} does not come after {times[i - 1]:g}", line=row
            )
        times[i] = time
        for k in range(len(names)):
            value = _number(table.path, row, table.header[k + 1], cells[k + 1])
            values[i, k] = np.nan if value is None else value
    if not len(times):
        raise WindfallError(table.path, "the file holds a header but no data rows")
    return times, values


def _number(path: Path, row: int, column: str, cell) -> float | None:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    try:
        value = float(cell)
    except (TypeError, ValueError):
        text = str(cell)[:40]
        raise WindfallError(
            path, f"column '{column}': '{text}' is not a number", line=row
        ) from None
    if not math.isfinite(value):
        raise WindfallError(path, f"column '{column}': '{cell}' is not a finite number", line=row)
    return value
