"""Alerts carry what routing and the on-call engineer need.

Without `severity` and `team` an alert cannot be routed; without a summary,
a templated description and a runbook the person paged at 3 a.m. starts from
nothing.
"""

import re

from obsgen.checks.base import Check, Finding

SEVERITIES = ("critical", "warning", "info")
_URL = re.compile(r"^https?://[^\s/]+\S*$")


class RuleConventions(Check):
    id = "rule-conventions"
    severity = "error"
    house = True
    summary = ("Every alert has `severity` (critical, warning or info) and `team` labels, and `summary`, a templated "
               "`description` and an http(s) `runbook_url` annotation.")
    example = "An alert with `severity: page`, no `team` label, or a description with no `{{ $labels... }}` or `{{ $value }}`."

    def run(self, ctx):
        for art, path, _group, rule in ctx.alerts():
            if not isinstance(rule, dict):
                continue
            labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
            notes = rule.get("annotations") if isinstance(rule.get("annotations"), dict) else {}
            name = rule["alert"]
            severity = labels.get("severity")
            if severity not in SEVERITIES:
                yield Finding(art, path + ("labels",),
                              f"alert {name}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
            if not labels.get("team"):
                yield Finding(art, path + ("labels",), f"alert {name} has no team label, so it routes to no team")
            if not str(notes.get("summary") or "").strip():
                yield Finding(art, path + ("annotations",), f"alert {name} has no summary annotation")
            description = str(notes.get("description") or "")
            if not description.strip():
                yield Finding(art, path + ("annotations",), f"alert {name} has no description annotation")
            elif "{{" not in description:
                yield Finding(art, path + ("annotations", "description"),
                              f"alert {name}: description is not templated; say which series and value fired "
                              "({{ $labels.x }}, {{ $value }})")
            url = notes.get("runbook_url")
            if not url:
                yield Finding(art, path + ("annotations",), f"alert {name} has no runbook_url annotation")
            elif not _URL.match(str(url)):
                yield Finding(art, path + ("annotations", "runbook_url"), f"alert {name}: runbook_url {url!r} is not an http(s) URL")
