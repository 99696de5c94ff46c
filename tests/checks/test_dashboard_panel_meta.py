"""dashboard-panel-meta (house): units are found wherever Grafana lets a panel set one."""

from helpers import fixture
from obsgen.checks.dashboard_panel_meta import DashboardPanelMeta
import cases


def test_units_in_overrides_and_legacy_fields_count():
    problems = fixture("panel-units", DashboardPanelMeta())
    assert [(p.obj, p.message) for p in problems] == [
        ("dashboard 'Units' / panel 'No unit anywhere'", "panel 'No unit anywhere' has no unit")]


def test_it_is_a_house_convention():
    assert DashboardPanelMeta.house


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_dashboard_panel_meta():
    assert cases.found(DashboardPanelMeta(), cases.dash(cases.panel(), {"type": "row", "title": "R"})) == []
    messages = [p.message for p in cases.found(DashboardPanelMeta(), cases.dash(cases.panel(description="", fieldConfig={}), cases.panel(title="")))]
    assert "panel 'P' has no description" in messages and "panel 'P' has no unit" in messages
    assert "timeseries panel has no title" in messages
