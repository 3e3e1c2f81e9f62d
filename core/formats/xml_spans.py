"""Find XML elements with their exact byte spans, so text can be edited without re-serialising.

Re-serialising an XML tree changes quoting, whitespace, namespace prefixes and more; saving
a model must change only the edited numbers. This scanner reads UTF-8 (or any ASCII-based
encoding) bytes into a light tree of elements with offsets. It resolves no entities, DTDs
or external references: it only records where tags begin and end.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from windfall.core.errors import WindfallError

_TOKEN = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<![^>\[]*(?:\[.*?\])?\s*>"
    rb"|<(?P<close>/?)(?P<tag>[^\s/>!?]+)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(?P<empty>/?)>",
    re.S,
)
_ATTR = re.compile(rb"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


@dataclass
class XmlElement:
    """One element: local tag name, attribute value spans, and where its content lies."""

    tag: str
    start: int
    content_start: int
    content_end: int = -1
    attr_spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    children: list[XmlElement] = field(default_factory=list)

    def child(self, tag: str) -> XmlElement | None:
        return next((c for c in self.children if c.tag == tag), None)

    def attr(self, data: bytes, name: str) -> str | None:
        span = self.attr_spans.get(name)
        return html.unescape(data[span[0] : span[1]].decode("utf-8")) if span else None

    def text(self, data: bytes) -> str:
        return data[self.content_start : self.content_end].decode("utf-8")


def _local(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").rsplit(":", 1)[-1]


def _element(match: re.Match) -> XmlElement:
    attrs_at = match.start("attrs")
    spans: dict[str, tuple[int, int]] = {}
    for attr in _ATTR.finditer(match.group("attrs")):
        group = 2 if attr.group(2) is not None else 3
        spans[_local(attr.group(1))] = (attrs_at + attr.start(group), attrs_at + attr.end(group))
    return XmlElement(_local(match.group("tag")), match.start(), match.end(), attr_spans=spans)


def scan_xml(data: bytes, path: Path) -> XmlElement:
    """The root element of `data` with byte spans; a WindfallError if tags do not nest."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise WindfallError(path, "UTF-16 XMILE files cannot be saved; save as UTF-8 first")
    stack: list[XmlElement] = []
    root: XmlElement | None = None
    for match in _TOKEN.finditer(data):
        if match.group("tag") is None:
            continue
        if match.group("close"):
            tag = _local(match.group("tag"))
            if not stack or stack[-1].tag != tag:
                line = data.count(b"\n", 0, match.start()) + 1
                raise WindfallError(path, f"closing tag </{tag}> does not match", line=line)
            stack.pop().content_end = match.start()
            continue
        element = _element(match)
        if stack:
            stack[-1].children.append(element)
        elif root is None:
            root = element
        if match.group("empty"):
            element.content_end = element.content_start
        else:
            stack.append(element)
    if root is None or stack:
        raise WindfallError(path, "not a complete XML document")
    return root


def iter_elements(element: XmlElement):
    """Every element under (and including) `element`, in document order."""
    yield element
    for child in element.children:
        yield from iter_elements(child)
