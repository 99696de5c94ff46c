"""The generated-code printer: black's layout, deterministic, always valid Python that evaluates to its input."""

from __future__ import annotations

import ast

import pytest

from obsgen.importer.codegen import Call, Comment, Name, expr, identifier, import_line, module, string


@pytest.mark.parametrize("value, text", [
    ("plain", '"plain"'),
    ('say "hi"', "'say \"hi\"'"),
    ("it's", '"it\'s"'),
    ("both ' and \"", "'both \\' and \"'"),
    ("tab\there", '"tab\\there"'),
])
def test_strings_prefer_double_quotes(value, text):
    assert string(value) == text
    assert ast.literal_eval(text) == value


def test_short_calls_stay_on_one_line_and_long_ones_break_with_trailing_commas():
    assert expr(Call("f", 1, "a", key=[1, 2])) == 'f(1, "a", key=[1, 2])'
    long = Call("panel", "timeseries", "x" * 100, unit="s", options={"legend": {"showLegend": True}})
    assert expr(long) == (
        'panel(\n'
        '    "timeseries",\n'
        f'    "{"x" * 100}",\n'
        '    unit="s",\n'
        '    options={"legend": {"showLegend": True}},\n'
        ')'
    )


def test_multiline_strings_that_do_not_fit_are_split_at_line_breaks():
    text = "sum(\n  rate(x[5m])\n)\n" + "y" * 120
    printed = expr(Call("prom", text))
    assert '    (\n        "sum(\\n"\n        "  rate(x[5m])\\n"\n' in printed
    assert ast.literal_eval(printed[len("prom("):-1].strip().rstrip(",")) == text


def test_comments_force_a_break_and_sit_on_their_own_lines():
    printed = expr([Comment("Carried over as written."), Call("f")])
    assert printed == "[\n    # Carried over as written.\n    f(),\n]"


def test_values_round_trip_through_python():
    value = {"a": [1, 2.5, None, True, {"b": ("x",)}], "c": -3, "d": float("1e300"), "e": ""}
    assert ast.literal_eval(expr(value)) == value


def test_names_and_identifiers():
    assert expr(Call("panel", datasource=Name("PROMETHEUS"))) == "panel(datasource=PROMETHEUS)"
    assert identifier("Node Exporter / Nodes") == "node_exporter_nodes"
    assert identifier("2-up") == "item_2_up"
    assert identifier("class") == "class_"
    assert identifier("---") == "item"


def test_module_layout():
    text = module("Doc.", [import_line("obsgen.api", ["row", "Grid", "panel", "PROMETHEUS"])], ["x = 1"])
    assert text == '"""Doc."""\n\nfrom obsgen.api import Grid, panel, PROMETHEUS, row\n\n\nx = 1\n'
    ast.parse(text)
