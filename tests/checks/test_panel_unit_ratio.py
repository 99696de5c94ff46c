"""panel-unit-ratio: a panel's unit against the scale its query returns: percent (0–100) on a 0–1 ratio, percentunit
(0–1) on a percentage; where the scale is unsure, say nothing."""

import pytest

from cases import says, table_tests
from obsgen import promql
from obsgen.artefact import Artefact
from obsgen.checks.panel_unit_ratio import PERCENT, RATIO, PanelUnitRatio, scale

CHECK = PanelUnitRatio()


def united(expr, unit, **panel_extra):
    """A dashboard whose one panel shows `expr` in `unit`."""
    panel = {"type": "timeseries", "title": "P", "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
             "targets": [{"expr": expr}], **panel_extra}
    return Artefact("s/grafana/dashboards/d.json", "dashboard", {"uid": "d", "title": "D", "panels": [panel]}, {}, "s")


SHAPES = [
    ('sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))', RATIO),
    ("sum(rate(errors_total[5m])) / (sum(rate(errors_total[5m])) + sum(rate(ok_total[5m])))", RATIO),
    ("avg(up)", RATIO),
    ('avg_over_time(up{job="a"}[1h])', RATIO),
    ("1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes", RATIO),
    ('sum(rate(x_bucket{le="0.5"}[5m])) / sum(rate(x_count[5m]))', RATIO),
    ("max by (job) (job:errors:ratio_rate5m)", RATIO),
    ("100 * (1 - avg(up))", PERCENT),
    ("avg(up) * 100", PERCENT),
    ("(avg(up) * 100) / 100", RATIO),
    ("avg(up) > 0.5", RATIO),
    ("sum by (n) (mem_used_bytes) / sum by (n) (mem_limit_bytes > 0)", RATIO),   # the filter keeps the limit's values
    ("sum by (n) (mem_used_bytes) / sum by (n) (mem_limit_bytes > bool 0)", None),
    # unsure: quiet
    ("rate(x_seconds_sum[5m]) / rate(x_seconds_count[5m])", None),   # an average duration
    ("sum(x) / count(x)", None),                                      # an average value
    ("rate(bytes_total[5m]) / rate(requests_total[5m])", None),       # bytes per request
    ("karpenter_usage / karpenter_limit", None),                      # unknown names
    ("sum(avg(up))", None),                                            # sum may exceed 1
    ("cassandra_cache_hitrate * 100", None),                          # unknown scale times 100
    ("100 * a / b", None),
    ("up", None),
]


@pytest.mark.parametrize("expr, shape", SHAPES)
def test_scale(expr, shape):
    assert scale(promql.parse(expr)) == shape


GRAPH = Artefact("s/grafana/dashboards/d.json", "dashboard",
                 {"uid": "d", "title": "D", "panels": [{"type": "graph", "title": "G", "yaxes": [{"format": "percent"}, {}],
                                                        "targets": [{"expr": "avg(up)"}]}]}, {}, "s")
PERCENT_OF_RATIO = ("unit 'percent' expects 0–100 but the query returns a 0–1 ratio ('avg(up)'); use unit 'percentunit' "
                    "or multiply by 100")
UNIT_OVERRIDE = {"defaults": {"unit": "percent"}, "overrides": [
    {"matcher": {"id": "byName", "options": "x"}, "properties": [{"id": "unit", "value": "percentunit"}]}]}

FIRES = [
    ("percent of a ratio", united("avg(up)", "percent"), says(PERCENT_OF_RATIO, where="$.panels[0].targets[0]")),
    ("percentunit of a percentage", united("avg(up) * 100", "percentunit"),
     "unit 'percentunit' expects 0–1 but the query returns a percentage ('avg(up) * 100'); use unit 'percent' or drop the * 100"),
    ("percent of one minus an error ratio",
     united("1 - sum(rate(x{code=\"500\"}[$__rate_interval])) / sum(rate(x[$__rate_interval]))", "percent"),
     "unit 'percent' expects 0–100 but the query returns a 0–1 ratio"),
    ("an old graph panel's left axis", GRAPH, PERCENT_OF_RATIO),
]
QUIET = [
    ("percentunit of a ratio", united("avg(up)", "percentunit")),
    ("percent of a percentage", united("avg(up) * 100", "percent")),
    ("an average value: unsure", united("sum(x) / count(x)", "percent")),
    ("not a percent unit", united("avg(up)", "short")),
    ("a unit override makes it unsure", united("avg(up)", "percent", fieldConfig=UNIT_OVERRIDE)),
    ("hidden targets are skipped", united("avg(up)", "percent", targets=[{"expr": "avg(up)", "hide": True}])),
    ("Loki is skipped", united("avg(up)", "percent", datasource={"type": "loki", "uid": "l"})),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
