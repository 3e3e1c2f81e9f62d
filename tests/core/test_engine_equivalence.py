"""Every shared test model and built-in model the fast engine accepts matches PySD's runtime.

One test walks the whole corpus (translation dominates its time); it records how many models
the engine accepts and why it declines the others, and fails on any accepted model whose
output differs from PySD's own `Model.run()` by more than 1e-9 relative.
"""

from __future__ import annotations

import re
import shutil
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from windfall.core import open_model
from windfall.core.errors import WindfallError
from windfall.core.model.fast import FastPath
from windfall.core.model.loaded import RunSettings

REPO = Path(__file__).resolve().parents[2]
TESTMODELS = REPO.parent / "shared" / "testmodels" / "tests"
BUILTIN = REPO / "models"
RTOL = 1e-9


def _corpus() -> list[Path]:
    shared = sorted(
        p for p in TESTMODELS.glob("*/*") if p.suffix.lower() in (".mdl", ".xmile", ".stmx")
    )
    return shared + sorted(BUILTIN.glob("*.mdl"))


def _pysd_frame(model):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.pysd_model.reload()
        return model.pysd_model.run(progress=False)


def _differences(model) -> list[str]:
    fast = model.run()
    reference = _pysd_frame(model)
    if len(fast.index) != len(reference.index):
        return [f"{len(fast.index)} saved times, PySD has {len(reference.index)}"]
    if not np.allclose(fast.index, np.asarray(reference.index, float), rtol=RTOL, atol=0):
        return ["saved times differ"]
    bad = []
    for column in fast.columns:
        expected = reference[column].to_numpy(dtype=float)
        got = fast[column].to_numpy(dtype=float)
        if not np.allclose(got, expected, rtol=RTOL, atol=0, equal_nan=True):
            bad.append(column)
    return bad


def _open_copy(path: Path, tmp_path: Path):
    target = tmp_path / path.parent.name
    if not target.exists():
        shutil.copytree(path.parent, target)
    return open_model(target / path.name)


def test_fast_engine_matches_pysd_on_every_accepted_model(tmp_path):
    corpus = _corpus()
    if not corpus:
        pytest.skip("no shared test models and no built-in models present")
    accepted, reasons, failures = [], Counter(), {}
    for path in corpus:
        try:
            model = _open_copy(path, tmp_path)
        except WindfallError:
            reasons["cannot be opened"] += 1
            continue
        if model.engine != "windfall":
            reasons[re.sub(r"'[^']*'", "'...'", model.engine_reason)] += 1
            continue
        accepted.append(path)
        bad = _differences(model)
        if bad:
            failures[f"{path.parent.name}/{path.name}"] = bad[:5]
    print(f"\nfast engine accepts {len(accepted)} of {len(corpus)} models; declines: {reasons}")
    assert not failures, failures
    assert {p.name for p in accepted} >= {p.name for p in BUILTIN.glob("*.mdl")}
    assert len(accepted) >= len(corpus) // 3


@pytest.mark.parametrize("name", sorted(p.name for p in BUILTIN.glob("*.mdl")))
def test_fast_engine_matches_pysd_with_every_constant_changed(name, tmp_path):
    """Built-in models with all constants moved 10 % and a halved time step."""
    model = _open_copy(BUILTIN / name, tmp_path)
    assert model.engine == "windfall", model.engine_reason
    constants = [v for v in model.description.parameters if v.kind == "constant" and v.value]
    overrides = {v.name: v.value * 1.1 for v in constants}
    step = model.description.control_value("time_step") / 2
    settings = RunSettings(time_step=step, saveper=step * 4)
    fast = model.run(overrides, settings)
    model._fast = FastPath(None, "compare with PySD's runtime")
    reference = model.run(overrides, settings)
    assert list(fast.columns) == list(reference.columns)
    assert np.allclose(fast.index, reference.index, rtol=RTOL, atol=0)
    for column in fast.columns:
        expected = reference[column].to_numpy(dtype=float)
        assert np.allclose(fast[column], expected, rtol=RTOL, atol=0, equal_nan=True), column
