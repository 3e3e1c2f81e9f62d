"""Windfall's built-in models of strategic AI benefit-sharing, and their scenarios."""

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent
SCENARIOS_DIR = MODELS_DIR / "scenarios"
DEFAULT_MODEL = MODELS_DIR / "benefit_sharing.mdl"
