"""The hash that names a model's content everywhere (cache, scenarios, workspaces)."""

from __future__ import annotations

import hashlib


def content_hash(data: bytes) -> str:
    """SHA-256 of the bytes, as hex."""
    return hashlib.sha256(data).hexdigest()
