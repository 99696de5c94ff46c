"""Grafana Mimir (and Cortex): ruler namespace files and the Alertmanager configuration.

`mimirtool rules load|sync|diff` read files holding one `namespace:` and its `groups:`;
a namespace is the unit sync replaces, so it is one per stack or one per team
(`stack.mimir.namespace`). A federated ruler reads other tenants: `source_tenants`
goes on every group when the stack sets it.

`mimirtool alertmanager load alertmanager.yaml <template>...` uploads the config with
its templates, which the config names by bare file name.
"""

from __future__ import annotations

import copy

from obsgen.artefact import Artefact, Origin
from obsgen.model.rules import Alert
from obsgen.targets import alertmanager_files, of_kind, target_dir

TARGET = "mimir"


def group_namespace(stack, group) -> str:
    """The ruler namespace of a rule group: the stack's, or its team's when every alert in it has one team."""
    if stack.mimir.namespace == "team":
        teams = {r.team for r in group.rules if isinstance(r, Alert)}
        if len(teams) == 1:
            return f"{stack.name}-{teams.pop()}"
    return stack.name


def compile(project, artefacts: list) -> list:
    stack = project.stack
    base = target_dir(stack.name, TARGET)
    by_name = {a.data["groups"][0]["name"]: a for a in of_kind(artefacts, "rules")}
    namespaces: dict = {}
    for group in project.groups:
        namespaces.setdefault(group_namespace(stack, group), []).append(group)
    out = []
    for namespace, groups in sorted(namespaces.items()):
        body, origins = [], {(): Origin(f"mimir namespace {namespace!r}", stack.defined_at)}
        for group in groups:
            art = by_name[group.name]
            data = copy.deepcopy(art.data["groups"][0])
            if stack.mimir.source_tenants:
                data["source_tenants"] = list(stack.mimir.source_tenants)
            for path, origin in art.origins.items():
                if path[:2] == ("groups", 0):
                    origins[("groups", len(body)) + path[2:]] = origin
                elif path == ():
                    origins[("groups", len(body))] = origin
            body.append(data)
        out.append(Artefact(f"{base}/rules/{namespace}.yaml", "mimir-rules",
                            {"namespace": namespace, "groups": body}, origins, stack.name))
    out.extend(_alertmanager(stack, artefacts, base))
    return out


def _alertmanager(stack, artefacts: list, base: str) -> list:
    found = alertmanager_files(stack, artefacts)
    if found is None:
        return []
    config, templates = found
    data = copy.deepcopy(config.data)
    if templates:
        # Mimir stores templates by file name; the config refers to them the same way.
        data["templates"] = [name for name, _art in templates]
    out = [Artefact(f"{base}/alertmanager/alertmanager.yaml", "mimir-alertmanager", data, dict(config.origins),
                    stack.name)]
    for name, art in templates:
        out.append(Artefact(f"{base}/alertmanager/{name}", "text", art.data, dict(art.origins),
                            stack.name))
    return out
