from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture
def teacup(tmp_path) -> Path:
    """A small teacup model with a constant range, a lookup and a sketch, in tmp."""
    target = tmp_path / "teacup" / "teacup.mdl"
    target.parent.mkdir()
    shutil.copy(HERE / "teacup.mdl", target)
    return target


def pytest_terminal_summary(terminalreporter):
    """Record the conformance pass count over the shared test models in every run."""
    counts = {}
    for outcome in ("passed", "failed", "skipped"):
        reports = terminalreporter.stats.get(outcome, [])
        counts[outcome] = sum(1 for r in reports if "test_conformance.py" in r.nodeid)
    if any(counts.values()):
        terminalreporter.write_line(
            "conformance over shared test models: "
            f"{counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['skipped']} skipped because PySD itself fails them"
        )


@pytest.fixture
def equations_model(tmp_path):
    """Write a small Vensim model from `NAME = EXPRESSION` lines (ranges as `[lo,hi]` after
    a `~`), with time from 0 to `final` in steps of `step`; returns its path."""

    def write(equations: list[str], final: float = 10, step: float = 1, name="eq.mdl") -> Path:
        lines = ["{UTF-8}"]
        for equation in equations:
            text, _tilde, units = equation.partition("~")
            lines.append(f"{text.strip()}\n\t~\t{units.strip() or 'Dmnl'}\n\t~\t\n\t|\n")
        lines += [
            "INITIAL TIME = 0\n\t~\tYear\n\t~\t\n\t|\n",
            f"FINAL TIME = {final}\n\t~\tYear\n\t~\t\n\t|\n",
            f"TIME STEP = {step}\n\t~\tYear\n\t~\t\n\t|\n",
            "SAVEPER = TIME STEP\n\t~\tYear\n\t~\t\n\t|\n",
        ]
        folder = tmp_path / "models"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    return write
