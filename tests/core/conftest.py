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
