"""What one variable is: equation, units, range, documentation, and its links."""

from __future__ import annotations

import html
from urllib.parse import quote, unquote

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from windfall.core.model.description import VariableInfo
from windfall.core.session.state import SessionState

LINK_SCHEME = "variable"


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


def _range(var: VariableInfo) -> str:
    """Vensim's own notation: `?` for an open end; the step only when the file gives one."""
    parts = [_number(var.min), _number(var.max)]
    if var.step is not None:
        parts.append(_number(var.step))
    return "[" + ", ".join(parts) + "]"


def _links(names: list[str]) -> str:
    if not names:
        return "<i>none</i>"
    return ", ".join(
        f"<a href='{LINK_SCHEME}:{quote(n, safe='')}'>{html.escape(n)}</a>" for n in names
    )


def describe_html(var: VariableInfo) -> str:
    """The inspector's page for a variable (all model text escaped: files are untrusted)."""
    esc = html.escape
    rows = [
        ("Kind", esc(var.kind)),
        ("Units", esc(var.units or "—")),
        ("Range", _range(var)),
        ("Sector", esc(var.group or "—")),
    ]
    if var.value is not None:
        rows.append(("Model value", f"{var.value:g}"))
    if var.lookup_x:
        points = ", ".join(
            f"({x:g}, {y:g})" for x, y in zip(var.lookup_x, var.lookup_y or [], strict=False)
        )
        rows.append(("Points", esc(points)))
    table = "".join(f"<tr><td class='key'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return (
        f"<h3>{esc(var.name)}</h3>"
        f"<p class='doc'>{esc(var.doc) if var.doc else '<i>No documentation.</i>'}</p>"
        f"<p class='equation'>{esc(' '.join((var.equation or '').split()))}</p>"
        f"<table cellspacing='2'>{table}</table>"
        f"<p><b>Uses:</b> {_links(var.depends_on)}</p>"
        f"<p><b>Used by:</b> {_links(var.used_by)}</p>"
    )


class InspectorPanel(QWidget):
    """Shows the selected variable; clicking a linked name asks to select that one."""

    sig_link_clicked = Signal(str)

    def __init__(self, session: SessionState, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._on_anchor)
        self.browser.document().setDefaultStyleSheet(
            "h3 { margin: 0; } td.key { color: #666; padding-right: 10px; }"
            "p.equation { background: #f4f5f7; font-family: monospace; padding: 4px; }"
            "p.doc { color: #333; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser)
        self.current: str | None = None
        session.events.model.connect(lambda _m: self.show_variable(None))
        self.show_variable(None)

    def show_variable(self, name: str | None) -> None:
        model = self.session.model
        var = model.description.find(name) if model and name else None
        self.current = var.name if var else None
        if var is None:
            self.browser.setHtml("<p style='color:#777'>Select a variable to inspect it.</p>")
        else:
            self.browser.setHtml(describe_html(var))

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        if text.startswith(LINK_SCHEME + ":"):
            self.sig_link_clicked.emit(unquote(text[len(LINK_SCHEME) + 1 :]))
