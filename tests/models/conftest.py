"""Fixtures for the built-in models: each model is opened once per test module."""

from __future__ import annotations

import pytest

from windfall.core import open_model
from windfall.models import DEFAULT_MODEL, MODELS_DIR


def open_private(tmp_path_factory, path):
    """Open a model with its translation in a private temp cache.

    Module-scoped fixtures set up before the autouse per-test cache fixture, so they
    point the cache at their own temp dir while the model is translated.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WINDFALL_CACHE_DIR", str(tmp_path_factory.mktemp("models-cache")))
        return open_model(path)


@pytest.fixture(scope="module")
def integrated(tmp_path_factory):
    """The integrated benefit-sharing model, opened once for the module."""
    return open_private(tmp_path_factory, DEFAULT_MODEL)


@pytest.fixture(scope="module")
def model_named(tmp_path_factory):
    """Open built-in models by stem, each once for the module."""
    opened = {}

    def get(stem: str):
        if stem not in opened:
            opened[stem] = open_private(tmp_path_factory, MODELS_DIR / f"{stem}.mdl")
        return opened[stem]

    return get
