"""An alert's `for` and `keep_firing_for` are durations Prometheus accepts.

Only the syntax is judged. `for: 0` is valid (fire at once). A `for` shorter
than the evaluation interval is not useless: the alert still waits one
evaluation in pending, as promtool's unit tests show. And a `for` of a day
or more can be deliberate (KEDA's "paused for 25h").
"""

import re

from obsgen.checks.base import Check, Finding

# Prometheus' model.ParseDuration: units largest first, each at most once, or a bare 0.
_DURATION = re.compile(r"^(?:0|(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?)$")


def valid(value) -> bool:
    # YAML reads `for: 0` as the number 0, which Prometheus reads as the duration "0".
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value == 0
    return isinstance(value, str) and value != "" and bool(_DURATION.match(value))


class RuleFor(Check):
    id = "rule-for"
    severity = "error"
    summary = "Every alert's `for` and `keep_firing_for` is a Prometheus duration (`0`, `30s`, `1h30m`...)."
    example = "`for: 5` (no unit) or `for: 5 minutes`, which Prometheus refuses to load."

    def run(self, ctx):
        for art, path, _group, rule in ctx.alerts():
            if not isinstance(rule, dict):
                continue
            for key in ("for", "keep_firing_for"):
                if key in rule and rule[key] is not None and not valid(rule[key]):
                    yield Finding(art, path + (key,), f"alert {rule.get('alert')}: {key} {rule[key]!r} is not a "
                                                     "Prometheus duration (e.g. 0, 30s, 5m, 1h30m)")
