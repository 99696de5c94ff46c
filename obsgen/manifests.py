"""Kubernetes manifests that carry monitoring files, unwrapped for `obsgen lint`.

Clusters keep dashboards and rules inside other objects: prometheus-operator's
PrometheusRule (`spec.groups`), ConfigMaps read by Grafana's dashboard sidecar or
mounted as rule files, the Secret holding `alertmanager.yaml`, grafana-operator's
GrafanaDashboard (`spec.json`, `spec.gzipJson`), and `List` objects as
`kubectl get -o yaml` and kustomize print them. Each embedded document becomes an
Artefact of its own whose findings point into the manifest: at the exact line and
column inside a block scalar (`|`), else at the start of the value.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json

import yaml

from obsgen.artefact import Artefact
from obsgen.errors import Problem
from obsgen.positions import Embedded, yaml_nodes

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DATA_SUFFIXES = (".json", ".yaml", ".yml", ".rules", ".tmpl")


def is_manifest(doc) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("apiVersion"), str) and isinstance(doc.get("kind"), str)


def _name(doc) -> str:
    meta = doc.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    return f"{doc.get('kind')}/{name if isinstance(name, str) else '?'}"


class _Nodes:
    """YAML nodes of the manifest file, composed once and only when an embedded value needs them."""

    def __init__(self, text: str):
        self.text, self._docs = text, None

    def node(self, index: int, path: tuple):
        if self._docs is None:
            try:
                # JSON is YAML 1.2; libyaml reads the JSON kubectl prints, which is all we need positions for.
                self._docs = yaml_nodes(self.text)
            except yaml.YAMLError:
                self._docs = []
        return self._docs[index].get(path) if index < len(self._docs) else None


def unwrap(doc, text: str, index: int, shown: str, stack: str, locate) -> tuple:
    """(artefacts, problems) for one manifest document, `locate` giving positions in the manifest."""
    from obsgen.lint import classify, unwrap_export

    nodes = _Nodes(text)
    artefacts, problems = [], []

    def add(kind, data, within, locate_inner):
        artefacts.append(Artefact(shown, kind, data, {}, stack, locate=locate_inner, within=within))

    def visit(obj, prefix: tuple):
        if not is_manifest(obj):
            return
        kind, api = obj["kind"], obj["apiVersion"]
        spec = obj.get("spec")
        if kind.endswith("List") and isinstance(obj.get("items"), list):
            for i, item in enumerate(obj["items"]):
                visit(item, prefix + ("items", i))
        elif kind == "PrometheusRule" and api.startswith("monitoring.coreos.com/") and isinstance(spec, dict):
            add("rules", spec, _name(obj), lambda p, pre=prefix + ("spec",): locate(pre + tuple(p)))
        elif kind in ("ConfigMap", "Secret") and api == "v1":
            for section in ("data", "stringData", "binaryData"):
                entries = obj.get(section)
                if not isinstance(entries, dict):
                    continue
                for key, value in entries.items():
                    embedded(obj, prefix + (section, key), key, value, encoded=section == "binaryData"
                             or (kind == "Secret" and section == "data"))
        elif kind == "GrafanaDashboard" and api.startswith("grafana.integreatly.org/") and isinstance(spec, dict):
            if isinstance(spec.get("json"), str):
                embedded(obj, prefix + ("spec", "json"), "json.json", spec["json"], encoded=False)
            elif isinstance(spec.get("gzipJson"), str):
                embedded(obj, prefix + ("spec", "gzipJson"), "json.json", spec["gzipJson"], encoded=True, gz=True)

    def embedded(obj, path: tuple, key, value, encoded: bool, gz: bool = False):
        key = str(key)
        within = f"{_name(obj)}[{key}]"
        if not isinstance(value, str):
            return
        inner = value
        if encoded:
            try:
                raw = base64.b64decode(value, validate=False)
                inner = (gzip.decompress(raw) if gz else raw).decode("utf-8")
            except (binascii.Error, ValueError, OSError, EOFError, UnicodeDecodeError):
                if key.endswith(_DATA_SUFFIXES) or gz:
                    problems.append(_problem(stack, shown, within, locate(path), "is not base64-encoded UTF-8 text"))
                return
        if key.endswith(".tmpl"):
            return  # notification templates: text for Alertmanager, not a document
        stripped = inner.lstrip()
        is_json = key.endswith(".json") or (stripped.startswith(("{", "[")) and not stripped.startswith("{{"))
        try:
            data = json.loads(inner) if is_json else yaml.load(inner, Loader=_LOADER)
        except (ValueError, yaml.YAMLError, RecursionError) as exc:
            if key.endswith(_DATA_SUFFIXES):
                problems.append(_problem(stack, shown, within, locate(path),
                                         f"does not parse: {' '.join(str(exc).split())}"))
            return
        data, export_prefix = unwrap_export(data)
        found = classify(data)
        if found is None or found == "catalog":
            return
        node = None if encoded else nodes.node(index, path)
        if node is None:
            def at(p, path=path):
                return locate(path)
        else:
            place = Embedded(text, node, inner, "json" if is_json else "yaml")

            def at(p, place=place, pre=export_prefix):
                return place.locate(pre + tuple(p))
        add(found, data, within, at)

    visit(doc, ())
    return artefacts, problems


def _problem(stack, shown, within, position, message) -> Problem:
    where = f"{shown}:{position[0]}:{position[1]}" if position else shown
    return Problem("lint-read", stack, within, where, message, file=shown,
                   line_no=position[0] if position else 0, column=position[1] if position else 0)
