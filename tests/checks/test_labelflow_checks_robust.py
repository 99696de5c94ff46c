"""The label-flow checks never raise on odd data: nulls, wrong types and missing keys are passed over."""

from hypothesis import HealthCheck, given, settings, strategies as st

from obsgen.artefact import Artefact
from obsgen.checks.alert_template_labels import AlertTemplateLabels
from obsgen.checks.base import Context
from obsgen.checks.dashboard_legend_labels import DashboardLegendLabels
from obsgen.checks.promql_never_matches import PromQLNeverMatches
from obsgen.checks.route_alert_labels import RouteAlertLabels
from obsgen.checks.rule_recorded_labels import RuleRecordedLabels
from obsgen.model.catalog import Catalog, Metric

CHECKS = (DashboardLegendLabels(), AlertTemplateLabels(), PromQLNeverMatches(), RuleRecordedLabels(), RouteAlertLabels())
CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route",))])
junk = st.recursive(st.none() | st.booleans() | st.integers() | st.sampled_from(["", "x", "{{ $labels.a }}", "..."]),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
                        ["labels", "equal", "group_by", "routes", "target_label", "action", "static_configs",
                         "relabel_configs", "external_labels", "global", "alerting", "alert_relabel_configs"]),
                        inner, max_size=3), max_leaves=12)
exprs = st.sampled_from(["sum by (route) (app_requests_total)", "up == 0", "x{", "sum(x) / on(a) group_left(b) y",
                         "label_replace(up, \"a\", \"$1\", \"b\", \"(.*\")", "absent(nope{a=\"1\"})", "1"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(junk, junk, junk, junk, exprs)
def test_checks_survive_odd_data(prom, am, rule_extra, target_extra, expr):
    rule = {"alert": "A", "expr": expr, "labels": rule_extra, "annotations": rule_extra}
    record = {"record": "a:b:c", "expr": expr, "labels": rule_extra}
    artefacts = [
        Artefact("p.yml", "prometheus", {"scrape_configs": prom, "global": prom, "alerting": prom}, {}, "s"),
        Artefact("am.yml", "alertmanager", {"route": am, "inhibit_rules": am}, {}, "s"),
        Artefact("r.yml", "rules", {"groups": [{"name": "g", "rules": [rule, record]}]}, {}, "s"),
        Artefact("d.json", "dashboard", {"panels": [{"targets": [{"expr": expr, "legendFormat": target_extra}]}]}, {}, "s"),
    ]
    for catalog in (CATALOG, None):
        ctx = Context(artefacts, catalog)
        for check in CHECKS:
            list(check.run(ctx))
