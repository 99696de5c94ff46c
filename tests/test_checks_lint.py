"""Each check added for `obsgen lint`: a passing case and a seeded mistake, reported at the right object."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks import CHECKS, run_all
from obsgen.checks.alert_routing import AlertRouting
from obsgen.checks.alert_routing_default import AlertRoutingDefault
from obsgen.checks.base import Context
from obsgen.checks.dashboard_datasource import DashboardDatasource
from obsgen.checks.dashboard_datasource_variable import DashboardDatasourceVariable
from obsgen.checks.dashboard_datasource_provisioned import DashboardDatasourceProvisioned
from obsgen.checks.dashboard_panel_meta import DashboardPanelMeta
from obsgen.checks.dashboard_rate_interval import DashboardRateInterval
from obsgen.checks.dashboard_variables import DashboardVariables
from obsgen.checks.datasource_alertmanager import DatasourceAlertmanager
from obsgen.checks.metric_type import MetricType
from obsgen.checks.prometheus_rule_files import PrometheusRuleFiles
from obsgen.checks.route_matchers import RouteMatchers
from obsgen.checks.route_unused import RouteUnused
from obsgen.checks.rule_conventions import RuleConventions
from obsgen.checks.rule_for import RuleFor
from obsgen.checks.rule_identity import RuleIdentity
from obsgen.checks.rule_name_style import RuleNameStyle
from obsgen.checks.rule_names import RuleNames
from obsgen.checks.rule_recorded_used import RuleRecordedUsed
from obsgen.checks.rule_templates import RuleTemplates
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([
    Metric("app_requests_total", "counter", "h", ("route", "code")),
    Metric("app_duration_seconds", "histogram", "h", ("route",), "seconds"),
    Metric("app_memory_bytes", "gauge", "h", (), "bytes"),
])
DS_VAR = {"name": "datasource", "type": "datasource", "query": "prometheus", "current": {"value": "prom"}}


def dash(*panels, variables=(DS_VAR,), title="D", path="s/grafana/dashboards/f/d.json"):
    return Artefact(path, "dashboard", {"uid": "d", "title": title, "panels": list(panels),
                                        "templating": {"list": list(variables)}}, {}, "s")


def panel(expr="sum(rate(app_requests_total[$__rate_interval]))", title="P", uid="${datasource}", **extra):
    data = {"type": "timeseries", "title": title, "description": "d", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "fieldConfig": {"defaults": {"unit": "reqps"}}, "datasource": {"type": "prometheus", "uid": uid},
            "targets": [{"refId": "A", "expr": expr, "datasource": {"type": "prometheus", "uid": uid}}]}
    data.update(extra)
    return data


def rules(*items, name="g", interval=None, path=None):
    group = {"name": name, "rules": list(items)}
    if interval:
        group["interval"] = interval
    return Artefact(path or f"s/prometheus/rules/{name}.yml", "rules", {"groups": [group]}, {}, "s")


def alert(name="AppDown", expr="up == 0", **overrides):
    rule = {"alert": name, "expr": expr, "for": "5m",
            "labels": {"severity": "critical", "team": "web"},
            "annotations": {"summary": "s", "description": "{{ $labels.job }} is down",
                            "runbook_url": "https://runbooks.example/app-down"}}
    for key, value in overrides.items():
        if key in ("labels", "annotations"):
            rule[key] = {**rule[key], **value}
        else:
            rule[key] = value
    return rule


def prom(**data):
    base = {"global": {"evaluation_interval": "15s"}, "scrape_configs": [{"job_name": "app"}], "rule_files": ["rules/*.yml"]}
    return Artefact("s/prometheus/prometheus.yml", "prometheus", {**base, **data}, {}, "s")


def am(routes, receivers=None, inhibit=None, default="default"):
    data = {"route": {"receiver": default, "routes": routes},
            "receivers": receivers or [{"name": "default", "webhook_configs": [{"url": "http://x"}]},
                                       {"name": "web", "webhook_configs": [{"url": "http://x"}]}]}
    if inhibit:
        data["inhibit_rules"] = inhibit
    return Artefact("s/alertmanager/alertmanager.yml", "alertmanager", data, {}, "s")


def datasources(*items):
    return Artefact("s/grafana/provisioning/datasources/datasources.yaml", "datasources",
                    {"apiVersion": 1, "datasources": list(items)}, {}, "s")


def found(check, *artefacts, catalog=CATALOG):
    return list(check.problems(Context(list(artefacts), catalog)))


def test_every_check_has_an_example_for_the_docs():
    for check in CHECKS:
        assert check.example.strip(), check.id


def test_build_skips_checks_that_need_tools_and_lint_runs_them():
    tool_checks = {c.id for c in CHECKS if c.needs_tools}
    assert {"promtool-config", "promtool-rules", "amtool-config", "logql-syntax"} <= tool_checks
    bad = Artefact("s/grafana/dashboards/f/d.json", "dashboard", {"title": "D", "uid": "d", "panels": [
        {"type": "logs", "title": "L", "targets": [{"expr": "{job=", "datasource": {"type": "loki", "uid": "$datasource"}}]}]},
        {}, "s")
    assert not [p for p in run_all(Context([bad])) if p.code == "logql-syntax"]
    assert [p for p in run_all(Context([bad]), tools=True) if p.code == "logql-syntax"]


@pytest.mark.parametrize("expr,message", [
    ("rate(app_memory_bytes[5m])", "rate() applied to app_memory_bytes, a gauge"),
    ("sum(app_requests_total)", "counter app_requests_total is used raw"),
    ("histogram_quantile(0.9, sum by (route) (rate(app_duration_seconds_bucket[5m])))", "drops `le`"),
    ("histogram_quantile(0.9, sum without (le) (rate(app_duration_seconds_bucket[5m])))", "drops `le`"),
    ("histogram_quantile(0.9, rate(app_duration_seconds_count[5m]))", "not a histogram's _bucket series"),
    ("app_memory_bytes_sum", "app_memory_bytes is a gauge, so it has no _sum series"),
])
def test_metric_type_catches_misuse(expr, message):
    problems = found(MetricType(), rules(alert(expr=expr)))
    assert any(message in p.message for p in problems), problems
    assert problems[0].obj == "group 'g' / alert 'AppDown'"


@pytest.mark.parametrize("expr", [
    "sum by (route) (rate(app_requests_total[5m]))",
    "histogram_quantile(0.9, sum by (le, route) (rate(app_duration_seconds_bucket[5m])))",
    "sum(rate(app_duration_seconds_sum[5m])) / sum(rate(app_duration_seconds_count[5m]))",
    "max(app_memory_bytes) > 1e9",
    "absent(app_requests_total)",
    "sum(increase(app_requests_total[1h]))",
])
def test_metric_type_accepts_correct_use(expr):
    assert found(MetricType(), rules(alert(expr=expr))) == []


def test_dashboard_datasource():
    assert found(DashboardDatasource(), dash(panel())) == []
    [problem] = found(DashboardDatasource(), dash(panel(uid="P1234")))
    assert "uses datasource 'P1234' directly" in problem.message
    assert problem.where.endswith("$.panels[0].targets[0].datasource") and problem.obj == "dashboard 'D' / panel 'P'"
    # Without a datasource variable, pinning is the author's choice; wanting one is obsgen's house rule.
    assert found(DashboardDatasource(), dash(panel(uid="P1234"), variables=())) == []
    assert "no datasource variable" in found(DashboardDatasourceVariable(), dash(panel(), variables=()))[-1].message


def test_dashboard_variables():
    job = {"name": "job", "type": "query", "query": "label_values(up, job)"}
    good = dash(panel('sum(rate(app_requests_total{job=~"$job"}[$__rate_interval]))'), variables=(DS_VAR, job))
    assert found(DashboardVariables(), good) == []
    [problem] = found(DashboardVariables(), dash(panel('up{cluster="${cluster}"}')))
    assert "$cluster is used but not defined" in problem.message and problem.where.endswith(".targets[0].expr")


@pytest.mark.parametrize("expr,ok", [
    ("sum(rate(app_requests_total[$__rate_interval]))", True),
    ("sum(increase(app_requests_total[$__range]))", True),
    ("sum(rate(app_requests_total[5m]))", False),
    ("sum(irate(app_requests_total[$__interval]))", False),
    ("max_over_time(app_memory_bytes[1h])", True),
])
def test_dashboard_rate_interval(expr, ok):
    problems = found(DashboardRateInterval(), dash(panel(expr)))
    assert (problems == []) == ok, problems


def test_dashboard_panel_meta():
    assert found(DashboardPanelMeta(), dash(panel(), {"type": "row", "title": "R"})) == []
    messages = [p.message for p in found(DashboardPanelMeta(), dash(panel(description="", fieldConfig={}), panel(title="")))]
    assert "panel 'P' has no description" in messages and "panel 'P' has no unit" in messages
    assert "timeseries panel has no title" in messages


def test_dashboard_datasource_provisioned():
    ds = datasources({"name": "Prometheus", "type": "prometheus", "uid": "prom"})
    assert found(DashboardDatasourceProvisioned(), dash(panel()), ds) == []
    stale = {**DS_VAR, "current": {"value": "prom-old"}}
    problems = found(DashboardDatasourceProvisioned(), dash(panel(uid="gone"), variables=(stale,)), ds)
    assert any("defaults to 'prom-old', which is not provisioned" in p.message for p in problems)
    assert any("datasource uid 'gone' is not provisioned" in p.message for p in problems)


def test_rule_conventions():
    assert found(RuleConventions(), rules(alert())) == []
    bad = alert(labels={"severity": "page", "team": ""}, annotations={"description": "down", "runbook_url": "wiki/x"})
    messages = [p.message for p in found(RuleConventions(), rules(bad))]
    assert any("severity 'page'" in m for m in messages)
    assert any("has no team label" in m for m in messages)
    assert any("description is not templated" in m for m in messages)
    assert any("runbook_url 'wiki/x' is not an http(s) URL" in m for m in messages)


def test_rule_names():
    # The naming style is the house check rule-name-style; rule-names keeps what Prometheus refuses.
    assert found(RuleNameStyle(), rules(alert(), {"record": "job:app_requests:rate5m", "expr": "x"})) == []
    problems = found(RuleNameStyle(), rules(alert("app_down"), {"record": "app_rate", "expr": "x"}))
    assert [p.obj for p in problems] == ["group 'g' / alert 'app_down'", "group 'g' / recording 'app_rate'"]
    assert found(RuleNameStyle(), rules(alert("A" * 40))) == []
    [long] = found(RuleNameStyle(), rules(alert("A" * 41)))
    assert long.message == f"alert name {'A' * 41!r} is longer than 40 characters"
    assert found(RuleNames(), rules(alert("app_down"), {"record": "app_rate", "expr": "x"})) == []
    [problem] = found(RuleNames(), rules({"record": "app-rate", "expr": "x"}))
    assert "not a valid metric name" in problem.message


@pytest.mark.parametrize("text,problem", [
    ("{{ $value | humanizePercentage }} on {{ $labels.instance }}", None),
    ("{{ with query \"up\" }}{{ . | first | value }}{{ end }}", None),
    ("{{ $value | humanizePercent }}", "unknown function 'humanizePercent'"),
    ("{{ if $labels.route }}route {{ $labels.route }}", "never closed with {{ end }}"),
    ("{{ $labels.job ", "unbalanced {{ }}"),
    ("{{ $lables.job }}", "undefined variable $lables"),
    ("{{ printf \"%.2f\" ($value }}", "unbalanced parentheses"),
])
def test_rule_templates(text, problem):
    problems = found(RuleTemplates(), rules(alert(annotations={"description": text})))
    if problem is None:
        assert problems == []
    else:
        assert problem in problems[0].message and problems[0].where.endswith(".annotations.description")


def test_rule_for():
    # A `for` shorter than the evaluation interval still waits one evaluation, and a long one can be deliberate:
    # only what Prometheus refuses to load is a mistake.
    assert found(RuleFor(), rules(alert()), prom()) == []
    assert found(RuleFor(), rules(alert(**{"for": "10s"})), prom()) == []
    assert found(RuleFor(), rules(alert(**{"for": "2d"}))) == []
    assert "is not a Prometheus duration" in found(RuleFor(), rules(alert(**{"for": "5"})))[0].message


def test_rule_recorded_used():
    record = {"record": "job:app_requests:rate5m", "expr": "sum by (job) (rate(app_requests_total[5m]))"}
    assert found(RuleRecordedUsed(), rules(record, alert(expr="job:app_requests:rate5m > 1"))) == []
    [problem] = found(RuleRecordedUsed(), rules(record, alert()), dash(panel()))
    assert problem.obj == "group 'g' / recording 'job:app_requests:rate5m'" and problem.severity == "warning"
    # Rules alone: their series may feed dashboards provisioned elsewhere.
    assert found(RuleRecordedUsed(), rules(record, alert())) == []


def test_rule_identity_catches_one_expression_recorded_twice():
    a = {"record": "job:app_requests:rate5m", "expr": "sum by (job) (rate(app_requests_total[5m]))"}
    b = {"record": "job:app_requests_total:rate5m", "expr": "sum by(job)(rate(app_requests_total[5m]))"}
    [problem] = found(RuleIdentity(), rules(a, b))
    assert "same expression as 'job:app_requests:rate5m'" in problem.message


def test_alert_routing():
    routes = [{"matchers": ['team="web"'], "receiver": "web"}]
    assert found(AlertRouting(), rules(alert()), am(routes)) == []
    # Falling through to the root's receiver is obsgen's house routing rule, not a mistake elsewhere.
    assert found(AlertRouting(), rules(alert(labels={"team": "payments"})), am(routes)) == []
    [problem] = found(AlertRoutingDefault(), rules(alert(labels={"team": "payments"})), am(routes))
    assert "team=payments, severity=critical) matches no route" in problem.message
    assert problem.obj == "group 'g' / alert 'AppDown'"
    silent = am([{"matchers": ['team="web"'], "receiver": "web"}], receivers=[{"name": "default"}, {"name": "web"}])
    assert "notifies nobody" in found(AlertRouting(), rules(alert()), silent)[0].message
    sink = am([{"matchers": ['team="web"'], "receiver": "null"}], receivers=[{"name": "default"}, {"name": "null"}])
    assert found(AlertRouting(), rules(alert()), sink) == []  # a receiver named null drops alerts on purpose
    missing = am([{"matchers": ['team=~"web|ops"'], "receiver": "ops"}])
    assert "receiver 'ops', which is not defined" in found(AlertRouting(), rules(alert()), missing)[0].message


def test_alert_routing_follows_continue_and_nesting():
    routes = [{"matchers": ['severity="critical"'], "receiver": "default", "continue": True},
              {"match": {"team": "web"}, "routes": [{"match_re": {"severity": "crit.*"}, "receiver": "web"}]}]
    assert found(AlertRouting(), rules(alert()), am(routes)) == []


def test_route_matchers_and_unused_routes():
    routes = [{"matchers": ['team="web"'], "receiver": "web"}]
    assert found(RouteMatchers(), rules(alert()), am(routes)) == []
    assert found(RouteUnused(), rules(alert()), am(routes)) == []
    typo = am(routes + [{"matchers": ['tema="web"'], "receiver": "web"}])
    [problem] = found(RouteMatchers(), rules(alert()), typo)
    assert "names label 'tema'" in problem.message and problem.where.endswith("$.route.routes[1]")
    dead = am(routes + [{"matchers": ['alertname="AppGone"'], "receiver": "web"}],
              inhibit=[{"source_matchers": ['alertname="Nope"'], "target_matchers": ['severity="warning"'], "equal": ["job"]}])
    messages = [p.message for p in found(RouteUnused(), rules(alert()), dead)]
    assert any("route (alertname='AppGone') to 'web' is reached by no alert" in m for m in messages)
    assert any("inhibit rule source (alertname='Nope') matches no alert" in m for m in messages)


def test_datasource_alertmanager():
    manager = {"name": "Alertmanager", "type": "alertmanager", "uid": "am"}
    good = {"name": "Prometheus", "type": "prometheus", "uid": "p", "jsonData": {"alertmanagerUid": "am"}}
    assert found(DatasourceAlertmanager(), datasources(good, manager)) == []
    wrong = {**good, "jsonData": {"alertmanagerUid": "alertmanager"}}
    assert "alertmanagerUid 'alertmanager'" in found(DatasourceAlertmanager(), datasources(wrong, manager))[0].message
    # Leaving the link out is allowed; wanting it is the house check datasource-alertmanager-link.
    assert found(DatasourceAlertmanager(), datasources({**good, "jsonData": {}}, manager)) == []
    from obsgen.checks.datasource_alertmanager_link import DatasourceAlertmanagerLink
    assert "has no alertmanagerUid" in found(DatasourceAlertmanagerLink(), datasources({**good, "jsonData": {}}, manager))[0].message


def test_prometheus_rule_files():
    assert found(PrometheusRuleFiles(), prom(), rules(alert())) == []
    nested = rules(alert(), path="s/prometheus/rules/extra/g.yml")
    messages = [p.message for p in found(PrometheusRuleFiles(), prom(rule_files=["rules/*.yml", "alerts/*.yml"]), nested)]
    assert "rule_files entry 'alerts/*.yml' matches no rule file" in messages
    assert any("rule file s/prometheus/rules/extra/g.yml is not loaded" in m for m in messages)
    mounted = prom(rule_files=["/etc/prometheus/rules/*.yml"])
    assert found(PrometheusRuleFiles(), mounted, rules(alert())) == []


def test_prometheus_rule_files_listed_one_by_one():
    listed = prom(rule_files=["rules/g.yml", "rules/missing.yml", "/etc/prometheus/rules/h.yml"])
    messages = [p.message for p in found(PrometheusRuleFiles(), listed, rules(alert()), rules(alert(), name="h"),
                                         rules(alert(), name="other"))]
    assert messages == ["rule_files entry 'rules/missing.yml' matches no rule file",
                        "rule file s/prometheus/rules/other.yml is not loaded by any rule_files entry of "
                        "s/prometheus/prometheus.yml"]
