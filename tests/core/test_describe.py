from __future__ import annotations

from windfall.core import open_model


def test_description_has_kinds_units_ranges_docs_and_links(teacup):
    desc = open_model(teacup).description
    stock = desc.find("teacup temperature")
    assert stock.kind == "stock" and stock.units == "Degrees"
    assert (stock.min, stock.max) == (32, 212)
    assert "average temperature" in stock.doc
    assert stock.depends_on == ["Heat Loss to Room"]
    assert "INTEG" in stock.equation

    const = desc.find("Characteristic_Time")
    assert const.kind == "constant" and const.value == 10
    assert (const.min, const.max, const.step) == (1, 30, 0.5)
    assert const.units == "Minutes" and const.group == "View 1"
    assert "Heat Loss to Room" in const.used_by

    flow = desc.find("Heat Loss to Room")
    assert flow.kind == "flow"
    assert set(flow.depends_on) == {"Teacup Temperature", "Room Temperature", "Characteristic Time"}

    lookup = desc.find("Cooling Curve")
    assert lookup.kind == "lookup"
    assert lookup.lookup_x == [0, 5, 10] and lookup.lookup_y == [0, 1, 2]


def test_controls_are_separate(teacup):
    desc = open_model(teacup).description
    assert desc.control_value("initial_time") == 0
    assert desc.control_value("final_time") == 30
    assert desc.control_value("time_step") == 0.125
    assert desc.control_value("saveper") == 0.125
    assert desc.find("FINAL TIME") is None


def test_description_survives_cached_reopen(teacup):
    first = open_model(teacup).description
    again = open_model(teacup).description
    assert again.variables == first.variables
