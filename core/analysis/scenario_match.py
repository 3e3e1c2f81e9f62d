"""Fit a scenario to the open model: apply what matches, say plainly what does not."""

from __future__ import annotations

from windfall.core.analysis.scenario import Scenario
from windfall.core.errors import WindfallError


def scenario_overrides(model, scenario: Scenario) -> tuple[dict[str, object], list[str]]:
    """The scenario's overrides that fit `model`, plus one warning line per problem.

    A scenario made for other model content (hash differs) still applies wherever names and
    kinds match; everything skipped is named, so nothing is dropped silently.
    """
    warnings: list[str] = []
    if scenario.model_sha256 and scenario.model_sha256 != model.content_hash:
        warnings.append(
            f"scenario '{scenario.name}' was made for different model content "
            f"(sha256 {scenario.model_sha256[:12]}..., open model {model.content_hash[:12]}...); "
            "applying the settings that match"
        )
    fitting: dict[str, object] = {}
    for name, value in scenario.overrides().items():
        try:
            model.resolve_overrides({name: value})
        except WindfallError as exc:
            warnings.append(f"scenario '{scenario.name}': skipped '{name}' ({exc.cause})")
            continue
        fitting[model.variable(name).name] = value
    return fitting, warnings
