"""rule-group-size (house): a rule group holds at most 20 rules, so one slow rule delays few others."""

from cases import says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.rule_group_size import RuleGroupSize

CHECK = RuleGroupSize()


def _rules(n):
    return [{"record": f"job:x{i}:rate5m", "expr": "1"} for i in range(n)]


def rule_file(data):
    return Artefact("s/prometheus/rules/g.yml", "rules", data, {}, "s")


FIRES = [
    ("21 rules", rule_file({"groups": [{"name": "big", "rules": _rules(21)}]}),
     says("group 'big' holds 21 rules; split it (at most 20)", where="$.groups[0]")),
    ("the second of two groups", rule_file({"groups": [{"name": "ok", "rules": _rules(20)}, {"name": "big", "rules": _rules(25)}]}),
     says("group 'big' holds 25 rules; split it (at most 20)", where="$.groups[1]")),
]
QUIET = [
    ("at the limit", rule_file({"groups": [{"name": "ok", "rules": _rules(20)}]})),
    # Shapes Prometheus would refuse: promtool reports those.
    ("no groups", rule_file({"groups": []})),
    ("groups null", rule_file({"groups": None})),
    ("odd groups", rule_file({"groups": ["not a group", {"name": "x", "rules": "nope"}]})),
    ("a null file", rule_file(None)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_is_a_house_convention():
    assert RuleGroupSize.house
