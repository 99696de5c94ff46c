"""Delivery targets: the same compiled definitions, packaged for what a team runs.

`files` is the provisioning layout (build/<stack>/grafana, prometheus, alertmanager),
always compiled and checked first. Every other target is a pure function of those
checked artefacts and the stack, and writes below build/<stack>/<target>/:

- `kubernetes`: prometheus-operator and grafana-operator (or Grafana sidecar) resources
  and a kustomization.yaml (kubernetes.py);
- `mimir`: ruler namespace files and an Alertmanager config for mimirtool (mimir.py);
- `thanos`: Thanos Ruler rule files (thanos.py);
- `grafana-v2`: dashboards as Grafana 13 `dashboard.grafana.app/v2` resources (grafana_v2.py).

A target repackages; it never recompiles a query or a threshold, so every target
carries exactly what the checks proved on the files.
"""

from __future__ import annotations

import importlib

from obsgen.artefact import Artefact, Origin
from obsgen.model.stack import TARGETS

FILES = "files"
_MODULES = {"kubernetes": "kubernetes", "mimir": "mimir", "thanos": "thanos", "grafana-v2": "grafana_v2"}
# Artefact kinds the targets emit. No build check reads them (they repackage files the
# checks already proved); `obsgen lint` reads them back from disk.
JSON_KINDS = ("dashboard-v2",)


def compile_targets(project, artefacts: list, targets) -> list:
    """The artefacts of every non-`files` target in `targets`, from the `files` artefacts."""
    out = []
    for target in targets:
        if target == FILES:
            continue
        module = importlib.import_module(f"obsgen.targets.{_MODULES[target]}")
        out.extend(module.compile(project, artefacts))
    return out


def alertmanager_files(stack, artefacts: list):
    """(compiled alertmanager.yml, [(template file name, template artefact)]) of the stack, or None without one."""
    from obsgen.compile.alertmanager import TEMPLATES_DIR

    configs = of_kind(artefacts, "alertmanager")
    if not configs:
        return None
    prefix = f"{stack.name}/alertmanager/{TEMPLATES_DIR}/"
    return configs[0], [(a.path[len(prefix):], a) for a in artefacts if a.root == "build" and a.path.startswith(prefix)]


def target_dir(stack: str, target: str) -> str:
    return f"{stack}/{target}"


def of_kind(artefacts: list, kind: str) -> list:
    return [a for a in artefacts if a.kind == kind and a.root == "build"]


def rebase(art: Artefact, old: tuple, new: tuple) -> dict:
    """`art`'s origins for a file that holds its data at `new` instead of `old`.

    The root origin stays at the root too, so a finding anywhere in the new file still
    names the definition.
    """
    origins = {new + path[len(old):]: origin for path, origin in art.origins.items() if path[: len(old)] == old}
    if () in art.origins:
        origins.setdefault((), art.origins[()])
    return origins


def whole(art: Artefact, new: tuple) -> dict:
    """Origins for a file that embeds `art` as one value at `new` (e.g. a dashboard's JSON as a string)."""
    origin = art.origins.get(()) or Origin(art.path, art.path)
    return {(): origin, new: origin}


def path_target(rel: str) -> str:
    """The target a build path belongs to: `<stack>/<target>/...`, else `files`."""
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 and parts[1] in TARGETS and parts[1] != FILES else FILES


def scope(targets) -> object:
    """For a build of only `targets`: which existing build paths that build owns (None: all)."""
    if targets is None:
        return None
    chosen = set(targets)
    return lambda rel: path_target(rel) in chosen
