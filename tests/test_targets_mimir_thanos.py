"""The mimir and thanos targets: the files' rule groups in the layouts mimirtool and Thanos Ruler read."""

from __future__ import annotations

import attr
import pytest
import yaml

from obsgen import loader, pipeline, targets
from obsgen.errors import UserError
from obsgen.model.stack import MimirOptions, ThanosOptions
from conftest import ROOT
from targets_support import every_target, files_of  # noqa: F401


def _groups(outputs, stack) -> dict:
    return {yaml.safe_load(d)["groups"][0]["name"]: yaml.safe_load(d)["groups"][0]
            for p, d in outputs.items() if p.startswith(f"{stack}/prometheus/rules/")}


@pytest.mark.parametrize("stack", ["brainbytes", "copilotos"])
def test_mimir_namespace_file_holds_every_group_unchanged(every_target, stack):
    files = files_of(every_target, "mimir")
    (rules,) = [yaml.safe_load(d) for p, d in files.items() if p.startswith(f"{stack}/mimir/rules/")]
    assert set(rules) == {"namespace", "groups"} and rules["namespace"] == stack
    assert {g["name"]: g for g in rules["groups"]} == _groups(every_target, stack)


@pytest.mark.parametrize("stack", ["brainbytes", "copilotos"])
def test_mimir_alertmanager_names_templates_by_file_name(every_target, stack):
    config = yaml.safe_load(every_target[f"{stack}/mimir/alertmanager/alertmanager.yaml"])
    plain = yaml.safe_load(every_target[f"{stack}/alertmanager/alertmanager.yml"])
    assert config["templates"] == ["obsgen.tmpl"]
    assert {k: v for k, v in config.items() if k != "templates"} == {k: v for k, v in plain.items() if k != "templates"}
    assert every_target[f"{stack}/mimir/alertmanager/obsgen.tmpl"] == every_target[f"{stack}/alertmanager/templates/obsgen.tmpl"]


def _project(name="brainbytes", **changes):
    (proj,) = loader.load(ROOT, name)
    return attr.evolve(proj, stack=attr.evolve(proj.stack, **changes))


def test_mimir_namespace_per_team_and_source_tenants():
    proj = _project(mimir=MimirOptions(namespace="team", source_tenants=("team-a", "team-b")))
    out = targets.compile_targets(proj, pipeline.compile_project(proj), ("mimir",))
    files = {a.data["namespace"]: a.data for a in out if a.kind == "mimir-rules"}
    # Groups whose alerts all belong to one team go to that team's namespace; the rest stay with the stack.
    teams = {g.name: {a.team for a in g.alerts} for g in proj.groups}
    want = {name: f"brainbytes-{next(iter(owners))}" if len(owners) == 1 else "brainbytes" for name, owners in teams.items()}
    assert {g["name"]: ns for ns, f in files.items() for g in f["groups"]} == want
    assert set(files) == {"brainbytes"} | {f"brainbytes-{t.name}" for t in proj.stack.teams}
    every = [g for f in files.values() for g in f["groups"]]
    assert all(g["source_tenants"] == ["team-a", "team-b"] for g in every)
    for art in out:
        if art.kind == "mimir-rules":
            assert art.path == f"brainbytes/mimir/rules/{art.data['namespace']}.yaml"


@pytest.mark.parametrize("stack", ["brainbytes", "copilotos"])
def test_thanos_rule_files_add_the_partial_response_strategy(every_target, stack):
    plain = _groups(every_target, stack)
    files = files_of(every_target, "thanos")
    found = {}
    for path, data in files.items():
        if path.startswith(f"{stack}/"):
            (group,) = yaml.safe_load(data)["groups"]
            assert group.pop("partial_response_strategy") == "abort"
            found[group["name"]] = group
    assert found == plain


def test_thanos_strategy_per_group_and_unknown_group_is_a_user_error():
    proj = _project(thanos=ThanosOptions(partial_response_strategy="warn", groups={"brainbytes-availability": "abort"}))
    out = targets.compile_targets(proj, pipeline.compile_project(proj), ("thanos",))
    strategies = {a.data["groups"][0]["name"]: a.data["groups"][0]["partial_response_strategy"] for a in out}
    assert strategies.pop("brainbytes-availability") == "abort"
    assert set(strategies.values()) == {"warn"}
    bad = _project(thanos=ThanosOptions(groups={"brainbytes-availabilty": "warn"}))
    with pytest.raises(UserError) as err:
        pipeline.deliver(bad, pipeline.compile_project(bad), ("thanos",))
    (problem,) = err.value.problems
    assert problem.code == "target" and "brainbytes-availabilty" in problem.message
    assert problem.where.startswith("stacks/brainbytes.py:")


def test_unknown_strategy_and_target_names_are_rejected_when_defined():
    with pytest.raises(ValueError):
        ThanosOptions(partial_response_strategy="ignore")
    with pytest.raises(ValueError):
        _project(targets=("files", "kubernetess"))
    with pytest.raises(ValueError):
        _project(targets=())
