"""Shared by tests/test_targets_*.py: a build of every target, and the offline schemas.

Kubernetes resources are validated against their CRD's openAPIV3Schema made strict:
an object with declared properties accepts no others (the API server would prune an
unknown field silently, and `kubectl apply --validate=strict` rejects it), so a typo
in a field name fails here instead of vanishing in a cluster.
"""

from __future__ import annotations

import copy
import functools
import glob
import json
import os

import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import ROOT

SHARED = os.path.join(os.path.dirname(ROOT), "shared")
CRD_DIR = os.path.join(SHARED, "k8s-crds")
V2_SCHEMA = os.path.join(SHARED, "grafana-schema", "dashboardv2.jsonschema.json")
ALL_TARGETS = ("files", "kubernetes", "mimir", "thanos", "grafana-v2")

needs_crds = pytest.mark.skipif(not os.path.isdir(CRD_DIR), reason=f"CRDs not found at {CRD_DIR} (../shared/k8s-crds)")
needs_v2 = pytest.mark.skipif(not os.path.isfile(V2_SCHEMA),
                              reason=f"v2 dashboard schema not found at {V2_SCHEMA} (../shared/grafana-schema)")


@pytest.fixture(scope="session")
def every_target():
    """{path: bytes} of both stacks built in-process with every target."""
    from obsgen import pipeline

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        outputs, _owners, _stacks = pipeline.build_stacks(ROOT, None, 1, targets=ALL_TARGETS)
    finally:
        os.chdir(cwd)
    return outputs["build"]


def files_of(outputs: dict, target: str, suffix: str = "") -> dict:
    return {p: d for p, d in outputs.items() if p.split("/")[1:2] == [target] and p.endswith(suffix)}


class _Loader(yaml.SafeLoader):
    pass


# The AlertmanagerConfig CRD has a bare `=` (YAML 1.1's value tag) in an enum.
_Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def _strict(schema):
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _strict(v) for k, v in schema.items()}
    if ("properties" in out and "additionalProperties" not in out
            and not out.get("x-kubernetes-preserve-unknown-fields")):
        out["additionalProperties"] = False
    return out


@functools.lru_cache(maxsize=None)
def crd_validators() -> dict:
    """{(apiVersion, kind): Draft7Validator} for every served version of every CRD in ../shared/k8s-crds."""
    out = {}
    for path in sorted(glob.glob(os.path.join(CRD_DIR, "*.yaml"))):
        with open(path) as fh:
            crd = yaml.load(fh, Loader=_Loader)
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                schema = _strict(copy.deepcopy(version["schema"]["openAPIV3Schema"]))
                out[(f"{group}/{version['name']}", kind)] = Draft7Validator(schema)
    return out


@functools.lru_cache(maxsize=None)
def v2_validator() -> Draft7Validator:
    with open(V2_SCHEMA) as fh:
        schema = json.load(fh)
    return Draft7Validator({**schema, "$ref": "#/definitions/Dashboard"})


def errors(validator, data) -> list:
    return [f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message[:200]}" for e in validator.iter_errors(data)]
