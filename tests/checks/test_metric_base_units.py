"""metric-base-units (house): catalogued metrics and recording rules are named in base units."""

from cases import record, rules, says, table_tests
from obsgen.artefact import Artefact, Origin
from obsgen.checks.metric_base_units import MetricBaseUnits

CHECK = MetricBaseUnits()


def catalog(*names, origins=None):
    """catalog.yaml of stack `s` listing gauges with these names."""
    metrics = [{"name": n, "type": "gauge", "help": "h", "labels": [], "unit": ""} for n in names]
    return Artefact("s/catalog.yaml", "catalog", {"metrics": metrics}, origins or {}, "s")


def recording(name):
    return rules(record(name, "sum(up)"))


FIRES = [
    ("catalog milliseconds", catalog("app_latency_milliseconds"),
     says("metric 'app_latency_milliseconds' is named in milliseconds; use base units", where="s/catalog.yaml $.metrics[0]")),
    ("catalog percent, second of two", catalog("app_memory_bytes", "app_cpu_percent"),
     says("named in percent", where="s/catalog.yaml $.metrics[1]")),
    ("unit inside the name", catalog("app_uptime_hours_total"), "named in hours"),
    ("at the metric's Python line", catalog("app_size_kilobytes", origins={("metrics", 0): Origin(
        "metric 'app_size_kilobytes'", "stacks/s.py:12")}),
     says("named in kilobytes", obj="metric 'app_size_kilobytes'", where="stacks/s.py:12")),
    ("recording rule", recording("job:request_latency_milliseconds:p99"),
     says("recording rule 'job:request_latency_milliseconds:p99' is named in milliseconds",
          where="s/prometheus/rules/g.yml $.groups[0].rules[0].record")),
    ("recording rule ending in the unit", recording("job:queue_wait_minutes"), "named in minutes"),
]
QUIET = [
    ("base units", catalog("app_latency_seconds", "app_memory_bytes", "app_cpu_ratio", "app_requests_total")),
    ("a word that only contains a unit", catalog("app_hoursly_jobs", "app_minutesheet_total", "app_percentile_gauge")),
    ("recording in seconds", recording("job:request_latency_seconds:p99")),
    ("an exporter's metric catalogued by obsgen import", catalog("mongodb_op_latency_milliseconds", origins={
        ("metrics", 0): Origin("metric 'mongodb_op_latency_milliseconds'", "stacks/_s_imported.py:40", imported=True)})),
    ("odd shapes", (Artefact("s/catalog.yaml", "catalog", {"metrics": [None, {"name": 3}, "x_hours"]}, {}, "s"),
                    Artefact("s/catalog.yaml", "catalog", {"metrics": "x_hours"}, {}, "s"),
                    rules({"record": None, "expr": "1"}, {"alert": "X_hours", "expr": "1"}))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_obsgen_lint_applies_it_to_a_catalog_on_disk_when_house_conventions_are_selected(tmp_path):
    """The rule used to live in the model, where reading catalog.yaml refused the whole file."""
    from conftest import obsgen_in_process

    (tmp_path / "catalog.yaml").write_text("metrics:\n- name: app_requests_total\n  type: counter\n  help: h\n"
                                           "- name: app_latency_milliseconds\n  type: gauge\n  help: h\n")
    default = obsgen_in_process("lint", str(tmp_path), "--no-tools")
    assert default.returncode == 0, default.stdout + default.stderr  # a house convention: opt-in elsewhere
    house = obsgen_in_process("lint", str(tmp_path), "--no-tools", "--extend-select", "house")
    lines = [line for line in house.stdout.splitlines() + house.stderr.splitlines() if "metric-base-units" in line]
    assert house.returncode == 1 and len(lines) == 1, house.stdout + house.stderr
    assert lines[0].startswith("error[metric-base-units]") and f"{tmp_path}/catalog.yaml:5:3)" in lines[0], lines[0]
    assert "metric 'app_latency_milliseconds' is named in milliseconds" in lines[0]
