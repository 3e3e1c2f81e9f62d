"""Windfall's headless core: load, describe and run models; no Qt here.

Public names load on first use, so `import windfall.core` costs nothing (no PySD, no numpy).
"""

from __future__ import annotations

import importlib

_PUBLIC = {
    "open_model": "windfall.core.loading.loader",
    "LoadedModel": "windfall.core.model.loaded",
    "RunSettings": "windfall.core.model.loaded",
    "WindfallError": "windfall.core.errors",
    "WindfallWarning": "windfall.core.errors",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'windfall.core' has no attribute {name!r}")
