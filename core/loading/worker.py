"""Translate large model files in a child process that is killed after a time limit.

PySD's parser and builder have no time limit of their own, and some of their steps grow
faster than linearly with the number of equations. Small files (every honest model seen so
far) translate in-process, bounded by the size and nesting limits; larger ones go to a
child process, so a file that would translate for an hour costs at most the time limit.
Starting the child costs about a second, once per model content (the cache keeps the rest).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from windfall.core.errors import WindfallError

CHILD_THRESHOLD_BYTES = 64 * 1024
# Parsing and building grow faster than linearly with the number of equations and of
# numbers in them (1,800 one-line equations in 48 KB take about half a minute): beyond
# these counts a small file goes to the child as well. Honest models seen so far hold
# at most about a hundred equations.
CHILD_THRESHOLD_EQUATIONS = 400
CHILD_THRESHOLD_NUMBER_LISTS = 4_000
TRANSLATE_TIMEOUT_S = 120.0
_EXIT_REFUSED = 2


def _small_enough_in_process(data: bytes) -> bool:
    """A cheap upper bound on translation work, from the raw bytes (sketch left out)."""
    if len(data) >= CHILD_THRESHOLD_BYTES:
        return False
    body = data.split(b"\\\\\\---///", 1)[0]
    equations = max(body.count(b"|"), body.count(b"<eqn"))
    return equations <= CHILD_THRESHOLD_EQUATIONS and (
        body.count(b",") <= CHILD_THRESHOLD_NUMBER_LISTS
    )


def translate_bounded(staging: Path, data: bytes, suffix: str, *, source_path: Path) -> None:
    """Translate into `staging`, in a time-limited child process when the file is large."""
    from windfall.core.loading.translate import translate_into

    if _small_enough_in_process(data):
        translate_into(staging, data, suffix, source_path=source_path)
        return
    command = [sys.executable, "-m", "windfall.core.loading.worker", str(staging), suffix]
    command.append(str(source_path))
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=TRANSLATE_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        raise WindfallError(
            source_path, f"translation took longer than {TRANSLATE_TIMEOUT_S:g} s and was stopped"
        ) from None
    if done.returncode == _EXIT_REFUSED:
        fields = json.loads(done.stdout.decode("utf-8"))
        raise WindfallError(fields["path"], fields["cause"], **fields["where"])
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise WindfallError(source_path, f"translation process failed ({tail[0][:200]})")


def _child(argv: list[str]) -> int:
    from windfall.core.loading.translate import translate_into

    staging, suffix, source = Path(argv[0]), argv[1], Path(argv[2])
    try:
        translate_into(staging, sys.stdin.buffer.read(), suffix, source_path=source)
    except WindfallError as exc:
        where = {"variable": exc.variable, "line": exc.line}
        sys.stdout.write(json.dumps({"path": exc.path, "cause": exc.cause, "where": where}))
        return _EXIT_REFUSED
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
