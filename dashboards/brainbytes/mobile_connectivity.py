"""Mobile & Connectivity (Philippines): most students learn on prepaid mobile data, on wifi, 4G or 3G.

How does the app behave for them: data used, connections dropped, latency by
network, and the evening peak in Philippine time.
"""

from dashboards.brainbytes.common import (
    BACKEND, DROPS, FOLDER, MOBILE, PAGE_VIEWS, RESPONSE_SIZE, SESSIONS_STARTED,
)
from obsgen.api import (
    INSTANCE,
    JOB,
    band,
    blocks,
    bucket_rate,
    colour,
    Dashboard,
    job_selector,
    latency_quantiles,
    local_hour,
    outside_hours,
    piechart,
    prom,
    quantile,
    rate,
    ratio,
    Row,
    selector,
    stat,
    timeseries,
    total,
    within_hours,
)
from rules.brainbytes.records import DROPS_RATIO, REQUESTS_RATE, RESPONSE_SIZE_BUCKETS, RESPONSE_SIZE_P95

TIMEOUTS = "brainbytes_connection_timeouts_total"
NETWORK_LATENCY = "brainbytes_network_latency_seconds"
MOBILE_DEVICE = 'device_type="mobile"'
PEAK = "evening peak"
PEAK_SHARE_WINDOW = "1d"  # one Manila day, so the share covers one whole evening
PEAK_SHARE_STEP = "5m"  # the recorded request rate's own window


def dashboard(stack):
    raw = selector(JOB, INSTANCE)
    mobile = selector(JOB, INSTANCE, MOBILE_DEVICE)
    backend = job_selector(stack.service(BACKEND))
    tz = stack.timezone
    start, end = stack.setting("peak_start_hour"), stack.setting("peak_end_hour")
    responses = f"{RESPONSE_SIZE}_count"
    sent_bytes = f"{RESPONSE_SIZE}_sum"
    mobile_failures = ratio(f"{total(rate(DROPS, mobile))} + {total(rate(TIMEOUTS, mobile))}", total(rate(responses, mobile)))
    requests = total(REQUESTS_RATE + backend)
    peak_share = ratio(f"sum_over_time(({within_hours(requests, tz, start, end)})[{PEAK_SHARE_WINDOW}:{PEAK_SHARE_STEP}])",
                       f"sum_over_time(({requests})[{PEAK_SHARE_WINDOW}:{PEAK_SHARE_STEP}])")
    window = f"{start}:00-{end}:00"
    return Dashboard(
        slug=MOBILE,
        title="BrainBytes / Mobile & Connectivity (Philippines)",
        description="Mobile versus desktop, data usage against a prepaid-data budget, connection drops and timeouts, "
                    "latency and throughput by network type, and the evening peak in Asia/Manila.",
        folder=FOLDER,
        tags=("mobile",),
        variables=blocks.job_variables([BACKEND]),
        rows=[
            Row("Mobile versus desktop", [
                piechart("Traffic by device type", "Share of page views from mobile, tablet and desktop over the time range.",
                         prom(total(rate(PAGE_VIEWS, raw), ("device_type",)), "{{device_type}}"), unit="reqps", width=6),
                stat("Mobile share of page views", "Share of page views that come from phones now.",
                     prom(ratio(total(rate(PAGE_VIEWS, mobile)), total(rate(PAGE_VIEWS, raw)))), unit="percentunit",
                     width=6),
                stat("Mobile drop ratio", "Mobile connections dropped per mobile response served (the recorded ratio the "
                     "mobile alert reads); red from its threshold.", prom(f"{DROPS_RATIO}{{{MOBILE_DEVICE}}}"),
                     unit="percentunit", threshold=stack.threshold("mobile_drop_ratio"), width=3),
                stat("Mobile error rate", "Mobile requests that dropped or timed out, per mobile response served; red from "
                     "the mobile drop threshold.", prom(mobile_failures), unit="percentunit",
                     threshold=stack.threshold("mobile_drop_ratio"), width=3),
                timeseries("Page views by device type", "Page views per second by device type over time.",
                           prom(total(rate(PAGE_VIEWS, raw), ("device_type",)), "{{device_type}}"), unit="reqps",
                           stacked=True, width=6),
            ]),
            Row("Data usage", [
                timeseries("Response size by device type", "p50 and p95 response body size per device type: the data each "
                           "screen costs; the line is the mobile p95 budget.",
                           prom(quantile(0.5, RESPONSE_SIZE_BUCKETS, ("device_type",)), "p50 {{device_type}}"),
                           prom(RESPONSE_SIZE_P95, "p95 {{device_type}}"),
                           unit="bytes", threshold=stack.threshold("mobile_response_size_p95")),
                timeseries("Data per session by device type", "Bytes sent per session started, by device type; the line is the "
                           "data budget a prepaid mobile session should stay within.",
                           prom(ratio(total(rate(sent_bytes, raw), ("device_type",)),
                                      total(rate(SESSIONS_STARTED, raw), ("device_type",))), "{{device_type}}"),
                           unit="bytes", threshold=stack.setting("mobile_data_budget_per_session")),
                timeseries("Drop ratio by device type", "Connections dropped per response served, by device type; the line "
                           "is the mobile drop threshold.", prom(DROPS_RATIO, "{{device_type}}"), unit="percentunit",
                           threshold=stack.threshold("mobile_drop_ratio"), min_value=0),
                timeseries("Mobile error rate by network", "Dropped or timed-out mobile requests per mobile response, by network "
                           "type: which networks fail phones.",
                           prom(ratio(f"{total(rate(DROPS, mobile), ('network_type',))} + "
                                      f"{total(rate(TIMEOUTS, mobile), ('network_type',))}",
                                      total(rate(responses, mobile), ("network_type",))), "{{network_type}}"),
                           unit="percentunit", min_value=0),
            ]),
            Row("Connection quality by network type", [
                timeseries("Connection drops by network type", "Client connections dropped per second before the response "
                           "completed, by network type (wifi, 4g, 3g, 2g).",
                           prom(total(rate(DROPS, raw), ("network_type",)), "{{network_type}}"), unit="reqps", stacked=True),
                timeseries("Timeouts by network type", "Client requests that timed out per second, by network type.",
                           prom(total(rate(TIMEOUTS, raw), ("network_type",)), "{{network_type}}"), unit="reqps", stacked=True),
                latency_quantiles("Network latency by network type", "p50 and p95 round-trip latency measured by the client, "
                                  "by network type.", bucket_rate(NETWORK_LATENCY, raw), by=("network_type",),
                                  quantiles=(0.5, 0.95)),
                timeseries("Throughput by network type", "Response bytes sent per second, by network type.",
                           prom(total(rate(sent_bytes, raw), ("network_type",)), "{{network_type}}"), unit="Bps", stacked=True),
            ]),
            Row(f"Peak hours ({tz})", [
                stat(f"Hour now in {tz}", f"The current hour of day in {tz}; red during the evening peak ({window}).",
                     prom(local_hour(tz)), unit="short", threshold_steps=band(start, end), width=6),
                stat("Share of requests in the evening peak", f"Share of the last {PEAK_SHARE_WINDOW} of backend requests that "
                     f"arrived during the evening peak ({window} {tz}).", prom(peak_share), unit="percentunit", width=6),
                timeseries(f"Requests in and out of the evening peak ({tz})", f"Backend requests per second over the last 7 "
                           f"days, split into the evening peak ({window} {tz}) and the rest of the day.",
                           prom(within_hours(requests, tz, start, end), PEAK),
                           prom(outside_hours(requests, tz, start, end), "off-peak"), unit="reqps", bars=True,
                           time_from="7d", overrides=[colour(PEAK, "red")], width=12),
            ]),
        ],
    )
