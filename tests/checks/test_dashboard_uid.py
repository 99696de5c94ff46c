"""dashboard-uid: what Grafana refuses fires (an invalid uid, one uid or title twice in a folder); a dashboard
with no uid (Grafana assigns one) does not."""

from cases import dashboard, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.dashboard_uid import DashboardUid

CHECK = DashboardUid()


def bare(uid, title="T", path="f/d.json"):
    """A dashboard file holding only a title and, unless `...`, a uid."""
    data = {"title": title, "panels": []}
    if uid is not ...:
        data["uid"] = uid
    return Artefact(path, "dashboard", data, {}, "f")


FIRES = [
    ("longer than 40 characters", bare("x" * 41), "not a valid Grafana uid"),
    ("a space", bare("has space"), "not a valid Grafana uid"),
    ("a number", bare(7), "uid 7 is not a valid Grafana uid"),
    ("one uid twice in a folder", (bare("a"), bare("a", "Other", "f/e.json")), "uid 'a' is also used by"),
    ("one title twice in a folder", (bare("a"), bare("b", "T", "f/e.json")), "title 'T' is also used"),
    ("one uid in two built dashboards",
     (dashboard(uid="a", title="A"), dashboard(uid="a", title="B", path="s/grafana/dashboards/f/other.json")),
     "uid 'a' is also used by"),
    ("one title in two built dashboards", (dashboard(uid="a", title="A"), dashboard(uid="b", title="A")),
     "title 'A' is also used"),
    ("built dashboard with a long uid", dashboard(uid="x" * 41), "not a valid Grafana uid"),
]
QUIET = [
    ("no uid", bare(...)),
    ("uid null", bare(None)),
    ("uid empty", bare("")),
    ("a valid uid", bare("node-exporter-full")),
    ("two dashboards without uids", (bare(None), bare(None, "Other", "f/e.json"))),
    ("distinct uids and titles", (dashboard(uid="a", title="A"), dashboard(uid="b", title="B"))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
