"""alertmanager-name-style (house): receiver and time interval names are lowercase."""

from cases import alertmanager, says, table_tests
from obsgen.artefact import Artefact, Origin
from obsgen.checks.alertmanager_name_style import AlertmanagerNameStyle

CHECK = AlertmanagerNameStyle()
HOOK = {"webhook_configs": [{"url": "http://x"}]}


def named(*receivers, intervals=(), old_intervals=(), origins=None):
    data = {"route": {"receiver": receivers[0] if receivers else "default"},
            "receivers": [{"name": n, **HOOK} for n in receivers]}
    if intervals:
        data["time_intervals"] = [{"name": n, "time_intervals": [{"weekdays": ["monday"]}]} for n in intervals]
    if old_intervals:
        data["mute_time_intervals"] = [{"name": n, "time_intervals": []} for n in old_intervals]
    return Artefact("s/alertmanager/alertmanager.yml", "alertmanager", data, origins or {}, "s")


FIRES = [
    ("capitals and a space", named("Ops Slack"),
     says("receiver name 'Ops Slack' is not lowercase letters, digits, '.', '_' and '-' (e.g. ops-slack)",
          where="s/alertmanager/alertmanager.yml $.receivers[0].name")),
    ("second receiver", named("web", "Web_Pager"),
     says("receiver name 'Web_Pager'", where="s/alertmanager/alertmanager.yml $.receivers[1].name")),
    ("leading dash", named("-web"), "receiver name '-web'"),
    ("camel-case time interval", named("web", intervals=["BusinessHours"]),
     says("time interval name 'BusinessHours' is not lowercase letters, digits, '.', '_' and '-' (e.g. business-hours)",
          where="s/alertmanager/alertmanager.yml $.time_intervals[0].name")),
    ("older mute_time_intervals", named("web", old_intervals=["Weekends"]), "time interval name 'Weekends'"),
    ("at the receiver's Python line", named("Ops", origins={("receivers", 0): Origin("receiver 'Ops'", "alertmanager/s.py:9")}),
     says("receiver name 'Ops'", obj="receiver 'Ops'", where="alertmanager/s.py:9")),
]
QUIET = [
    ("house style", named("default", "web-slack", "team.db_pager", "2nd-line", intervals=["business-hours"])),
    ("odd shapes", alertmanager({"receivers": [None, {"name": None}, {"name": 3}, {"name": ""}, {}],
                                 "time_intervals": "x", "mute_time_intervals": [None, 1]})),
    ("not a mapping", alertmanager(["x"])),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
