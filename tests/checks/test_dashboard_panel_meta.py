"""dashboard-panel-meta (house): units are found wherever Grafana lets a panel set one."""

from helpers import fixture
from obsgen.checks.dashboard_panel_meta import DashboardPanelMeta


def test_units_in_overrides_and_legacy_fields_count():
    problems = fixture("panel-units", DashboardPanelMeta())
    assert [(p.obj, p.message) for p in problems] == [
        ("dashboard 'Units' / panel 'No unit anywhere'", "panel 'No unit anywhere' has no unit")]


def test_it_is_a_house_convention():
    assert DashboardPanelMeta.house
