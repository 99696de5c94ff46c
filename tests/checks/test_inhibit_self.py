"""inhibit-self: an inhibit rule whose source and target matchers select the same alerts, so an alert can
inhibit itself (old and new matcher syntax alike)."""

from cases import alertmanager, table_tests
from obsgen.checks.inhibit_self import InhibitSelf

CHECK = InhibitSelf()
SAME = ("inhibit rule has the same source and target matchers (severity='critical'); every source alert also matches "
        "the target side, which Alertmanager never lets inhibit, so the rule does nothing")


def inhibit(rule):
    return alertmanager({"inhibit_rules": [rule]})


FIRES = [
    ("the same matcher on both sides",
     inhibit({"source_matchers": ['severity="critical"'], "target_matchers": ['severity="critical"']}), SAME),
    ("equal labels do not keep an alert from itself",
     inhibit({"source_matchers": ['severity="critical"'], "target_matchers": ['severity="critical"'], "equal": ["service"]}),
     SAME),
    ("old and new syntax",
     inhibit({"source_match": {"severity": "critical"}, "target_matchers": ['severity="critical"']}), SAME),
]
QUIET = [
    ("critical inhibits warning",
     inhibit({"source_matchers": ['severity="critical"'], "target_matchers": ['severity="warning"']})),
    ("a regex and its negation", inhibit({"source_matchers": ['alertname=~".+Down"'], "target_matchers": ['alertname!~".+Down"']})),
    ("no matchers on either side: not this check's business", inhibit({"equal": ["service"]})),
    ("a null rule", inhibit(None)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
