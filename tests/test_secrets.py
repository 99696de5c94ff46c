"""The secrets scanner: it finds each kind of literal credential, leaves `*_file` references alone,
and the committed build/ holds none (this file is how `make test` scans build/)."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT
from obsgen import secrets
from obsgen.artefact import Artefact, Origin
from obsgen.loader import load
from obsgen.pipeline import check_project, compile_project

# Shaped like real credentials, but not real ones.
LEAKS = {
    "slack webhook": ("https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/abcdefghijklmnopqrstuvwx", "Slack webhook"),
    "slack token": ("xoxb-1234567890-abcdefghijkl", "Slack token"),
    "bearer header": ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "bearer"),
    "basic header": ("Authorization: Basic YWRtaW46c3VwZXJzZWNyZXQ=", "basic-auth"),
    "password in url": ("http://admin:s3cretpass@prometheus:9090", "password in a URL"),
    "private key": ("-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----", "private key"),
    "openssh key": ("-----BEGIN OPENSSH PRIVATE KEY-----", "private key"),
    "aws key id": ("AKIAIOSFODNN7EXAMPLE", "AWS"),
    "github token": ("ghp_" + "a1B2c3D4e5" * 4, "GitHub"),
    "openai key": ("sk-proj-abcdefghijklmnopqrstuvwxyz012345", "API key"),
    "google key": ("AIza" + "SyA1234567890abcdefghijklmnopqrstuv", "Google"),
    "grafana token": ("glsa_" + "abcdefghijklmnopqrstuvwxyz0123456789", "Grafana"),
    "token in query": ("https://pager.example.org/hook?token=9f8e7d6c5b4a", "URL query"),
}


@pytest.mark.parametrize("name", sorted(LEAKS))
def test_each_secret_shape_is_found_in_a_value_and_in_text(name):
    value, kind = LEAKS[name]
    assert kind in (secrets.scan_string(value) or ""), name
    leaks = list(secrets.scan_data({"receivers": [{"name": "x", "description": value}]}))
    assert [leak.path for leak in leaks] == [("receivers", 0, "description")]
    assert [leak.line for leak in secrets.scan_text(f"first line\n  text: {value}\n")][:1] == [2]
    # The fast pre-check the build uses must never call such data clean.
    assert not secrets.clearly_clean({"receivers": [{"name": "x", "description": value}]})


@pytest.mark.parametrize("key", ["password", "smtp_auth_password", "api_key", "apikey", "client_secret", "bearer_token",
                                 "credentials", "routing_key", "service_key", "basicAuthPassword", "private_key"])
def test_a_literal_under_a_secret_named_key_is_found(key):
    leaks = list(secrets.scan_data({"global": {key: "hunter2hunter2"}}))
    assert [leak.path for leak in leaks] == [("global", key)]
    assert key in leaks[0].kind and "hunter2" not in leaks[0].kind  # the value is never repeated
    assert not secrets.clearly_clean({"global": {key: "hunter2hunter2"}})


def test_ordinary_dashboard_data_is_clearly_clean():
    assert secrets.clearly_clean({"title": "Throughput", "expr": 'sum(rate(x_total{job="api"}[5m]))', "unit": "reqps"})


def test_a_rule_file_with_runbook_links_is_clearly_clean():
    # Every alert links a runbook, so "://" alone must not force the slow walk on every rule file.
    assert secrets.clearly_clean({"annotations": {"runbook_url": "https://github.com/acme/ops/blob/main/r.md#down"}})


@pytest.mark.parametrize("value", ["https://pager.example.org/hook?to\u212aen=9f8e7d6c5b4a",
                                   "https://pager.example.org/hook?pa\u017f\u017fword=9f8e7d6c5b4a"])
def test_the_pre_check_folds_case_as_the_patterns_do(value):
    # re.IGNORECASE matches the Kelvin sign as k and the long s as s; so must the pre-check.
    assert secrets.scan_string(value) == "a credential in a URL query"
    assert not secrets.clearly_clean({"description": value})


@pytest.mark.parametrize("data", [
    {"slack_configs": [{"api_url_file": "/etc/alertmanager/secrets/slack-ops.url", "channel": "#ops"}]},
    {"http_config": {"authorization": {"type": "Bearer", "credentials_file": "/etc/secrets/token"}}},
    {"global": {"smtp_auth_password_file": "/etc/secrets/smtp", "smtp_auth_username": "alerts"}},
    {"basic_auth": {"username": "prom", "password_file": "/etc/secrets/prom"}},
    {"oauth2": {"client_id": "obsgen", "client_secret_file": "/etc/secrets/oauth"}},
    {"password": ""}, {"password": None}, {"api_key": "${GRAFANA_API_KEY}"}, {"token": "{{ .CommonLabels.token }}"},
    {"text": 'Authorization: Bearer {{ template "token" . }}'}, {"url": "https://hooks.example.org/alert"},
    {"expr": "sum(rate(brainbytes_ai_tokens_used_total[5m]))", "description": "Rotate the password monthly."},
    {"url": "http://prometheus:9090", "runbook_url": "https://github.com/org/repo/blob/main/docs/runbooks.md#backenddown"},
])
def test_file_references_and_ordinary_values_are_left_alone(data):
    assert list(secrets.scan_data(data)) == []
    assert list(secrets.scan_text(yaml.safe_dump(data))) == []


def test_parsed_file_references_pass_and_literals_fail():
    good = yaml.safe_load("receivers:\n- name: ops\n  slack_configs:\n  - api_url_file: /etc/secrets/slack.url\n")
    bad = yaml.safe_load("receivers:\n- name: ops\n  slack_configs:\n"
                         "  - api_url: https://hooks.slack.com/services/T0/B0/abcdefghijkl\n")
    assert list(secrets.scan_data(good)) == []
    assert [leak.path for leak in secrets.scan_data(bad)] == [("receivers", 0, "slack_configs", 0, "api_url")]
    assert [leak.line for leak in secrets.scan_text('{{ define "x" }}token: 9f8e7d6c5b4a3f2e{{ end }}\n')] == [1]


def test_the_build_checks_generated_docs_for_secrets_too():
    """The build and docs/ are committed; the build's `secret` check reads both (make check proves the tree clean)."""
    (project,) = load(ROOT, "brainbytes")
    artefacts = compile_project(project)
    assert [p.line() for p in check_project(project, artefacts) if p.code == "secret"] == []
    leaked = Artefact("runbook.md", "text", "password: hunter2hunter2\n", {(): Origin("runbook", "x.py:1")},
                      "brainbytes", root="docs")
    assert [p.line() for p in check_project(project, artefacts + [leaked]) if p.code == "secret"] == [
        "error[secret] brainbytes: runbook (x.py:1): $ holds a literal value under 'password'; "
        "put the secret in a mounted file and reference it with a *_file field"]
