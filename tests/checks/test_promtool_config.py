"""promtool-config: the real `promtool check config --syntax-only` (Prometheus' own validator) accepts every
prometheus.yml. One promtool run judges every row of both tables, as `obsgen lint` runs it once per folder."""

import pytest

from cases import by_file, expect, found, on_disk, says
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


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    """Every row's file and what one promtool run says about it."""
    root = tmp_path_factory.mktemp("promtool-config")
    files = on_disk(root, "prometheus/prometheus.yml", "prometheus", FIRES + QUIET)
    problems = by_file(found(CHECK, *files.values(), catalog=None, disk_root=str(root)))
    return {name: problems.get(art.path, []) for name, art in files.items()}


@pytest.mark.parametrize("name, want", [pytest.param(n, w, id=n) for n, _d, w in FIRES])
def test_fires(judged, name, want):
    problems = expect(CHECK, judged[name], want)
    assert problems[0].message.startswith("promtool 2.") and " rejected it: " in problems[0].message


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n, _d in QUIET])
def test_quiet(judged, name):
    assert [p.line() for p in judged[name]] == []
