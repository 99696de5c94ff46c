"""rule-names: alert and recording names Prometheus refuses (empty, not a valid metric name); the naming
convention is the house check rule-name-style."""

from cases import alert, bare, record, rules, table_tests
from obsgen.checks.rule_name_style import RuleNameStyle
from obsgen.checks.rule_names import RuleNames

CHECK = RuleNames()

FIRES = [
    ("recording with a dash", rules(record("http-errors", "x")),
     "recording rule name 'http-errors' is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), so Prometheus refuses the file"),
    ("empty recording name", rules(record("", "x")), "recording rule name '' is not a valid metric name"),
    ("empty alert name", rules(bare("")), "alert name '' is empty or not a string"),
    ("built recording with a dash", rules(record("app-rate", "x")), "not a valid metric name"),
]
QUIET = [
    ("level:metric:operations", rules(record("job:http_requests:rate5m", "x"))),
    ("mysql-mixin's: valid, not house style", rules(record("instance:mysql_slave_lag_seconds", "x"))),
    ("etcd's own alert style", rules(bare("etcdNoLeader"))),
    ("an alert name with a dash", rules(bare("backend-down"))),
    ("CamelCase", rules(bare("BackendDown"))),
    ("snake case alert and a plain recording", rules(alert("app_down"), record("app_rate", "x"))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_the_style_is_a_house_convention_and_validity_is_not():
    assert RuleNameStyle.house and not RuleNames.house
