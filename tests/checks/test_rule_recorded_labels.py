"""rule-recorded-labels: matchers and by (...) on recorded series name labels the recording carries."""

from cases import given, says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.rule_recorded_labels import RuleRecordedLabels
from obsgen.model.catalog import Catalog, Metric

CHECK = RuleRecordedLabels()
CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route", "code"))])
PROM = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "app"}]}, {}, "s")
RECORDINGS = [
    {"record": "job:app_requests:rate5m", "expr": "sum by (job) (rate(app_requests_total[5m]))", "labels": {"tier": "web"}},
    {"record": "job_route:app_requests:rate5m", "expr": "sum by (job, route) (rate(app_requests_total[5m]))"},
    {"record": "job:app_requests:ratio", "expr": "job:app_requests:rate5m / on(job) group_left sum by (job) (job:app_requests:rate5m)"},
    {"record": "x:unknown:sum", "expr": "sum by (a) (unknown_metric) or unknown_metric"},
]


def alerting(expr, catalog=CATALOG, extra=(PROM,)):
    """Alert A on `expr`, after RECORDINGS, beside prometheus.yml unless `extra` says otherwise."""
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": [
        *RECORDINGS, {"alert": "A", "expr": expr}]}]}, {}, "s")
    return given(rules, *extra, catalog=catalog)


ALERT = "$.groups[0].rules[4]"
FIRES = [
    ("a matcher on a label the recording drops", alerting('job:app_requests:rate5m{route="/login"} > 1'), says(
        "job:app_requests:rate5m has no label 'route' (the recording carries job, tier), so `route=\"/login\"` selects nothing",
        obj="group 'g' / alert 'A'", where=ALERT)),
    ("a regex matcher", alerting('job:app_requests:rate5m{code=~"5.."} > 1'),
     "job:app_requests:rate5m has no label 'code' (the recording carries job, tier), so `code=~\"5..\"` selects nothing"),
    ("by a label the recording drops", alerting("sum by (route) (job:app_requests:rate5m) > 1"),
     "sum by (route) over job:app_requests:rate5m: no series there carries 'route' (they carry job, tier)"),
    ("resolved through another recording", alerting('job:app_requests:ratio{tier="web", code="500"} > 1'),
     "job:app_requests:ratio has no label 'code' (the recording carries job, tier), so `code=\"500\"` selects nothing"),
    ("without a catalog: the recording's by bounds its labels",
     alerting('job:app_requests:rate5m{route="/login"} > 1', catalog=None),
     "job:app_requests:rate5m has no label 'route' (the recording carries job, tier), so `route=\"/login\"` selects nothing"),
]
QUIET = [
    ("labels the recording carries", alerting('job:app_requests:rate5m{job="app", tier="web"} > 1')),
    ("a label kept by by", alerting('job_route:app_requests:rate5m{route=~"/api.*"} > 1')),
    ("route=\"\" matches series without route: every series", alerting('job:app_requests:rate5m{route=""} > 1')),
    ("a negative matcher", alerting('job:app_requests:rate5m{route!="/x"} > 1')),
    ("by labels the recording carries", alerting("sum by (job, tier) (job:app_requests:rate5m) > 1")),
    ("the recording's labels are not known", alerting('x:unknown:sum{b="1"} > 1')),
    ("catalog series: catalog-metric's job", alerting("sum by (route) (app_requests_total) > 1")),
    ("a variable", alerting('job:app_requests:rate5m{route="$route"} > 1')),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
