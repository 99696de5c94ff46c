"""dashboard-datasource: in a dashboard with a datasource variable, every target follows one; a pinned uid,
no datasource (Grafana's default) or a variable that is not a datasource variable ignores it."""

from cases import dashboard, panel, says, table_tests
from obsgen.checks.dashboard_datasource import DashboardDatasource

CHECK = DashboardDatasource()
CLOUD = {"type": "prometheus", "uid": "grafanacloud-prom"}


def pinned(ds, target_ds=None, title="P"):
    """A panel on datasource `ds` whose target names `target_ds` (none: it follows the panel)."""
    p = panel(datasource=ds, title=title)
    p["targets"][0].pop("datasource")
    if target_ds is not None:
        p["targets"][0]["datasource"] = target_ds
    return p


FIRES = [
    ("a pinned uid", dashboard(pinned(CLOUD)), "uses datasource 'grafanacloud-prom' directly"),
    ("no datasource", dashboard(pinned(None)), "names no datasource, so Grafana queries its default datasource"),
    ("a variable that is not a datasource variable", dashboard(pinned("$other")),
     "uses ${other}, which is not a datasource variable"),
    ("a pinned uid on panel and target", dashboard(panel(uid="P1234")),
     says("uses datasource 'P1234' directly", obj="dashboard 'D' / panel 'P'", where="$.panels[0].targets[0].datasource")),
    ("one pinned datasource across many targets is one finding",
     dashboard(*[pinned(CLOUD, title=f"P{i}") for i in range(5)]),
     says("5 targets (target 'A' of panel 'P0', target 'A' of panel 'P1', target 'A' of panel 'P2', ...) use "
          "datasource 'grafanacloud-prom' directly, so they ignore ${datasource}; use the datasource variable",
          where="$.panels[0].targets[0].datasource")),
]
QUIET = [
    ("follows the variable", dashboard(pinned({"type": "prometheus", "uid": "${datasource}"}))),
    ("type only: Grafana resolves it", dashboard(pinned("$datasource", {"type": "prometheus", "uid": None}))),
    ("no variable: pinned on purpose", dashboard(pinned({"type": "prometheus", "uid": "P1"}), variables=())),
    ("pinned uid, no variable", dashboard(panel(uid="P1234"), variables=())),
    ("Grafana's own datasource", dashboard(pinned({"uid": "-- Grafana --"}))),
    ("odd datasource", dashboard(pinned(["odd"]))),
    ("the default panel", dashboard(panel())),
    ("an import input is explained by dashboard-variables",
     dashboard(pinned("${DS_PROMETHEUS}"), __inputs=[{"name": "DS_PROMETHEUS", "type": "datasource"}])),
    ("targets that run no query", dashboard(panel("", kind="text", datasource=None), panel("  ", datasource=None))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
