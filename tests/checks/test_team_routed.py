"""team-routed (house): in a build, every team of the stack has a route below the root naming it."""

import types

import pytest

from obsgen.artefact import Artefact, Origin
from obsgen.checks.team_routed import TeamRouted
from obsgen.model.stack import Team

from cases import alert, am, found, rules

CHECK = TeamRouted()
WEB, DBA = Team("web", "Web"), Team("dba", "Databases")


def stack(*teams):
    """What the check reads of a Stack: its teams."""
    return types.SimpleNamespace(teams=teams)


def route(*matchers, **extra):
    return {"receiver": "web", "matchers": list(matchers), **extra}


# (id, artefacts, stack, [message fragment per finding])
FIRES = [
    ("team with no route", am([route('team="web"')]), stack(WEB, DBA),
     [f"team 'dba' ({DBA.defined_at}) has no route: no route matches team=\"dba\", so its alerts would fall through "
      "to the root receiver 'default'"]),
    ("only the root names it", Artefact("s/alertmanager/alertmanager.yml", "alertmanager", {
        "route": {"receiver": "default", "matchers": ['team="dba"'], "routes": [route('team="web"')]}}, {}, "s"),
     stack(WEB, DBA), ["team 'dba'"]),
    ("a negative matcher does not route it", am([route('team="web"'), route('team!="web"')]), stack(WEB, DBA),
     ["team 'dba'"]),
    ("regex that misses", am([route('team=~"web|db"')]), stack(WEB, DBA), ["team 'dba'"]),
    ("two teams, two findings", am([route('severity="critical"')]), stack(WEB, DBA), ["team 'web'", "team 'dba'"]),
]
QUIET = [
    ("every team routed", am([route('team="web"'), route('team="dba"')]), stack(WEB, DBA)),
    ("routed by regex", am([route('team=~"web|dba"')]), stack(WEB, DBA)),
    ("routed deeper in the tree", am([route('severity="critical"', routes=[route('team="dba"')]),
                                      route('team="web"')]), stack(WEB, DBA)),
    ("routed by the older match", am([{"receiver": "web", "match": {"team": "dba"}}, route('team="web"')]),
     stack(WEB, DBA)),
    # alert-routing-default judges a team with alerts by their real labels: one finding per cause.
    ("a team with alerts", (am([route('team="web"')]), rules(alert(labels={"team": "dba"}))), stack(WEB, DBA)),
    ("only a root receiver, by design", am([]), stack(WEB, DBA)),
    ("no stack (obsgen lint)", am([route('severity="critical"')]), None),
    ("odd shapes", Artefact("s/alertmanager/alertmanager.yml", "alertmanager", {
        "route": {"receiver": "default", "routes": [None, {"matchers": "x"}, {"match": [1]}, route(3, 'team="web"')]}},
        {}, "s"), stack(WEB)),
]


def test_the_finding_is_at_the_root_route():
    origins = {("route",): Origin("route 'default'", "alertmanager/s.py:8")}
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", am([route('team="web"')]).data, origins, "s")
    [problem] = found(CHECK, art, stack=stack(WEB, DBA))
    assert (problem.obj, problem.where) == ("route 'default'", "alertmanager/s.py:8")


@pytest.mark.parametrize("inputs, owner, messages", [pytest.param(*r[1:], id=r[0]) for r in FIRES])
def test_fires(inputs, owner, messages):
    problems = found(CHECK, *(inputs if isinstance(inputs, tuple) else (inputs,)), stack=owner)
    assert len(problems) == len(messages), [p.line() for p in problems]
    assert {p.code for p in problems} == {"team-routed"}
    for problem, fragment in zip(problems, messages):
        assert fragment in problem.message


@pytest.mark.parametrize("inputs, owner", [pytest.param(*r[1:], id=r[0]) for r in QUIET])
def test_quiet(inputs, owner):
    assert [p.line() for p in found(CHECK, *(inputs if isinstance(inputs, tuple) else (inputs,)), stack=owner)] == []
