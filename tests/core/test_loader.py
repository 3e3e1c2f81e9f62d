from __future__ import annotations

import os
import stat

import pytest

from windfall.core import WindfallError, open_model
from windfall.core.loading.cache import cache_root


def _tree(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_read_only_folder_is_never_written(teacup):
    folder = teacup.parent
    before = _tree(folder)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        model = open_model(teacup)
        model.run()
    finally:
        folder.chmod(0o755)
    assert _tree(folder) == before
    assert model.cache_folder.is_relative_to(cache_root())


def test_translation_is_cached_by_content(teacup):
    first = open_model(teacup)
    again = open_model(teacup)
    assert first.translated_now and not again.translated_now
    assert again.cache_folder == first.cache_folder
    teacup.write_text(teacup.read_text().replace("180)", "190)"))
    changed = open_model(teacup)
    assert changed.translated_now and changed.cache_folder != first.cache_folder


def test_translation_lives_in_cache_under_chosen_names(teacup):
    model = open_model(teacup)
    names = {p.name for p in model.cache_folder.iterdir()}
    assert {"model.mdl", "model.py", "description.json"} <= names
    assert not (teacup.parent / "teacup.py").exists()


@pytest.mark.parametrize(
    "content, cause",
    [
        (b"", "empty"),
        (b"\x00\x01\x02garbage\xff", "binary"),
        (b"{UTF-8}\nx = 1 ~ ~ |\ny = (x + \n", "cannot"),
    ],
)
def test_bad_files_raise_one_line_windfall_error(tmp_path, content, cause):
    path = tmp_path / "bad.mdl"
    path.write_bytes(content)
    with pytest.raises(WindfallError) as info:
        open_model(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message and cause in message


def test_control_characters_in_a_file_name_are_shown_escaped(tmp_path):
    # A name can hold a newline, a terminal escape or a bidi override: the message stays one
    # line, prints none of them raw, and still names the file recognisably.
    path = tmp_path / "brief\nerror: fake\x1b[31m\u202egnp.mdl"
    path.write_bytes(b"")
    with pytest.raises(WindfallError) as info:
        open_model(path)
    message = str(info.value)
    assert "\n" not in message and "\x1b" not in message and "\u202e" not in message
    assert "brief\\x0aerror: fake\\x1b[31m\\u202egnp.mdl: file is empty" in message


def test_missing_file_and_wrong_suffix(tmp_path):
    with pytest.raises(WindfallError, match="no such file"):
        open_model(tmp_path / "absent.mdl")
    other = tmp_path / "model.txt"
    other.write_text("x")
    with pytest.raises(WindfallError, match="unsupported file type"):
        open_model(other)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file(teacup):
    teacup.chmod(0)
    with pytest.raises(WindfallError, match="permission denied"):
        open_model(teacup)


_DATA_MODEL = """{UTF-8}
Rate := GET DIRECT CONSTANTS('rate.csv', ',', 'A1')
	~	1/Minute
	~	Read from the data file beside the model.
	|
Level = INTEG(Rate, 0)
	~	Units
	~	Accumulates the rate.
	|
FINAL TIME = 2 ~ Minute ~ |
INITIAL TIME = 0 ~ Minute ~ |
SAVEPER = 1 ~ Minute ~ |
TIME STEP = 1 ~ Minute ~ |
"""


def test_same_model_text_beside_other_data_reads_its_own_data(tmp_path):
    results = []
    for folder, rate in (("first", "3"), ("second", "5"), ("first", "7")):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "model.mdl").write_text(_DATA_MODEL)
        (tmp_path / folder / "rate.csv").write_text(rate + "\n")
        frame = open_model(tmp_path / folder / "model.mdl").run(columns=["Level"])
        results.append(frame["Level"].iloc[-1])
    assert results == [6.0, 10.0, 14.0]  # a changed data file is read again too
