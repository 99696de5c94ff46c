"""Backend HTTP recording rules: request and 5xx rates and their ratio, per job.

Dashboards and alerts read these names, never the raw expressions.
"""

from obsgen.model.rules import Recording, RuleGroup, Samples

REQUESTS_RATE = "job:brainbytes_http_requests:rate5m"
ERRORS_5XX_RATE = "job:brainbytes_http_requests_5xx:rate5m"
ERRORS_5XX_RATIO = "job:brainbytes_http_requests_5xx:ratio_rate5m"

_TRAFFIC = (
    ('brainbytes_http_requests_total{job="brainbytes-backend",instance="backend:3000",method="GET",route="/api/questions",status_code="200"}', "0+270x20"),
    ('brainbytes_http_requests_total{job="brainbytes-backend",instance="backend:3000",method="GET",route="/api/questions",status_code="503"}', "0+30x20"),
)


def group(stack):
    return RuleGroup("brainbytes-http", [
        Recording(
            REQUESTS_RATE,
            "sum by (job) (rate(brainbytes_http_requests_total[5m]))",
            tests=[Samples("10m", _TRAFFIC, [({"job": "brainbytes-backend"}, 5)])],
        ),
        Recording(
            ERRORS_5XX_RATE,
            'sum by (job) (rate(brainbytes_http_requests_total{status_code=~"5.."}[5m]))',
            tests=[Samples("10m", _TRAFFIC, [({"job": "brainbytes-backend"}, 0.5)])],
        ),
        Recording(
            ERRORS_5XX_RATIO,
            f"{ERRORS_5XX_RATE} / {REQUESTS_RATE}",
            tests=[Samples("10m", _TRAFFIC, [({"job": "brainbytes-backend"}, 0.1)])],
        ),
    ])
