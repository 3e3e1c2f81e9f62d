"""The built-in models are complete: named spine, documented variables, ranged constants."""

from __future__ import annotations

import math

import pytest

from windfall.models import DEFAULT_MODEL

SECTOR_MODELS = ("ai_wealth", "capability_race", "coalition_trust", "safety_research")
ALL_MODELS = ("benefit_sharing", *SECTOR_MODELS)
SPINE = {
    "AI Wealth": "stock",
    "Frontier Capability": "stock",
    "Rival Capability": "stock",
    "Coalition Members": "stock",
    "Alliance Trust": "stock",
    "Safety Research Capacity": "stock",
    "Benefit Share Fraction": "constant",
    "Commitment Credibility": "constant",
    "Unmonitored Access Fraction": "constant",
    "Safety Investment Fraction": "constant",
    "Capability Lead": "auxiliary",
    "Safety Gap": "auxiliary",
}
VIEWS = {"AI Wealth", "Capability Race", "Coalition and Trust", "Safety Research"}


def test_default_model_is_the_integrated_model():
    assert DEFAULT_MODEL.name == "benefit_sharing.mdl" and DEFAULT_MODEL.is_file()


def test_integrated_model_has_the_spine(integrated):
    kinds = {name: integrated.variable(name).kind for name in SPINE}
    assert kinds == SPINE


def test_integrated_model_runs_2025_to_2050(integrated):
    desc = integrated.description
    assert desc.control_value("initial_time") == 2025
    assert desc.control_value("final_time") == 2050


def test_sketch_views_are_the_sectors(integrated):
    groups = {v.group for v in integrated.description.variables if v.group}
    assert groups == VIEWS
    assert all(p.group in VIEWS for p in integrated.description.parameters)


@pytest.mark.parametrize("stem", ALL_MODELS)
def test_every_variable_documented_and_every_constant_ranged(model_named, stem):
    desc = model_named(stem).description
    undocumented = [v.name for v in desc.variables if not v.doc.strip()]
    assert undocumented == []
    for var in desc.parameters:
        assert var.units, var.name
        assert None not in (var.min, var.max, var.step), var.name
        assert var.min <= var.value <= var.max, var.name
    for var in desc.by_kind("stock"):
        assert var.min is not None and var.max is not None, var.name


@pytest.mark.parametrize("stem", SECTOR_MODELS)
def test_each_sector_model_runs_alone(model_named, stem):
    model = model_named(stem)
    stocks = [v.name for v in model.description.by_kind("stock")]
    frame = model.run(columns=stocks)
    assert stocks and frame.index[0] == 2025 and frame.index[-1] == 2050
    for name in stocks:
        assert frame[name].map(math.isfinite).all(), name
    # a sector's stocks move on their own: each one has dynamics, not just a constant
    assert any(frame[name].iloc[-1] != frame[name].iloc[0] for name in stocks)
