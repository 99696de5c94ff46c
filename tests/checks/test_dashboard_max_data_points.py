"""dashboard-max-data-points: time series leave maxDataPoints to Grafana (or at least 200)."""

import pytest

from cases import fires, quiet, rows, says
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.dashboard_max_data_points import DashboardMaxDataPoints

CHECK = DashboardMaxDataPoints()


def _dash(*panels):
    return Artefact("s/grafana/dashboards/f/u.json", "dashboard", {"uid": "u", "title": "T", "panels": list(panels)},
                    {}, "s")


def _panel(kind="timeseries", points=None, expr="up", bars=False):
    panel = {"type": kind, "title": "P", "targets": [{"expr": expr}],
             "fieldConfig": {"defaults": {"custom": {"drawStyle": "bars" if bars else "line"}}}}
    if points is not None:
        panel["maxDataPoints"] = points
    return panel


FIXED = says("maxDataPoints is fixed", severity="warning")

FIRES = [
    ("grafanalib's 100", _panel(points=100), FIXED),
    ("199", _panel(points=199), FIXED),
    ("legacy graph", _panel("graph", 100), FIXED),
    ("numeric string", _panel(points="100"), FIXED),
    ("bars of a raw gauge skip samples", _panel(points=100, expr="offline_partitions", bars=True), FIXED),
    ("inside a collapsed row", {"type": "row", "title": "R", "panels": [_panel(points=50)]}, FIXED),
]
QUIET = [
    ("unset", _panel()),
    ("200", _panel(points=200)),
    ("cert-manager's 250", _panel(points=250)),
    ("high", _panel(points=43200)),
    ("stat", _panel("stat", 100)),
    ("not a number", _panel(points="auto")),
    ("null", {"type": "timeseries", "title": "P", "maxDataPoints": None}),
    ("log volume bars, one per interval", _panel(points=100, bars=True,
                                                 expr='sum by (level) (count_over_time({job="a"} [$__auto]))')),
    ("no fieldConfig", {"type": "timeseries", "title": "P"}),
]


@pytest.mark.parametrize("panel, want", rows(FIRES))
def test_fires(panel, want):
    [problem] = fires(CHECK, _dash(panel), want)
    assert problem.where.startswith("s/grafana/dashboards/f/u.json $.panels[0]")


@pytest.mark.parametrize("panel", rows(QUIET))
def test_quiet(panel):
    quiet(CHECK, _dash(panel))


@pytest.mark.parametrize("stack", ["brainbytes", "copilotos"])
def test_both_stacks_pass(stack):
    import os

    from obsgen import lint
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    unit = lint.read(os.path.join(root, "build", stack))
    assert [p.line() for p in DashboardMaxDataPoints().problems(Context(unit.artefacts, unit.catalog))] == []
