"""The private per-user translation cache, keyed by model content and PySD version."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import platformdirs

# Bump when what Windfall stores in a cache entry changes shape.
CACHE_FORMAT = "4"
READY_MARK = "ready"


def cache_root() -> Path:
    """The cache folder: $WINDFALL_CACHE_DIR if set (tests, sandboxes), else the user's."""
    override = os.environ.get("WINDFALL_CACHE_DIR")
    root = Path(override) if override else Path(platformdirs.user_cache_dir("windfall"))
    return root / "translations"


def entry_key(data: bytes, suffix: str, pysd_version: str, data_files: bytes = b"") -> str:
    """The entry for this content; `data_files` fingerprints the data files copied into it."""
    digest = hashlib.sha256()
    parts = (CACHE_FORMAT.encode(), pysd_version.encode(), suffix.lower().encode(), data)
    for part in (*parts, data_files):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()[:32]


def entry_dir(key: str) -> Path:
    return cache_root() / key


def is_ready(folder: Path) -> bool:
    return (folder / READY_MARK).is_file()


def new_staging_dir() -> Path:
    """A private empty folder inside the cache root, on the same filesystem as entries."""
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return Path(tempfile.mkdtemp(prefix=".staging-", dir=root))


def publish(staging: Path, key: str) -> Path:
    """Move a finished staging folder into place; a concurrent publisher may have won."""
    (staging / READY_MARK).write_text("ok\n")
    target = entry_dir(key)
    try:
        os.replace(staging, target)
    except OSError:
        if not is_ready(target):
            shutil.rmtree(target, ignore_errors=True)
            os.replace(staging, target)
        else:
            shutil.rmtree(staging, ignore_errors=True)
    return target
