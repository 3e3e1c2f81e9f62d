from __future__ import annotations

import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture
def teacup(tmp_path) -> Path:
    """A small teacup model with a constant range, a lookup and a sketch, in tmp."""
    target = tmp_path / "teacup" / "teacup.mdl"
    target.parent.mkdir()
    shutil.copy(HERE / "teacup.mdl", target)
    return target
