"""Save-back over every shared test model and every built-in model.

For each model: saving with no edits is byte-identical; changing the first literal scalar
constant changes only that constant's equation text; the saved file reopens and runs exactly
like the original run with the override. Standalone lookups get the same check.
Cases the loader cannot open at all are skipped with the loader's reason (`-ra` lists them).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from lxml import etree

from windfall.core import open_model
from windfall.core.errors import WindfallError
from windfall.core.formats.decode import decode_model_text
from windfall.core.formats.edits import NUMBER_PATTERN
from windfall.core.formats.mdl_text import parse_mdl_text
from windfall.core.formats.save import save_model

REPO = Path(__file__).resolve().parents[2]
TESTMODELS = REPO.parent / "shared" / "testmodels" / "tests"
SUFFIXES = (".mdl", ".xmile", ".stmx")


def _cases():
    found = []
    if TESTMODELS.is_dir():
        for path in sorted(TESTMODELS.glob("*/*")):
            if path.suffix.lower() in SUFFIXES:
                found.append(pytest.param(path, id=f"{path.parent.name}/{path.name}"))
    for path in sorted((REPO / "models").glob("**/*.mdl")):
        found.append(pytest.param(path, id=f"models/{path.relative_to(REPO / 'models')}"))
    return found


def _literal_constant(model):
    for var in model.description.parameters:
        literal = re.fullmatch(NUMBER_PATTERN, var.equation.strip())
        if not var.subscripts and literal and float(literal.group(0)) == var.value:
            return var
    return None


def _new_value(value: float) -> float:
    return value * 1.1 if value else 0.3


def _outcome(model, overrides=None):
    """The run's table, or the error text when the run itself fails (both must agree)."""
    try:
        return model.run(overrides)
    except WindfallError as exc:
        return exc.cause


def _assert_same_runs(expected, saved_path):
    actual = _outcome(open_model(saved_path))
    if isinstance(expected, str):
        assert isinstance(actual, str), "the edited model failed to run but the saved one ran"
        return
    assert not isinstance(actual, str), actual
    assert list(actual.columns) == list(expected.columns)
    np.testing.assert_array_equal(actual.index, expected.index)
    for column in expected.columns:
        np.testing.assert_allclose(
            actual[column].to_numpy(dtype=float),
            expected[column].to_numpy(dtype=float),
            rtol=1e-12,
            atol=0,
            equal_nan=True,
            err_msg=column,
        )


def _changed_region(old: bytes, new: bytes) -> tuple[int, int]:
    """The span of `old` outside the common prefix and suffix with `new`."""
    limit = min(len(old), len(new))
    start = next((i for i in range(limit) if old[i] != new[i]), limit)
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, len(old) - end


def _assert_only_equation_changed(path: Path, old: bytes, new: bytes, name: str):
    start, end = _changed_region(old, new)
    if path.suffix.lower() == ".mdl":
        text = decode_model_text(old, path)
        offset = 3 if old.startswith(b"\xef\xbb\xbf") else 0
        encoding = "utf-8" if old[offset:].decode("utf-8", "replace") == text else "cp1252"
        (entry,) = parse_mdl_text(text).entries_for(name)
        lo, hi = (offset + len(text[:i].encode(encoding)) for i in entry.rhs_span)
        assert lo <= start and end <= hi, "bytes outside the equation changed"
        return
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    old_tree = etree.fromstring(old, parser=parser)
    new_tree = etree.fromstring(new, parser=parser)
    changed = [
        (a.getparent().get("name"), a.text, b.text)
        for a, b in zip(old_tree.iter(), new_tree.iter(), strict=True)
        if (a.text, a.attrib) != (b.text, b.attrib)
    ]
    assert len(changed) == 1 and changed[0][1] != changed[0][2], changed
    assert old[start:end].count(b"\n") == 0, "the change spans more than one line"


@pytest.mark.parametrize("source", _cases())
def test_save_back_changes_only_the_edit(source: Path, tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(source.parent, folder, ignore=shutil.ignore_patterns("*.py", "*.pyc"))
    path = folder / source.name
    try:
        model = open_model(path)
    except WindfallError as exc:
        pytest.skip(f"the loader cannot open this model ({exc.cause[:120]})")
    original = path.read_bytes()

    unchanged = folder / f"unchanged{path.suffix}"
    save_model(model, {}, unchanged)
    assert unchanged.read_bytes() == original

    var = _literal_constant(model)
    if var is not None:
        overrides = {var.name: _new_value(var.value)}
        saved = folder / f"saved{path.suffix}"
        save_model(model, overrides, saved)
        _assert_only_equation_changed(path, original, saved.read_bytes(), var.name)
        _assert_same_runs(_outcome(model, overrides), saved)

    lookup = next(iter(model.description.lookups), None)
    if lookup is not None and not lookup.subscripts and "GET" not in lookup.equation.upper():
        ys = [y * 0.5 + 0.25 for y in lookup.lookup_y]
        overrides = {lookup.name: (lookup.lookup_x, ys)}
        saved = folder / f"saved_lookup{path.suffix}"
        save_model(model, overrides, saved)
        _assert_same_runs(_outcome(model, overrides), saved)
