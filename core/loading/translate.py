"""Translate model bytes with PySD inside a private cache folder, then load from it."""

from __future__ import annotations

import shutil
import sys
import warnings
from pathlib import Path

import pysd

from windfall.core.errors import WindfallError
from windfall.core.formats.decode import decode_model_text
from windfall.core.formats.mdl_text import parse_mdl_text
from windfall.core.formats.xmile_text import parse_xmile_variables
from windfall.core.loading.describe import describe_model
from windfall.core.model.description import ModelDescription
from windfall.core.safety.abstract import check_time_settings, make_abstract_safe
from windfall.core.safety.code import check_generated_folder
from windfall.core.safety.datafiles import stage_data_files
from windfall.core.safety.runtime import (
    DelayTooLarge,
    bound_pysd_runtime,
    delay_refusal,
    stateful_owners,
)
from windfall.core.safety.text import canonical_xmile, check_mdl_text, harden_pysd_parsers

# Every PySD parse in this process, cached entries re-read included, is literal-only,
# and every PySD run builds delays of bounded size.
harden_pysd_parsers()
bound_pysd_runtime()

MODEL_STEM = "model"
DESCRIPTION_FILE = "description.json"
SOURCE_NAME_FILE = "source.txt"
RECURSION_LIMIT = 20_000


def source_file(folder: Path) -> Path:
    for suffix in (".mdl", ".xmile"):
        candidate = folder / (MODEL_STEM + suffix)
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(folder / MODEL_STEM)


def _abstract_model(staged: Path, kind_suffix: str):
    if kind_suffix == ".mdl":
        from pysd.translators.vensim.vensim_file import VensimFile

        parsed = VensimFile(staged, encoding="utf-8")
        parsed.parse()
        return parsed.get_abstract_model()
    from pysd.translators.xmile.xmile_file import XmileFile

    parsed = XmileFile(staged)
    parsed.parse()
    return parsed.get_abstract_model()


def _cause(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "definitions are nested too deeply or circular"
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    # Parsimonious appends the whole parse tree: only the sentence before it says anything.
    text = text.split(" Parse tree:", 1)[0]
    if len(text) > 300:
        text = text[:300] + "..."
    return f"{name}: {text}" if text else name


def translate_into(staging: Path, data: bytes, suffix: str, *, source_path: Path) -> None:
    """Translate the model bytes inside `staging`; raise WindfallError on any failure."""
    kind_suffix = ".mdl" if suffix == ".mdl" else ".xmile"
    text = decode_model_text(data, source_path) if kind_suffix == ".mdl" else None
    staged = staging / (MODEL_STEM + kind_suffix)
    if text is not None:
        check_mdl_text(text, source_path)
        # PySD re-reads the file: give it clean UTF-8 with the header it expects.
        body = text.split("}", 1)[1] if text.startswith("{") else text
        staged.write_text("{UTF-8}" + body, encoding="utf-8", newline="")
        stage_data_files(text, source_path, staging)
    else:
        # PySD's reader resolves XML entities: it only ever sees a re-serialised copy.
        staged.write_bytes(canonical_xmile(data, source_path))
        stage_data_files(data.decode("utf-8", "replace"), source_path, staging)
    (staging / SOURCE_NAME_FILE).write_text(source_path.name, encoding="utf-8")
    from pysd.builders.python.python_model_builder import ModelBuilder

    try:
        with _deep_recursion(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            abstract = _abstract_model(staged, kind_suffix)
            make_abstract_safe(abstract, source_path, staging, staging / (MODEL_STEM + ".py"))
            py_file = Path(ModelBuilder(abstract).build_model())
            check_time_settings(abstract, source_path)
    except WindfallError:
        raise
    except Exception as exc:
        raise WindfallError(
            source_path,
            f"cannot translate model ({_cause(exc)})",
            variable=_failing_element(exc),
        ) from exc
    if py_file.parent.resolve() != staging.resolve():
        raise WindfallError(source_path, "translation was written outside the cache")
    check_generated_folder(staging, source_path)
    pysd_model, description = _load(py_file, source_path, data, kind_suffix, text)
    (staging / DESCRIPTION_FILE).write_text(description.to_json(), encoding="utf-8")
    del pysd_model
    from windfall.core.engine import write_plan

    write_plan(staging, abstract)  # the fast engine's plan, or why it declines this model


def _failing_element(exc: BaseException) -> str | None:
    """The model element PySD was parsing or building when it failed, from the traceback."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        owner = tb.tb_frame.f_locals.get("self")
        name = getattr(owner, "name", None)
        kind = type(owner)
        # Sections and files have names too, but say nothing more than the file does.
        if kind.__module__.startswith("pysd.") and not kind.__name__.endswith(("Section", "File")):
            found = name if isinstance(name, str) else found
        tb = tb.tb_next
    return found


class _deep_recursion:
    """PySD's parser recurses per nesting level; give honest deep models room."""

    def __enter__(self):
        self._old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(self._old, RECURSION_LIMIT))

    def __exit__(self, *exc):
        sys.setrecursionlimit(self._old)


def _load(py_file: Path, source_path: Path, data: bytes, kind_suffix: str, text):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pysd_model = pysd.load(str(py_file))
    except Exception as exc:
        raise load_failure(exc, py_file, source_path) from exc
    source = parse_mdl_text(text) if kind_suffix == ".mdl" else parse_xmile_variables(data)
    try:
        # Describing reads constants' values: numeric faults there are the run's to report.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            description = describe_model(pysd_model, source)
    except Exception as exc:
        raise WindfallError(source_path, f"cannot describe model ({_cause(exc)})") from exc
    return pysd_model, description


_CIRCULAR_INIT = "Not able to initialize the following objects:"


def load_failure(exc: Exception, py_file: Path, source_path: Path) -> WindfallError:
    """The error for a translated model PySD could not set up; a delay too large is named."""
    if isinstance(exc, DelayTooLarge):
        return delay_refusal(exc, py_file, source_path)
    text = str(exc)
    if isinstance(exc, ValueError) and _CIRCULAR_INIT in text:
        # PySD lists its own objects (`_integ_s`); name the variables that hold them.
        objects = text.split(_CIRCULAR_INIT, 1)[1].split()
        known = stateful_owners(py_file)
        owners = list(dict.fromkeys(known.get(name, name) for name in objects))
        if len(owners) == 1:
            return WindfallError(
                source_path, "its initial value depends on itself", variable=owners[0]
            )
        named = ", ".join(f"'{owner}'" for owner in owners)
        return WindfallError(
            source_path, f"initial values depend on each other in a circle: {named}"
        )
    return WindfallError(source_path, f"cannot load translated model ({_cause(exc)})")


def load_translation(folder: Path, *, source_path: Path):
    """Load a finished cache entry: the PySD model and its stored description."""
    py_file = folder / (MODEL_STEM + ".py")
    # The cache may have been tampered with since translation: check again, and drop
    # compiled bytecode so Python imports exactly the source that passed the check.
    shutil.rmtree(folder / "__pycache__", ignore_errors=True)
    check_generated_folder(folder, source_path)
    try:
        pysd_model = pysd.load(str(py_file))
    except Exception as exc:
        raise load_failure(exc, py_file, source_path) from exc
    description = ModelDescription.from_json(
        (folder / DESCRIPTION_FILE).read_text(encoding="utf-8")
    )
    return pysd_model, description
