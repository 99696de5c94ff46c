"""obsgen.routing: Alertmanager's route matching in Python, held to amtool's answers, and the
static analyses (shadowed routes, unused receivers) shown failing on purpose-built configs."""

import itertools
import os
import subprocess

import pytest

from obsgen import routing
from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.model.alertmanager import AlertmanagerConfig, Receiver, Route, Webhook
from obsgen.model.rules import SEVERITIES
from obsgen.pipeline import render

from conftest import definition

brainbytes = definition("alertmanager.brainbytes")
STACK = definition("stacks.brainbytes").STACK

CONFIG = brainbytes.config(STACK)


@pytest.fixture(scope="module")
def am_config(tmp_path_factory):
    out = tmp_path_factory.mktemp("am")
    for art in compile_alertmanager(STACK, CONFIG):
        path = out / os.path.relpath(art.path, f"{STACK.name}/alertmanager")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render(art))
    return str(out / "alertmanager.yml")


def _amtool_receivers(config_file: str, labels: dict) -> list:
    proc = subprocess.run(["amtool", "config", "routes", "test", f"--config.file={config_file}",
                           *(f"{k}={v}" for k, v in sorted(labels.items()))],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().split(",")


def test_python_routing_agrees_with_amtool_on_every_label_combination(am_config):
    teams = [t.name for t in STACK.teams] + ["unknown", None]
    severities = list(SEVERITIES) + ["page", None]
    names = ["Example", "Watchdog", "BrainbytesBackendDown"]
    checked = 0
    for team, severity, name in itertools.product(teams, severities, names):
        labels = {"alertname": name, **({"team": team} if team else {}), **({"severity": severity} if severity else {})}
        assert routing.receivers(CONFIG, labels) == _amtool_receivers(am_config, labels), labels
        checked += 1
    assert checked == len(teams) * len(severities) * len(names)


def test_every_routing_case_holds_in_python_too():
    # The same table amtool checks in `obsgen test`; here the Python evaluator must agree with it.
    for case in CONFIG.route_tests:
        assert routing.receivers(CONFIG, case.labels) == list(case.receivers), case.name


@pytest.mark.parametrize("matcher, labels, expected", [
    ('team="ai"', {"team": "ai"}, True),
    ('team="ai"', {}, False),
    ('team!="ai"', {}, True),  # a missing label is the empty string
    ('severity=~"warning|info"', {"severity": "info"}, True),
    ('severity=~"warning|info"', {"severity": "informational"}, False),  # regexes are anchored
    ('alertname!~".+Down"', {"alertname": "BackendDown"}, False),
    ('alertname!~".+Down"', {"alertname": "Down"}, True),
])
def test_matcher_semantics(matcher, labels, expected):
    assert routing.parse(matcher).matches(labels) is expected


def _config(*routes, receivers=("default", "a", "b")):
    return AlertmanagerConfig(
        route=Route("default", routes=list(routes)),
        receivers=[Receiver(n, webhook=[Webhook(f"http://hooks/{n}")]) for n in receivers],
    )


def test_a_route_behind_a_catch_all_is_shadowed():
    config = _config(Route("a", matchers=['severity="critical"']), Route("b", matchers=['severity="critical"', 'team="ai"']))
    (shadow,) = routing.shadowed(config.route)
    assert (shadow.route.receiver, shadow.by.receiver) == ("b", "a")
    assert "can never match" in shadow.message() and "test_routing.py" in shadow.message()


def test_regex_and_negative_matchers_can_shadow():
    config = _config(Route("a", matchers=['severity=~"warning|info"']), Route("b", matchers=['severity="info"']))
    assert [s.route.receiver for s in routing.shadowed(config.route)] == ["b"]
    config = _config(Route("a", matchers=['team!="ai"']), Route("b", matchers=['team="web"']))
    assert [s.route.receiver for s in routing.shadowed(config.route)] == ["b"]


def test_continue_or_narrower_earlier_routes_do_not_shadow():
    assert routing.shadowed(_config(Route("a", matchers=['severity="critical"'], continue_=True),
                                     Route("b", matchers=['severity="critical"'])).route) == []
    assert routing.shadowed(_config(Route("a", matchers=['severity="critical"', 'team="ai"']),
                                     Route("b", matchers=['severity="critical"'])).route) == []
    assert routing.shadowed(_config(Route("a", matchers=['team!="ai"']), Route("b", matchers=['severity="x"'])).route) == []


def test_brainbytes_has_no_shadowed_routes_and_uses_every_receiver():
    assert [s.message() for s in routing.shadowed(CONFIG.route)] == []
    assert routing.unused_receivers(CONFIG) == []


def test_an_unused_receiver_is_reported():
    assert routing.unused_receivers(_config(Route("a", matchers=['x="1"']))) == ["b"]


def test_a_route_with_no_matching_child_sends_to_its_own_receiver_and_continue_routes_do_not_count():
    config = _config(Route("a", matchers=['severity="critical"'], continue_=True),
                     Route("b", matchers=['team="ai"'], routes=[Route("a", matchers=['severity="page"'])]))
    assert routing.receivers(config, {"team": "ai", "severity": "x"}) == ["b"]
    # A matching continue route means the root is not "unmatched": its receiver is not added.
    assert routing.receivers(config, {"team": "web", "severity": "critical"}) == ["a"]
    assert routing.receivers(config, {"team": "web"}) == ["default"]
