"""dashboard-no-value: stats, gauges and bar gauges never show no data as a number."""

import pytest

from cases import says, table_tests
from obsgen.artefact import Artefact, Origin
from obsgen.checks.base import Context
from obsgen.checks.dashboard_no_value import DashboardNoValue

CHECK = DashboardNoValue()


def _dash(panel):
    return Artefact("s/grafana/dashboards/f/u.json", "dashboard", {"uid": "u", "title": "T", "panels": [panel]},
                    {("panels", 0): Origin("dashboard 'T' / panel 'P'", "dashboards/s/x.py:7")}, "s")


def _panel(kind="stat", no_value=None, overrides=()):
    defaults = {} if no_value is None else {"noValue": no_value}
    return {"type": kind, "title": "P", "fieldConfig": {"defaults": defaults, "overrides": list(overrides)}}


def _override(value):
    return {"matcher": {"id": "byName", "options": "x"}, "properties": [{"id": "noValue", "value": value}]}


READS_AS_VALUE = says("reads as a real value", where="dashboards/s/x.py:7", obj="dashboard 'T' / panel 'P'")

FIRES = [
    ("stat zero", _panel("stat", "0"), READS_AS_VALUE),
    ("gauge zero percent", _panel("gauge", "0%"), READS_AS_VALUE),
    ("bar gauge decimal", _panel("bargauge", "0.0"), READS_AS_VALUE),
    ("negative", _panel("stat", "-1"), READS_AS_VALUE),
    ("number, not string", _panel("stat", 0), READS_AS_VALUE),
    ("exponent", _panel("stat", "1e-3"), READS_AS_VALUE),
    ("override", _panel("stat", overrides=[_override("0")]), READS_AS_VALUE),
]
QUIET = [
    ("unset", _panel("stat")),
    ("a word", _panel("stat", "No data")),
    ("a dash", _panel("stat", "-")),
    ("N/A", _panel("gauge", "N/A")),
    ("empty string", _panel("stat", "")),
    ("timeseries may say 0", _panel("timeseries", "0")),
    ("table", _panel("table", 0)),
    ("boolean", _panel("stat", False)),
    ("no fieldConfig", {"type": "stat", "title": "P"}),
    ("fieldConfig not a dict", {"type": "stat", "title": "P", "fieldConfig": None}),
    ("override of something else", _panel("stat", overrides=[{"properties": [{"id": "unit", "value": "0"}]}])),
]


# Rows name a panel; each is judged on a dashboard of its own.
test_fires, test_quiet = table_tests(CHECK, [(name, _dash(panel), want) for name, panel, want in FIRES],
                                     [(name, _dash(panel)) for name, panel in QUIET])


def test_is_a_house_convention():
    assert DashboardNoValue.house is True


@pytest.mark.parametrize("stack", ["brainbytes", "copilotos"])
def test_both_stacks_pass(stack):
    import os

    from obsgen import lint
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    unit = lint.read(os.path.join(root, "build", stack))
    assert [p.line() for p in DashboardNoValue().problems(Context(unit.artefacts, unit.catalog))] == []
