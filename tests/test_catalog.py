"""The metric catalog: naming rules, derived series, and coverage of the seed."""

import pytest

from obsgen.model.catalog import Catalog, Metric

from conftest import definition

STACK = definition("stacks.brainbytes").STACK

SEED_METRICS = [
    "brainbytes_http_requests_total", "brainbytes_http_request_duration_seconds", "brainbytes_db_connections_active",
    "brainbytes_ai_requests_total", "brainbytes_ai_request_duration_seconds", "brainbytes_ai_tokens_used_total",
]


@pytest.mark.parametrize("name", SEED_METRICS)
def test_every_metric_the_seed_names_is_catalogued(name):
    assert name in STACK.catalog


@pytest.mark.parametrize("what,needle", [
    ("frontend page views", "page_views"), ("user actions", "user_actions"), ("client-side errors", "frontend_errors"),
    ("auth events", "auth_events"), ("db query duration", "db_query_duration"), ("sessions", "sessions_active"),
    ("questions", "questions"), ("engagement", "session_duration"), ("response size", "response_size_bytes"),
    ("connection drops", "connection_drops"), ("timeouts", "connection_timeouts"), ("latency by network", "network_latency"),
])
def test_the_seeds_unnamed_application_metrics_are_catalogued(what, needle):
    assert any(needle in m.name for m in STACK.catalog), what


def test_mobile_metrics_carry_device_and_network_type():
    assert "device_type" in STACK.catalog["brainbytes_http_response_size_bytes"].labels
    assert "network_type" in STACK.catalog["brainbytes_connection_drops_total"].labels
    assert "network_type" in STACK.catalog["brainbytes_network_latency_seconds"].labels


def test_histogram_exposes_bucket_sum_and_count_with_le_only_on_buckets():
    catalog = Catalog([Metric("x_duration_seconds", "histogram", "h", ("route",), "seconds")])
    assert "le" in catalog.series("x_duration_seconds_bucket").labels
    assert "le" not in catalog.series("x_duration_seconds_sum").labels
    assert catalog.series("x_duration_seconds_count").kind == "counter"
    assert catalog.series("x_duration_seconds") is None
    assert {"job", "instance"} <= catalog.series("x_duration_seconds_sum").labels


@pytest.mark.parametrize("kwargs,message", [
    (dict(name="x_requests", type="counter", help="h"), "must end in _total"),
    (dict(name="x_total", type="gauge", help="h"), "must not end in _total"),
    (dict(name="x_bytes", type="gauge", help="h", labels=("le",)), "added by the metric type"),
    (dict(name="x_seconds", type="gauge", help="h", labels=("a", "a")), "duplicate"),
    (dict(name="x-y", type="gauge", help="h"), "not a valid Prometheus metric name"),
    (dict(name="x_size", type="gauge", help="h", unit="bytes"), "does not end with it"),
    (dict(name="x", type="meter", help="h"), "must be in"),
])
def test_bad_catalog_entries_are_rejected(kwargs, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Metric(**kwargs)


def test_a_metric_catalogued_twice_is_rejected():
    with pytest.raises(ValueError, match="catalogued twice"):
        Catalog([Metric("a_total", "counter", "h"), Metric("a_total", "counter", "h")])


def test_catalog_round_trips_through_its_emitted_form():
    again = Catalog.from_data(STACK.catalog.to_data())
    assert again.to_data() == STACK.catalog.to_data()
