"""Thanos Ruler rule files: the Prometheus rule groups, each with its partial_response_strategy.

Thanos Ruler evaluates through Thanos Query, where a store may answer only partly.
`abort` (the stack default) fails the evaluation so an alert never fires or resolves on
half the data; `warn` evaluates anyway, for recordings that only feed dashboards.
"""

from __future__ import annotations

import copy

from obsgen.artefact import Artefact
from obsgen.targets import of_kind, target_dir

TARGET = "thanos"


def strategy(stack, group_name: str) -> str:
    return stack.thanos.groups.get(group_name, stack.thanos.partial_response_strategy)


def compile(project, artefacts: list) -> list:
    stack = project.stack
    known = {g.name for g in project.groups}
    unknown = sorted(set(stack.thanos.groups) - known)
    if unknown:
        raise ValueError(f"thanos options name rule group {unknown[0]!r}, which the stack does not define")
    out = []
    for art in of_kind(artefacts, "rules"):
        data = copy.deepcopy(art.data)
        for group in data["groups"]:
            group["partial_response_strategy"] = strategy(stack, group["name"])
        name = art.path.rsplit("/", 1)[-1]
        out.append(Artefact(f"{target_dir(stack.name, TARGET)}/rules/{name}", "thanos-rules", data,
                            dict(art.origins), stack.name))
    return out
