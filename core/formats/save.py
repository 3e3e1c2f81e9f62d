"""Save edited constants and lookup tables back into a model file, touching nothing else.

Only the edited numbers change: every other byte (comments, docs, units, sketch or diagram,
formatting, ordering, encoding, line endings) is copied from the original. Numbers are
written in the shortest form that reads back as the same float, so reopening the saved
file gives exactly the results of the edited model.

Refused with a WindfallError naming the variable: constants defined by an expression or by
subscripts, lookups written other than as (x, y) pairs, `WITH LOOKUP` tables (they are not
settable in a run either), and anything that is not a constant or a lookup.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from windfall.core.errors import WindfallError
from windfall.core.formats.edits import ConstantEdit, Edit, LookupEdit
from windfall.core.formats.mdl_save import edit_mdl
from windfall.core.formats.xmile_save import edit_xmile
from windfall.core.io.atomic import write_bytes_atomic


def edits_for(model, overrides: Mapping[str, object]) -> list[Edit]:
    """Check overrides against the loaded model (as a run would) and turn them into edits."""
    params = model.resolve_overrides(overrides)
    by_py = {model.variable(name).py_name: model.variable(name).name for name in overrides}
    edits: list[Edit] = []
    for py_name, value in params.items():
        name = by_py[py_name]
        if model.variable(name).kind == "lookup":
            xs = tuple(float(x) for x in value.index)
            edits.append(LookupEdit(name, xs, tuple(float(y) for y in value.values)))
        else:
            edits.append(ConstantEdit(name, float(value)))
    return edits


def edited_bytes(data: bytes, suffix: str, edits: list[Edit], path: Path) -> bytes:
    """The model file's bytes with the edits applied, in the file's own format."""
    if suffix.lower() == ".mdl":
        return edit_mdl(data, edits, path)
    return edit_xmile(data, edits, path)


def _is_xmile(suffix: str) -> bool:
    return suffix.lower() in (".xmile", ".stmx", ".itmx")


def _check_target(model, target: Path, replace_changed: bool) -> None:
    if target.is_dir():
        raise WindfallError(target, "is a folder, not a model file")
    source = model.path.suffix.lower()
    if target.suffix.lower() != source and not (_is_xmile(source) and _is_xmile(target.suffix)):
        raise WindfallError(target, f"must keep the model's file type '{model.path.suffix}'")
    if replace_changed or not target.exists() or not target.samefile(model.path):
        return
    try:
        changed = target.read_bytes() != model.data
    except OSError as exc:
        raise WindfallError(target, f"cannot read before saving ({exc.strerror or exc})") from exc
    if changed:
        raise WindfallError(
            target, "changed on disk since it was opened; reopen it or save under another name"
        )


def save_model(
    model,
    overrides: Mapping[str, object],
    target: str | os.PathLike | None = None,
    *,
    replace_changed: bool = False,
) -> Path:
    """Write `model` with `overrides` applied to `target` (default: its own file), atomically.

    `overrides` is the same mapping `LoadedModel.run` takes: {name: number} for constants,
    {name: (xs, ys)} for lookups. A failure leaves any existing target intact. Saving over
    the model's own file is refused if someone changed it on disk after it was opened,
    unless `replace_changed` is true.
    """
    target = Path(target) if target is not None else model.path
    edits = edits_for(model, overrides)
    new_data = edited_bytes(model.data, model.path.suffix, edits, model.path)
    _check_target(model, target, replace_changed)
    write_bytes_atomic(target, new_data)
    return target
