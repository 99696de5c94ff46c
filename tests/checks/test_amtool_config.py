"""amtool-config: the real `amtool check-config` (Alertmanager's own validator) accepts every
alertmanager.yml. One amtool run judges every row of both tables, as `obsgen lint` runs it once per folder."""

from cases import says, tool_table_tests
from obsgen.checks.amtool_config import AmtoolConfig

CHECK = AmtoolConfig()
RECEIVERS = [{"name": "default", "webhook_configs": [{"url": "http://hook.example/"}]}]

FIRES = [
    ("undefined receiver", {"route": {"receiver": "ops-pager"}, "receivers": RECEIVERS},
     says('undefined receiver "ops-pager"', severity="error")),
    ("a misspelt field, which an older amtool may not know",
     {"route": {"receiver": "default", "group_wait": "30s", "grup_by": ["x"]}, "receivers": RECEIVERS},
     "field grup_by not found in type config.plain"),
    ("a matcher that does not parse",
     {"route": {"receiver": "default", "routes": [{"receiver": "default", "matchers": ['team=~"web']}]},
      "receivers": RECEIVERS}, 'matcher value contains unescaped double quote: "web'),
    ("no receivers", {"route": {"receiver": "default"}}, 'undefined receiver "default"'),
]
QUIET = [
    ("a root route and its receiver", {"route": {"receiver": "default"}, "receivers": RECEIVERS}),
    ("routes, matchers and an inhibit rule",
     {"route": {"receiver": "default", "group_by": ["alertname"],
                "routes": [{"receiver": "default", "matchers": ['team="web"', 'severity=~"critical|warning"']}]},
      "receivers": RECEIVERS,
      "inhibit_rules": [{"source_matchers": ['severity="critical"'], "target_matchers": ['severity="warning"'],
                         "equal": ["alertname"]}]}),
]


# The last row's file passes after others failed: amtool's closing `failed to validate N file(s)`
# must not be read as its finding.
judged, test_fires, test_quiet = tool_table_tests(CHECK, "alertmanager/alertmanager.yml", "alertmanager", FIRES, QUIET, "amtool 0.")


def test_an_unknown_field_says_an_older_amtool_may_be_the_cause(judged):
    [problem] = judged["a misspelt field, which an older amtool may not know"]
    assert "does not know the field grup_by; if a newer Alertmanager added it, the file may be valid there" in problem.message
