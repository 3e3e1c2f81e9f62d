"""Extreme conditions: every lever (and every constant) at its min and at its max."""

from __future__ import annotations

import itertools
import math

import pytest

ALL_MODELS = (
    "benefit_sharing",
    "ai_wealth",
    "capability_race",
    "coalition_trust",
    "safety_research",
)
LEVERS = (
    "Benefit Share Fraction",
    "Commitment Credibility",
    "Unmonitored Access Fraction",
    "Safety Investment Fraction",
)


def _assert_stocks_in_range(model, overrides):
    stocks = model.description.by_kind("stock")
    frame = model.run(overrides, columns=[s.name for s in stocks])
    for stock in stocks:
        values = frame[stock.name]
        assert values.map(math.isfinite).all(), stock.name
        assert values.min() >= stock.min, (stock.name, values.min())
        assert values.max() <= stock.max, (stock.name, values.max())


@pytest.mark.parametrize("corner", list(itertools.product(("min", "max"), repeat=len(LEVERS))))
def test_levers_at_every_corner_keep_stocks_in_range(integrated, corner):
    """All 16 combinations of the four policy levers at their min or max."""
    overrides = {
        name: getattr(integrated.variable(name), end)
        for name, end in zip(LEVERS, corner, strict=True)
    }
    _assert_stocks_in_range(integrated, overrides)


@pytest.mark.parametrize("end", ["min", "max"])
@pytest.mark.parametrize("stem", ALL_MODELS)
def test_all_constants_at_extremes_keep_stocks_in_range(model_named, stem, end):
    model = model_named(stem)
    overrides = {p.name: getattr(p, end) for p in model.description.parameters}
    _assert_stocks_in_range(model, overrides)
