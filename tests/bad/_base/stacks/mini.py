"""A minimal valid stack: every corpus case under tests/bad/ breaks exactly one thing in it."""

from obsgen.api import catalogs
from obsgen.api import Catalog, Metric, family
from obsgen.api import Datasource, Quantity, Service, Stack, Team

CATALOG = Catalog(family(
    "mini-app",
    Metric("mini_requests_total", "counter", "Requests served by the app.", ("status",)),
) + catalogs.prometheus.PROMETHEUS)

STACK = Stack(
    name="mini",
    title="Mini",
    catalog=CATALOG,
    services=(
        Service("prometheus", ("localhost:9090",), "Prometheus self-monitoring", team="ops"),
        Service("mini-app", ("app:8080",), "The app", team="ops"),
    ),
    datasources=(Datasource("Prometheus", "prometheus", "mini-prometheus", "http://prometheus:9090", default=True),),
    teams=(Team("ops", "Runs everything", "#mini-ops", "ops@example.org"),),
    thresholds={"error_ratio": Quantity(0.05, "percentunit", "Share of failed requests that pages.")},
    runbook_url="https://example.org/runbooks.md#{anchor}",
)
