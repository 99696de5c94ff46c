"""receiver-integrations: a receiver with no integration that alerts reach (beside other receivers, so they are
not lost entirely) drops their notifications; one finding per receiver, counting its alerts."""

from cases import alertmanager, bare, rules, says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.receiver_integrations import ReceiverIntegrations

CHECK = ReceiverIntegrations()

SLACK = {"slack_configs": [{"channel": "#x", "api_url": "http://x"}]}


PAGER = {"matchers": ['team="payments"'], "receiver": "pager", "continue": True}


def reaching(receivers, route, intervals=(), alerts=("A",), pager=True):
    """Alerts of team payments, an Alertmanager config with `receivers` and `route` (below PAGER, unless not
    `pager`) and `intervals`."""
    config = {"route": {"receiver": "default", "routes": ([PAGER] if pager else []) + [route]},
              "receivers": [{"name": "default", **SLACK}, {"name": "pager", **SLACK}] + list(receivers),
              "time_intervals": list(intervals)}
    return (alertmanager(config), rules(*[bare(a, labels={"team": "payments"}) for a in alerts]))


ROUTE = {"matchers": ['team="payments"'], "receiver": "payments"}
ALWAYS = {"name": "always", "time_intervals": [{}]}
NEVER = {"name": "never", "time_intervals": []}
HOURS = {"name": "hours", "time_intervals": [{"weekdays": ["monday:friday"]}]}

NO_INTEGRATION = "receiver 'payments' has no integration, yet 1 alert reach it (A): its notifications are dropped"

# Every alert also reaches `pager` first, through continue.
FIRES = [
    ("reached, no integration", reaching([{"name": "payments"}], ROUTE), says(NO_INTEGRATION, where="$.receivers[2]")),
    ("notifies outside muted hours", reaching([{"name": "payments"}], {**ROUTE, "mute_time_intervals": ["hours"]}, [HOURS]),
     NO_INTEGRATION),
    ("notifies in active hours", reaching([{"name": "payments"}], {**ROUTE, "active_time_intervals": ["hours"]}, [HOURS]),
     NO_INTEGRATION),
    ("an empty list is no integration", reaching([{"name": "payments", "webhook_configs": []}], ROUTE), NO_INTEGRATION),
    ("one finding per receiver counting its alerts", reaching([{"name": "payments"}], ROUTE, alerts=("A", "B", "C", "D")),
     "receiver 'payments' has no integration, yet 4 alerts reach it (A, B, C, ...): its notifications are dropped"),
]
QUIET = [
    ("has an integration", reaching([{"name": "payments", **SLACK}], ROUTE)),
    ("reached by no alert", reaching([{"name": "payments"}], {**ROUTE, "matchers": ['team="other"']})),
    ("muted at every instant", reaching([{"name": "payments"}], {**ROUTE, "mute_time_intervals": ["always"]}, [ALWAYS])),
    ("active at no instant", reaching([{"name": "payments"}], {**ROUTE, "active_time_intervals": ["never"]}, [NEVER])),
    ("a deliberate discard", reaching([{"name": "null"}], {**ROUTE, "receiver": "null"})),
    ("alerts that notify nobody are left to alert-routing", reaching([{"name": "payments"}], ROUTE, pager=False)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_odd_input_is_no_traceback():
    arts = [Artefact("s/alertmanager/alertmanager.yml", "alertmanager", {"route": None, "receivers": [None]}, {}, "s")]
    assert list(ReceiverIntegrations().problems(Context(arts))) == []
