"""Routes name only time intervals the config defines.

Alertmanager refuses to load a config whose route names a mute or active time
interval that neither `time_intervals` nor `mute_time_intervals` defines, and
refuses mute intervals on the root route. Both are caught here at build time,
before amtool sees the file.
"""

from obsgen import routing
from obsgen.checks.base import Check, Finding
from obsgen.checks.receiver_integrations import intervals


class TimeIntervalRefs(Check):
    id = "time-interval-refs"
    severity = "error"
    summary = ("Every name in a route's `mute_time_intervals`/`active_time_intervals` is defined under `time_intervals` "
               "(or the older `mute_time_intervals`), and the root route has neither; Alertmanager refuses the config otherwise.")
    example = "`mute_time_intervals: [bussiness-hours]` when the interval is named `business-hours`."
    mirrors = ("Alertmanager's config loader rejects undefined time interval names and time intervals on the root route: "
               "https://github.com/prometheus/alertmanager/blob/main/config/config.go (checkTimeInterval, Config.UnmarshalYAML)")

    def run(self, ctx):
        for art in ctx.of_kind("alertmanager"):
            config = art.data if isinstance(art.data, dict) else {}
            root = config.get("route")
            if not isinstance(root, dict):
                continue
            known = intervals(config)
            for path, route in routing.walk(root):
                for key in ("mute_time_intervals", "active_time_intervals"):
                    names = route.get(key) or []  # a non-list is skipped below
                    if not isinstance(names, list):
                        continue
                    if path == ("route",) and names:
                        yield Finding(art, path + (key,), f"the root route cannot have {key}; Alertmanager refuses the config")
                        continue
                    for name in names:
                        if name not in known:
                            have = ", ".join(sorted(map(str, known))) or "none"
                            yield Finding(art, path + (key,), f"{key} names {name!r}, which is not defined "
                                                              f"(time intervals: {have}); Alertmanager refuses the config")
