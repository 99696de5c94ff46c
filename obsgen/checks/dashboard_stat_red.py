"""A stat whose value is bad when high must be able to turn red.

"Targets down", "Errors" or "Firing alerts" with thresholds of one green base
step stays green whatever the value: the panel someone glances at during an
outage says all is well. The direction is known only from unambiguous words
in the title (down, error, failure, firing) or from queries that count down
targets (`up == 0`) or firing alerts (`ALERTS{alertstate="firing"}`); titles
that turn the meaning around (error budget remaining, time since the last
failure, success, scale down) stay quiet, as do panels coloured some other way
(colour mode "none", value mappings with colours, colour or threshold
overrides).
"""

import re

from obsgen.checks.base import Check, Finding, panels_of_type

TYPES = ("stat", "gauge")
BAD_WORDS = {"down", "error", "errors", "failure", "failures", "failed", "failing", "firing"}
# Words that make a bad word describe something good, or not a level at all.
REVERSING = {"success", "successes", "successful", "succeeded", "remaining", "left", "budget", "free", "since",
             "last", "without", "healthy", "uptime", "scale", "scaled", "drill", "slow", "step", "break", "cool",
             "shut", "countdown", "time", "age", "ago"}
_DOWN_TARGETS = re.compile(r"\bup\s*(\{[^}]*\})?\s*==\s*0(?![.\d])")
_FIRING = re.compile(r"\bALERTS\s*\{[^}]*alertstate\s*=\s*[\"']firing[\"']")


def bad_direction(panel: dict) -> str:
    """Why a higher value is worse, or "" when that is not certain."""
    words = set(re.findall(r"[a-z0-9]+", str(panel.get("title") or "").lower()))
    if words & REVERSING:
        return ""
    hit = sorted(words & BAD_WORDS)
    if hit:
        return f"its title says {hit[0]!r}"
    for target in panel.get("targets") or []:
        expr = str(target.get("expr") or "") if isinstance(target, dict) else ""
        if _DOWN_TARGETS.search(expr):
            return "it counts targets down"
        if _FIRING.search(expr):
            return "it counts firing alerts"
    return ""


def _coloured_otherwise(panel: dict, defaults: dict) -> bool:
    options = panel.get("options") if isinstance(panel.get("options"), dict) else {}
    if options.get("colorMode") == "none":
        return True
    for mapping in defaults.get("mappings") or []:
        if isinstance(mapping, dict) and "color" in str(mapping.get("options")):
            return True
    config = panel.get("fieldConfig") or {}
    for override in config.get("overrides") or [] if isinstance(config, dict) else []:
        for prop in (override.get("properties") or []) if isinstance(override, dict) else []:
            if isinstance(prop, dict) and str(prop.get("id", "")).startswith(("color", "thresholds")):
                return True
    return False


class DashboardStatRed(Check):
    id = "dashboard-stat-red"
    severity = "error"
    summary = ("A stat or gauge that counts something bad (down, errors, failures, firing alerts) has a threshold "
               "step above its base, so a bad value changes colour.")
    example = 'A "Targets down" stat whose thresholds are one green base step: 3 targets down shows in green.'

    def run(self, ctx):
        for art, path, panel in panels_of_type(ctx, TYPES):
            config = panel.get("fieldConfig")
            defaults = config.get("defaults") if isinstance(config, dict) else None
            thresholds = defaults.get("thresholds") if isinstance(defaults, dict) else None
            steps = thresholds.get("steps") if isinstance(thresholds, dict) else None
            # Absent thresholds get Grafana's default (green, red at 80): only one explicit step never changes.
            if not isinstance(steps, list) or len(steps) != 1 or _coloured_otherwise(panel, defaults):
                continue
            colour = steps[0].get("color") if isinstance(steps[0], dict) else None
            if "red" in str(colour).lower():
                continue  # always red: loud, not hidden
            why = bad_direction(panel)
            if why:
                yield Finding(art, path + ("fieldConfig", "defaults", "thresholds"),
                              f"a higher value is worse ({why}) but the only threshold step is {colour!r}, so it "
                              f"never turns red; add a red step (e.g. from 1)")
