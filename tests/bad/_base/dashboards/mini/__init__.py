"""Mini dashboards."""

from obsgen.api import Dashboard, Variable
from obsgen.api import Row
from obsgen.api import stat, timeseries
from obsgen.api import prom
from rules.mini import ERROR_RATIO


def overview(stack):
    return Dashboard(
        slug="overview",
        title="Mini / Overview",
        description="Is the app up and answering?",
        folder="Mini",
        variables=[Variable("job", "label_values(up, job)")],
        rows=[Row("Health", [
            stat("Error ratio", "Share of requests that failed.",
                 prom(f'{ERROR_RATIO}{{job=~"$job"}}'), unit="percentunit",
                 threshold=stack.threshold("error_ratio"), width=12, height=4),
            timeseries("Requests", "Requests per second by status.",
                       prom('sum by (status) (rate(mini_requests_total{job=~"$job"}[$__rate_interval]))', "{{status}}"),
                       unit="reqps", width=12, height=4),
        ])],
    )


def dashboards(stack):
    return [overview(stack)]
