"""Read XMILE variables as written (equation, units, range, doc, line) with a safe parser."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from windfall.core.formats.names import fold_name

_VAR_TAGS = {"stock", "flow", "aux", "gf"}


@dataclass
class XmileVariable:
    name: str
    equation: str
    units: str
    range: tuple[float | None, float | None, float | None]
    doc: str
    line: int | None
    group: str | None


def safe_parser() -> etree.XMLParser:
    """An XML parser that never resolves entities, DTDs or network references."""
    # recover=True matches PySD: real XMILE files use undeclared vendor prefixes (isee:).
    return etree.XMLParser(
        encoding="utf-8",
        recover=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )


def _local(tag) -> str:
    # Recovered trees keep undeclared prefixes in the tag ("isee:prefs"), which QName rejects.
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _child_text(node, name: str) -> str:
    for child in node:
        if _local(child.tag) == name:
            return " ".join((child.text or "").split())
    return ""


def _range(node) -> tuple[float | None, float | None, float | None]:
    for child in node:
        if _local(child.tag) in ("range", "scale"):
            values = []
            for attr in ("min", "max", "step"):
                try:
                    values.append(float(child.get(attr)))
                except (TypeError, ValueError):
                    values.append(None)
            return values[0], values[1], values[2]
    return (None, None, None)


def parse_xmile_variables(data: bytes) -> dict[str, XmileVariable]:
    """Map folded variable names to their raw XMILE definitions."""
    root = etree.fromstring(data, parser=safe_parser())
    out: dict[str, XmileVariable] = {}
    for model in root.iter():
        if _local(model.tag) != "model":
            continue
        group = model.get("name")
        for variables in model:
            if _local(variables.tag) != "variables":
                continue
            for node in variables:
                if _local(node.tag) not in _VAR_TAGS or not node.get("name"):
                    continue
                name = " ".join(node.get("name").replace("\\n", " ").split())
                out.setdefault(
                    fold_name(name),
                    XmileVariable(
                        name=name,
                        equation=_child_text(node, "eqn"),
                        units=_child_text(node, "units"),
                        range=_range(node),
                        doc=_child_text(node, "doc"),
                        line=node.sourceline,
                        group=group,
                    ),
                )
    return out
