"""PromQL substitution and parsing, and the build failing on a broken expression."""

import re

import pytest

from conftest import obsgen_in_process as obsgen  # the build in this process: no interpreter start per case
from obsgen import promql


@pytest.mark.parametrize("expr,expected", [
    ("rate(x_total[$__rate_interval])", "rate(x_total[4321s])"),
    ("rate(x_total[${__rate_interval}])", "rate(x_total[4321s])"),
    ('sum(rate(x_total{job=~"$job"}[$__interval]))', 'sum(rate(x_total{job=~"grafana-variable"}[4323s]))'),
    ('x{instance=~"${instance:regex}"}', 'x{instance=~"grafana-variable"}'),
    ("increase(x_total[$__range])", "increase(x_total[4322s])"),
    ("x > $threshold", "x > 1"),
    ("x[$window]", "x[4325s]"),
    ("x offset $shift", "x offset 4325s"),
    ("x / $__range_s", "x / 21600"),
    ('x{a="[[var]]"}', 'x{a="grafana-variable"}'),
])
def test_variables_become_valid_sample_values(expr, expected):
    assert promql.substitute(expr) == expected
    promql.parse(expr)


def test_variables_lists_names():
    assert promql.variables('rate(x{job=~"$job",i="${instance:csv}"}[$__rate_interval])') == ["job", "instance", "__rate_interval"]


def test_parse_error_is_raised_with_the_parser_message():
    with pytest.raises(promql.PromQLError):
        promql.parse("sum(rate(x_total[5m])")


def test_analyse_finds_selectors_uses_and_groupings():
    facts = promql.analyse('histogram_quantile(0.9, sum by (le, route) (rate(h_bucket{job="a"}[5m])))')
    assert [s.name for s in facts.selectors] == ["h_bucket"]
    assert [(u.function, u.selector.name) for u in facts.uses] == [("rate", "h_bucket")]
    assert facts.groupings[0].labels == ("le", "route")
    assert facts.quantiles[0][0] == ("by", ("le", "route"))


def _break_dashboard(project, replacement):
    path = project / "dashboards" / "brainbytes" / "system_overview.py"
    text = path.read_text()
    old = 'prom(active_sessions(backend))'
    assert old in text
    path.write_text(text.replace(old, f"prom({replacement!r})"))
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if replacement in l)
    return f"dashboards/brainbytes/system_overview.py:{line}"


def test_broken_promql_in_a_dashboard_fails_the_build_naming_file_and_line(project, tmp_path):
    where = _break_dashboard(project, "sum(brainbytes_sessions_active")
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = obsgen("build", "--out", str(tmp_path / "out"), "--docs", str(tmp_path / "docs"), cwd=project)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert re.match(r"^error\[promql-syntax\] brainbytes: dashboard 'BrainBytes / System Overview' / panel 'Active sessions' "
                    rf"\({re.escape(where)}\): PromQL does not parse", lines[0]), lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_unknown_metric_in_a_dashboard_fails_the_build(project, tmp_path):
    where = _break_dashboard(project, "sum(brainbytes_sessions_actve)")
    proc = obsgen("build", "--check", "--out", str(tmp_path / "o"), "--docs", str(tmp_path / "d"), cwd=project)
    assert proc.returncode == 1
    assert f"({where}): metric 'brainbytes_sessions_actve' is not in the catalog" in proc.stderr


def test_unknown_label_in_a_dashboard_fails_the_build(project, tmp_path):
    _break_dashboard(project, 'sum by (devise_type) (brainbytes_sessions_active)')
    proc = obsgen("build", "--check", "--out", str(tmp_path / "o"), "--docs", str(tmp_path / "d"), cwd=project)
    assert proc.returncode == 1
    assert "label 'devise_type' in by does not exist on brainbytes_sessions_active" in proc.stderr


def test_broken_promql_in_a_rule_names_group_rule_and_line(project, tmp_path):
    path = project / "rules" / "brainbytes" / "records.py"
    text = path.read_text()
    # The recording is built by obsgen.queries; an unbalanced parenthesis appended to it is broken PromQL.
    good = 'Recording(REQUESTS_RATE, _rate(HTTP_REQUESTS, by=("job",)),'
    assert text.count(good) == 1
    path.write_text(text.replace(good, 'Recording(REQUESTS_RATE, _rate(HTTP_REQUESTS, by=("job",)) + ")",'))
    proc = obsgen("build", "--check", "--out", str(tmp_path / "o"), "--docs", str(tmp_path / "d"), cwd=project)
    assert proc.returncode == 1
    assert re.search(r"group 'brainbytes-http-records' / rule 'job:brainbytes_http_requests:rate5m' \(rules/brainbytes/records.py:\d+\)",
                     proc.stderr), proc.stderr
