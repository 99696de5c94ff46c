"""promtool-rules: the real `promtool check rules --lint=all --lint-fatal` accepts every rule file (syntax,
duplicates, lint); a finding lands on the rule promtool names. One promtool run judges every row."""

from cases import says, tool_table_tests
from obsgen.checks.promtool_rules import PromtoolRules

CHECK = PromtoolRules()


def group(*rules, **extra):
    return {"groups": [{"name": "g", "rules": list(rules), **extra}]}


UP = {"alert": "Down", "expr": "up == 0", "for": "5m"}
RATE = {"record": "job:up:sum", "expr": "sum by (job) (up)"}

FIRES = [
    ("an expression that does not parse", group(UP, {"record": "job:x:sum", "expr": "sum(("}),
     says("could not parse expression", where="$.groups[0].rules[1]", severity="error")),
    ("one recording twice in a group", group(UP, RATE, RATE),
     says("duplicate rule(s) found. | Metric: job:up:sum", where="$.groups[0].rules[2]")),
    ("a misspelt rule field", group({**UP, "anotations": {"summary": "s"}}), "field anotations not found"),
    ("a recording name Prometheus refuses", group({"record": "job-up", "expr": "up"}), "invalid recording rule name"),
]
QUIET = [
    ("an alert and a recording", group(UP, RATE)),
    ("a ruler's own group keys (Mimir, Thanos)", group(UP, source_tenants=["a"], partial_response_strategy="warn")),
]


judged, test_fires, test_quiet = tool_table_tests(CHECK, "prometheus/rules/g.yml", "rules", FIRES, QUIET, "promtool 2.")
