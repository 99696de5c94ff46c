"""rule-duplicate: the same alert (name, expression and labels) or recording pasted twice, or one expression
recorded under two names; a warning/critical pair is two alerts, not a duplicate."""

from cases import bare, fixture, record, rules, table_tests
from obsgen.checks.rule_duplicate import RuleDuplicate

CHECK = RuleDuplicate()
CRIT = {"severity": "critical"}

FIRES = [
    ("the same alert twice", rules(bare(labels=CRIT), bare(labels=CRIT)),
     "alert 'AppDown' is already defined in group 'g'"),
    ("the same after normalising the expression", rules(bare(expr="up==0", labels=CRIT), bare(expr="up == 0", labels=CRIT)),
     "alert 'AppDown' is already defined in group 'g'"),
    ("one recording twice", rules(record("job:x:rate5m", "a"), record("job:x:rate5m", "b")), "record 'job:x:rate5m' is already defined in group 'g' (same labels)"),
    ("odd labels read as none, never a crash", rules(bare(labels=["odd"]), bare(labels=None)),
     "alert 'AppDown' is already defined in group 'g'"),
    ("the same alert in two groups", (rules(bare("A")), rules(bare("A"), name="h")),
     "alert 'A' is already defined in group 'g'"),
    ("one expression recorded under two names",
     rules(record("job:app_requests:rate5m", "sum by (job) (rate(app_requests_total[5m]))"),
           record("job:app_requests_total:rate5m", "sum by(job)(rate(app_requests_total[5m]))")),
     "same expression as 'job:app_requests:rate5m'"),
]
QUIET = [
    ("a warning/critical pair", rules(bare(labels={"severity": "warning"}), bare(labels=CRIT))),
    ("two thresholds", rules(bare(expr="x > 1", labels=CRIT), bare(expr="x > 2", labels=CRIT))),
    ("one recording name, two label sets", rules(record("job:x:rate5m", "a", labels={"l": "1"}),
                                                 record("job:x:rate5m", "b", labels={"l": "2"}))),
    ("two alert names, one expression", rules(bare("A"), bare("B"))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_the_realworld_fixture_reports_only_the_pasted_copy():
    [problem] = fixture("rule-duplicate", CHECK)
    assert problem.where.endswith("rule-duplicate/alerts.yaml:12:9")  # the pasted copy in group disk-copy
    assert "alert 'DiskFillingUp' is already defined in group 'disk' (same expression and labels)" in problem.message
