"""rule-templates: annotation templates parse as Prometheus renders them."""

import pytest
from obsgen.checks.rule_templates import RuleTemplates

from cases import alert, found, rules


@pytest.mark.parametrize("text,problem", [
    ("{{ $value | humanizePercentage }} on {{ $labels.instance }}", None),
    ("{{ with query \"up\" }}{{ . | first | value }}{{ end }}", None),
    ("{{ $value | humanizePercent }}", "unknown function 'humanizePercent'"),
    ("{{ if $labels.route }}route {{ $labels.route }}", "never closed with {{ end }}"),
    ("{{ $labels.job ", "unbalanced {{ }}"),
    ("{{ $lables.job }}", "undefined variable $lables"),
    ("{{ printf \"%.2f\" ($value }}", "unbalanced parentheses"),
])
def test_rule_templates(text, problem):
    problems = found(RuleTemplates(), rules(alert(annotations={"description": text})))
    if problem is None:
        assert problems == []
    else:
        assert problem in problems[0].message and problems[0].where.endswith(".annotations.description")
