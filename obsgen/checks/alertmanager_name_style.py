"""Receiver and time interval names are lowercase: `team-slack`, `business-hours`.

Alertmanager takes any non-empty string as a name; routes, routing tables and
the alerting docs refer to these names, so writing them one way (lowercase
letters, digits, `.`, `_`, `-`, starting with a letter or digit) keeps them
typeable in amtool and URLs. A house convention.
"""

import re

from obsgen.checks import plain
from obsgen.checks.base import Check, Finding

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# Where Alertmanager keeps named objects: receivers, time intervals and the older mute_time_intervals.
_LISTS = (("receivers", "receiver"), ("time_intervals", "time interval"), ("mute_time_intervals", "time interval"))


class AlertmanagerNameStyle(Check):
    id = "alertmanager-name-style"
    severity = "error"
    house = True
    summary = ("Receiver and time interval names are lowercase letters, digits, `.`, `_` and `-`, "
               "starting with a letter or digit.")
    example = "A receiver named `Ops Slack` or a time interval named `BusinessHours`."

    def run(self, ctx):
        for art in ctx.of_kind("alertmanager"):
            data = art.data if isinstance(art.data, dict) else {}
            for key, what in _LISTS:
                for index, entry in enumerate(plain.seq(data.get(key))):
                    name = entry.get("name") if isinstance(entry, dict) else None
                    if isinstance(name, str) and name and not NAME.match(name):
                        yield Finding(art, (key, index, "name"),
                                      f"{what} name {name!r} is not lowercase letters, digits, '.', '_' and '-' "
                                      f"(e.g. {_suggest(name)})")


def _suggest(name: str) -> str:
    """`Ops Slack` -> `ops-slack`, `BusinessHours` -> `business-hours`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name)
    return re.sub(r"[^a-z0-9_.]+", "-", spaced.lower()).strip("-") or "team-slack"
