"""Rule names Prometheus can load: a recording rule records a valid metric name; an alert has a name.

promtool says the same on files it can read; this check points at the rule,
and runs in the build, where promtool does not. How names are styled
(CamelCase, level:metric:operations) is rule-name-style's house convention.
"""

import re

from obsgen.checks.base import Check, Finding

METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")


class RuleNames(Check):
    id = "rule-names"
    severity = "error"
    summary = "Every recording rule's `record` is a valid metric name and every alert has a non-empty name."
    example = "A recording rule `http-error-ratio` (dashes are not allowed in a metric name), or `alert: ''`."

    def run(self, ctx):
        for art, path, _group, rule in ctx.rules():
            if not isinstance(rule, dict):
                continue
            if "alert" in rule:
                if not isinstance(rule["alert"], str) or not rule["alert"].strip():
                    yield Finding(art, path + ("alert",), f"alert name {rule['alert']!r} is empty or not a string")
            elif "record" in rule:
                if not isinstance(rule["record"], str) or not METRIC_NAME.match(rule["record"]):
                    yield Finding(art, path + ("record",),
                                  f"recording rule name {rule['record']!r} is not a valid metric name "
                                  "([a-zA-Z_:][a-zA-Z0-9_:]*), so Prometheus refuses the file")
