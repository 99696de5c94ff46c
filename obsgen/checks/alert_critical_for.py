"""A paging alert waits before it pages, unless its expression already smooths over a window.

A `critical` alert pages someone. Without `for`, one evaluation over the threshold pages:
one slow scrape, one restarted counter or one evaluation that lands in a gap is enough.
An expression that aggregates over a range (`increase`, `changes`, `avg_over_time`...)
has already looked at a window, so it may page at once. Warnings and info wait for office
hours anyway. House convention: other people's folders opt in.
"""

import re

from obsgen.checks.base import Check, Finding

# Range functions that judge a whole window, so one bad sample cannot fire the alert alone.
# rate() and irate() are not among them: a counter reset or a single late scrape moves them at once.
_SMOOTHED = re.compile(r"\b(increase|changes|resets|[a-z]+_over_time)\s*\(")


def _waits(value) -> bool:
    """True when `for` holds the alert pending for some time (anything but absent, empty or zero)."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value > 0
    return bool(re.search(r"[1-9]", str(value)))


class AlertCriticalFor(Check):
    id = "alert-critical-for"
    severity = "warning"  # a judgement (an instant gauge may page at once by design), said on every build, never refused
    house = True
    summary = ("A `critical` alert has a `for`, unless its expression already judges a window "
               "(`increase`, `changes`, `resets` or a `*_over_time` function).")
    example = "`alert: ApiErrors`, `expr: rate(errors_total[5m]) > 1`, `severity: critical` and no `for`: one bad scrape pages."

    def run(self, ctx):
        for art, path, _group, rule in ctx.alerts():
            if not isinstance(rule, dict):
                continue
            labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
            if labels.get("severity") != "critical" or _waits(rule.get("for")):
                continue
            if _SMOOTHED.search(str(rule.get("expr") or "")):
                continue
            yield Finding(art, path, f"alert {rule['alert']} pages (severity critical) on a single evaluation: "
                                     "give it a `for` (e.g. 5m), or judge a window in the expression")
