"""dashboard-uid: what Grafana refuses fires; a dashboard with no uid (Grafana assigns one) does not."""

import pytest

from helpers import run
from obsgen.artefact import Artefact
from obsgen.checks.dashboard_uid import DashboardUid


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
