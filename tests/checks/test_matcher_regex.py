"""matcher-regex: a route or inhibit regex matcher that does not compile in RE2 (Go's regexp), which Alertmanager
refuses; what only Python refuses stays quiet."""

import pytest

from cases import alertmanager, fires, quiet, rows, says
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.matcher_regex import MatcherRegex

CHECK = MatcherRegex()


def route_re(pattern):
    """A route matching service against `pattern` (old match_re syntax: the pattern needs no escaping)."""
    return alertmanager({"route": {"receiver": "r", "routes": [{"receiver": "r", "match_re": {"service": pattern}}]},
                         "receivers": [{"name": "r"}]})


def refused(pattern, why):
    return (pattern, route_re(pattern), says(f"matcher service=~{pattern!r} {why}", where="$.route.routes[0]"))


FIRES = [
    refused("api(-v2", "does not compile: missing ), unterminated subpattern"),
    refused("a**", "does not compile: multiple repeat"),
    refused("[abc", "does not compile: unterminated character set"),
    refused("(?!Watchdog).*", "uses lookaround ((?=, (?!, (?<=, (?<!), which Go's RE2 does not support"),
    refused("(?<=x)y", "uses lookaround"),
    refused("(a)\\1", "uses a backreference (\\1), which Go's RE2 does not support"),
    refused("(?>a)", "uses an atomic group ((?>), which Go's RE2 does not support"),
    refused("*x", "does not compile: nothing to repeat"),
]
# What only Python refuses (RE2 accepts it) stays quiet.
QUIET = [(p or "empty", route_re(p)) for p in
         ("api|db", ".+Down", "warning|info", "\\pL+", "\\p{Greek}", "a\\z", "[[:alpha:]]+", "(?i)down", "\\\\1", "")]


@pytest.mark.parametrize("inputs, want", rows(FIRES))
def test_fires(inputs, want):
    [problem] = fires(CHECK, inputs, want)
    assert problem.message.endswith("; Alertmanager refuses the config")


@pytest.mark.parametrize("inputs", rows(QUIET))
def test_quiet(inputs):
    quiet(CHECK, inputs)


def test_routes_and_inhibit_rules_old_and_new_syntax():
    config = {
        "route": {"receiver": "r", "routes": [{"receiver": "r", "matchers": ['service=~"api(-v2"', 'team="a"']},
                                              {"receiver": "r", "match_re": {"severity": "crit(ical"}}]},
        "inhibit_rules": [{"source_matchers": ['alertname=~"(?!Watchdog).*"'], "target_matchers": ['severity!~"x"']}],
    }
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", config, {}, "s")
    problems = list(MatcherRegex().problems(Context([art])))
    assert [p.where.split(" ")[1] for p in problems] == ["$.route.routes[0]", "$.route.routes[1]", "$.inhibit_rules[0]"]
    assert problems[0].message == ("matcher service=~'api(-v2' does not compile: missing ), unterminated subpattern; "
                                   "Alertmanager refuses the config")
