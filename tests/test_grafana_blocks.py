"""Query shapes (`obsgen.queries`) and panel blocks (`obsgen.grafana.blocks`): what every stack's dashboards are made of."""

import pytest

from obsgen import promql, queries
from obsgen.grafana import blocks
from obsgen.model.stack import Quantity


def test_quantile_aggregates_by_le_and_the_requested_labels():
    expr = queries.quantile(0.95, queries.bucket_rate("http_seconds", '{job="a"}'), ("route",))
    assert expr == 'histogram_quantile(0.95, sum by (route, le) (rate(http_seconds_bucket{job="a"}[$__rate_interval])))'
    ((labels, _),) = promql.analyse(expr).quantiles
    assert labels == ("by", ("route", "le"))


def test_apdex_uses_t_and_4t_as_bucket_bounds():
    expr = queries.apdex("load_seconds", '{job="a"}', Quantity(0.5, "s"))
    matchers = {m for s in promql.analyse(expr).selectors for m in s.matchers if m[0] == "le"}
    assert matchers == {("le", "Equal", "0.5"), ("le", "Equal", "2")}
    assert expr.endswith('/ 2 / sum(rate(load_seconds_count{job="a"}[$__rate_interval]))')


def test_local_hour_uses_the_zone_offset_and_refuses_daylight_saving():
    assert queries.utc_offset_hours("Asia/Manila") == 8
    assert queries.local_hour("America/Bogota") == "((hour() + 19) % 24)"  # UTC-5
    with pytest.raises(ValueError, match="daylight saving"):
        queries.utc_offset_hours("Europe/Madrid")
    with pytest.raises(ValueError, match="whole number of hours"):
        queries.utc_offset_hours("Asia/Kolkata")


def test_peak_window_split_is_complementary():
    start, end = Quantity(19, "short"), Quantity(23, "short")
    inside = queries.within_hours("sum(x)", "Asia/Manila", start, end)
    outside = queries.outside_hours("sum(x)", "Asia/Manila", start, end)
    assert inside.replace(" and on ", " unless on ") == outside
    promql.parse(inside)


def test_burn_rate_and_budget_are_relative_to_the_objective():
    slo = Quantity(0.995, "percentunit")
    assert queries.error_budget(slo).value == 0.005
    assert queries.burn_rate('ratio{slo="a"}', slo) == '(ratio{slo="a"}) / 0.005'
    assert queries.budget_remaining("errors", "requests", slo, "30d") == \
        "1 - (sum(sum_over_time(errors[30d])) / sum(sum_over_time(requests[30d]))) / 0.005"


def test_job_variables_limit_job_and_chain_instance():
    job, instance = blocks.job_variables(["b", "a"])
    assert job.query == 'label_values(up{job=~"a|b"}, job)'
    assert instance.query == 'label_values(up{job=~"$job"}, instance)'
    assert job.multi and instance.multi


def test_blocks_holds_panel_blocks_only_and_reexports_no_query_shape():
    # One home for PromQL: a query shape reachable as `blocks.<name>` would be a second spelling
    # definitions could drift to. `blocks` reads them as `queries.<name>`.
    shapes = {name for name, obj in vars(queries).items() if not name.startswith("_")
              and (getattr(obj, "__module__", None) == queries.__name__ or name.isupper())}
    assert {"rate", "total", "quantile", "bucket_rate", "ON_BUDGET", "REAL_FILESYSTEMS"} <= shapes
    assert not shapes & set(vars(blocks)), "re-exported from obsgen.queries"
