"""rule-recorded-used: every recording rule is read by an alert, another recording or a dashboard here;
rules alone are not judged, since their series may feed dashboards provisioned elsewhere."""

import pytest

from cases import alert, dashboard, fires, panel, quiet, record, rows, rules, says
from obsgen.checks.rule_recorded_used import RuleRecordedUsed

CHECK = RuleRecordedUsed()
RECORD = record("job:app_requests:rate5m", "sum by (job) (rate(app_requests_total[5m]))")

FIRES = [
    ("read by nothing while dashboards are here", (rules(RECORD, alert()), dashboard(panel())),
     says("recorded series job:app_requests:rate5m is not used by any dashboard, alert or recording rule",
          obj="group 'g' / recording 'job:app_requests:rate5m'", severity="warning")),
]
QUIET = [
    ("read by an alert", rules(RECORD, alert(expr="job:app_requests:rate5m > 1"))),
    ("rules alone", rules(RECORD, alert())),
]


@pytest.mark.parametrize("inputs, want", rows(FIRES))
def test_fires(inputs, want):
    fires(CHECK, inputs, want)


@pytest.mark.parametrize("inputs", rows(QUIET))
def test_quiet(inputs):
    quiet(CHECK, inputs)
