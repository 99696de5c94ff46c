"""`obsgen diff`: a scripted change in a temporary git repository, each part reported exactly once."""

import json
import os
import shutil
import subprocess

import pytest
import yaml

from conftest import DEFINITION_DIRS, ROOT, obsgen
from obsgen import diff

OVERVIEW = "build/brainbytes/grafana/dashboards/brainbytes/brainbytes-system-overview.json"
RULES = "build/brainbytes/prometheus/rules/brainbytes-availability.yml"
ROUTING = "build/brainbytes/alertmanager/alertmanager.yml"
REMOVED_ALERT = "BrainbytesAiServiceDown"


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """Definitions and build/ committed, then five changes made to build/ in the working tree."""
    dest = tmp_path_factory.mktemp("diff") / "project"
    for name in DEFINITION_DIRS + ("build",):
        shutil.copytree(os.path.join(ROOT, name), dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    _git(dest, "init", "-q", "-b", "main")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "-m", "base")

    path = dest / OVERVIEW
    dash = json.loads(path.read_text())
    panels = {p["title"]: p for p in dash["panels"]}
    panels["Request rate"]["targets"][0]["expr"] = "sum(rate(brainbytes_http_requests_total[5m]))"  # a query
    panels["Backend 5xx ratio"]["fieldConfig"]["defaults"]["thresholds"]["steps"][-1]["value"] = 0.02  # a threshold
    bottom = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in dash["panels"])
    dash["panels"].append({"type": "timeseries", "title": "Queue depth", "id": 999,  # a new panel, at the bottom
                           "gridPos": {"x": 0, "y": bottom, "w": 12, "h": 8},
                           "targets": [{"refId": "A", "expr": "sum(brainbytes_sessions_active)"}]})
    path.write_text(json.dumps(dash, indent=2, sort_keys=True) + "\n")

    path = dest / RULES
    rules = yaml.safe_load(path.read_text())
    group = rules["groups"][0]
    group["rules"] = [r for r in group["rules"] if r.get("alert") != REMOVED_ALERT]  # a removed alert
    path.write_text(yaml.safe_dump(rules, sort_keys=True))

    path = dest / ROUTING
    am = yaml.safe_load(path.read_text())
    watchdog = next(r for r in am["route"]["routes"] if r.get("matchers") == ['alertname="Watchdog"'])
    watchdog["repeat_interval"] = "1m"  # a route change
    path.write_text(yaml.safe_dump(am, sort_keys=True))
    return dest


EXPECTED = {
    "query": ("Request rate", "query A", "brainbytes_http_requests_total"),
    "threshold": ("Backend 5xx ratio", "thresholds", "red from 0.02"),
    "new panel": ("Queue depth", "added"),
    "removed alert": (REMOVED_ALERT, "removed"),
    "route": ('alertname="Watchdog"', "repeat_interval", "1m"),
}


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_each_change_appears_exactly_once(repo, fmt):
    proc = obsgen("--project", str(repo), "diff", "--format", fmt, "--exit-code")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    change_lines = [l for l in lines if l.startswith(("  ", "- "))]
    assert len(change_lines) == 5, proc.stdout
    for name, words in EXPECTED.items():
        hits = [l for l in lines if all(w in l for w in words)]
        assert len(hits) == 1, f"{name}: {hits}\n{proc.stdout}"
    assert "5 changes in 3 file(s)" in lines[0]
    # build/ was edited by hand, so it no longer matches the definitions: the reader is told, once.
    assert sum("differ from the definitions" in l for l in lines) == 1
    if fmt == "markdown":
        assert lines[0].startswith("### ")
        assert "`sum(rate(brainbytes_http_requests_total[5m]))`" in proc.stdout


def test_no_change_exits_0_with_exit_code(repo):
    proc = obsgen("--project", str(repo), "diff", "HEAD", "--out", "build", "--exit-code")
    assert proc.returncode == 1  # the fixture's changes are there
    _git(repo, "stash", "-q")
    try:
        proc = obsgen("--project", str(repo), "diff", "--exit-code")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "no changes" in proc.stdout
    finally:
        _git(repo, "stash", "pop", "-q")


def test_unknown_revision_is_misuse(repo):
    proc = obsgen("--project", str(repo), "diff", "no-such-rev")
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"usage: 'no-such-rev' is not a commit in {repo}"


def test_long_expression_is_cut_to_the_change():
    old = 'sum by (job) (rate(http_requests_total{job="api", code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total{job="api"}[5m])) > 0.05'
    new = old.replace("> 0.05", "> 0.02")
    a, b = diff.shorten(old, new)
    assert a.startswith("…") and a.endswith("> 0.05") and b.endswith("> 0.02")
    assert len(a) < 40


def test_odd_input_never_raises():
    before = {"s/grafana/dashboards/x/a.json": b'{"panels": [null, 3, {"title": null, "gridPos": "x"}]}',
              "s/prometheus/rules/r.yml": b"groups: [{rules: [null, {alert: A}]}]",
              "s/alertmanager/alertmanager.yml": b"route: {routes: [null]}\nreceivers: 3",
              "s/prometheus/prometheus.yml": b"scrape_configs: [{job_name: j, static_configs: [{targets: null}]}]"}
    after = {"s/grafana/dashboards/x/a.json": b'{"panels": [{"type": "row"}]}',
             "s/prometheus/rules/r.yml": b"groups: [{rules: [{alert: A, for: 5m}]}]",
             "s/alertmanager/alertmanager.yml": b"route: {receiver: x}\nreceivers: [{name: x}]",
             "s/prometheus/prometheus.yml": b"{not yaml",
             "s/new.txt": b"x"}
    changes = diff.compare(before, after)
    assert {c.file for c in changes} == set(before) | set(after)
    assert diff.render_text(changes, "t") and diff.render_markdown(changes, "t")


def test_whole_files_are_summarised_and_long_lists_capped():
    panels = [{"type": "stat", "title": f"p{i}", "gridPos": {"x": 0, "y": i, "w": 1, "h": 1}} for i in range(50)]
    after = {"s/grafana/dashboards/x/a.json": json.dumps({"panels": panels}).encode(),
             "s/grafana/dashboards/x/b.json": json.dumps({"title": "B", "panels": panels[:3]}).encode()}
    before = {"s/grafana/dashboards/x/a.json": b'{"panels": []}'}
    changes = diff.compare(before, after)
    text = diff.render_text(changes, "t")
    assert "  + file added (3 panels)" in text
    assert f"  … {50 - diff.MAX_PER_FILE} more changes in this file" in text
    assert diff.render_markdown(changes, "t").count("more changes in this file") == 1


def test_receiver_and_global_secrets_are_named_never_shown():
    before = {"s/alertmanager/alertmanager.yml": b"route: {receiver: x}\nglobal: {smtp_auth_password: old-pass, resolve_timeout: 5m}\n"
                                                  b"receivers: [{name: x, slack_configs: [{api_url: 'https://hooks.example/T0/B0/old'}]}]"}
    after = {"s/alertmanager/alertmanager.yml": b"route: {receiver: x}\nglobal: {smtp_auth_password: new-pass, resolve_timeout: 1m}\n"
                                                 b"receivers: [{name: x, slack_configs: [{api_url: 'https://hooks.example/T0/B0/new'}]}]"}
    text = diff.render_text(diff.compare(before, after), "t")
    assert "old-pass" not in text and "new-pass" not in text and "/B0/" not in text
    assert "~ receiver x changed (slack_configs)" in text
    assert "~ global smtp_auth_password changed" in text and "~ global resolve_timeout: 5m → 1m" in text


def test_panels_pushed_down_by_an_inserted_one_are_one_line():
    def dash(*titles_and_y):
        return json.dumps({"panels": [{"type": "stat", "title": t, "gridPos": {"x": 0, "y": y, "w": 24, "h": 4}}
                                      for t, y in titles_and_y]}).encode()
    before = {"s/grafana/dashboards/x/d.json": dash(("a", 0), ("b", 4), ("c", 8), ("d", 12))}
    after = {"s/grafana/dashboards/x/d.json": dash(("a", 0), ("new", 4), ("b", 8), ("c", 12), ("d", 16))}
    lines = diff.render_text(diff.compare(before, after), "t").splitlines()[3:]
    assert lines == ["  + panel 'new' added (stat, x=0 y=4 w=24 h=4)",
                     "  ~ 3 panels moved down 4 grid rows ('b', 'c', 'd')"]
