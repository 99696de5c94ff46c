"""Route and inhibit regex matchers compile as Go's RE2 compiles them.

Alertmanager compiles every `=~`/`!~` value (and `match_re`) with Go's regexp
when it loads the config, and refuses the whole file when one does not
compile. RE2 has no lookaround, backreferences or atomic groups; a pattern
with unbalanced brackets or a repeat of nothing fails in both engines. Where
only Python's engine objects (`\\pL`, `\\z`, `\\Q..\\E` are valid RE2), nothing
is said.
"""

from __future__ import annotations

import re
import warnings

from obsgen import routing
from obsgen.checks import plain
from obsgen.checks.base import Check, Finding

# Constructs RE2 rejects that Python's re accepts.
_NOT_RE2 = [
    (re.compile(r"\(\?<?[=!]"), "lookaround ((?=, (?!, (?<=, (?<!)"),
    (re.compile(r"\(\?>"), "an atomic group ((?>)"),
    (re.compile(r"(?<!\\)(?:\\\\)*\\[1-9]"), "a backreference (\\1)"),
]


def problem(pattern: str) -> str | None:
    """Why RE2 would refuse `pattern`, or None when it compiles (or when unsure)."""
    for found, what in _NOT_RE2:
        if found.search(pattern):
            return f"uses {what}, which Go's RE2 does not support"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "possible nested set" for [[:alpha:]], valid RE2
            re.compile(pattern)
    except re.error as exc:
        if "bad escape" in exc.msg or "unknown extension" in exc.msg or "bad inline flags" in exc.msg:
            return None  # RE2 knows escapes and flags Python does not
        return f"does not compile: {exc.msg}"
    return None


class MatcherRegex(Check):
    id = "matcher-regex"
    severity = "error"
    summary = ("Every regex in Alertmanager route and inhibit matchers (`=~`, `!~`, `match_re`) compiles as Go's RE2 "
               "compiles it; Alertmanager refuses the whole config otherwise.")
    example = "`matchers: [service=~\"api(-v2\"]`, or a lookahead `alertname=~\"(?!Watchdog).*\"`."
    mirrors = ("Alertmanager compiles matcher regexes with Go's regexp (RE2 syntax) while loading: "
               "https://github.com/prometheus/alertmanager/blob/main/pkg/labels/matcher.go (NewMatcher) and "
               "https://github.com/google/re2/wiki/Syntax")

    def run(self, ctx):
        for art in ctx.of_kind("alertmanager"):
            config = art.data if isinstance(art.data, dict) else {}
            sides = []
            if isinstance(config.get("route"), dict):
                sides += [(path, node, "") for path, node in routing.walk(config["route"])]
            for index, rule in enumerate(plain.seq(config.get("inhibit_rules"))):
                if isinstance(rule, dict):
                    sides += [(("inhibit_rules", index), rule, p) for p in ("source_", "target_")]
            for path, node, prefix in sides:
                for label, op, value in plain.matchers(node, prefix):
                    if op not in ("=~", "!~"):
                        continue
                    why = problem(value)
                    if why:
                        yield Finding(art, path, f"matcher {label}{op}{value!r} {why}; Alertmanager refuses the config")
