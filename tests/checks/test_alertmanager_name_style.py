"""alertmanager-name-style (house): receiver and time interval names are lowercase."""

import pytest

from obsgen.artefact import Artefact, Origin
from obsgen.checks.alertmanager_name_style import AlertmanagerNameStyle

from cases import found

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


# (id, artefact, [message fragment per finding], where the first finding is)
FIRES = [
    ("capitals and a space", named("Ops Slack"),
     ["receiver name 'Ops Slack' is not lowercase letters, digits, '.', '_' and '-' (e.g. ops-slack)"],
     "s/alertmanager/alertmanager.yml $.receivers[0].name"),
    ("second receiver", named("web", "Web_Pager"), ["'Web_Pager'"], "s/alertmanager/alertmanager.yml $.receivers[1].name"),
    ("leading dash", named("-web"), ["receiver name '-web'"], None),
    ("camel-case time interval", named("web", intervals=["BusinessHours"]),
     ["time interval name 'BusinessHours' is not lowercase letters, digits, '.', '_' and '-' (e.g. business-hours)"],
     "s/alertmanager/alertmanager.yml $.time_intervals[0].name"),
    ("older mute_time_intervals", named("web", old_intervals=["Weekends"]), ["time interval name 'Weekends'"], None),
    ("at the receiver's Python line", named("Ops", origins={("receivers", 0): Origin("receiver 'Ops'", "alertmanager/s.py:9")}),
     ["receiver name 'Ops'"], "alertmanager/s.py:9"),
]
QUIET = [
    ("house style", named("default", "web-slack", "team.db_pager", "2nd-line", intervals=["business-hours"])),
    ("odd shapes", Artefact("s/alertmanager/alertmanager.yml", "alertmanager",
                            {"receivers": [None, {"name": None}, {"name": 3}, {"name": ""}, {}],
                             "time_intervals": "x", "mute_time_intervals": [None, 1]}, {}, "s")),
    ("not a mapping", Artefact("s/alertmanager/alertmanager.yml", "alertmanager", ["x"], {}, "s")),
]


@pytest.mark.parametrize("inputs, messages, where", [pytest.param(*r[1:], id=r[0]) for r in FIRES])
def test_fires(inputs, messages, where):
    problems = found(CHECK, inputs)
    assert len(problems) == len(messages), [p.line() for p in problems]
    assert {p.code for p in problems} == {"alertmanager-name-style"}
    for problem, fragment in zip(problems, messages):
        assert fragment in problem.message
    if where is not None:
        assert problems[0].where == where, problems[0].line()


@pytest.mark.parametrize("inputs", [pytest.param(r[1], id=r[0]) for r in QUIET])
def test_quiet(inputs):
    assert [p.line() for p in found(CHECK, inputs)] == []
