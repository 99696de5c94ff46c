"""rule-recorded-used: every recording rule feeds an alert or a dashboard here, directly or through recordings
that do; rules alone are not judged, since their series may feed dashboards provisioned elsewhere."""

from cases import alert, dashboard, panel, record, rules, says, table_tests
from obsgen.checks.rule_recorded_used import RuleRecordedUsed

CHECK = RuleRecordedUsed()
RECORD = record("job:app_requests:rate5m", "sum by (job) (rate(app_requests_total[5m]))")
SUM = record("job:app_requests:sum_rate5m", "sum(job:app_requests:rate5m)")  # reads RECORD

FIRES = [
    ("read by nothing while dashboards are here", (rules(RECORD, alert()), dashboard(panel())),
     says("recorded series job:app_requests:rate5m is not used by any dashboard, alert or recording rule",
          obj="group 'g' / recording 'job:app_requests:rate5m'", severity="warning")),
    ("read only by a recording nothing reads: both are dead", (rules(RECORD, SUM, alert()), dashboard(panel())),
     says("recorded series job:app_requests:rate5m is read only by recording rules that feed no dashboard or alert "
          "(job:app_requests:sum_rate5m)",
          "recorded series job:app_requests:sum_rate5m is not used by any dashboard, alert or recording rule")),
    ("read only by itself", (rules(record("x:y:z", "x:y:z offset 1d"), alert()), dashboard(panel())),
     says("recorded series x:y:z is read only by recording rules that feed no dashboard or alert (x:y:z)")),
]
QUIET = [
    ("read by an alert", rules(RECORD, alert(expr="job:app_requests:rate5m > 1"))),
    ("rules alone", rules(RECORD, alert())),
    ("a chain that ends in an alert",
     (rules(RECORD, SUM, alert(expr="job:app_requests:sum_rate5m > 1")), dashboard(panel()))),
    ("a chain that ends in a panel", (rules(RECORD, SUM, alert()), dashboard(panel("job:app_requests:sum_rate5m")))),
    ("read by an alert's annotation through `query`",
     (rules(RECORD, alert(annotations={"description": '{{ with query "job:app_requests:rate5m" }}{{ . }}{{ end }}'})),
      dashboard(panel()))),
    ("named by a panel query that does not parse", (rules(RECORD, alert()), dashboard(panel("job:app_requests:rate5m{")))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
