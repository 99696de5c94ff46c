"""promql-never-matches: a binary operation whose two sides can never match (one side always carries a label the
other never does) always returns nothing."""

from cases import given, says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.promql_never_matches import PromQLNeverMatches
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route", "code")),
                   Metric("app_latency_seconds", "histogram", "h", ("route",), "seconds"),
                   Metric("app_up", "gauge", "h", ())])
PROM = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "app"}]}, {}, "s")
REQ = "rate(app_requests_total[5m])"
CHECK = PromQLNeverMatches()


def recorded(expr, catalog=CATALOG, extra=(PROM,)):
    """A recording of `expr`, beside prometheus.yml unless `extra` says otherwise."""
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": [{"record": "a:b:c", "expr": expr}]}]},
                     {}, "s")
    return given(rules, *extra, catalog=catalog)


NOTHING = "always returns nothing"
FIRES = [
    ("a label on the left only", recorded(f"sum by (route, code) ({REQ}) / sum by (route) ({REQ})"), says(
        "`sum by (route, code)(rate(app_requests_total[5m])) / sum by (route)(rate(app_requests_total[5m]))` always returns "
        "nothing: the left side always carries 'code' and the right side never does (match with ignoring(code) or "
        "aggregate it away)", where="$.groups[0].rules[0]")),
    ("buckets over count", recorded("rate(app_latency_seconds_bucket[5m]) / rate(app_latency_seconds_count[5m])"),
     "`rate(app_latency_seconds_bucket[5m]) / rate(app_latency_seconds_count[5m])` always returns nothing: the left side "
     "always carries 'le' and the right side never does (match with ignoring(le) or aggregate it away)"),
    ("on() a label the left side lacks", recorded(f"sum({REQ}) > on(route) sum by (route) ({REQ})"),
     "`sum(rate(app_requests_total[5m])) > on (route) sum by (route)(rate(app_requests_total[5m]))` always returns nothing: "
     "the right side always carries 'route' and the left side never does (match with a different on(...) or aggregate it away)"),
    ("and", recorded(f"sum by (job) ({REQ}) and sum by (route) ({REQ})"),
     "`sum by (job)(rate(app_requests_total[5m])) and sum by (route)(rate(app_requests_total[5m]))` always returns nothing: "
     "the left side always carries 'job' and the right side never does (match with ignoring(job) or aggregate it away)"),
    ("without prometheus.yml: by bounds the right side whatever the scrape config adds",
     recorded(f"sum by (route, code) ({REQ}) / sum by (route) ({REQ})", extra=()), NOTHING),
    ("one finding per expression",
     recorded(f"(sum by (route, code) ({REQ}) / sum by (route) ({REQ})) / sum by (route) ({REQ})"), NOTHING),
]
QUIET = [
    ("ignoring the extra label", recorded(f"sum by (route, code) ({REQ}) / ignoring(code) group_left sum by (route) ({REQ})")),
    ("on the shared label", recorded(f"sum by (route, code) ({REQ}) / on(route) group_left sum by (route) ({REQ})")),
    ("the same labels", recorded(f"sum by (route) ({REQ}) / sum by (route) (rate(app_latency_seconds_count[5m]))")),
    ("raw series of one metric", recorded(f"{REQ} / {REQ}")),
    ("no labels either side", recorded(f"sum({REQ}) / sum(rate(app_latency_seconds_count[5m]))")),
    ("or: either side's series", recorded(f"sum by (route) ({REQ}) or sum by (code) ({REQ})")),
    ("unless: the left side, always", recorded(f"sum by (route) ({REQ}) unless sum by (code) ({REQ})")),
    ("on() group_left", recorded(f"sum by (route) ({REQ}) * on() group_left app_up")),
    ("vector and scalar", recorded(f"{REQ} > 0")),
    ("catalog-metric reports `status`, the root mistake", recorded(f"sum by (status) ({REQ}) / sum by (route) ({REQ})")),
    ("unknown metrics may lack code", recorded("sum by (route) (unknown_metric) / sum by (route, code) (other_unknown)")),
    ("an unknown metric raw", recorded("sum by (route, code) (unknown_metric) / unknown_metric")),
    ("no catalog: code may be missing", recorded(f"sum by (route, code) ({REQ}) / sum by (route) ({REQ})", catalog=None)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_dashboard_query_with_variables_names_the_operator():
    target = {"refId": "A", "expr": "sum by (route, code) (rate(app_requests_total[$__rate_interval])) / "
                                    "sum by (route) (rate(app_requests_total[$__rate_interval]))"}
    dash = Artefact("s/d.json", "dashboard", {"panels": [{"type": "timeseries", "targets": [target]}]}, {}, "s")
    found = [f.message for f in PromQLNeverMatches().run(Context([dash, PROM], CATALOG))]
    assert found == ["the `/` here always returns nothing: the left side always carries 'code' and the right side never "
                     "does (match with ignoring(code) or aggregate it away)"]
