"""Shared fixtures: every test gets a private cache and settings folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TESTMODELS = SHARED / "testmodels" / "tests"
HOSTILE = SHARED / "hostile"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory, monkeypatch):
    """Point the translation cache and app settings at temp dirs for every test."""
    base = tmp_path_factory.mktemp("windfall-home")
    monkeypatch.setenv("WINDFALL_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("WINDFALL_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    return base


@pytest.fixture
def testmodel(tmp_path):
    """Copy one shared test-model case folder into tmp and return the folder."""

    def copy(case: str) -> Path:
        source = TESTMODELS / case
        if not source.is_dir():
            pytest.skip(f"shared test model '{case}' not present")
        target = tmp_path / case
        shutil.copytree(source, target)
        return target

    return copy
