"""panel-unit-ratio: percent against 0–1 ratios, percentunit against percentages."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.panel_unit_ratio import PERCENT, RATIO, PanelUnitRatio, scale
from obsgen import promql


def _run(expr, unit, **panel_extra):
    panel = {"type": "timeseries", "title": "P", "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
             "targets": [{"expr": expr}], **panel_extra}
    art = Artefact("s/grafana/dashboards/d.json", "dashboard", {"uid": "d", "title": "D", "panels": [panel]}, {}, "s")
    return [p.message for p in PanelUnitRatio().problems(Context([art]))]


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


CASES = [
    ("avg(up)", "percent", 1),
    ("avg(up)", "percentunit", 0),
    ("avg(up) * 100", "percentunit", 1),
    ("avg(up) * 100", "percent", 0),
    ("sum(x) / count(x)", "percent", 0),
    ("avg(up)", "short", 0),
    ("1 - sum(rate(x{code=\"500\"}[$__rate_interval])) / sum(rate(x[$__rate_interval]))", "percent", 1),
]


@pytest.mark.parametrize("expr, unit, count", CASES)
def test_cases(expr, unit, count):
    assert len(_run(expr, unit)) == count


def test_a_unit_override_makes_it_unsure():
    overrides = [{"matcher": {"id": "byName", "options": "x"}, "properties": [{"id": "unit", "value": "percentunit"}]}]
    panel_field = {"defaults": {"unit": "percent"}, "overrides": overrides}
    assert _run("avg(up)", "percent", fieldConfig=panel_field) == []


def test_hidden_targets_and_loki_are_skipped():
    assert _run("avg(up)", "percent", targets=[{"expr": "avg(up)", "hide": True}]) == []
    assert _run("avg(up)", "percent", datasource={"type": "loki", "uid": "l"}) == []


def test_old_graph_panels_read_the_left_axis():
    art = Artefact("s/grafana/dashboards/d.json", "dashboard",
                   {"uid": "d", "title": "D", "panels": [{"type": "graph", "title": "G", "yaxes": [{"format": "percent"}, {}],
                                                          "targets": [{"expr": "avg(up)"}]}]}, {}, "s")
    [message] = [p.message for p in PanelUnitRatio().problems(Context([art]))]
    assert message == "unit 'percent' expects 0–100 but the query returns a 0–1 ratio ('avg(up)'); use unit 'percentunit' or multiply by 100"
