"""time-interval-refs: every mute_time_intervals and active_time_intervals name is defined (under
time_intervals or the older mute_time_intervals), or Alertmanager refuses the config."""

from cases import alertmanager, says, table_tests
from obsgen.checks.time_interval_refs import TimeIntervalRefs

CHECK = TimeIntervalRefs()
DEFINED = {"time_intervals": [{"name": "hours", "time_intervals": [{"weekdays": ["monday:friday"]}]}]}
OLD = {"mute_time_intervals": [{"name": "hours", "time_intervals": []}]}


def config(route, extra):
    return alertmanager({"route": route, "receivers": [{"name": "r"}], **extra})


def below(**refs):
    return {"receiver": "r", "routes": [{"receiver": "r", **refs}]}


FIRES = [
    ("misspelt", config(below(mute_time_intervals=["hour"]), DEFINED),
     says("mute_time_intervals names 'hour', which is not defined", where="$.route.routes[0].mute_time_intervals")),
    ("misspelt on a route with no receiver", config({"receiver": "r", "routes": [{"mute_time_intervals": ["hour"]}]}, DEFINED),
     "mute_time_intervals names 'hour', which is not defined (time intervals: hours); Alertmanager refuses the config"),
    ("none defined", config(below(active_time_intervals=["hours"]), {}),
     "active_time_intervals names 'hours', which is not defined (time intervals: none)"),
    ("on the root", config({"receiver": "r", "mute_time_intervals": ["hours"]}, DEFINED),
     says("the root route cannot have mute_time_intervals; Alertmanager refuses the config", where="$.route.mute_time_intervals")),
    ("nested, one of two names", config({"receiver": "r", "routes": [{"routes": [{"active_time_intervals": ["x", "hours"]}]}]},
                                        DEFINED),
     says("active_time_intervals names 'x', which is not defined", where="$.route.routes[0].routes[0].active_time_intervals")),
]
QUIET = [
    ("defined", config(below(mute_time_intervals=["hours"]), DEFINED)),
    ("defined under the older key", config(below(active_time_intervals=["hours"]), OLD)),
    ("no references", config({"receiver": "r"}, {})),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
