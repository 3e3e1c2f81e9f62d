"""Hostile and malformed model files: no code from them runs, nothing is written beside
them, and every refusal is one clear line naming the file.

Each corpus file carries a marker path (`@MARKER@` here, `/tmp/windfall_pwned_NN` in the
shared starter files) that injected code would create; it is pointed into the test's
temporary folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from windfall.core import WindfallError, open_model

CORPUS = Path(__file__).resolve().parent / "hostile"
HOSTILE = Path(__file__).resolve().parents[2].parent / "shared" / "hostile"
OWN_FILES = sorted(CORPUS.iterdir())
SHARED_FILES = sorted(p for p in HOSTILE.glob("*") if p.suffix in (".mdl", ".xmile"))
_SHARED_MARKER = re.compile(rb"/tmp/windfall_pwned_\d+")

# Files whose only acceptable outcome is a refusal (at opening or, for algebraic loops, at
# running); the others may also open harmlessly, e.g. a docstring breakout neutralised.
MUST_REFUSE = re.compile(r"^(file_|malformed_|0[27]_|14_)")


def _stage(source: Path, work: Path) -> tuple[Path, Path]:
    """Copy one hostile file into a fresh model folder, marker pointed inside `work`."""
    folder = work / "models"
    folder.mkdir(parents=True)
    marker = work / "pwned"
    data = source.read_bytes().replace(b"@MARKER@", str(marker).encode())
    data = _SHARED_MARKER.sub(str(marker).encode(), data)
    target = folder / source.name
    target.write_bytes(data)
    (folder / "data.csv").write_text("name,1\nvalue,2\n")
    (work / "secret.csv").write_text("secret,42\n")
    (folder / "link.csv").symlink_to(work / "secret.csv")
    (folder / "linkdir").symlink_to(work)
    return target, marker


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def _open_and_run(path: Path) -> str | None:
    """Open and run as the app does; the refusal message, or None when all went fine."""
    try:
        model = open_model(path)
        model.run()
    except WindfallError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("source", OWN_FILES + SHARED_FILES, ids=lambda p: p.name)
def test_hostile_file_runs_no_code_and_writes_nothing(tmp_path, source):
    work = tmp_path / "work"
    path, marker = _stage(source, work)
    assert str(marker) == str(marker).lower()  # payloads may be lower-cased by parsing
    before = _snapshot(work)
    refusal = _open_and_run(path)
    assert not marker.exists(), f"code from {source.name} ran"
    assert _snapshot(work) == before, "something was written beside the model"
    if MUST_REFUSE.match(source.name):
        assert refusal is not None, f"{source.name} was accepted"
    if refusal is not None:
        assert "\n" not in refusal and refusal.startswith(str(path))
        assert "Traceback" not in refusal and len(refusal) < 600


@pytest.mark.parametrize(
    "name, cause",
    [
        ("code_lookup_range_eval.mdl", "lookup range"),
        ("code_with_lookup_eval.mdl", "lookup range"),
        ("code_lookup_range_names.mdl", "lookup range"),
        ("code_macro_name.mdl", "macro name"),
        ("code_macro_param.mdl", "macro name or parameter"),
        ("code_data_variable_name.mdl", "data variable's name"),
        ("code_unknown_function.mdl", "unknown function"),
        ("code_doc_breakout_utf7.mdl", "unsupported text encoding"),
        ("code_getdirect_backslash.mdl", "data"),
        ("file_getdirect_parent.mdl", "outside the model's folder"),
        ("file_getdirect_subscript_parent.mdl", "outside the model's folder"),
        ("file_getxls_lookups_parent.mdl", "outside the model's folder"),
        ("file_getxls_absolute.mdl", "absolute path"),
        ("file_getdirect_windows_absolute.mdl", "absolute path"),
        ("file_symlink.mdl", "outside the model's folder"),
        ("file_xmile_xxe.xmile", "entities are not accepted"),
        ("malformed_xmile_billion_laughs.xmile", "entities are not accepted"),
        ("malformed_deep_nesting.mdl", "nested more than"),
        ("malformed_huge_subscript_range.mdl", "subscript range of 5,000,000 elements"),
        ("malformed_huge_array.mdl", "array of 25,000,000 values"),
        ("malformed_xmile_deep_nesting.xmile", "nested more than"),
        ("malformed_latin1_under_utf8.mdl", "not valid UTF-8"),
        ("malformed_xmile_latin1_under_utf8.xmile", "Invalid bytes in character encoding"),
        ("malformed_undefined.mdl", "undefined variable 'missing thing'"),
        ("malformed_xmile_undefined.xmile", "undefined variable 'missing thing'"),
        ("malformed_unknown_function.mdl", "unknown function 'FROBNICATE'"),
        ("malformed_circular.mdl", "circular"),
        ("malformed_xmile_not_xmile.xmile", "not an XMILE model"),
        ("code_subrange_mapping.mdl", "mapping"),
        ("code_subscript_element_quote.mdl", "contains quotes"),
        ("code_xmile_dim_element.xmile", "contains quotes"),
        ("code_unknown_function_quoted.mdl", "unknown function"),
        ("file_symlink_dir.mdl", "outside the model's folder"),
        ("file_unc.mdl", "absolute path"),
        ("file_url.mdl", "not found beside the model"),
        ("file_getxls_subscript.mdl", "outside the model's folder"),
        ("malformed_time_step_nan.mdl", "TIME STEP cannot be computed (ZeroDivisionError)"),
        ("malformed_time_step_zero.mdl", "TIME STEP and SAVEPER must be positive"),
        ("malformed_time_huge.mdl", "time steps (limit"),
        ("malformed_duplicate.mdl", "variable 'A': is defined more than once"),
        ("malformed_self_stock.mdl", "variable 'S': its initial value depends on itself"),
        ("malformed_circular_initial.mdl", "depend on each other in a circle: 'A', 'B'"),
        ("malformed_huge_output.mdl", "variable 'X': array of 9,000,000 values"),
        ("malformed_many_subscript_ranges.mdl", "subscript ranges of 180,000 elements in all"),
        ("malformed_huge_lookup.mdl", "lookup of 10,050 points"),
        ("malformed_number_overflow.mdl", ":2: number '1e999999' is too large"),
        ("malformed_xmile_number_overflow.xmile", ":6: number '1e999' is too large"),
        ("malformed_xmile_dimension_size.xmile", "dimension 'd' of size '999999999'"),
        ("malformed_unary_chain.mdl", "variable 'A': cannot translate model (ParseError"),
        ("malformed_trunc_units.mdl", "cannot translate model (ParseError"),
        ("malformed_delay_order.mdl", "variable 'A': delay or smooth order of 1e+09 is too large"),
        ("malformed_smooth_order.mdl", "variable 'A': delay or smooth order of 1e+08 is too large"),
        ("malformed_delay_fixed_pipe.mdl", "variable 'A': DELAY FIXED pipe (delay time / time"),
        ("numeric_int_power.mdl", "'Growth': run failed (OverflowError: a value grew past"),
        ("malformed_no_time_step.mdl", "cannot run this model: it does not define TIME STEP"),
    ],
)
def test_refusal_names_the_cause(tmp_path, name, cause):
    path, _ = _stage(CORPUS / name, tmp_path / "work")
    refusal = _open_and_run(path)
    assert refusal is not None and cause in refusal


def test_refusal_names_the_line(tmp_path):
    path, _ = _stage(CORPUS / "code_lookup_range_eval.mdl", tmp_path / "work")
    with pytest.raises(WindfallError) as info:
        open_model(path)
    assert info.value.line == 3 and f"{path}:3:" in str(info.value)


def test_undefined_reference_names_the_variable(tmp_path):
    path, _ = _stage(CORPUS / "malformed_undefined.mdl", tmp_path / "work")
    with pytest.raises(WindfallError) as info:
        open_model(path)
    assert info.value.variable == "A"


def test_neutralised_documentation_still_opens_and_runs(tmp_path):
    path, marker = _stage(CORPUS / "code_doc_breakout.mdl", tmp_path / "work")
    frame = open_model(path).run()
    assert list(frame["Stock"]) == [10.0, 11.0, 12.0, 13.0, 14.0]
    assert not marker.exists()


def test_macro_files_get_names_windfall_chooses(tmp_path):
    path, _ = _stage(CORPUS / "code_macro_conftest.mdl", tmp_path / "work")
    model = open_model(path)
    assert model.run()["Result"].iloc[0] == 9.0
    written = {p.name for p in model.cache_folder.glob("*.py")}
    assert written == {"model.py", "macro_1.py", "macro_2.py"}
    assert not (path.parent / "conftest.py").exists()


def test_model_file_name_never_reaches_code(tmp_path, teacup):
    hostile = teacup.parent / "a'''\"\"\"__import__('os').mdl"
    teacup.rename(hostile)
    model = open_model(hostile)
    source = (model.cache_folder / "model.py").read_text()
    assert "__import__" not in source and "Python model 'model.py'" in source


def test_oversized_data_file_is_refused(tmp_path, monkeypatch):
    from windfall.core.safety import datafiles

    path, _ = _stage(CORPUS / "file_symlink.mdl", tmp_path / "work")
    path.write_text(path.read_text().replace("link.csv", "data.csv"))
    monkeypatch.setattr(datafiles, "MAX_DATA_BYTES", 4)
    refusal = _open_and_run(path)
    assert refusal is not None and "data file 'data.csv' is too large" in refusal


def test_data_calls_quoted_in_documentation_are_not_references(teacup):
    text = teacup.read_text()
    doc = "The cooling constant. Once read with GET XLS DATA('missing.xlsx', 'a', 'B2')."
    old = "How long it takes the tea to exchange heat with the room."
    teacup.write_text(text.replace(old, doc, 1))
    assert "missing.xlsx" in teacup.read_text()
    assert len(open_model(teacup).run()) == 241


@pytest.mark.parametrize(
    "name, expected",
    [
        ("numeric_nan_ln.mdl", {("A", "NaN"), ("B", "NaN"), ("C", "NaN")}),
        ("numeric_power_fn.mdl", {("A", "overflows to +inf")}),
        ("numeric_growth.mdl", {("S", "leaves its declared range"), ("S", "overflows")}),
    ],
)
def test_numeric_faults_run_and_are_reported(tmp_path, name, expected):
    from windfall.core.model.numeric import check_run

    path, _ = _stage(CORPUS / name, tmp_path / "work")
    model = open_model(path)
    found = check_run(model.run(), model.description)
    assert {(w.variable, part) for w in found for _, part in expected if part in str(w)} == (
        expected
    )


@pytest.mark.parametrize(
    "text, in_process",
    [
        ("A= 1 ~~|\n" * 50, True),
        ("A= 1 ~~|\n" * 1_000, False),  # parse and build grow faster than linearly
        ("L([(0,0)-(1,1)]," + "(0,0)," * 3_000 + "(1,1)) ~~|", False),
        ("A= 1 ~~|\n\\\\\\---///\n" + "10,1,A,1,2,3\n" * 2_000, True),  # sketch is free
    ],
)
def test_translation_work_decides_the_child_process(text, in_process):
    from windfall.core.loading.worker import _small_enough_in_process

    assert _small_enough_in_process(text.encode()) is in_process


@pytest.mark.parametrize(
    "name, expected",
    [
        ("code_name_component.mdl", {"component": 1.0, "root": 1.0}),
        ("code_name_private.mdl", {'"_root"': 1.0, '"__data"': 2.0, '"_control_vars"': 3.0}),
    ],
)
def test_names_of_the_generated_module_stay_its_own(tmp_path, name, expected):
    path, _ = _stage(CORPUS / name, tmp_path / "work")
    assert open_model(path).run().iloc[-1].to_dict() == expected


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_model_path_that_is_no_regular_file_is_refused(tmp_path, kind):
    path = tmp_path / "model.mdl"
    if kind == "device":  # /dev/zero would be read forever, a FIFO would block
        path.symlink_to("/dev/null")
    else:
        os.mkfifo(path)
    with pytest.raises(WindfallError, match="is not a regular file"):
        open_model(path)


def test_an_override_that_makes_a_delay_too_large_names_its_variable(tmp_path):
    path = tmp_path / "delay.mdl"
    path.write_text(
        "{UTF-8}\nOrder = 3 ~ dmnl ~ |\nLagged = DELAY N(Time, 2, 0, Order) ~ dmnl ~ |\n"
        "FINAL TIME = 4 ~~|\nINITIAL TIME = 0 ~~|\nSAVEPER = 1 ~~|\nTIME STEP = 1 ~~|\n",
        encoding="utf-8",
    )
    model = open_model(path)
    with pytest.raises(WindfallError) as info:
        model.run({"Order": 1e9})
    assert info.value.variable == "Lagged" and "order of 1e+09 is too large" in str(info.value)
    assert 0 < model.run({"Order": 2})["Lagged"].iloc[-1] < 4  # the model is still usable
