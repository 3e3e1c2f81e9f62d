"""The one door every model file enters through: check, translate into the cache, load.

PySD writes its translation beside the model it reads and imports it. Windfall instead
copies the model's bytes into a private cache folder under names it chooses, translates
there, and loads from there; the user's folder is only ever read.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pysd

from windfall.core.errors import WindfallError
from windfall.core.io.userfile import read_bounded
from windfall.core.loading import cache
from windfall.core.loading.translate import load_translation
from windfall.core.loading.worker import translate_bounded
from windfall.core.model.loaded import LoadedModel
from windfall.core.safety.datafiles import data_fingerprint

SUFFIXES = {".mdl": "vensim", ".xmile": "xmile", ".stmx": "xmile", ".itmx": "xmile"}
MAX_MODEL_BYTES = 32 * 1024 * 1024


def _read_model_bytes(path: Path) -> bytes:
    if not path.exists():
        raise WindfallError(path, "no such file")
    if path.is_dir():
        raise WindfallError(path, "is a folder, not a model file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise WindfallError(path, f"unsupported file type '{path.suffix}' (expected {known})")
    data = read_bounded(path, MAX_MODEL_BYTES)
    if not data.strip():
        raise WindfallError(path, "file is empty")
    return data


def open_model(path: str | os.PathLike) -> LoadedModel:
    """Open a model file the safe way; reopening unchanged content skips translation."""
    path = Path(path).expanduser().absolute()
    data = _read_model_bytes(path)
    suffix = path.suffix.lower()
    key = cache.entry_key(data, suffix, pysd.__version__, data_fingerprint(data, path))
    folder = cache.entry_dir(key)
    translated_now = False
    if not cache.is_ready(folder):
        staging = cache.new_staging_dir()
        try:
            translate_bounded(staging, data, suffix, source_path=path)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        folder = cache.publish(staging, key)
        translated_now = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pysd_model, description = load_translation(folder, source_path=path)
    return LoadedModel(
        path=path,
        data=data,
        cache_folder=folder,
        pysd_model=pysd_model,
        description=description,
        translated_now=translated_now,
    )
