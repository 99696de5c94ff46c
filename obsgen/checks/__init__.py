"""The check registry: one module per check, each a `Check` with an id, severity, summary and example.

The build runs every check that needs no external program; `obsgen lint`
also runs those with `needs_tools` (promtool, amtool, Node) on files on disk.
"""

from obsgen.checks.alert_links import AlertLinks
from obsgen.checks.alert_routing import AlertRouting
from obsgen.checks.alert_routing_default import AlertRoutingDefault
from obsgen.checks.amtool_config import AmtoolConfig
from obsgen.checks.catalog import CatalogMetric
from obsgen.checks.dashboard_datasource import DashboardDatasource
from obsgen.checks.dashboard_datasource_variable import DashboardDatasourceVariable
from obsgen.checks.dashboard_datasource_provisioned import DashboardDatasourceProvisioned
from obsgen.checks.dashboard_grid import DashboardGrid
from obsgen.checks.dashboard_grid_layout import DashboardGridLayout
from obsgen.checks.dashboard_panel_meta import DashboardPanelMeta
from obsgen.checks.dashboard_rate_interval import DashboardRateInterval
from obsgen.checks.dashboard_uid import DashboardUid
from obsgen.checks.dashboard_variables import DashboardVariables
from obsgen.checks.datasource_alertmanager import DatasourceAlertmanager
from obsgen.checks.datasource_alertmanager_link import DatasourceAlertmanagerLink
from obsgen.checks.logql_syntax import LogQLSyntax
from obsgen.checks.metric_type import MetricType
from obsgen.checks.prometheus_rule_files import PrometheusRuleFiles
from obsgen.checks.promql_syntax import PromQLSyntax
from obsgen.checks.promtool_config import PromtoolConfig
from obsgen.checks.promtool_rules import PromtoolRules
from obsgen.checks.route_matchers import RouteMatchers
from obsgen.checks.route_unused import RouteUnused
from obsgen.checks.rule_conventions import RuleConventions
from obsgen.checks.rule_for import RuleFor
from obsgen.checks.rule_identity import RuleIdentity
from obsgen.checks.rule_name_style import RuleNameStyle
from obsgen.checks.rule_names import RuleNames
from obsgen.checks.rule_recorded_used import RuleRecordedUsed
from obsgen.checks.rule_templates import RuleTemplates
from obsgen.checks.secrets import Secrets

CHECKS = (
    # syntax
    PromQLSyntax(), LogQLSyntax(),
    # catalog and types
    CatalogMetric(), MetricType(),
    # dashboards
    DashboardDatasource(), DashboardDatasourceVariable(), DashboardVariables(), DashboardRateInterval(), DashboardUid(), DashboardPanelMeta(),
    DashboardGrid(), DashboardGridLayout(), DashboardDatasourceProvisioned(),
    # rules
    RuleConventions(), RuleNames(), RuleNameStyle(), RuleTemplates(), RuleFor(), RuleRecordedUsed(), RuleIdentity(), AlertLinks(),
    # across artefacts
    AlertRouting(), AlertRoutingDefault(), RouteMatchers(), RouteUnused(), DatasourceAlertmanager(),
    DatasourceAlertmanagerLink(), PrometheusRuleFiles(), Secrets(),
    # the real validators, on the folder
    PromtoolConfig(), PromtoolRules(), AmtoolConfig(),
)


def run_all(ctx, tools: bool = False, checks=None) -> list:
    """Problems from every check; those needing external programs only when `tools`."""
    return [p for check in (checks or CHECKS) if tools or not check.needs_tools for p in check.problems(ctx)]
