"""rule-for: a `for` or `keep_firing_for` Prometheus refuses to load (no unit, not a duration); a short or long
one is a choice, not a mistake."""

from cases import alert, bare, fixture, prom, rules, says, table_tests
from obsgen.checks.rule_for import RuleFor

CHECK = RuleFor()


def refused(key, value):
    return (f"{key} {value!r}", rules(bare(**{key: value})),
            says("is not a Prometheus duration", where=f".{key}"))


FIRES = [refused("for", v) for v in (5, "5", "5 minutes", "30m1h", "", 1.5, True)] + [
    refused("keep_firing_for", "10"),
    ("a built alert with no unit", rules(alert(**{"for": "5"})), "is not a Prometheus duration"),
]
QUIET = [(f"for {v!r}", rules(bare(**{"for": v}), interval="1m"))
         for v in (0, "0", "0s", "10s", "1h30m", "25h", "2w", "1y", "500ms", None)] + [
    ("a built alert", (rules(alert()), prom())),
    ("shorter than the evaluation interval still waits one evaluation", (rules(alert(**{"for": "10s"})), prom())),
    ("a long for can be deliberate", rules(alert(**{"for": "2d"}))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_the_realworld_fixture_reports_only_the_missing_unit():
    [problem] = fixture("rule-for", CHECK)
    assert problem.obj == "group 'for' / alert 'NoUnit'" and "for 5 is not a Prometheus duration" in problem.message
