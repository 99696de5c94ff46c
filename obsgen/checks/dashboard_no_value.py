"""A stat, gauge or bar gauge must not show "no data" as a number.

`noValue: "0"` makes a stopped scrape, a renamed metric or a broken recording
rule look exactly like a healthy zero, so the outage is hidden on the very
panel meant to show it. Grafana's default, "No data", says what happened.
A house convention: a folder whose error counters appear only after the first
error may rightly read no data as zero, so other people's folders opt in.
"""

import re

from obsgen.checks.base import Check, Finding, panels_of_type

TYPES = ("stat", "gauge", "bargauge")
# A number, optionally signed, with a decimal part, exponent or percent sign: "0", "0.0", "-1", "0%".
_NUMBER = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*%?\s*$")


def number_like(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value))


def _settings(panel: dict):
    """(JSON path suffix, noValue) for the panel's defaults and every override that sets one."""
    config = panel.get("fieldConfig")
    if not isinstance(config, dict):
        return
    defaults = config.get("defaults")
    if isinstance(defaults, dict) and "noValue" in defaults:
        yield ("fieldConfig", "defaults", "noValue"), defaults["noValue"]
    for o_index, override in enumerate(config.get("overrides") or []):
        if not isinstance(override, dict):
            continue
        for p_index, prop in enumerate(override.get("properties") or []):
            if isinstance(prop, dict) and prop.get("id") == "noValue":
                yield ("fieldConfig", "overrides", o_index, "properties", p_index), prop.get("value")


class DashboardNoValue(Check):
    id = "dashboard-no-value"
    severity = "error"
    house = True
    summary = ("Stat, gauge and bar gauge panels do not set `noValue` to a number: no data must read "
               "\"No data\", not a healthy-looking 0.")
    example = 'A "Targets down" stat with `"noValue": "0"`: when Prometheus loses the series it shows a green 0.'

    def run(self, ctx):
        for art, path, panel in panels_of_type(ctx, TYPES):
            for suffix, value in _settings(panel):
                if number_like(value):
                    yield Finding(art, path + suffix,
                                  f"{panel.get('type')} panel shows no data as {value!r}, which reads as a real "
                                  f"value; leave noValue unset (\"No data\") or use a word")
