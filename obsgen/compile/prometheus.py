"""prometheus.yml, rule files and promtool unit-test files."""

from __future__ import annotations

from obsgen import promql
from obsgen.artefact import Artefact, Origin
from obsgen.compile.grafana import dashboard_uid
from obsgen.errors import fail
from obsgen.model.imported import ImportedAlert, ImportedGroup, ImportedRecording
from obsgen.model.rules import Alert, Fires, Quiet, Recording, RuleGroup, Samples
from obsgen.model.stack import Stack

RULES_DIR = "rules"
TESTS_DIR = "tests"


def _prefix(stack: Stack) -> str:
    return f"{stack.name}/prometheus"


def rule_file(group: RuleGroup) -> str:
    return f"{RULES_DIR}/{group.name}.yml"


def dashboard_url(stack: Stack, uid: str) -> str:
    return f"{stack.grafana_url.rstrip('/')}/d/{uid}"


def alert_dashboard_uid(stack: Stack, alert: Alert) -> str | None:
    """The uid of the dashboard an alert names by slug (`<stack>-<slug>`), the one place a reference
    becomes a uid; a slug no dashboard has is the alert-links check's finding.

    A reference in uid form (`<stack>-...`) is refused: the uid is the compiler's to make, and a
    copied uid is a second spelling of the slug that drifts when either changes.
    """
    ref = alert.dashboard
    if not ref:
        return None
    prefix = f"{stack.name}-"
    if ref.startswith(prefix):
        raise fail("definition", stack.name, f"alert {alert.name!r}", alert.defined_at,
                   f"dashboard {ref!r} is a uid; name the dashboard by its slug ({ref[len(prefix):]!r}) or pass the "
                   f"Dashboard object, and the build makes the uid")
    return dashboard_uid(stack, ref)


def alert_annotations(stack: Stack, alert: Alert) -> dict:
    if hasattr(alert, "rendered_annotations"):  # obsgen.model.imported: exactly as written
        return alert.rendered_annotations()
    annotations = {
        **alert.annotations,
        "summary": alert.summary,
        "description": alert.description,
        "runbook_url": stack.runbook(alert.name),
    }
    if alert.dashboard:
        annotations["dashboard_url"] = dashboard_url(stack, alert_dashboard_uid(stack, alert))
    return annotations


def _rule(stack: Stack, rule) -> dict:
    if isinstance(rule, Alert):
        data = {"alert": rule.name, "expr": rule.expr, "labels": rule.static_labels(),
                "annotations": alert_annotations(stack, rule)}
        if rule.for_:
            data["for"] = rule.for_
        if getattr(rule, "keep_firing_for", None):  # obsgen.model.imported
            data["keep_firing_for"] = rule.keep_firing_for
        return data
    data = {"record": rule.record, "expr": rule.expr}
    if rule.labels:
        data["labels"] = dict(rule.labels)
    return data


def compile_rule_group(stack: Stack, group: RuleGroup) -> Artefact:
    body = {"name": group.name, "rules": [_rule(stack, r) for r in group.rules]}
    if group.interval:
        body["interval"] = group.interval
    if getattr(group, "limit", None):  # obsgen.model.imported.ImportedGroup
        body["limit"] = group.limit
    origins = {(): Origin(f"group {group.name!r}", group.defined_at, isinstance(group, ImportedGroup))}
    for index, rule in enumerate(group.rules):
        origins[("groups", 0, "rules", index)] = Origin(f"group {group.name!r} / rule {rule.ident!r}", rule.defined_at,
                                                        isinstance(rule, (ImportedAlert, ImportedRecording)))
    return Artefact(f"{_prefix(stack)}/{rule_file(group)}", "rules", {"groups": [body]}, origins, stack.name)


def _series_text(name: str, labels: dict) -> str:
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items()))
    return f"{name}{{{inner}}}"


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _input(case) -> list:
    return [{"series": s.series, "values": s.values} for s in case.series]


def _case_name(rule, case, verdict: str) -> str:
    detail = f": {case.name}" if case.name else ""
    return f"{rule.ident} {verdict} at {case.at}{detail}"


def _test_entry(stack: Stack, rule, case) -> dict:
    entry = {"interval": case.interval, "input_series": _input(case)}
    if isinstance(rule, Alert) and isinstance(case, Fires):
        entry["name"] = _case_name(rule, case, "fires")
        static = alert_annotations(stack, rule)
        entry["alert_rule_test"] = [{
            "eval_time": case.at,
            "alertname": rule.name,
            "exp_alerts": [{
                "exp_labels": {**rule.static_labels(), **expected.labels},
                "exp_annotations": {**static, "description": expected.description},
            } for expected in case.alerts],
        }]
    elif isinstance(rule, Alert) and isinstance(case, Quiet):
        entry["name"] = _case_name(rule, case, "stays quiet")
        entry["alert_rule_test"] = [{"eval_time": case.at, "alertname": rule.name, "exp_alerts": []}]
    elif isinstance(rule, Recording) and isinstance(case, Samples):
        entry["name"] = _case_name(rule, case, "records")
        entry["promql_expr_test"] = [{
            "expr": rule.record,
            "eval_time": case.at,
            "exp_samples": [
                {"labels": _series_text(rule.record, {**labels, **rule.labels}), "value": float(value)}
                for labels, value in case.samples
            ],
        }]
    else:
        raise TypeError(f"{type(case).__name__} is not a test for {type(rule).__name__} {rule.ident}")
    return entry


def rule_dependencies(groups) -> dict:
    """{group name: the groups its tests must load}: itself plus every group
    recording a series it reads, transitively, in stack order.

    Loading only these keeps each promtool test file's work proportional to what
    it proves, instead of evaluating every rule of the stack in every test.
    """
    producers = {r.record: g.name for g in groups for r in g.recordings}
    reads = {}
    for group in groups:
        names = set()
        for rule in group.rules:
            try:
                names |= {s.name for s in promql.analyse(rule.expr).selectors}
            except promql.PromQLError:
                pass  # reported by the promql-syntax check
        reads[group.name] = {producers[n] for n in names if n in producers}
    out = {}
    for group in groups:
        needed, todo = {group.name}, [group.name]
        while todo:
            for owner in reads[todo.pop()] - needed:
                needed.add(owner)
                todo.append(owner)
        out[group.name] = [g for g in groups if g.name in needed]
    return out


def compile_rule_tests(stack: Stack, group: RuleGroup, groups) -> Artefact | None:
    """promtool tests for one group; `groups` are the rule groups to load (see rule_dependencies)."""
    entries, origins = [], {}
    for rule in group.rules:
        for case in rule.tests:
            origins[("tests", len(entries))] = Origin(f"group {group.name!r} / rule {rule.ident!r} / test", case.defined_at)
            entries.append(_test_entry(stack, rule, case))
    if not entries:
        return None
    body = {
        "rule_files": [f"../{rule_file(g)}" for g in groups],
        "evaluation_interval": group.interval or stack.prometheus.evaluation_interval,
        "tests": entries,
    }
    origins[()] = Origin(f"group {group.name!r} tests", group.defined_at)
    return Artefact(f"{_prefix(stack)}/{TESTS_DIR}/{group.name}.yml", "rule-tests", body, origins, stack.name)


def compile_prometheus_config(stack: Stack, groups) -> Artefact:
    settings = stack.prometheus
    scrape_configs, origins = [], {}
    for index, service in enumerate(stack.services):
        job = {"job_name": service.job, "static_configs": [{"targets": list(service.targets)}],
               "metrics_path": service.metrics_path, "scheme": service.scheme}
        if service.scrape_interval:
            job["scrape_interval"] = service.scrape_interval
        scrape_configs.append(job)
        origins[("scrape_configs", index)] = Origin(f"scrape job {service.job!r}", service.defined_at)
    body = {
        "global": {
            "scrape_interval": settings.scrape_interval,
            "evaluation_interval": settings.evaluation_interval,
            "external_labels": dict(settings.external_labels),
        },
        "alerting": {"alertmanagers": [{"static_configs": [{"targets": list(settings.alertmanagers)}]}]},
        "rule_files": [rule_file(g) for g in groups],
        "scrape_configs": scrape_configs,
    }
    origins[()] = Origin("prometheus settings", stack.defined_at)
    return Artefact(f"{_prefix(stack)}/prometheus.yml", "prometheus", body, origins, stack.name)


def compile_prometheus_flags(stack: Stack) -> Artefact:
    """Settings Prometheus takes only as flags (retention), for the service's command line."""
    flags = [
        "--config.file=/etc/prometheus/prometheus.yml",
        "--storage.tsdb.path=/prometheus",
        f"--storage.tsdb.retention.time={stack.prometheus.retention}",
        "--web.enable-lifecycle",
    ]
    return Artefact(f"{_prefix(stack)}/prometheus.flags", "text", "\n".join(flags) + "\n",
                    {(): Origin("prometheus settings", stack.defined_at)}, stack.name)

