"""promtool-config: the real `promtool check config --syntax-only` (Prometheus' own validator) accepts every
prometheus.yml. One promtool run judges every row of both tables, as `obsgen lint` runs it once per folder."""

from cases import says, tool_table_tests
from obsgen.checks.promtool_config import PromtoolConfig

CHECK = PromtoolConfig()
GLOBAL = {"scrape_interval": "15s", "evaluation_interval": "15s"}

FIRES = [
    ("scrape timeout longer than the interval",
     {"global": GLOBAL, "scrape_configs": [{"job_name": "a", "scrape_timeout": "30s"}]},
     says("scrape timeout greater than scrape interval", severity="error")),
    ("a misspelt field", {"global": {**GLOBAL, "scrape_interva": "15s"}},
     "field scrape_interva not found in type config.plain"),
    ("a duration with no unit", {"global": {"scrape_interval": "15"}}, "not a valid duration string"),
    ("one job name twice", {"scrape_configs": [{"job_name": "a"}, {"job_name": "a"}]}, 'found multiple scrape configs with job name "a"'),
]
QUIET = [
    ("global and a scrape job", {"global": GLOBAL, "scrape_configs": [{"job_name": "a", "static_configs": [{"targets": ["x:9090"]}]}]}),
    ("rule files that exist only where Prometheus runs", {"global": GLOBAL, "rule_files": ["/etc/prometheus/rules/*.yml"]}),
]


judged, test_fires, test_quiet = tool_table_tests(CHECK, "prometheus/prometheus.yml", "prometheus", FIRES, QUIET, "promtool 2.")
