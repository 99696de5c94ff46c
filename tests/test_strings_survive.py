"""Awkward strings survive serialisation: what a definition says is what Grafana, Prometheus and Alertmanager read.

Titles, label values, annotations and descriptions may hold quotes, backslashes, newlines,
`#`, `: `, YAML 1.1 booleans (`yes`, `no`, `on`, `off`: a YAML 1.1 reader such as Go's
yaml.v2 would turn an unquoted `on` into true), leading `*`, `&`, `!` (alias, anchor and tag
indicators), unicode, emoji and Go template braces. Each is written through obsgen's
compilers and obsgen.serialize, then read back (PyYAML / json) and compared; a smaller
sample also goes through the real promtool and amtool.

Go template braces: Prometheus expands alert labels and annotations as Go templates, so
`{{` in them must open a valid action; promtool rejects anything else, and obsgen's
rule-templates check reports it at build time. The generator therefore writes braces only
as whole, valid actions (`{{ $labels.job }}`, `{{ $value | humanize }}`, and the literal
`{{` written the Go way, `{{ "{{" }}`), and writes other braces freely, but never a
fragment ending in `{`, which could join the next into a stray `{{`. Summaries are
static by convention (no braces) and must be a sentence, so they are built around the text.
"""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.compile.grafana import compile_dashboard
from obsgen.compile.prometheus import compile_rule_group
from obsgen.grafana.dashboard import Dashboard
from obsgen.grafana.layout import Row
from obsgen.grafana.panels import timeseries
from obsgen.grafana.query import prom
from obsgen.model.alertmanager import AlertmanagerConfig, Receiver, Route, Slack
from obsgen.model.catalog import Catalog, Metric
from obsgen.model.rules import Alert, RuleGroup
from obsgen.model.stack import Datasource, Service, Stack, Team
from obsgen.serialize import to_json, to_yaml

AWKWARD = [
    '"', "'", "\\", "\\n", "\n", "\n\n", "\t", "\r\n", " ", "  ", "#", " # ", ": ", ":", "- ", "? ", "|", ">", "%", "@", "`",
    "yes", "no", "on", "off", "y", "n", "true", "False", "null", "~", "NO", "Off", "0x1F", "1e3", "0o17", ".inf", "012",
    "*", "&", "!", "!!str", "*alias", "&anchor", "{}", "{x}", "}", "}}", "} x", "[", "]", ",", "---", "...", "=", "$", "$labels",
    "é", "ñ", "Ωmega", "日本語", "مرحبا", "🚀", "🔥👩‍💻", "\u00a0", "\u2028", "\ufeff", "\x85", "Ⅻ",
]
TEMPLATE_ACTIONS = ["{{ $labels.job }}", "{{ $labels.instance }}", "{{ $value | humanize }}",
                    "{{ $value | humanizePercentage }}", '{{ "{{" }}', '{{ "}}" }}', "{{- $labels.job -}}"]

plain_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="{}"), min_size=1, max_size=8)
fragments = st.sampled_from(AWKWARD) | plain_text
text = st.lists(fragments, min_size=1, max_size=8).map("".join)
templated = st.lists(fragments | st.sampled_from(TEMPLATE_ACTIONS), min_size=1, max_size=8).map("".join)
summary = text.map(lambda s: f"A{s}.")

STACK = Stack(
    name="strings",
    title="Strings",
    catalog=Catalog([Metric("app_requests_total", "counter", "Requests.", ("status",))]),
    services=(Service("app", ("app:8080",), "App", team="ops"),),
    datasources=(Datasource("Prometheus", "prometheus", "strings-prometheus", "http://prometheus:9090", default=True),),
    teams=(Team("ops", "Ops", "#ops"),),
    runbook_url="https://example.org/runbooks.md#{anchor}",
)


def _alert(label: str, description: str, note: str, summary_text: str) -> Alert:
    return Alert(name="AppDown", expr='up{job="app"} == 0', severity="critical", team="ops", service="app",
                 summary=summary_text, description=description, labels={"component": label},
                 annotations={"note": note}, for_="1m")


def _rules(label, description, note, summary_text) -> dict:
    return compile_rule_group(STACK, RuleGroup("strings", [_alert(label, description, note, summary_text)])).data


def _alertmanager(title: str, body: str) -> dict:
    config = AlertmanagerConfig(
        route=Route("ops", group_by=("alertname",)),
        receivers=[Receiver("ops", slack=[Slack("#ops", "/etc/alertmanager/secrets/slack.url", title=title, text=body)])],
    )
    return compile_alertmanager(STACK, config)[0].data


def _dashboard(title: str, description: str, panel_title: str) -> dict:
    dash = Dashboard(slug="strings", title=title, description=description, rows=[Row("Row", [
        timeseries(panel_title, description, prom('sum(rate(app_requests_total[$__rate_interval]))'), unit="reqps"),
    ])])
    return compile_dashboard(STACK, dash).data


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(label=templated, description=templated, note=templated, summary_text=summary)
def test_rule_strings_read_back_unchanged_from_yaml(label, description, note, summary_text):
    data = _rules(label, description, note, summary_text)
    back = yaml.safe_load(to_yaml(data).decode("utf-8"))
    assert back == data
    rule = back["groups"][0]["rules"][0]
    assert (rule["labels"]["component"], rule["annotations"]["description"], rule["annotations"]["note"],
            rule["annotations"]["summary"]) == (label, description, note, summary_text)


@FAST
@given(title=text.filter(str.strip), description=templated, panel_title=text)
def test_dashboard_strings_read_back_unchanged_from_json(title, description, panel_title):
    data = _dashboard(title, description, panel_title)
    back = json.loads(to_json(data).decode("utf-8"))
    assert back == data
    assert (back["title"], back["description"], back["panels"][1]["title"], back["panels"][1]["description"]) == \
        (title, description, panel_title, description)


@FAST
@given(title=templated, body=templated)
def test_receiver_strings_read_back_unchanged_from_yaml(title, body):
    data = _alertmanager(title, body)
    back = yaml.safe_load(to_yaml(data).decode("utf-8"))
    assert back == data
    slack = back["receivers"][0]["slack_configs"][0]
    assert (slack["title"], slack["text"]) == (title, body)


def _tool(argv, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=30)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("strings")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(label=templated.filter(lambda s: _expand(s) != ""), description=templated, note=templated, summary_text=summary,
       title=templated, body=templated)
def test_promtool_and_amtool_accept_the_files(scratch, label, description, note, summary_text, title, body):
    """The files are not only readable by PyYAML: Go's YAML reader and the real validators accept them."""
    rules = scratch / "rules.yml"
    rules.write_bytes(to_yaml(_rules(label, description, note, summary_text)))
    proc = _tool(["promtool", "check", "rules", str(rules)], scratch)
    assert proc.returncode == 0, proc.stdout + proc.stderr + rules.read_text()
    config = scratch / "alertmanager.yml"
    config.write_bytes(to_yaml(_alertmanager(title, body)))
    proc = _tool(["amtool", "check-config", str(config)], scratch)
    assert proc.returncode == 0, proc.stdout + proc.stderr + config.read_text()
    # promtool also reads the values back: a unit test whose expected alert carries the exact
    # label and (expanded) annotation values proves Go's reader sees the same strings.
    tests = scratch / "tests.yml"
    tests.write_bytes(to_yaml({
        "rule_files": [os.path.basename(rules)],
        "evaluation_interval": "1m",
        "tests": [{
            "interval": "1m",
            "input_series": [{"series": 'up{job="app",instance="a:1"}', "values": "0x5"}],
            "alert_rule_test": [{"eval_time": "3m", "alertname": "AppDown", "exp_alerts": [{
                "exp_labels": {"job": "app", "instance": "a:1", "severity": "critical", "team": "ops", "service": "app",
                               "component": _expand(label)},
                "exp_annotations": {"summary": summary_text, "description": _expand(description), "note": _expand(note),
                                    "runbook_url": "https://example.org/runbooks.md#appdown"},
            }]}],
        }],
    }))
    proc = _tool(["promtool", "test", "rules", str(tests)], scratch)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _expand(template: str) -> str:
    """What Prometheus renders for the actions the generator uses, in this test's one alert (job=app, value 0)."""
    out = re.sub(r"[ \t\r\n]*\{\{- \$labels\.job -\}\}[ \t\r\n]*", "app", template)  # `{{-`/`-}}` trim Go whitespace
    for action, value in (("{{ $labels.job }}", "app"), ("{{ $labels.instance }}", "a:1"), ("{{ $value | humanize }}", "0"),
                          ("{{ $value | humanizePercentage }}", "0%"), ('{{ "{{" }}', "{{"), ('{{ "}}" }}', "}}")):
        out = out.replace(action, value)
    return out
