"""External data files a model reads (GET XLS, GET DIRECT ...), confined to its folder.

PySD resolves data references relative to the translated file, so the cache entry needs
copies of them; a reference that resolves (after symlinks) outside the model's folder is
refused before anything reads it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

from windfall.core.errors import WindfallError

# The first argument of Vensim's external-data functions: a quoted file reference.
_GET_CALL = re.compile(
    r"GET[\s_]+(?:XLS|DIRECT|DATA|123|VDF)[\s_]*[A-Z_\s]*?\(\s*'(?P<ref>[^']*)'", re.I
)


# Each data file is copied into the cache entry: a reference may not fill the disk.
MAX_DATA_BYTES = 256 * 1024 * 1024
# Names the translation itself uses inside a cache entry; a data file may not take them.
_CACHE_NAMES = {"model.mdl", "model.xmile", "description.json", "source.txt", "ready"}


def _equations(text: str) -> str:
    """Only what PySD parses as equations: not documentation, units or the sketch."""
    if "<eqn" in text[:4096] or text.lstrip().startswith("<"):
        return "\n".join(re.findall(r"<eqn[^>]*>(.*?)</eqn>", text, re.S))
    body = text.split("\\\\\\---///", 1)[0]
    return "\n".join(entry.split("~", 1)[0] for entry in body.split("|"))


def data_references(text: str) -> list[str]:
    """Every file reference in external-data calls, in order of appearance, unique."""
    refs: list[str] = []
    for match in _GET_CALL.finditer(_equations(text)):
        ref = match.group("ref").strip()
        if ref and ref not in refs:
            refs.append(ref)
    return refs


def _relative_parts(ref: str, model_path: Path) -> tuple[str, ...]:
    if ref.startswith("?"):
        raise WindfallError(
            model_path, f"data reference '{ref}' uses an indirect file alias, not supported"
        )
    win = PureWindowsPath(ref)
    posix = PurePosixPath(ref.replace("\\", "/"))
    if win.drive or win.root or posix.is_absolute():
        raise WindfallError(
            model_path,
            f"data reference '{ref}' is an absolute path; data must sit in the model's folder",
        )
    return posix.parts


def resolve_reference(ref: str, model_path: Path) -> tuple[Path, PurePosixPath]:
    """Resolve a data reference inside the model's folder or refuse it."""
    parts = _relative_parts(ref, model_path)
    folder = model_path.parent.resolve()
    target = folder.joinpath(*parts).resolve()
    if not target.is_relative_to(folder):
        raise WindfallError(model_path, f"data reference '{ref}' points outside the model's folder")
    if not target.is_file():
        raise WindfallError(model_path, f"data file '{ref}' not found beside the model")
    return target, PurePosixPath(*target.relative_to(folder).parts)


def confine_reference(ref: str, model_path: Path, staging: Path) -> str:
    """Copy one confined data file into the cache entry; return its path there, relative."""
    source, relative = resolve_reference(ref, model_path)
    if relative.suffix.lower().startswith(".py") or relative.parts[0] in _CACHE_NAMES:
        raise WindfallError(model_path, f"data reference '{ref}' is not a data file")
    size = source.stat().st_size
    if size > MAX_DATA_BYTES:
        raise WindfallError(
            model_path, f"data file '{ref}' is too large ({size} bytes; limit {MAX_DATA_BYTES})"
        )
    dest = staging.joinpath(*relative.parts)
    if not dest.resolve().is_relative_to(staging.resolve()):
        raise WindfallError(model_path, f"data reference '{ref}' points outside the model's folder")
    if not dest.is_file():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    return str(relative)


def data_fingerprint(data: bytes, model_path: Path) -> bytes:
    """Names and contents of the data files a model reads, for its cache key: an entry never
    serves data copied from another folder, or from an older version of a file."""
    digest = hashlib.sha256()
    for ref in data_references(data.decode("utf-8", "replace")):
        try:
            source, relative = resolve_reference(ref, model_path)
        except WindfallError:
            continue  # translation refuses it with the same message
        if source.stat().st_size > MAX_DATA_BYTES:
            continue
        digest.update(str(relative).encode() + b"\0")
        with source.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.digest()


def stage_data_files(text: str, model_path: Path, staging: Path) -> list[str]:
    """Copy each confined data file into the cache folder at the same relative place.

    This first pass reads the raw text, because PySD opens GET DIRECT SUBSCRIPT files while
    parsing; the parsed model's own references are confined again before building.
    """
    return [confine_reference(ref, model_path, staging) for ref in data_references(text)]
