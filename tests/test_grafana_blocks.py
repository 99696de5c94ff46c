"""Shared query builders: the shapes every stack's dashboards are made of."""

import pytest

from obsgen import promql
from obsgen.grafana import blocks
from obsgen.model.stack import Quantity


def test_quantile_aggregates_by_le_and_the_requested_labels():
    expr = blocks.quantile(0.95, blocks.bucket_rate("http_seconds", '{job="a"}'), ("route",))
    assert expr == 'histogram_quantile(0.95, sum by (route, le) (rate(http_seconds_bucket{job="a"}[$__rate_interval])))'
    ((labels, _),) = promql.analyse(expr).quantiles
    assert labels == ("by", ("route", "le"))


def test_apdex_uses_t_and_4t_as_bucket_bounds():
    expr = blocks.apdex("load_seconds", '{job="a"}', Quantity(0.5, "s"))
    matchers = {m for s in promql.analyse(expr).selectors for m in s.matchers if m[0] == "le"}
    assert matchers == {("le", "Equal", "0.5"), ("le", "Equal", "2")}
    assert expr.endswith('/ 2 / sum(rate(load_seconds_count{job="a"}[$__rate_interval]))')


def test_local_hour_uses_the_zone_offset_and_refuses_daylight_saving():
    assert blocks.utc_offset_hours("Asia/Manila") == 8
    assert blocks.local_hour("America/Bogota") == "((hour() + 19) % 24)"  # UTC-5
    with pytest.raises(ValueError, match="daylight saving"):
        blocks.utc_offset_hours("Europe/Madrid")
    with pytest.raises(ValueError, match="whole number of hours"):
        blocks.utc_offset_hours("Asia/Kolkata")


def test_peak_window_split_is_complementary():
    start, end = Quantity(19, "short"), Quantity(23, "short")
    inside = blocks.within_hours("sum(x)", "Asia/Manila", start, end)
    outside = blocks.outside_hours("sum(x)", "Asia/Manila", start, end)
    assert inside.replace(" and on ", " unless on ") == outside
    promql.parse(inside)


def test_burn_rate_and_budget_are_relative_to_the_objective():
    slo = Quantity(0.995, "percentunit")
    assert blocks.error_budget(slo).value == 0.005
    assert blocks.burn_rate('ratio{slo="a"}', slo) == '(ratio{slo="a"}) / 0.005'
    assert blocks.budget_remaining("errors", "requests", slo, "30d") == \
        "1 - (sum(sum_over_time(errors[30d])) / sum(sum_over_time(requests[30d]))) / 0.005"


def test_job_variables_limit_job_and_chain_instance():
    job, instance = blocks.job_variables(["b", "a"])
    assert job.query == 'label_values(up{job=~"a|b"}, job)'
    assert instance.query == 'label_values(up{job=~"$job"}, instance)'
    assert job.multi and instance.multi
