"""dashboard-uid: what Grafana refuses fires; a dashboard with no uid (Grafana assigns one) does not."""

import pytest

from helpers import run
from obsgen.artefact import Artefact
from obsgen.checks.dashboard_uid import DashboardUid
import cases


def _dash(uid, title="T", path="f/d.json"):
    data = {"title": title, "panels": []}
    if uid is not ...:
        data["uid"] = uid
    return Artefact(path, "dashboard", data, {}, "f")


@pytest.mark.parametrize("uid,fires", [
    (..., False), (None, False), ("", False), ("node-exporter-full", False),
    ("x" * 41, True), ("has space", True), (7, True),
])
def test_uid(uid, fires):
    assert bool(run(DashboardUid(), _dash(uid))) == fires


def test_the_same_uid_or_title_in_one_folder_fires():
    assert run(DashboardUid(), _dash("a"), _dash("a", "Other", "f/e.json"))
    assert run(DashboardUid(), _dash("a"), _dash("b", "T", "f/e.json"))
    assert run(DashboardUid(), _dash(None), _dash(None, "Other", "f/e.json")) == []


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_uid_check():
    assert cases.found(DashboardUid(), cases.dash(uid="a", title="A"), cases.dash(uid="b", title="B")) == []
    dupe = cases.found(DashboardUid(), cases.dash(uid="a", title="A"), cases.dash(uid="a", title="B", path="s/grafana/dashboards/f/other.json"))
    assert "uid 'a' is also used by" in dupe[0].message
    same_title = cases.found(DashboardUid(), cases.dash(uid="a", title="A"), cases.dash(uid="b", title="A"))
    assert "title 'A' is also used" in same_title[0].message
    assert "not a valid Grafana uid" in cases.found(DashboardUid(), cases.dash(uid="x" * 41))[0].message
