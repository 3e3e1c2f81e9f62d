"""The allow-list of generated Python: what PySD emits passes, anything else is refused,
and a tampered cache entry is never imported."""

from __future__ import annotations

import pytest

from windfall.core import WindfallError, open_model
from windfall.core.safety.code import _Refusal, check_generated_source
from windfall.core.safety.text import _literal_only, harden_pysd_parsers

HEADER = """
from pathlib import Path
import numpy as np
from pysd.py_backend.statefuls import Integ
from pysd.py_backend.external import ExtConstant
from pysd import Component

__data = {"scope": None, "time": lambda: 0}
_root = Path(__file__).parent
component = Component()

@component.add(name="Stock", comp_type="Stateful", depends_on={"_integ_stock": 1})
def stock():
    \"\"\"A stock.\"\"\"
    return _integ_stock()

_integ_stock = Integ(lambda: np.exp(1.0) * 2, lambda: 10, "_integ_stock")
"""


def test_builder_shapes_pass():
    check_generated_source(HEADER)


@pytest.mark.parametrize(
    "line, cause",
    [
        ("import os", "import of 'os'"),
        ("from os import system", "import from 'os'"),
        ("from pysd.py_backend.utils import load_modules", "import from"),
        ("x = __import__('os')", "'__import__' is not allowed"),
        ("x = open('/tmp/x', 'w')", "call of 'open'"),
        ("x = eval('1')", "call of 'eval'"),
        ("x = exec", "name 'exec'"),
        ("x = getattr(stock, 'y')", "call of 'getattr'"),
        ("x = stock.__globals__", "attribute '.__globals__'"),
        ("x = np.load('data.npy')", "attribute '.load'"),
        ("x = _root.joinpath('a.csv').read_text()", "attribute '.read_text'"),
        ("x = Path('/etc/passwd')", "a path other than"),
        ("x = _root.joinpath('../../evil.py')", "leaves the model's folder"),
        ("x = ExtConstant('/etc/passwd', 'a', 'B2', {}, _root, {}, 'x')", "leaves the model"),
        ("x = ExtConstant(Path('/etc'), 'a', 'B2', {}, _root, {}, 'x')", "other than plain text"),
        ("x = ExtConstant('data.csv', 'a', 'B2', {}, _root, {}, 'x')", "not a confined"),
        ("x = [y for y in range(3)]", "syntax 'ListComp'"),
        ("x = f'{stock}'", "syntax 'JoinedStr'"),
        ("class X:\n    pass", "not allowed at top level"),
        ("def f():\n    import os", "import inside a function"),
        ("def open():\n    return 1", "shadows a builtin"),
        ("def f():\n    with stock() as s:\n        pass", "syntax 'With'"),
        ("@staticmethod\ndef f():\n    return 1", "unexpected decorator"),
        ("def f(*args):\n    return 1", "unexpected signature"),
        ("x = stock(**{'a': 1})", "keyword unpacking"),
        ("x = (lambda: 1)()", "computed object"),
        ("x = b'bytes'", "constant of type 'bytes'"),
        ("np.exp = stock", "assignment to '.exp'"),
        ("_params = {'a': 'print'}", "macro parameter 'print'"),
    ],
)
def test_anything_else_is_refused(tmp_path, line, cause):
    with pytest.raises(_Refusal) as info:
        check_generated_source(HEADER + "\n" + line + "\n", staging=tmp_path)
    assert cause in info.value.cause


def test_parsers_evaluate_literals_only():
    harden_pysd_parsers()
    from pysd.translators.vensim import vensim_element
    from pysd.translators.xmile import xmile_element

    assert vensim_element.eval is _literal_only and xmile_element.eval is _literal_only
    assert _literal_only(" ((0,0),(10, 2.5e3)) ") == ((0, 0), (10, 2500.0))
    assert _literal_only("'data.xlsx'") == "data.xlsx"
    for text in ("__import__('os')", "10**10**10", "(1).__class__", "[x for x in ()]"):
        with pytest.raises(ValueError):
            _literal_only(text)


def test_tampered_cache_entry_is_refused(teacup):
    model = open_model(teacup)
    code = model.cache_folder / "model.py"
    code.write_text(code.read_text() + "\nimport os\nos.system('true')\n")
    with pytest.raises(WindfallError, match="safety check: import of 'os'"):
        open_model(teacup)


def test_stale_bytecode_in_cache_is_not_imported(teacup):
    model = open_model(teacup)
    pycache = model.cache_folder / "__pycache__"
    pycache.mkdir(exist_ok=True)
    planted = pycache / "model.cpython-311.pyc"
    planted.write_bytes(b"not bytecode that passed any check")
    reopened = open_model(teacup)
    assert not reopened.translated_now
    assert not planted.exists() or planted.read_bytes() != b"not bytecode that passed any check"
    assert len(reopened.run()) == 241


def test_large_files_translate_in_a_child_with_the_same_result(teacup, monkeypatch):
    from windfall.core.loading import worker as safety_worker

    in_process = open_model(teacup).run()
    teacup.write_text(teacup.read_text() + "\n")  # new content: translated again
    monkeypatch.setattr(safety_worker, "CHILD_THRESHOLD_BYTES", 0)
    child = open_model(teacup)
    assert child.translated_now
    assert child.run().equals(in_process)


def test_child_translation_reports_refusals_and_is_stopped_in_time(tmp_path, monkeypatch):
    from windfall.core.loading import worker as safety_worker

    monkeypatch.setattr(safety_worker, "CHILD_THRESHOLD_BYTES", 0)
    bad = tmp_path / "bad.mdl"
    bad.write_text("{UTF-8}\nT(\n [(0,0)-(1,x)],(0,0),(1,1))\n ~~|\n")
    with pytest.raises(WindfallError) as info:
        open_model(bad)
    assert info.value.line == 3 and "lookup range" in info.value.cause
    monkeypatch.setattr(safety_worker, "TRANSLATE_TIMEOUT_S", 0.01)
    bad.write_text(bad.read_text().replace("x", "2"))
    with pytest.raises(WindfallError, match="took longer than 0.01 s and was stopped"):
        open_model(bad)
