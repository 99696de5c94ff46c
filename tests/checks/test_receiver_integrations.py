"""receiver-integrations: fire and quiet cases, one finding per receiver."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.receiver_integrations import ReceiverIntegrations

SLACK = {"slack_configs": [{"channel": "#x", "api_url": "http://x"}]}


PAGER = {"matchers": ['team="payments"'], "receiver": "pager", "continue": True}


def _run(receivers, routes, intervals=(), alerts=("A",), team="payments", pager=True):
    config = {"route": {"receiver": "default", "routes": ([PAGER] if pager else []) + list(routes)},
              "receivers": [{"name": "default", **SLACK}, {"name": "pager", **SLACK}] + list(receivers),
              "time_intervals": list(intervals)}
    rules = {"groups": [{"name": "g", "rules": [{"alert": a, "expr": "up == 0", "labels": {"team": team}} for a in alerts]}]}
    arts = [Artefact("s/alertmanager/alertmanager.yml", "alertmanager", config, {}, "s"),
            Artefact("s/prometheus/rules/g.yml", "rules", rules, {}, "s")]
    return [p.message for p in ReceiverIntegrations().problems(Context(arts))]


ROUTE = {"matchers": ['team="payments"'], "receiver": "payments"}
ALWAYS = {"name": "always", "time_intervals": [{}]}
NEVER = {"name": "never", "time_intervals": []}
HOURS = {"name": "hours", "time_intervals": [{"weekdays": ["monday:friday"]}]}

CASES = [
    # (receivers, route, intervals, findings); every alert also reaches `pager` first, through continue
    ([{"name": "payments"}], ROUTE, [], 1),                                      # reached, no integration
    ([{"name": "payments", **SLACK}], ROUTE, [], 0),                             # has one
    ([{"name": "payments"}], {**ROUTE, "matchers": ['team="other"']}, [], 0),  # reached by no alert
    ([{"name": "payments"}], {**ROUTE, "mute_time_intervals": ["hours"]}, [HOURS], 1),   # notifies outside hours
    ([{"name": "payments"}], {**ROUTE, "active_time_intervals": ["hours"]}, [HOURS], 1),
    ([{"name": "payments"}], {**ROUTE, "mute_time_intervals": ["always"]}, [ALWAYS], 0),  # muted at every instant
    ([{"name": "payments"}], {**ROUTE, "active_time_intervals": ["never"]}, [NEVER], 0),  # active at none
    ([{"name": "null"}], {**ROUTE, "receiver": "null"}, [], 0),                   # a deliberate discard
    ([{"name": "payments", "webhook_configs": []}], ROUTE, [], 1),               # an empty list is no integration
]


@pytest.mark.parametrize("receivers, route, intervals, count", CASES)
def test_cases(receivers, route, intervals, count):
    assert len(_run(receivers, [route], intervals)) == count


def test_one_finding_per_receiver_counting_its_alerts():
    [message] = _run([{"name": "payments"}], [ROUTE], alerts=("A", "B", "C", "D"))
    assert message == ("receiver 'payments' has no integration, yet 4 alerts reach it (A, B, C, ...): "
                       "its notifications are dropped")


def test_alerts_that_notify_nobody_are_left_to_alert_routing():
    assert _run([{"name": "payments"}], [ROUTE], pager=False) == []


def test_odd_input_is_no_traceback():
    arts = [Artefact("s/alertmanager/alertmanager.yml", "alertmanager", {"route": None, "receivers": [None]}, {}, "s")]
    assert list(ReceiverIntegrations().problems(Context(arts))) == []
