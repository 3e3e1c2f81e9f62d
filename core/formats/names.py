"""Vensim-style name matching: case, spaces and underscores are folded."""

from __future__ import annotations

import re

_FOLD = re.compile(r"[\s_]+")


def fold_name(name: str) -> str:
    """Return the key under which Vensim treats two names as the same variable."""
    return _FOLD.sub(" ", name.replace('"', "")).strip().lower()
