"""The check registry: one module per check, each a `Check` with an id, severity and summary."""

from obsgen.checks.alert_links import AlertLinks
from obsgen.checks.catalog import CatalogMetric
from obsgen.checks.dashboard_grid import DashboardGrid
from obsgen.checks.dashboard_uid import DashboardUid
from obsgen.checks.promql_syntax import PromQLSyntax
from obsgen.checks.rule_identity import RuleIdentity

CHECKS = (PromQLSyntax(), CatalogMetric(), DashboardUid(), DashboardGrid(), RuleIdentity(), AlertLinks())


def run_all(ctx) -> list:
    return [p for check in CHECKS for p in check.problems(ctx)]
