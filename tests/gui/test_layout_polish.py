"""Layout checks on the built-in model: nothing clipped, every curve and scenario named."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from tests.gui.conftest import RESULT_TIMEOUT_MS
from windfall.models import DEFAULT_MODEL

SIZES = {"default": (1600, 1000), "narrow": (1280, 800)}


@pytest.fixture
def built_in(window, qtbot):
    """The main window with the built-in model (long names and units) opened and drawn."""
    with qtbot.waitSignal(window.sig_result_drawn, timeout=RESULT_TIMEOUT_MS):
        window.open_model(DEFAULT_MODEL)
    return window


def rect_in(widget, ancestor) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_parameter_rows_fit_the_dock(built_in, qtbot, size):
    window = built_in
    window.resize(*size)
    dock = window.docks["parameters"]
    # the analyst drags the dock as narrow as it goes: the rows still fit
    for width in (330, 1):
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        qtbot.wait(20)
        viewport = window.parameter_panel.scroll.viewport()
        visible = viewport.rect()
        for name, row in window.parameter_panel.rows.items():
            for part in (row.edit, row.units_label, row.reset_button, row.slider):
                where = rect_in(part, viewport)
                assert visible.left() <= where.left() and where.right() <= visible.right(), (
                    f"{name}: {part.objectName() or type(part).__name__} at {where} "
                    f"outside the viewport {visible} (dock {dock.width()} wide)"
                )
            assert row.name_label.shown_text().rstrip("…") in row.var.name
            assert row.var.name in row.toolTip()  # an elided name stays readable in full
