"""Which plots a model opens with: what an analyst should see first, worked out headless."""

from __future__ import annotations

from windfall.core.model.description import ModelDescription

MAX_DEFAULT_PANELS = 6
MAX_DEFAULT_CURVES = 5


def default_panels(description: ModelDescription) -> list[tuple[str, list[str]]]:
    """(title, variables): each sector's stocks; a model without stocks shows its flows."""
    kinds = ("stock",) if description.by_kind("stock") else ("flow", "auxiliary")
    panels: dict[str, list[str]] = {}
    for var in description.by_kind(*kinds):
        panels.setdefault(var.group or "Model", []).append(var.name)
    chosen = list(panels.items())[:MAX_DEFAULT_PANELS]
    return [(title, names[:MAX_DEFAULT_CURVES]) for title, names in chosen]
