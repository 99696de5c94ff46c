"""obsgen.routing: Alertmanager's route matching over the compiled alertmanager.yml, held to amtool's
answers; a route an earlier sibling always catches is route-unused's (shown here on one)."""

import itertools
import os
import subprocess

import pytest
from hypothesis import given, settings, strategies as st

from obsgen import routing
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.route_unused import RouteUnused
from obsgen.model.catalog import Catalog
from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.model.alertmanager import AlertmanagerConfig, Receiver, Route, Webhook
from obsgen.model.rules import SEVERITIES
from obsgen.pipeline import render

from conftest import definition

brainbytes = definition("alertmanager.brainbytes")
STACK = definition("stacks.brainbytes").STACK

MODEL = brainbytes.config(STACK)


def compiled(config, stack=STACK) -> dict:
    """alertmanager.yml as data: what the evaluator reads, and Alertmanager loads."""
    return compile_alertmanager(stack, config)[0].data


CONFIG = compiled(MODEL)


@pytest.fixture(scope="module")
def am_config(tmp_path_factory):
    out = tmp_path_factory.mktemp("am")
    for art in compile_alertmanager(STACK, MODEL):
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
    for case in MODEL.route_tests:
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
    return compiled(AlertmanagerConfig(
        route=Route("default", routes=list(routes)),
        receivers=[Receiver(n, webhook=[Webhook(f"http://hooks/{n}")]) for n in receivers],
    ))


def test_a_route_behind_a_catch_all_is_reached_by_no_alert():
    # The mistake the old `shadowed` analysis looked for, caught by the route-unused check on the compiled file.
    config = _config(Route("a", matchers=['severity="critical"']), Route("b", matchers=['severity="critical"', 'team="ai"']))
    am = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", config, {}, "s")
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": [
        {"alert": "Down", "expr": "up == 0", "labels": {"severity": "critical", "team": "ai"}}]}]}, {}, "s")
    assert routing.receivers(config, {"severity": "critical", "team": "ai"}) == ["a"]
    assert [(f.path, f.message) for f in RouteUnused().run(Context([am, rules], Catalog([])))] == [
        (("route", "routes", 1), "route (severity='critical', team='ai') to 'b' is reached by no alert")]


def test_a_route_with_no_matching_child_sends_to_its_own_receiver_and_continue_routes_do_not_count():
    config = _config(Route("a", matchers=['severity="critical"'], continue_=True),
                     Route("b", matchers=['team="ai"'], routes=[Route("a", matchers=['severity="page"'])]))
    assert routing.receivers(config, {"team": "ai", "severity": "x"}) == ["b"]
    # A matching continue route means the root is not "unmatched": its receiver is not added.
    assert routing.receivers(config, {"team": "web", "severity": "critical"}) == ["a"]
    assert routing.receivers(config, {"team": "web"}) == ["default"]


def test_settings_are_inherited_down_the_tree():
    config = _config(Route("a", matchers=['team="ai"'], group_by=("alertname",), group_wait="1m",
                           routes=[Route("b", matchers=['severity="critical"'], repeat_interval="1h")]))
    (found,) = routing.match(config, {"team": "ai", "severity": "critical"})
    assert (found.path, found.receiver, found.group_by, found.group_wait, found.group_interval, found.repeat_interval) == (
        ("route", "routes", 0, "routes", 0), "b", ("alertname",), "1m", "5m", "1h")


def test_the_walk_carries_inherited_timing_over_the_compiled_file():
    root = {"receiver": "d", "group_wait": "10s", "routes": [
        {"receiver": "a", "repeat_interval": "1h", "routes": [{"receiver": "b", "group_interval": "2m"}]},
        "not a route", {"receiver": "c", "routes": "not a list"}]}
    assert [(path, node.get("receiver"), timing) for path, node, timing in routing.timed_walk(root)] == [
        (("route",), "d", {"group_wait": "10s", "group_interval": "5m", "repeat_interval": "4h"}),
        (("route", "routes", 0), "a", {"group_wait": "10s", "group_interval": "5m", "repeat_interval": "1h"}),
        (("route", "routes", 0, "routes", 0), "b", {"group_wait": "10s", "group_interval": "2m", "repeat_interval": "1h"}),
        (("route", "routes", 2), "c", {"group_wait": "10s", "group_interval": "5m", "repeat_interval": "4h"})]
    assert [path for path, _node in routing.walk(root)] == [path for path, _n, _t in routing.timed_walk(root)]
    assert list(routing.walk(None)) == list(routing.walk(["x"])) == []


def test_the_definitions_and_the_compiled_file_agree_on_every_routes_timing():
    """The model's walk (for validating definitions) inherits by the same rule as the evaluator."""
    from_model = [timing for _path, _node, timing in MODEL.route.walk()]
    assert from_model == [timing for _path, _node, timing in routing.timed_walk(CONFIG["route"])]
    assert len({tuple(t.values()) for t in from_model}) > 1  # BrainBytes' escalation waits longer than the rest


@pytest.mark.parametrize("text", ['team="ai"', "team=ai", ' severity =~ "critical|warning" ', 'a!~""', "team: ai",
                                  '="x"', "team", "9team=\"x\""])
def test_the_model_accepts_exactly_the_matchers_the_evaluator_parses(text):
    try:
        routing.parse(text)
        parses = True
    except ValueError:
        parses = False
    try:
        Route("a", matchers=[text])
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == parses


def test_malformed_hand_written_parts_match_nothing():
    config = {"route": {"receiver": "d", "routes": ["not a route", {"receiver": "x", "matchers": ["no matcher"]},
                                                    {"receiver": "y", "matchers": ['a=~"("']}]}}
    assert routing.receivers(config, {"a": "("}) == ["d"]


def _reference_route(node, labels, path=("route",), inherited=None):
    """Alertmanager's routing, child by child, as the oracle for the indexed RouteTree."""
    receiver = node.get("receiver") or inherited
    found = []
    for index, child in enumerate(node.get("routes") or []):
        if all(routing.matches(m, labels) for m in routing.matchers_of(child)):
            found += _reference_route(child, labels, path + ("routes", index), receiver)
            if not child.get("continue"):
                break
    return found or [(path, receiver)]


_values = st.sampled_from(["a", "b", ""])
_matcher = st.builds(lambda label, op, value: f'{label}{op}"{value}"', st.sampled_from(["team", "severity", "env"]),
                     st.sampled_from(["=", "!=", "=~", "!~"]), st.sampled_from(["a", "b", "", "a|b", ".+"]))
_route = st.recursive(
    st.fixed_dictionaries({"receiver": st.sampled_from(["x", "y"]), "matchers": st.lists(_matcher, max_size=2)},
                          optional={"continue": st.booleans()}),
    lambda inner: st.fixed_dictionaries({"matchers": st.lists(_matcher, max_size=2), "routes": st.lists(inner, max_size=4)},
                                        optional={"continue": st.booleans(), "receiver": st.just("z")}),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_route, max_size=6), st.lists(st.dictionaries(st.sampled_from(["team", "severity", "env"]), _values),
                                              min_size=1, max_size=5))
def test_the_indexed_route_tree_routes_exactly_as_alertmanager_does(routes, label_sets):
    root = {"receiver": "default", "routes": routes}
    tree = routing.RouteTree(root)
    for labels in label_sets:
        assert tree.route(labels) == _reference_route(root, labels)
