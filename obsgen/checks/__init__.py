"""The check registry: one module per check, each a `Check` with an id, severity, summary and example.

The build runs every check that needs no external program; `obsgen lint`
also runs those with `needs_tools` (promtool, amtool, Node) on files on disk.
"""

from obsgen.errors import Problem
from obsgen.checks.alert_links import AlertLinks
from obsgen.checks.alert_routing import AlertRouting
from obsgen.checks.alert_routing_default import AlertRoutingDefault
from obsgen.checks.amtool_config import AmtoolConfig
from obsgen.checks.catalog_metric import CatalogMetric
from obsgen.checks.dashboard_datasource import DashboardDatasource
from obsgen.checks.dashboard_datasource_variable import DashboardDatasourceVariable
from obsgen.checks.dashboard_datasource_provisioned import DashboardDatasourceProvisioned
from obsgen.checks.dashboard_grid import DashboardGrid
from obsgen.checks.dashboard_grid_layout import DashboardGridLayout
from obsgen.checks.dashboard_max_data_points import DashboardMaxDataPoints
from obsgen.checks.dashboard_no_value import DashboardNoValue
from obsgen.checks.dashboard_panel_meta import DashboardPanelMeta
from obsgen.checks.dashboard_rate_interval import DashboardRateInterval
from obsgen.checks.dashboard_stat_red import DashboardStatRed
from obsgen.checks.dashboard_uid import DashboardUid
from obsgen.checks.dashboard_variables import DashboardVariables
from obsgen.checks.datasource_alertmanager import DatasourceAlertmanager
from obsgen.checks.datasource_alertmanager_link import DatasourceAlertmanagerLink
from obsgen.checks.logql_streams import LogQLStreams
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
from obsgen.checks.alert_critical_for import AlertCriticalFor
from obsgen.checks.rule_duplicate import RuleDuplicate
from obsgen.checks.rule_group_size import RuleGroupSize
from obsgen.checks.rule_name_style import RuleNameStyle
from obsgen.checks.rule_names import RuleNames
from obsgen.checks.rule_recorded_used import RuleRecordedUsed
from obsgen.checks.rule_templates import RuleTemplates
from obsgen.checks.secret import Secret
from obsgen.checks.alert_template_labels import AlertTemplateLabels
from obsgen.checks.dashboard_legend_labels import DashboardLegendLabels
from obsgen.checks.promql_never_matches import PromQLNeverMatches
from obsgen.checks.route_alert_labels import RouteAlertLabels
from obsgen.checks.rule_recorded_labels import RuleRecordedLabels
# Load-time rules of the real servers, windows and comparisons, units against values (issue 14).
from obsgen.checks.alert_comparison import AlertComparison
from obsgen.checks.alertmanager_templates import AlertmanagerTemplates
from obsgen.checks.dashboard_providers import DashboardProviders
from obsgen.checks.grafana_datasources import GrafanaDatasources
from obsgen.checks.inhibit_self import InhibitSelf
from obsgen.checks.matcher_regex import MatcherRegex
from obsgen.checks.panel_unit_ratio import PanelUnitRatio
from obsgen.checks.receiver_integrations import ReceiverIntegrations
from obsgen.checks.rule_rate_window import RuleRateWindow
from obsgen.checks.time_interval_refs import TimeIntervalRefs
# House naming and routing conventions, moved out of the model and the loader (issue 16).
from obsgen.checks.alertmanager_name_style import AlertmanagerNameStyle
from obsgen.checks.metric_base_units import MetricBaseUnits
from obsgen.checks.slack_channel_style import SlackChannelStyle
from obsgen.checks.team_routed import TeamRouted

CHECKS = (
    # syntax
    PromQLSyntax(), LogQLSyntax(),
    # log queries against the declared log streams
    LogQLStreams(),
    # catalog and types
    CatalogMetric(), MetricType(),
    # dashboards
    DashboardDatasource(), DashboardDatasourceVariable(), DashboardVariables(), DashboardRateInterval(), DashboardUid(), DashboardPanelMeta(),
    DashboardGrid(), DashboardGridLayout(), DashboardDatasourceProvisioned(),
    DashboardNoValue(), DashboardStatRed(), DashboardMaxDataPoints(),
    # rules
    RuleConventions(), RuleNames(), RuleNameStyle(), RuleGroupSize(), RuleTemplates(), RuleFor(), AlertCriticalFor(), RuleRecordedUsed(), RuleDuplicate(), AlertLinks(),
    # across artefacts
    AlertRouting(), AlertRoutingDefault(), RouteMatchers(), RouteUnused(), DatasourceAlertmanager(),
    DatasourceAlertmanagerLink(), PrometheusRuleFiles(), Secret(),
    # labels followed through PromQL (obsgen/labelflow.py)
    DashboardLegendLabels(), AlertTemplateLabels(), PromQLNeverMatches(), RuleRecordedLabels(), RouteAlertLabels(),
    # what the real servers reject or silently ignore at load, and what fires or reads wrongly
    AlertmanagerTemplates(), ReceiverIntegrations(), TimeIntervalRefs(), InhibitSelf(), MatcherRegex(), GrafanaDatasources(),
    DashboardProviders(), RuleRateWindow(), AlertComparison(), PanelUnitRatio(),
    # house naming and routing conventions
    MetricBaseUnits(), SlackChannelStyle(), AlertmanagerNameStyle(), TeamRouted(),
    # the real validators, on the folder
    PromtoolConfig(), PromtoolRules(), AmtoolConfig(),
)


def run_all(ctx, tools: bool = False, checks=None) -> list:
    """Problems from every check; those needing external programs only when `tools`.

    A check that raises is a bug in obsgen, not a finding about the files: it becomes one
    `internal-error` problem naming the check and the file it was reading, and the check
    runs again without that file, so one odd file costs only its own findings.
    """
    out = []
    for check in (checks or CHECKS):
        if tools or not check.needs_tools:
            out += guarded(check, ctx)
    return out


INTERNAL_ERROR = "internal-error"
_RETRIES = 8


def guarded(check, ctx, with_artefacts: bool = False) -> list:
    """`check`'s problems on `ctx`, with any exception turned into `internal-error` problems.

    With `with_artefacts`, (problem, artefact) pairs, so a caller linting several folders in one
    run can hand each problem to the folder its file belongs to.
    """
    from obsgen.checks.base import Context, culprit

    current = ctx
    errors = []
    for _attempt in range(_RETRIES):
        try:
            found = [(check.problem(f), f.artefact) for f in check.run(current)]
            break
        except Exception as exc:  # noqa: BLE001 - any exception here is a bug in the check
            art = culprit(exc, current.artefacts)
            where = art.path if art is not None else "-"
            errors.append((Problem(INTERNAL_ERROR, (art.stack if art is not None else "") or "-", f"check {check.id}",
                                   where, f"bug in obsgen: check {check.id} failed on this file with "
                                          f"{type(exc).__name__}: {exc}; please report it", "error", file=where), art))
            if art is None:
                found = []
                break
            current = Context([a for a in current.artefacts if a is not art], current.catalog, current.stack,
                              current.disk_root)
    else:
        found = []
    out = errors + found
    return out if with_artefacts else [p for p, _a in out]
