"""Saving edits back into model files: exact bytes, refusals, atomic failures, CLI."""

from __future__ import annotations

import errno
import os

import pytest

from windfall.core import open_model
from windfall.core.analysis.scenario import Scenario, save_scenario
from windfall.core.cli.main import main
from windfall.core.errors import WindfallError
from windfall.core.formats.edits import format_number
from windfall.core.formats.save import save_model

XMILE = """<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><vendor>test</vendor><product>t</product></header>
  <sim_specs><start>0</start><stop>4</stop><dt>1</dt></sim_specs>
  <model>
    <variables>
      <aux name="Growth_Rate"><eqn> 0.5 </eqn><units>1/Time</units></aux>
      <aux name="Scaled"><eqn>Growth_Rate * 2 + Effect(TIME)</eqn></aux>
      <gf name="Effect">
        <xscale min="0" max="4"/>
        <yscale min="0" max="1"/>
        <ypts sep=";">0;0.5;1;0.5;0</ypts>
      </gf>
    </variables>
  </model>
</xmile>
"""


@pytest.mark.parametrize(
    "value, text",
    [(10.0, "10"), (-3.0, "-3"), (0.1, "0.1"), (12.5, "12.5"), (1e-7, "1e-07"), (1e20, "1e+20")],
)
def test_numbers_are_written_shortest_and_read_back_exactly(value, text):
    assert format_number(value) == text
    assert float(text) == value


def test_constant_and_lookup_edits_change_only_their_numbers(teacup, tmp_path):
    model = open_model(teacup)
    out = tmp_path / "edited.mdl"
    save_model(
        model, {"characteristic time": 0.1 + 0.2, "Cooling Curve": ([0, 5, 12], [0, 1, 3])}, out
    )
    expected = (
        teacup.read_text()
        .replace("\t10\n", f"\t{0.1 + 0.2!r}\n", 1)
        .replace("[(0,0)-(10,2)],(0,0),(5,1),(10,2))", "[(0,0)-(12,3)],(0,0),(5,1),(12,3))")
    )
    assert out.read_text() == expected
    reopened = open_model(out)
    assert reopened.variable("Characteristic Time").value == 0.1 + 0.2
    assert reopened.variable("Cooling Curve").lookup_x == [0, 5, 12]


def test_crlf_latin1_text_keeps_every_other_byte(teacup, tmp_path):
    text = teacup.read_text().replace("{UTF-8}", "{ISO-8859-1}").replace("\n", "\r\n")
    text = text.replace("How long", "Température: how long")
    source = tmp_path / "latin.mdl"
    source.write_bytes(text.encode("latin-1"))
    save_model(open_model(source), {"Room Temperature": 21.5}, source)
    expected = text.replace("\t70\r\n", "\t21.5\r\n", 1).encode("latin-1")
    assert source.read_bytes() == expected


def test_xmile_edits_text_in_place_with_its_separator(tmp_path):
    source = tmp_path / "m.xmile"
    source.write_text(XMILE, encoding="utf-8")
    model = open_model(source)
    out = tmp_path / "out.xmile"
    ys = [0.0, 0.25, 2.0, 0.25, 0.0]
    save_model(model, {"growth rate": 0.75, "Effect": ([0, 1, 2, 3, 4], ys)}, out)
    expected = (
        XMILE.replace("<eqn> 0.5 </eqn>", "<eqn> 0.75 </eqn>")
        .replace("0;0.5;1;0.5;0", "0;0.25;2;0.25;0")
        .replace('<yscale min="0" max="1"/>', '<yscale min="0" max="2"/>')
    )
    assert out.read_text(encoding="utf-8") == expected
    overrides = {"growth rate": 0.75, "Effect": ([0, 1, 2, 3, 4], ys)}
    assert open_model(out).run().equals(model.run(overrides))


def test_xmile_xscale_keeps_points_even(tmp_path):
    source = tmp_path / "m.xmile"
    source.write_text(XMILE, encoding="utf-8")
    model = open_model(source)
    with pytest.raises(WindfallError, match="evenly spaced"):
        save_model(model, {"Effect": ([0, 1, 2, 3, 5], [0, 0, 0, 0, 0])}, tmp_path / "o.xmile")
    save_model(model, {"Effect": ([0, 2, 4, 6, 8], [0, 0, 1, 0, 0])}, tmp_path / "o.xmile")
    assert '<xscale min="0" max="8"/>' in (tmp_path / "o.xmile").read_text()


@pytest.mark.parametrize(
    "overrides, cause",
    [
        ({"SAVEPER": 1}, "no such variable"),
        ({"Heat Loss to Room": 1}, "is a flow"),
        ({"Room Temperature": "warm"}, "is not a number"),
        ({"Room Temperature": float("inf")}, "not a finite number"),
    ],
)
def test_bad_edits_are_refused_and_the_file_is_untouched(teacup, overrides, cause):
    before = teacup.read_bytes()
    with pytest.raises(WindfallError, match=cause):
        save_model(open_model(teacup), overrides)
    assert teacup.read_bytes() == before


def test_expression_and_subscripted_constants_are_refused(tmp_path):
    source = tmp_path / "m.mdl"
    source.write_text(
        "dim: a, b ~~|\nk[dim] = 1, 2 ~~|\nc = 2 * 3 ~~|\ny = c + SUM(k[dim!]) ~~|\n"
        "INITIAL TIME = 0 ~~|\nFINAL TIME = 2 ~~|\nTIME STEP = 1 ~~|\nSAVEPER = 1 ~~|\n"
    )
    model = open_model(source)
    with pytest.raises(WindfallError, match=r"m.mdl:3, variable 'c': is defined by the expr"):
        save_model(model, {"c": 7})
    with pytest.raises(WindfallError, match="subscripted|only constants"):
        save_model(model, {"k": 7})


def test_failed_write_leaves_the_original_intact(teacup, monkeypatch):
    before = teacup.read_bytes()
    model = open_model(teacup)

    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(WindfallError, match="No space left on device"):
        save_model(model, {"Room Temperature": 50})
    assert teacup.read_bytes() == before
    assert sorted(p.name for p in teacup.parent.iterdir()) == ["teacup.mdl"]


def test_unwritable_folder_is_a_clear_error(teacup, tmp_path, monkeypatch):
    import tempfile

    model = open_model(teacup)

    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    target = tmp_path / "locked" / "out.mdl"
    with pytest.raises(WindfallError, match=r"out.mdl: cannot write here \(Permission denied\)"):
        save_model(model, {"Room Temperature": 50}, target)
    assert not target.exists()


def test_cli_save_sets_values_and_applies_scenarios(teacup, tmp_path, capsys):
    scenario = tmp_path / "warm.toml"
    save_scenario(
        Scenario("warm", model_sha256="0" * 64, parameters={"Room Temperature": 80, "Nope": 1}),
        scenario,
    )
    code = main(
        ["save", str(teacup), "--scenario", str(scenario), "--set", "characteristic time=5",
         "-o", str(teacup)]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0
    assert "made for different model content" in err and "skipped 'Nope'" in err
    model = open_model(teacup)
    assert model.variable("Room Temperature").value == 80
    assert model.variable("Characteristic Time").value == 5


def test_cli_save_bad_input_exits_2_with_one_line(teacup, capsys):
    before = teacup.read_bytes()
    code = main(["save", str(teacup), "--set", "Room Temperature=hot", "-o", str(teacup)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and "'hot'" in err
    assert teacup.read_bytes() == before


def test_saving_over_a_file_changed_on_disk_is_refused(teacup, tmp_path):
    model = open_model(teacup)
    changed = teacup.read_text().replace("\t70\n", "\t60\n", 1)
    teacup.write_text(changed)
    with pytest.raises(WindfallError, match="changed on disk since it was opened"):
        save_model(model, {"Characteristic Time": 5})
    assert teacup.read_text() == changed
    save_model(model, {"Characteristic Time": 5}, replace_changed=True)
    assert open_model(teacup).variable("Room Temperature").value == 70
    with pytest.raises(WindfallError, match="must keep the model's file type"):
        save_model(model, {}, tmp_path / "teacup.xmile")


def test_xml_scanner_finds_exact_spans_and_rejects_bad_nesting(tmp_path):
    from windfall.core.formats.xml_spans import iter_elements, scan_xml

    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "v">]><root a=\'1 > 0\'>'
        b"<!-- <eqn>9</eqn> --><eqn><![CDATA[<b>]]></eqn><eqn>4.5</eqn><empty/></root>"
    )
    root = scan_xml(data, tmp_path / "m.xmile")
    assert root.attr(data, "a") == "1 > 0"
    tags = [(e.tag, e.text(data)) for e in iter_elements(root)][1:]
    assert tags == [("eqn", "<![CDATA[<b>]]>"), ("eqn", "4.5"), ("empty", "")]
    with pytest.raises(WindfallError, match=r"m.xmile:2: closing tag </b> does not match"):
        scan_xml(b"<a>\n<c></b></a>", tmp_path / "m.xmile")
    with pytest.raises(WindfallError, match="not a complete XML document"):
        scan_xml(b"<a><b></b>", tmp_path / "m.xmile")
