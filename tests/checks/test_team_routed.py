"""team-routed (house): in a build, every team of the stack has a route below the root naming it."""

import types


from cases import alert, alertmanager, am, found, given, rules, says, table_tests
from obsgen.artefact import Artefact, Origin
from obsgen.checks.team_routed import TeamRouted
from obsgen.model.stack import Team

CHECK = TeamRouted()
WEB, DBA = Team("web", "Web"), Team("dba", "Databases")


def stack(*teams):
    """What the check reads of a Stack: its teams."""
    return types.SimpleNamespace(teams=teams)


BOTH = stack(WEB, DBA)


def route(*matchers, **extra):
    return {"receiver": "web", "matchers": list(matchers), **extra}


FIRES = [
    ("team with no route", given(am([route('team="web"')]), stack=BOTH),
     says(f"team 'dba' ({DBA.defined_at}) has no route: no route matches team=\"dba\", so its alerts would fall "
          "through to the root receiver 'default'", where="s/alertmanager/alertmanager.yml $.route")),
    ("only the root names it", given(alertmanager({"route": {"receiver": "default", "matchers": ['team="dba"'],
                                                             "routes": [route('team="web"')]}}), stack=BOTH), "team 'dba'"),
    ("a negative matcher does not route it", given(am([route('team="web"'), route('team!="web"')]), stack=BOTH),
     "team 'dba'"),
    ("regex that misses", given(am([route('team=~"web|db"')]), stack=BOTH), "team 'dba'"),
    ("two teams, two findings", given(am([route('severity="critical"')]), stack=BOTH), says("team 'web'", "team 'dba'")),
]
QUIET = [
    ("every team routed", given(am([route('team="web"'), route('team="dba"')]), stack=BOTH)),
    ("routed by regex", given(am([route('team=~"web|dba"')]), stack=BOTH)),
    ("routed deeper in the tree", given(am([route('severity="critical"', routes=[route('team="dba"')]),
                                            route('team="web"')]), stack=BOTH)),
    ("routed by the older match", given(am([{"receiver": "web", "match": {"team": "dba"}}, route('team="web"')]),
                                        stack=BOTH)),
    # alert-routing-default judges a team with alerts by their real labels: one finding per cause.
    ("a team with alerts", given(am([route('team="web"')]), rules(alert(labels={"team": "dba"})), stack=BOTH)),
    ("only a root receiver, by design", given(am([]), stack=BOTH)),
    ("no stack (obsgen lint)", given(am([route('severity="critical"')]))),
    ("odd shapes", given(alertmanager({"route": {"receiver": "default", "routes": [
        None, {"matchers": "x"}, {"match": [1]}, route(3, 'team="web"')]}}), stack=stack(WEB))),
    ("no usable routes", given(alertmanager({"route": {"receiver": "default", "routes": [None, "x"]}}), stack=BOTH)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_the_finding_is_at_the_root_routes_python_line():
    origins = {("route",): Origin("route 'default'", "alertmanager/s.py:8")}
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", am([route('team="web"')]).data, origins, "s")
    [problem] = found(CHECK, art, stack=BOTH)
    assert (problem.obj, problem.where) == ("route 'default'", "alertmanager/s.py:8")
