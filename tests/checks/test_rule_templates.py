"""rule-templates: annotation templates parse as Prometheus renders them (known functions, closed actions,
balanced braces and parentheses, defined variables)."""

from cases import alert, rules, says, table_tests
from obsgen.checks.rule_templates import RuleTemplates

CHECK = RuleTemplates()


def described(text):
    return rules(alert(annotations={"description": text}))


def broken(message):
    return says(message, where=".annotations.description")


FIRES = [
    ("an unknown function", described("{{ $value | humanizePercent }}"), broken("unknown function 'humanizePercent'")),
    ("an if never closed", described("{{ if $labels.route }}route {{ $labels.route }}"), broken("never closed with {{ end }}")),
    ("unbalanced braces", described("{{ $labels.job "), broken("unbalanced {{ }}")),
    ("an undefined variable", described("{{ $lables.job }}"), broken("undefined variable $lables")),
    ("unbalanced parentheses", described("{{ printf \"%.2f\" ($value }}"), broken("unbalanced parentheses")),
]
QUIET = [
    ("functions and labels", described("{{ $value | humanizePercentage }} on {{ $labels.instance }}")),
    ("a query", described("{{ with query \"up\" }}{{ . | first | value }}{{ end }}")),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
