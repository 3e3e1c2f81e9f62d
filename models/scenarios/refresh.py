"""Refresh the model hashes in scenario files after a model changes.

Usage: ``python -m windfall.models.scenarios.refresh [SCENARIO_DIR]`` (default: the presets).
Only the ``sha256`` of each file's model changes; comments and layout stay as written.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from windfall.core.analysis.scenario import load_scenario
from windfall.core.errors import WindfallError
from windfall.core.io.atomic import write_text_atomic
from windfall.core.io.digest import content_hash

PRESETS_DIR = Path(__file__).resolve().parent
_TOML_SHA = re.compile(r'^(sha256\s*=\s*)"[0-9a-fA-F]*"', re.M)


def expected_hash(scenario_file: Path) -> str | None:
    """The content hash of the model a scenario file names, or None if it names none."""
    scenario = load_scenario(scenario_file)
    if not scenario.model_path:
        return None
    return content_hash((scenario_file.parent / scenario.model_path).read_bytes())


def _with_hash(path: Path, digest: str) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        data.setdefault("model", {})["sha256"] = digest
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    new, count = _TOML_SHA.subn(lambda m: f'{m.group(1)}"{digest}"', text, count=1)
    if count == 0:
        raise WindfallError(path, "no sha256 line under [model] to refresh")
    return new


def refresh_hashes(directory: Path = PRESETS_DIR) -> list[Path]:
    """Rewrite every stale model hash in the directory's scenarios; return the files changed."""
    changed = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in (".toml", ".json"):
            continue
        digest = expected_hash(path)
        if digest is None or load_scenario(path).model_sha256 == digest:
            continue
        write_text_atomic(path, _with_hash(path, digest))
        changed.append(path)
    return changed


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else PRESETS_DIR
    for path in refresh_hashes(target):
        print(f"refreshed {path}")
