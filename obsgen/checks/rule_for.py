"""An alert's `for` is a valid duration between one evaluation interval and a day.

A `for` shorter than the evaluation interval is the same as none: one bad
scrape pages someone. One longer than a day means the alert is a report,
not an alert.
"""

from obsgen.checks.base import Check, Finding
from obsgen.model.durations import to_ms


def parse_seconds(text: str) -> float:
    return to_ms(text) / 1000


DAY = 86400


class RuleFor(Check):
    id = "rule-for"
    severity = "error"
    summary = ("Every alert's `for` (and `keep_firing_for`) is a valid duration; a non-zero `for` is at least one "
               "evaluation interval and at most 24h.")
    example = "`for: 5` (no unit), `for: 10s` with a 15s evaluation interval, or `for: 3d`."

    def run(self, ctx):
        default = "1m"
        for config in ctx.of_kind("prometheus"):
            default = ((config.data.get("global") or {}).get("evaluation_interval")) or default
        for art, path, group, rule in ctx.alerts():
            interval_text = group.get("interval") or default
            try:
                interval = parse_seconds(str(interval_text))
            except ValueError:
                interval = 60
            for key in ("for", "keep_firing_for"):
                if key not in rule:
                    continue
                try:
                    seconds = parse_seconds(str(rule[key]))
                except ValueError as exc:
                    yield Finding(art, path + (key,), f"alert {rule['alert']}: {key} {rule[key]!r} is not a duration ({exc})")
                    continue
                if key == "for" and 0 < seconds < interval:
                    yield Finding(art, path + (key,), f"alert {rule['alert']}: for {rule[key]} is shorter than the "
                                                     f"evaluation interval {interval_text}, so it waits for nothing")
                if seconds > DAY:
                    yield Finding(art, path + (key,), f"alert {rule['alert']}: {key} {rule[key]} is longer than 24h")
