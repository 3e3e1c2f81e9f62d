"""docs/models.md reports 2050 values of every preset; they must be what the model gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from windfall.core.analysis.scenario import load_scenario
from windfall.models import SCENARIOS_DIR

DOC = Path(__file__).resolve().parents[2] / "docs" / "models.md"


def _results_table() -> tuple[list[str], dict[str, list[str]]]:
    """The `| at 2050 | ...` table: preset stems and, per variable, the cells as written."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| at 2050 |"))
    presets = re.findall(r"`([^`]+)`", lines[start])
    rows = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[re.sub(r"\s*\([^)]*\)$", "", cells[0])] = cells[1:]
    return presets, rows


def test_docs_report_every_preset():
    presets, _ = _results_table()
    assert sorted(presets) == sorted(p.stem for p in SCENARIOS_DIR.glob("*.toml"))


@pytest.mark.parametrize("preset", _results_table()[0])
def test_docs_values_match_a_run_of_the_preset(integrated, preset):
    presets, rows = _results_table()
    scenario = load_scenario(SCENARIOS_DIR / f"{preset}.toml")
    at_2050 = integrated.run(scenario.overrides(), scenario.settings, list(rows)).loc[2050.0]
    for variable, cells in rows.items():
        written = cells[presets.index(preset)].replace(",", "")
        decimals = len(written.partition(".")[2])
        assert round(at_2050[variable], decimals) == pytest.approx(float(written)), variable


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def test_docs_parameter_tables_match_the_model(integrated):
    """Every constant of the integrated model is in a table with its value, range and units."""
    row = re.compile(
        r"^\| ([^|]+) \| ([-\d.,e+]+) \| ([-\d.,e+]+) – ([-\d.,e+]+) \(([-\d.,e+]+)\) \| ([^|]+) \|"
    )
    documented = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = row.match(line)
        if match:
            documented[match.group(1).strip()] = match.groups()[1:]
    for var in integrated.description.parameters:
        value, low, high, step, units = documented[var.name]
        numbers = [_number(t) for t in (value, low, high, step)]
        assert numbers == [var.value, var.min, var.max, var.step], var.name
        assert units.strip() == var.units, var.name
    assert len(documented) == len(integrated.description.parameters)
