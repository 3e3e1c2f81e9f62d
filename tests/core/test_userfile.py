"""Scenario and workspace files from other people: a pipe, a device or deep nesting fails fast."""

from __future__ import annotations

import os

import pytest

from windfall.core import WindfallError
from windfall.core.analysis.scenario import load_scenario
from windfall.core.session.workspace import load_workspace

LOADERS = [
    (load_scenario, "sent.json"),
    (load_scenario, "sent.toml"),
    (load_workspace, "w.windfall"),
]


@pytest.mark.parametrize("load, name", LOADERS)
def test_a_named_pipe_is_refused_without_blocking(tmp_path, load, name):
    path = tmp_path / name
    os.mkfifo(path)  # opening it for reading would wait for a writer forever
    with pytest.raises(WindfallError, match="not a regular file") as info:
        load(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("load, name", LOADERS)
def test_a_symlink_to_an_endless_device_is_refused(tmp_path, load, name):
    path = tmp_path / name
    path.symlink_to("/dev/zero")
    with pytest.raises(WindfallError, match="not a regular file"):
        load(path)


@pytest.mark.parametrize(
    "load, name, text",
    [
        (load_scenario, "deep.json", "[" * 200_000),
        (load_scenario, "deep.toml", "a = " + "[" * 200_000),
        (load_workspace, "deep.windfall", '{"a": ' + "[" * 200_000),
    ],
)
def test_deep_nesting_is_one_line_error_naming_the_file(tmp_path, load, name, text):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(WindfallError) as info:
        load(path)
    assert str(info.value).startswith(str(path)) and "not a valid" in str(info.value)


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin.toml"
    path.write_bytes(b'name = "ok"\ndescription = "caf\xe9"\n')
    with pytest.raises(WindfallError, match=r"latin.toml:2: byte 0xe9 is not valid UTF-8"):
        load_scenario(path)
