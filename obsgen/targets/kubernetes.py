"""Kubernetes resources for prometheus-operator and grafana-operator (or the Grafana sidecar).

- one PrometheusRule per rule group file;
- per scrape job, a ScrapeConfig with its static targets, or a ServiceMonitor when the
  service names the labels of its Kubernetes Service (`Service.selector`);
- the Alertmanager config and its templates as one Secret in the layout
  prometheus-operator mounts (`alertmanager.yaml` plus template keys); secrets stay
  file references, so the Secret holds none;
- dashboards as sidecar ConfigMaps (label and folder annotation) or as grafana-operator
  GrafanaDashboard and GrafanaFolder resources, per `stack.kubernetes.dashboards`;
- a kustomization.yaml listing every resource, for `kubectl apply -k`.

One resource per file, so `obsgen lint` names the manifest and line of a problem.
"""

from __future__ import annotations

import copy
import re

from obsgen.artefact import Artefact, Origin
from obsgen.compile.grafana import folder_slug
from obsgen.serialize import to_json, to_text, to_yaml
from obsgen.targets import alertmanager_files, of_kind, rebase, target_dir, whole

TARGET = "kubernetes"
PROMETHEUS_OPERATOR = "monitoring.coreos.com"
GRAFANA_OPERATOR = "grafana.integreatly.org/v1beta1"
# Where prometheus-operator mounts the Alertmanager config Secret's keys.
ALERTMANAGER_CONFIG_DIR = "/etc/alertmanager/config"


def resource_name(*parts: str) -> str:
    """A DNS-1123 name from parts, dropping a part the next one already starts with (stack prefixes)."""
    words = []
    for part in parts:
        part = re.sub(r"[^a-z0-9-]+", "-", part.lower()).strip("-")
        if words and part.startswith(words[-1] + "-"):
            words[-1] = part
        elif part:
            words.append(part)
    return "-".join(words)[:253].strip("-")


def _metadata(stack, name: str, **extra) -> dict:
    options = stack.kubernetes
    labels = {"app.kubernetes.io/managed-by": "obsgen", "app.kubernetes.io/part-of": stack.name,
              **options.labels, **extra.pop("labels", {})}
    return {"name": name, "namespace": options.namespace, "labels": labels, **extra}


def compile(project, artefacts: list) -> list:
    stack = project.stack
    base = target_dir(stack.name, TARGET)
    out = []
    out += _rules(stack, artefacts, base)
    out += _scrape(stack, base)
    out += _alertmanager(stack, artefacts, base)
    out += _dashboards(stack, artefacts, base)
    resources = sorted(a.path[len(base) + 1:] for a in out)
    out.append(Artefact(f"{base}/kustomization.yaml", "kustomization", {
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "namespace": stack.kubernetes.namespace,
        "resources": resources,
    }, {(): Origin("kubernetes target", stack.defined_at)}, stack.name))
    return out


def _rules(stack, artefacts: list, base: str) -> list:
    out = []
    for art in of_kind(artefacts, "rules"):
        group = art.data["groups"][0]["name"]
        data = {
            "apiVersion": f"{PROMETHEUS_OPERATOR}/v1",
            "kind": "PrometheusRule",
            "metadata": _metadata(stack, resource_name(stack.name, group)),
            "spec": copy.deepcopy(art.data),
        }
        out.append(Artefact(f"{base}/prometheusrules/{resource_name(group)}.yaml", "k8s-resource", data,
                            rebase(art, (), ("spec",)), stack.name))
    return out


def _scrape(stack, base: str) -> list:
    out = []
    for service in stack.services:
        name = resource_name(stack.name, service.job)
        origins = {(): Origin(f"scrape job {service.job!r}", service.defined_at)}
        if service.selector:
            endpoint = {
                "port": service.port,
                "path": service.metrics_path,
                "scheme": service.scheme,
                # The job label is the stack's job name whatever the Service is called,
                # so rules and dashboards select the same series.
                "relabelings": [{"action": "replace", "targetLabel": "job", "replacement": service.job}],
            }
            if service.scrape_interval:
                endpoint["interval"] = service.scrape_interval
            data = {
                "apiVersion": f"{PROMETHEUS_OPERATOR}/v1",
                "kind": "ServiceMonitor",
                "metadata": _metadata(stack, name),
                "spec": {"endpoints": [endpoint], "selector": {"matchLabels": dict(service.selector)}},
            }
            out.append(Artefact(f"{base}/servicemonitors/{name}.yaml", "k8s-resource", data, origins, stack.name))
            continue
        spec = {
            "jobName": service.job,
            "staticConfigs": [{"targets": list(service.targets)}],
            "metricsPath": service.metrics_path,
            "scheme": service.scheme,
        }
        if service.scrape_interval:
            spec["scrapeInterval"] = service.scrape_interval
        data = {"apiVersion": f"{PROMETHEUS_OPERATOR}/v1alpha1", "kind": "ScrapeConfig",
                "metadata": _metadata(stack, name), "spec": spec}
        out.append(Artefact(f"{base}/scrapeconfigs/{name}.yaml", "k8s-resource", data, origins, stack.name))
    return out


def _alertmanager(stack, artefacts: list, base: str) -> list:
    found = alertmanager_files(stack, artefacts)
    if found is None:
        return []
    config, templates = found
    data = copy.deepcopy(config.data)
    if templates:
        data["templates"] = [f"{ALERTMANAGER_CONFIG_DIR}/*.tmpl"]
    # The same bytes the files target writes, but for the template path.
    files = {"alertmanager.yaml": to_yaml(data).decode()}
    for name, art in templates:
        files[name] = to_text(art.data).decode()
    # prometheus-operator's Alertmanager resource reads `alertmanager-<name>` by default.
    secret = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": _metadata(stack, resource_name("alertmanager", stack.name)),
        "type": "Opaque",
        "stringData": files,
    }
    origins = {(): config.origins.get(()) or Origin("alertmanager config", stack.defined_at)}
    return [Artefact(f"{base}/alertmanager/secret.yaml", "k8s-resource", secret, origins, stack.name)]


def _dashboards(stack, artefacts: list, base: str) -> list:
    options = stack.kubernetes
    dashboards = of_kind(artefacts, "dashboard")
    out = []
    folders = {}
    for art in dashboards:
        folder = art.path.split("/")[-2]
        uid = art.data["uid"]
        text = to_json(art.data).decode()
        title = _folder_title(stack, artefacts, folder)
        folders[folder] = title
        if options.dashboards == "sidecar":
            data = {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": _metadata(stack, resource_name("dashboard", uid),
                                      labels={options.sidecar_label: "1"},
                                      annotations={options.folder_annotation: title}),
                "data": {f"{uid}.json": text},
            }
            origins = whole(art, ("data", f"{uid}.json"))
        else:
            data = {
                "apiVersion": GRAFANA_OPERATOR,
                "kind": "GrafanaDashboard",
                "metadata": _metadata(stack, resource_name("dashboard", uid)),
                "spec": {
                    "instanceSelector": {"matchLabels": dict(options.grafana_labels)},
                    "folderRef": resource_name(stack.name, "folder", folder),
                    "uid": uid,
                    "json": text,
                },
            }
            origins = whole(art, ("spec", "json"))
        out.append(Artefact(f"{base}/dashboards/{resource_name(uid)}.yaml", "k8s-resource", data, origins, stack.name))
    if options.dashboards == "operator":
        for folder, title in sorted(folders.items()):
            name = resource_name(stack.name, "folder", folder)
            data = {
                "apiVersion": GRAFANA_OPERATOR,
                "kind": "GrafanaFolder",
                "metadata": _metadata(stack, name),
                "spec": {
                    "instanceSelector": {"matchLabels": dict(options.grafana_labels)},
                    "title": title,
                    # The files target's folder uid, so dashboards keep their place across targets.
                    "uid": f"{stack.name}-{folder}"[:40],
                },
            }
            out.append(Artefact(f"{base}/folders/{name}.yaml", "k8s-resource", data,
                                {(): Origin(f"dashboard folder {title!r}", stack.defined_at)}, stack.name))
    return out


def _folder_title(stack, artefacts: list, slug: str) -> str:
    """The folder's title from the files target's dashboard provider (the slug is its path)."""
    for provider in of_kind(artefacts, "dashboard-provider"):
        for entry in provider.data["providers"]:
            if folder_slug(entry["folder"]) == slug:
                return entry["folder"]
    return slug
