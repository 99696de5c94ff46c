"""dashboard-datasource: in a dashboard with a datasource variable, every target follows one."""

import pytest

from helpers import DS_VAR, dashboard, panel, run
from obsgen.checks.dashboard_datasource import DashboardDatasource
from obsgen.checks.dashboard_datasource_variable import DashboardDatasourceVariable
import cases


def _pinned(ds, target_ds=None):
    p = panel(datasource=ds)
    if target_ds is not None:
        p["targets"][0]["datasource"] = target_ds
    return p


@pytest.mark.parametrize("item,words", [
    (_pinned({"type": "prometheus", "uid": "grafanacloud-prom"}), "uses datasource 'grafanacloud-prom' directly"),
    (_pinned(None), "names no datasource, so Grafana queries its default datasource"),
    (_pinned("$other"), "uses ${other}, which is not a datasource variable"),
])
def test_fires(item, words):
    [problem] = run(DashboardDatasource(), dashboard(item))
    assert words in problem.message


@pytest.mark.parametrize("item,variables", [
    (_pinned({"type": "prometheus", "uid": "${datasource}"}), [DS_VAR]),
    (_pinned("$datasource", {"type": "prometheus", "uid": None}), [DS_VAR]),  # type only: Grafana resolves it
    (_pinned({"type": "prometheus", "uid": "P1"}), []),  # no variable: pinned on purpose
    (_pinned({"uid": "-- Grafana --"}), [DS_VAR]),
    (_pinned(["odd"]), [DS_VAR]),
])
def test_quiet(item, variables):
    assert run(DashboardDatasource(), dashboard(item, variables=variables)) == []


def test_wanting_a_datasource_variable_is_house_style():
    assert DashboardDatasourceVariable.house
    assert run(DashboardDatasourceVariable(), dashboard(panel(), variables=[]))


def test_an_import_input_is_explained_once_by_dashboard_variables():
    from obsgen.checks.dashboard_variables import DashboardVariables

    exported = dashboard(_pinned("${DS_PROMETHEUS}"), __inputs=[{"name": "DS_PROMETHEUS", "type": "datasource"}])
    assert run(DashboardDatasource(), exported) == []
    [problem] = run(DashboardVariables(), exported)
    assert "${DS_PROMETHEUS} is an import input (__inputs)" in problem.message


def test_targets_that_run_no_query_are_not_judged():
    text = panel("", kind="text", datasource=None)
    empty = panel("  ", datasource=None)
    assert run(DashboardDatasource(), dashboard(text, empty)) == []


def test_one_pinned_datasource_across_many_targets_is_one_finding():
    pinned = [_pinned({"type": "prometheus", "uid": "grafanacloud-prom"}) for _ in range(5)]
    for index, item in enumerate(pinned):
        item["title"] = f"P{index}"
    [problem] = run(DashboardDatasource(), dashboard(*pinned))
    assert problem.message == ("5 targets (target 'A' of panel 'P0', target 'A' of panel 'P1', target 'A' of panel "
                               "'P2', ...) use datasource 'grafanacloud-prom' directly, so they ignore ${datasource}; "
                               "use the datasource variable")
    assert problem.where.endswith("$.panels[0].targets[0].datasource")


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_dashboard_datasource():
    assert cases.found(DashboardDatasource(), cases.dash(cases.panel())) == []
    [problem] = cases.found(DashboardDatasource(), cases.dash(cases.panel(uid="P1234")))
    assert "uses datasource 'P1234' directly" in problem.message
    assert problem.where.endswith("$.panels[0].targets[0].datasource") and problem.obj == "dashboard 'D' / panel 'P'"
    # Without a datasource variable, pinning is the author's choice; wanting one is obsgen's house rule.
    assert cases.found(DashboardDatasource(), cases.dash(cases.panel(uid="P1234"), variables=())) == []
