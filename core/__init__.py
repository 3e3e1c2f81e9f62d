"""Windfall's headless core: load, describe and run models; no Qt here."""

from windfall.core.errors import WindfallError, WindfallWarning
from windfall.core.loader import open_model
from windfall.core.model import LoadedModel, RunSettings

__all__ = ["LoadedModel", "RunSettings", "WindfallError", "WindfallWarning", "open_model"]
