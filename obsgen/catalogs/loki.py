"""Loki self-metrics (single-binary Loki 2.x): is log ingestion healthy?

Loki serves these on its own /metrics; they say nothing about the logs
themselves, which are queried through the Loki datasource with LogQL.
"""

from obsgen.model.catalog import Metric, family

METRICS = family(
    "loki",
    Metric("loki_distributor_lines_received_total", "counter", "Log lines received by the distributor, per tenant.", ("tenant",)),
    Metric("loki_distributor_bytes_received_total", "counter", "Uncompressed log bytes received by the distributor, per tenant.",
           ("tenant",), "bytes"),
    Metric("loki_discarded_samples_total", "counter",
           "Log lines rejected at ingestion, by reason (rate_limited, line_too_long, greater_than_max_sample_age, ...).",
           ("reason", "tenant")),
    Metric("loki_ingester_memory_streams", "gauge", "Streams held in the ingester's memory, per tenant.", ("tenant",)),
    Metric("loki_ingester_memory_chunks", "gauge", "Chunks held in the ingester's memory."),
    Metric("loki_ingester_chunks_flushed_total", "counter", "Chunks flushed to storage, by reason (full, idle, max_age, ...).",
           ("reason",)),
    Metric("loki_request_duration_seconds", "histogram", "Time Loki takes to serve an HTTP or gRPC request (push and query).",
           ("method", "route", "status_code", "ws"), "seconds"),
    Metric("loki_panic_total", "counter", "Panics Loki recovered from."),
)
