"""Conformance: every shared test model runs through Windfall's door like its canonical output.

A case that fails through Windfall is checked against PySD itself on a fresh copy: if PySD
fails it too, the case is skipped with PySD's reason; otherwise the test fails.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from pysd.py_backend.utils import detect_encoding
from pysd.tools.benchmarking import assert_frames_close, load_outputs, runner

from windfall.core import open_model
from windfall.core.formats.names import fold_name
from windfall.core.model.description import CONTROL_NAMES

TESTMODELS = Path(__file__).resolve().parents[3] / "shared" / "testmodels" / "tests"
MODEL_SUFFIXES = (".mdl", ".xmile", ".stmx")


def _cases():
    if not TESTMODELS.is_dir():
        return []
    found = []
    for folder in sorted(p for p in TESTMODELS.iterdir() if p.is_dir()):
        if not any((folder / n).is_file() for n in ("output.csv", "output.tab")):
            continue
        for model in sorted(folder.iterdir()):
            if model.suffix.lower() in MODEL_SUFFIXES:
                found.append(
                    pytest.param(folder.name, model.name, id=f"{folder.name}/{model.name}")
                )
    return found


def _canonical(folder):
    path = folder / "output.csv"
    path = path if path.is_file() else folder / "output.tab"
    canon = load_outputs(path, encoding=detect_encoding(path))
    canon = canon[[c for c in canon.columns if fold_name(c) not in CONTROL_NAMES]].copy()
    for column in canon.columns:
        # Vensim writes a constant's value only in the first row
        if len(canon) > 1 and canon[column].iloc[1:].isna().all():
            canon[column] = canon[column].iloc[0]
    return canon


def _pysd_fails(source_folder, model_name, tmp_path) -> str | None:
    fresh = tmp_path / "pysd-check"
    shutil.copytree(source_folder, fresh)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            output, canon = runner(str(fresh / model_name))
            assert_frames_close(output, canon, rtol=0.05)
    except BaseException as exc:  # noqa: BLE001 - any PySD failure means "PySD fails it too"
        return f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
    return None


@pytest.mark.parametrize("case, model_name", _cases())
def test_case_matches_canonical_output(case, model_name, testmodel, tmp_path):
    folder = testmodel(case)
    canon = _canonical(folder)
    try:
        model = open_model(folder / model_name)
        output = model.run(columns=list(canon.columns))
        assert_frames_close(output, canon, rtol=0.05)
    except BaseException as failure:
        reason = _pysd_fails(TESTMODELS / case, model_name, tmp_path)
        if reason is None:
            raise AssertionError(
                f"PySD passes this case, Windfall does not: {failure}"
            ) from failure
        pytest.skip(f"PySD itself fails this case ({reason})")
