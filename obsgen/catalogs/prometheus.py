"""Prometheus and Alertmanager self-metrics, for monitoring the monitoring."""

from obsgen.model.catalog import Metric, family

PROMETHEUS = family(
    "prometheus",
    Metric("prometheus_config_last_reload_successful", "gauge", "Whether the last configuration reload attempt was successful."),
    Metric("prometheus_rule_evaluation_failures_total", "counter", "The total number of rule evaluation failures.", ("rule_group",)),
    Metric("prometheus_rule_group_iterations_missed_total", "counter", "The total number of rule group evaluations missed due to slow rule group evaluation.", ("rule_group",)),
    Metric("prometheus_rule_group_last_duration_seconds", "gauge", "The duration of the last rule group evaluation.", ("rule_group",), "seconds"),
    Metric("prometheus_rule_group_interval_seconds", "gauge", "The interval of a rule group.", ("rule_group",), "seconds"),
    Metric("prometheus_notifications_errors_total", "counter", "Total number of errors sending alert notifications.", ("alertmanager",)),
    Metric("prometheus_notifications_sent_total", "counter", "Total number of alerts sent.", ("alertmanager",)),
    Metric("prometheus_notifications_dropped_total", "counter", "Total number of alerts dropped due to errors when sending to Alertmanager."),
    Metric("prometheus_notifications_alertmanagers_discovered", "gauge", "The number of alertmanagers discovered and active."),
    Metric("prometheus_tsdb_head_series", "gauge", "Total number of series in the head block."),
    Metric("prometheus_tsdb_head_samples_appended_total", "counter", "Total number of appended samples.", ("type",)),
    Metric("prometheus_tsdb_storage_blocks_bytes", "gauge", "The number of bytes that are currently used for local storage by all blocks.", (), "bytes"),
    Metric("prometheus_tsdb_compactions_failed_total", "counter", "Total number of compactions that failed for the partition."),
    Metric("prometheus_tsdb_reloads_failures_total", "counter", "Number of times the database failed to reloadBlocks block data from disk."),
    Metric("prometheus_tsdb_wal_corruptions_total", "counter", "Total number of WAL corruptions."),
    Metric("prometheus_tsdb_head_truncations_failed_total", "counter", "Total number of head truncations that failed."),
    Metric("prometheus_target_scrapes_exceeded_sample_limit_total", "counter", "Total number of scrapes that hit the sample limit and were rejected."),
    Metric("prometheus_target_interval_length_seconds", "summary", "Actual intervals between scrapes.", ("interval",), "seconds"),
    Metric("prometheus_engine_query_duration_seconds", "summary", "Query timings.", ("slice",), "seconds"),
)

ALERTMANAGER = family(
    "alertmanager",
    Metric("alertmanager_config_last_reload_successful", "gauge", "Whether the last configuration reload attempt was successful."),
    Metric("alertmanager_notifications_total", "counter", "The total number of attempted notifications.", ("integration",)),
    Metric("alertmanager_notifications_failed_total", "counter", "The total number of failed notifications.", ("integration",)),
    Metric("alertmanager_notification_latency_seconds", "histogram", "The latency of notifications in seconds.", ("integration",), "seconds"),
    Metric("alertmanager_alerts", "gauge", "How many alerts by state.", ("state",)),
    Metric("alertmanager_alerts_invalid_total", "counter", "The total number of received alerts that were invalid.", ("version",)),
)
