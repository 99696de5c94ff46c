"""dashboard-stat-red: a stat counting something bad can turn red."""

import pytest

from cases import says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.dashboard_stat_red import DashboardStatRed

CHECK = DashboardStatRed()

GREEN = [{"color": "green", "value": None}]
GREEN_RED = GREEN + [{"color": "red", "value": 1}]


def _dash(panel):
    return Artefact("s/grafana/dashboards/f/u.json", "dashboard", {"uid": "u", "title": "T", "panels": [panel]}, {}, "s")


def _stat(title, expr="x", steps=GREEN, kind="stat", color_mode="background", mappings=(), overrides=()):
    return {"type": kind, "title": title, "targets": [{"expr": expr}], "options": {"colorMode": color_mode},
            "fieldConfig": {"defaults": {"thresholds": {"mode": "absolute", "steps": steps}, "mappings": list(mappings)},
                            "overrides": list(overrides)}}


NEVER_RED = says("never turns red", where="s/grafana/dashboards/f/u.json $.panels[0].fieldConfig.defaults.thresholds")

FIRES = [
    ("targets down", _stat("Targets down", "count(up == 0) or vector(0)"), NEVER_RED),
    ("number of down nodes", _stat("Number of down nodes"), NEVER_RED),
    ("errors", _stat("Errors", 'count_over_time({job="a"} |= "ERROR" [$__interval])'), NEVER_RED),
    ("auth failures", _stat("Auth failures"), NEVER_RED),
    ("failed jobs", _stat("Failed jobs"), NEVER_RED),
    ("firing alerts", _stat("Firing alerts"), NEVER_RED),
    ("gauge", _stat("Error ratio", kind="gauge"), NEVER_RED),
    ("query counts down targets", _stat("Scrape health", 'count(up{job="a"} == 0)'), NEVER_RED),
    ("query counts firing alerts", _stat("Alerts", 'count(ALERTS{alertstate="firing"})'), NEVER_RED),
]
QUIET = [
    ("has a red step", _stat("Targets down", steps=GREEN_RED)),
    ("any second step", _stat("Errors", steps=GREEN + [{"color": "orange", "value": 5}])),
    ("no thresholds: Grafana's default has red", {"type": "stat", "title": "Errors", "fieldConfig": {"defaults": {}}}),
    ("neutral title", _stat("Request rate")),
    ("error budget remaining", _stat("Error budget remaining")),
    ("time since last failure", _stat("Time since last failure")),
    ("successful requests", _stat("Successful requests without errors")),
    ("last scale down", _stat("Last Scale Down")),
    ("instances up", _stat("Instances up", "count(mongodb_up == 1) or vector(0)")),
    ("up equals 0.5 is not a count of down", _stat("Health", "up == 0.5")),
    ("colour mode none", _stat("Errors", color_mode="none")),
    ("base step already red", _stat("Error Count", steps=[{"color": "dark-red", "value": None}])),
    ("mapping colours", _stat("Errors", mappings=[{"type": "value", "options": {"1": {"color": "red"}}}])),
    ("threshold override", _stat("Errors", overrides=[{"properties": [{"id": "thresholds", "value": {}}]}])),
    ("table is not a stat", _stat("Errors", kind="table")),
    ("steps not a list", _stat("Errors", steps=None)),
    ("fieldConfig missing", {"type": "stat", "title": "Errors"}),
    ("title not a string", _stat(None)),
]


# Rows name a panel; each is judged on a dashboard of its own.
test_fires, test_quiet = table_tests(CHECK, [(name, _dash(panel), want) for name, panel, want in FIRES],
                                     [(name, _dash(panel)) for name, panel in QUIET])


@pytest.mark.parametrize("stack", ["brainbytes", "copilotos"])
def test_both_stacks_pass(stack):
    import os

    from obsgen import lint
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    unit = lint.read(os.path.join(root, "build", stack))
    assert [p.line() for p in DashboardStatRed().problems(Context(unit.artefacts, unit.catalog))] == []
