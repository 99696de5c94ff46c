"""rule-name-style (house): recordings named level:metric:operations, alerts CamelCase of at most 40
characters; what Prometheus refuses is rule-names."""

from cases import alert, bare, record, rules, says, table_tests
from obsgen.checks.rule_name_style import RuleNameStyle

CHECK = RuleNameStyle()

FIRES = [
    ("recording without levels", rules(record("instance:mysql_slave_lag_seconds", "x")),
     "recording rule 'instance:mysql_slave_lag_seconds' is not named level:metric:operations (e.g. job:http_requests:rate5m)"),
    ("recording with a dash", rules(record("http-errors", "x")), "recording rule 'http-errors' is not named level:metric:operations (e.g. job:http_requests:rate5m)"),
    ("empty recording name", rules(record("", "x")), "recording rule '' is not named level:metric:operations (e.g. job:http_requests:rate5m)"),
    ("lower camel case alert", rules(bare("etcdNoLeader")), "alert name 'etcdNoLeader' is not CamelCase (e.g. BackendHighErrorRatio)"),
    ("alert with a dash", rules(bare("backend-down")), "alert name 'backend-down' is not CamelCase (e.g. BackendHighErrorRatio)"),
    ("empty alert name", rules(bare("")), "alert name '' is not CamelCase (e.g. BackendHighErrorRatio)"),
    ("snake case alert and a plain recording", rules(alert("app_down"), record("app_rate", "x")),
     says("alert name 'app_down' is not CamelCase", "recording rule 'app_rate' is not named level:metric:operations",
          obj="group 'g' / alert 'app_down'")),
    ("alert name of 41 characters", rules(alert("A" * 41)), f"alert name {'A' * 41!r} is longer than 40 characters"),
]
QUIET = [
    ("level:metric:operations", rules(record("job:http_requests:rate5m", "x"))),
    ("CamelCase", rules(bare("BackendDown"))),
    ("a built alert and recording", rules(alert(), record("job:app_requests:rate5m", "x"))),
    ("alert name of 40 characters", rules(alert("A" * 40))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_is_a_house_convention():
    assert RuleNameStyle.house
