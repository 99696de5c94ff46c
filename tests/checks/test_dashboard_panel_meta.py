"""dashboard-panel-meta (house): every panel has a title, a description and a unit, wherever Grafana lets a
panel set one (defaults, overrides, legacy fields)."""

from cases import dashboard, fixture, panel, says, table_tests
from obsgen.checks.dashboard_panel_meta import DashboardPanelMeta

CHECK = DashboardPanelMeta()

FIRES = [
    ("no description, no unit, no title", dashboard(panel(description="", fieldConfig={}), panel(title="")),
     says("panel 'P' has no description", "panel 'P' has no unit", "timeseries panel has no title")),
]
QUIET = [
    ("described, with a unit; a row needs neither", dashboard(panel(), {"type": "row", "title": "R"})),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_units_in_overrides_and_legacy_fields_count():
    problems = fixture("panel-units", CHECK)
    assert [(p.obj, p.message) for p in problems] == [
        ("dashboard 'Units' / panel 'No unit anywhere'", "panel 'No unit anywhere' has no unit")]


def test_is_a_house_convention():
    assert DashboardPanelMeta.house
