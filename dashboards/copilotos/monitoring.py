"""Monitoring the monitoring: are Prometheus and Loki healthy, scraping, evaluating and ingesting?"""

from dashboards.copilotos.common import CONTAINERS, LOGS, LOKI, MONITORING, PROMETHEUS, board, drill
from obsgen.api import ANY, blocks, job_selector, prom, queries, rate, ratio, Row, stat, timeseries, total

# The seed graphs `prometheus_target_scrape_duration_seconds`, which Prometheus does not expose.
# Every target's scrape time is the synthetic `scrape_duration_seconds` Prometheus writes next to `up`.
SCRAPE_DURATION = "scrape_duration_seconds"


def dashboard(stack):
    prometheus, loki = job_selector(stack.service(PROMETHEUS)), job_selector(stack.service(LOKI))
    return board(
        MONITORING, "Monitoring the monitoring",
        "Prometheus health, scrape duration, head series, TSDB size and rule evaluation failures, "
                    "and Loki's log ingestion.",
        rows=[
            Row("Now", [
                stat("Prometheus up", f"1 when Prometheus answered its own last scrape (the seed's up{{job=\"{PROMETHEUS}\"}}).",
                     prom(f"min(up{prometheus})"), unit="bool_on_off", threshold=ANY, higher_is_better=True,
                     width=5, height=5),
                blocks.targets_down(width=5, height=5),
                stat("Head series", "Series in Prometheus' head block now.",
                     prom(total(f"prometheus_tsdb_head_series{prometheus}")), unit="short", width=5, height=5),
                stat("TSDB block bytes", "Disk used by persisted TSDB blocks; with 7 days of retention it should level off.",
                     prom(total(f"prometheus_tsdb_storage_blocks_bytes{prometheus}")), unit="bytes", width=5, height=5),
                blocks.firing_alerts(width=4, height=5),
            ]),
            Row("Scrapes", [
                blocks.target_health(),
                timeseries("Scrape duration by job", "Slowest target's scrape time per job; near the scrape interval, "
                           "scrapes start to time out.",
                           prom(queries.aggregate("max", SCRAPE_DURATION, ("job",)), "{{job}}"), unit="s", min_value=0),
            ]),
            Row("Prometheus", [
                *blocks.prometheus_panels(prometheus),
                timeseries("TSDB block bytes", "Bytes of persisted blocks over time: growth that does not level off "
                           "outgrows the volume.",
                           prom(total(f"prometheus_tsdb_storage_blocks_bytes{prometheus}"), "blocks"), unit="bytes"),
            ]),
            Row("Loki ingestion", [
                timeseries("Lines received", "Log lines per second Loki's distributor accepts, per tenant.",
                           prom(total(rate("loki_distributor_lines_received_total", loki), ("tenant",)), "{{tenant}}"),
                           unit="short", links=[drill(stack, LOGS, "Logs")]),
                timeseries("Bytes received", "Uncompressed log bytes per second Loki receives.",
                           prom(total(rate("loki_distributor_bytes_received_total", loki), ("tenant",)), "{{tenant}}"),
                           unit="Bps"),
                timeseries("Lines discarded", "Log lines per second Loki rejects, by reason: those lines are lost.",
                           prom(total(rate("loki_discarded_samples_total", loki), ("reason",)), "{{reason}}"), unit="short"),
                timeseries("Streams in memory", "Streams the ingester holds; a jump means a new high-cardinality label.",
                           prom(total(f"loki_ingester_memory_streams{loki}"), "streams"), unit="short"),
                timeseries("Loki request errors", "Share of Loki requests (pushes and queries) answered with 5xx, by route, against the alert threshold.",
                           prom(ratio(total(rate("loki_request_duration_seconds_count", queries.narrow(loki, 'status_code=~"5.."')),
                                            ("route",)),
                                      total(rate("loki_request_duration_seconds_count", loki), ("route",))), "{{route}}"),
                           unit="percentunit", threshold=stack.threshold("loki_request_error_ratio"), min_value=0,
                           links=[drill(stack, CONTAINERS, "Containers")]),
            ]),
            Row("Alerts", [blocks.firing_alerts_table(width=24)]),
        ],
    )
