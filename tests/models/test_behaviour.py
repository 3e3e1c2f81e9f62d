"""Behaviour the benefit-sharing argument predicts, pinned on the integrated model at 2050."""

from __future__ import annotations

import pytest

from windfall.core.analysis.scenario import load_scenario
from windfall.models import SCENARIOS_DIR

OUTPUTS = [
    "Coalition Members",
    "Alliance Trust",
    "Rival Capability",
    "Capability Lead",
    "Safety Gap",
]


@pytest.fixture(scope="module")
def at_2050(integrated):
    """Run a preset (plus changes) once and return its 2050 row; results are memoised."""
    seen = {}

    def run(preset: str, **changes: float):
        key = (preset, tuple(sorted(changes.items())))
        if key not in seen:
            scenario = load_scenario(SCENARIOS_DIR / f"{preset}.toml")
            overrides = scenario.overrides()
            overrides.update({name.replace("_", " "): v for name, v in changes.items()})
            frame = integrated.run(overrides, scenario.settings, OUTPUTS)
            seen[key] = frame.loc[2050.0]
        return seen[key]

    return run


def test_strategic_sharing_builds_a_larger_coalition_than_no_sharing(at_2050):
    assert at_2050("strategic-sharing")["Coalition Members"] > (
        at_2050("baseline")["Coalition Members"] + 10
    )


def test_credibility_brings_more_members_and_more_trust(at_2050):
    low = at_2050("strategic-sharing", Commitment_Credibility=0.3)
    high = at_2050("strategic-sharing", Commitment_Credibility=0.9)
    assert high["Coalition Members"] > low["Coalition Members"]
    assert high["Alliance Trust"] > low["Alliance Trust"]


def test_unmonitored_access_feeds_the_rival_and_erodes_the_lead(at_2050):
    monitored = at_2050("strategic-sharing", Unmonitored_Access_Fraction=0.0)
    unmonitored = at_2050("strategic-sharing", Unmonitored_Access_Fraction=0.9)
    assert unmonitored["Rival Capability"] > monitored["Rival Capability"]
    assert unmonitored["Capability Lead"] < monitored["Capability Lead"]


def test_safety_investment_narrows_the_safety_gap(at_2050):
    low = at_2050("baseline", Safety_Investment_Fraction=0.005)
    high = at_2050("baseline", Safety_Investment_Fraction=0.03)
    assert high["Safety Gap"] < low["Safety Gap"]


def test_credible_strategic_sharing_beats_no_sharing_on_lead_and_safety(at_2050):
    shared, alone = at_2050("strategic-sharing"), at_2050("baseline")
    assert shared["Capability Lead"] > alone["Capability Lead"]
    assert shared["Safety Gap"] < alone["Safety Gap"]


def test_power_sharing_wins_members_but_loses_lead_to_proliferation(at_2050):
    power, strategic = at_2050("power-sharing"), at_2050("strategic-sharing")
    assert power["Coalition Members"] > strategic["Coalition Members"]
    assert power["Capability Lead"] < strategic["Capability Lead"]


def test_windfall_clause_builds_trust_but_little_coalition(at_2050):
    clause, strategic = at_2050("windfall-clause"), at_2050("strategic-sharing")
    baseline = at_2050("baseline")
    assert clause["Alliance Trust"] > baseline["Alliance Trust"]
    assert clause["Coalition Members"] < strategic["Coalition Members"]


def test_trust_collapses_faster_than_it_builds(integrated):
    """Slovic's asymmetry: losing trust takes a fraction of the time gaining it does."""
    columns = ["Alliance Trust"]
    common = {"Benefit Share Fraction": 0.05, "Baseline Trust": 0.5}
    kept = integrated.run({**common, "Commitment Credibility": 1.0}, columns=columns)
    broken = integrated.run({**common, "Commitment Credibility": 0.0}, columns=columns)
    gain = kept["Alliance Trust"] - 0.5
    loss = 0.5 - broken["Alliance Trust"]
    assert gain.loc[2050.0] > 0 and loss.loc[2050.0] > 0
    # share of the whole 25-year movement that happens in the first year
    assert loss.loc[2026.0] / loss.loc[2050.0] > 0.6
    assert gain.loc[2026.0] / gain.loc[2050.0] < 0.3
