"""docs/analysis.md answers the built-in model's questions; its goal seek must be what the
model gives, for the edition of the model the page names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from windfall.core.analysis.jobs import BatchRunner
from windfall.core.analysis.objective import parse_constraint, parse_objective
from windfall.core.analysis.optimize import Problem, optimize
from windfall.core.analysis.outcome import parse_lever

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


def test_goal_seek_in_the_docs_matches_the_model(integrated):
    text = DOC.read_text(encoding="utf-8")
    edition = re.search(r"SHA-256 `([0-9a-f]{12})`", text)[1]
    if not integrated.content_hash.startswith(edition):
        pytest.skip("docs/analysis.md answers another edition of the model: rerun its commands")
    rows = dict(re.findall(r"^\| ([\d.]+) \(?[^|]*\| \*\*([\d.]+)\*\*", text, re.MULTILINE))
    for credibility, share in rows.items():
        problem = Problem(
            (parse_lever(integrated, "Benefit Share Fraction=0..0.5"),),
            parse_objective(integrated, "min Benefit Share Fraction"),
            (parse_constraint(integrated, "Coalition Members@2030>=30"),),
        )
        base = {"Commitment Credibility": float(credibility)}
        found = optimize(BatchRunner(integrated, problem.columns, base), problem)
        assert round(found.values["Benefit Share Fraction"], 4) == float(share)
    assert len(rows) == 2
