"""Honest models pass every safety layer and give PySD's own results, bit for bit."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import numpy as np
import pysd
import pytest

from windfall.core import open_model

REPO = Path(__file__).resolve().parents[2]
TESTMODELS = REPO.parent / "shared" / "testmodels" / "tests"
BUILTIN = sorted((REPO / "models").glob("*.mdl"))
# Shared cases that exercise what the safety layers rewrite or check: powers and negative
# bases, quoted names, macros, lookups with ranges, subscripts and external data files.
SHARED_CASES = [
    "exponentiation/exponentiation.mdl",
    "special_characters/test_special_variable_names.mdl",
    "macro_multi_macros/test_macro_multi_macros.mdl",
    "lookups_inline_bounded/test_lookups_inline_bounded.mdl",
    "with_lookup/test_with_lookup.mdl",
    "subscript_2d_arrays/test_subscript_2d_arrays.mdl",
    "get_lookups_data_3d_xls/test_get_lookups_data_3d_xls.mdl",
    "subscripted_delays/test_subscripted_delays.mdl",
]


def _pysd_itself(path: Path, tmp_path: Path):
    """PySD's own translation and run, on a private copy of the model's folder."""
    copy = tmp_path / "pysd" / path.parent.name
    shutil.copytree(path.parent, copy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pysd.read_vensim(str(copy / path.name)).run()


@pytest.mark.parametrize(
    "path",
    BUILTIN + [TESTMODELS / case for case in SHARED_CASES],
    ids=lambda p: p.name,
)
def test_results_identical_to_pysd(tmp_path, path):
    if not path.is_file():
        pytest.skip(f"{path} not present")
    expected = _pysd_itself(path, tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        actual = open_model(path).pysd_model.run()
    assert list(actual.columns) == list(expected.columns)
    for column in expected.columns:
        want, got = np.asarray(expected[column], float), np.asarray(actual[column], float)
        assert np.array_equal(want, got, equal_nan=True), column
