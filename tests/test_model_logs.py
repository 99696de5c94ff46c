"""Log streams and metric examples in the model: validated when built, round-tripped through catalog.yaml."""

import attr
import pytest

from obsgen.model import logs
from obsgen.model.catalog import Catalog, Metric
from obsgen.model.logs import LogStream

from conftest import definition

STACK = definition("stacks.copilotos").STACK


def test_a_stream_takes_one_value_or_several():
    stream = LogStream({"service": "api", "level": ("info", "error")}, "json")
    assert stream.labels == {"service": ("api",), "level": ("info", "error")}
    assert LogStream.from_data(stream.to_data()).labels == stream.labels


@pytest.mark.parametrize("labels,fmt,message", [
    ({}, "plain", "at least one stream label"),
    ({"__name__": "x"}, "plain", "not a valid Loki stream label"),
    ({"bad-label": "x"}, "plain", "not a valid Loki stream label"),
    ({"service": ""}, "plain", "non-empty string values"),
    ({"service": ()}, "plain", "non-empty string values"),
    ({"service": "api"}, "yaml", "format"),
])
def test_malformed_streams_are_rejected_when_built(labels, fmt, message):
    with pytest.raises((ValueError, TypeError), match=message):
        LogStream(labels, fmt)


def test_a_stack_holds_only_log_streams():
    with pytest.raises(TypeError, match="LogStream"):
        attr.evolve(STACK, log_streams=({"service": "api"},))


def test_unknown_format_round_trips_as_unknown():
    data = logs.to_data([LogStream({"a": "b"})])
    assert data == [{"labels": {"a": ["b"]}, "format": "unknown"}]
    assert logs.from_data(data)[0].format == ""
    with pytest.raises(ValueError):
        logs.from_data("not a list")


def test_metric_examples_belong_to_its_labels_and_round_trip():
    metric = Metric("app_requests_total", "counter", "h", ("route",), examples={"route": "/api"})
    assert metric.examples == {"route": ("/api",)}
    back = Catalog.from_data(Catalog([metric]).to_data())
    assert back["app_requests_total"].examples == {"route": ("/api",)}
    with pytest.raises(ValueError, match="not one of its labels"):
        Metric("app_requests_total", "counter", "h", ("route",), examples={"code": "200"})
    assert "examples" not in Catalog([Metric("x_total", "counter", "h")]).to_data()["metrics"][0]
