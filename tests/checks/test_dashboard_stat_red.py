"""dashboard-stat-red: a stat counting something bad can turn red."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.dashboard_stat_red import DashboardStatRed

GREEN = [{"color": "green", "value": None}]
GREEN_RED = GREEN + [{"color": "red", "value": 1}]


def _dash(panel):
    return Artefact("s/grafana/dashboards/f/u.json", "dashboard", {"uid": "u", "title": "T", "panels": [panel]}, {}, "s")


def _stat(title, expr="x", steps=GREEN, kind="stat", color_mode="background", mappings=(), overrides=()):
    return {"type": kind, "title": title, "targets": [{"expr": expr}], "options": {"colorMode": color_mode},
            "fieldConfig": {"defaults": {"thresholds": {"mode": "absolute", "steps": steps}, "mappings": list(mappings)},
                            "overrides": list(overrides)}}


FIRES = [
    ("targets down", _stat("Targets down", "count(up == 0) or vector(0)")),
    ("number of down nodes", _stat("Number of down nodes")),
    ("errors", _stat("Errors", 'count_over_time({job="a"} |= "ERROR" [$__interval])')),
    ("auth failures", _stat("Auth failures")),
    ("failed jobs", _stat("Failed jobs")),
    ("firing alerts", _stat("Firing alerts")),
    ("gauge", _stat("Error ratio", kind="gauge")),
    ("query counts down targets", _stat("Scrape health", 'count(up{job="a"} == 0)')),
    ("query counts firing alerts", _stat("Alerts", 'count(ALERTS{alertstate="firing"})')),
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


@pytest.mark.parametrize("name,panel", FIRES, ids=[n for n, _ in FIRES])
def test_fires(name, panel):
    [problem] = list(DashboardStatRed().problems(Context([_dash(panel)])))
    assert problem.code == "dashboard-stat-red" and "never turns red" in problem.message
    assert problem.where == "s/grafana/dashboards/f/u.json $.panels[0].fieldConfig.defaults.thresholds"


@pytest.mark.parametrize("name,panel", QUIET, ids=[n for n, _ in QUIET])
def test_quiet(name, panel):
    assert list(DashboardStatRed().problems(Context([_dash(panel)]))) == []


@pytest.mark.parametrize("stack", ["brainbytes", "copilotos"])
def test_both_stacks_pass(stack):
    import os

    from obsgen import lint
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    unit = lint.read(os.path.join(root, "build", stack))
    assert [p.line() for p in DashboardStatRed().problems(Context(unit.artefacts, unit.catalog))] == []
