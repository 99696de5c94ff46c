"""The kubernetes target: every resource validates offline, and it carries what the files carry."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from obsgen.model.stack import KubernetesOptions, Service
from targets_support import crd_validators, errors, every_target, files_of, needs_crds  # noqa: F401

_DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
CORE = {("v1", "ConfigMap"), ("v1", "Secret")}


def _resources(outputs) -> dict:
    return {p: yaml.safe_load(d) for p, d in files_of(outputs, "kubernetes").items()
            if not p.endswith("kustomization.yaml")}


def _core_shape(doc) -> list:
    """ConfigMap and Secret have no CRD here: the fields the API server requires, and string data."""
    problems = []
    key = "data" if doc["kind"] == "ConfigMap" else "stringData"
    extra = set(doc) - {"apiVersion", "kind", "metadata", key, "type"}
    if extra:
        problems.append(f"unexpected fields {sorted(extra)}")
    values = doc.get(key)
    if not isinstance(values, dict) or not values:
        problems.append(f"{key} must be a non-empty mapping")
    elif not all(isinstance(k, str) and re.fullmatch(r"[-._a-zA-Z0-9]+", k) and isinstance(v, str)
                 for k, v in values.items()):
        problems.append(f"{key} keys must be file names and values strings")
    elif sum(len(v.encode()) for v in values.values()) > 1024 * 1024:
        problems.append("over the 1 MiB object limit")
    return problems


def _metadata(doc) -> list:
    meta = doc.get("metadata") or {}
    problems = []
    if not _DNS1123.match(meta.get("name", "")) or len(meta["name"]) > 253:
        problems.append(f"name {meta.get('name')!r} is not a DNS-1123 subdomain")
    if not _DNS1123.match(meta.get("namespace", "")):
        problems.append(f"namespace {meta.get('namespace')!r} is invalid")
    for table in ("labels", "annotations"):
        if not all(isinstance(v, str) for v in (meta.get(table) or {}).values()):
            problems.append(f"{table} values must be strings")
    if set(meta) - {"name", "namespace", "labels", "annotations"}:
        problems.append(f"unexpected metadata {sorted(set(meta) - {'name', 'namespace', 'labels', 'annotations'})}")
    return problems


@pytest.mark.slow
@needs_crds
def test_every_resource_validates_against_its_crd_or_core_shape(every_target):
    validators = crd_validators()
    resources = _resources(every_target)
    kinds = {(d["apiVersion"], d["kind"]) for d in resources.values()}
    assert {("monitoring.coreos.com/v1", "PrometheusRule"), ("monitoring.coreos.com/v1alpha1", "ScrapeConfig"),
            ("v1", "Secret"), ("v1", "ConfigMap")} <= kinds
    problems = []
    for path, doc in sorted(resources.items()):
        key = (doc["apiVersion"], doc["kind"])
        found = _metadata(doc) + (_core_shape(doc) if key in CORE else errors(validators[key], doc))
        problems += [f"{path}: {p}" for p in found]
    assert problems == []


def test_kustomization_lists_exactly_the_resources(every_target):
    for stack in ("brainbytes", "copilotos"):
        files = files_of(every_target, "kubernetes")
        base = f"{stack}/kubernetes/"
        kustomization = yaml.safe_load(files[base + "kustomization.yaml"])
        assert kustomization["apiVersion"] == "kustomize.config.k8s.io/v1beta1"
        assert kustomization["kind"] == "Kustomization"
        listed = kustomization["resources"]
        assert listed == sorted(listed)
        assert set(listed) == {p[len(base):] for p in files if p.startswith(base)} - {"kustomization.yaml"}


def test_one_prometheusrule_per_rule_file_with_the_same_groups(every_target):
    for path, data in every_target.items():
        if "/prometheus/rules/" not in path:
            continue
        stack, name = path.split("/")[0], path.rsplit("/", 1)[1][: -len(".yml")]
        rule = yaml.safe_load(every_target[f"{stack}/kubernetes/prometheusrules/{name}.yaml"])
        assert rule["kind"] == "PrometheusRule"
        assert rule["spec"] == yaml.safe_load(data)


def test_scrape_jobs_become_scrapeconfigs_with_the_same_targets(every_target):
    config = yaml.safe_load(every_target["brainbytes/prometheus/prometheus.yml"])
    configs = [yaml.safe_load(d) for p, d in files_of(every_target, "kubernetes").items() if "/scrapeconfigs/" in p
               and p.startswith("brainbytes/")]
    by_job = {c["spec"]["jobName"]: c["spec"] for c in configs}
    assert set(by_job) == {j["job_name"] for j in config["scrape_configs"]}
    for job in config["scrape_configs"]:
        spec = by_job[job["job_name"]]
        assert spec["staticConfigs"] == job["static_configs"]
        assert (spec["metricsPath"], spec["scheme"]) == (job["metrics_path"], job["scheme"])
        assert spec.get("scrapeInterval") == job.get("scrape_interval")


def test_alertmanager_secret_holds_the_config_and_templates_by_mount_path(every_target):
    secret = yaml.safe_load(every_target["brainbytes/kubernetes/alertmanager/secret.yaml"])
    files = secret["stringData"]
    config = yaml.safe_load(files["alertmanager.yaml"])
    plain = yaml.safe_load(every_target["brainbytes/alertmanager/alertmanager.yml"])
    assert config["templates"] == ["/etc/alertmanager/config/*.tmpl"]
    assert {k: v for k, v in config.items() if k != "templates"} == {k: v for k, v in plain.items() if k != "templates"}
    assert files["obsgen.tmpl"].encode() == every_target["brainbytes/alertmanager/templates/obsgen.tmpl"]
    # Secrets stay file references: nothing secret is inlined.
    assert "_file:" in files["alertmanager.yaml"] and "api_url:" not in files["alertmanager.yaml"]


def test_sidecar_configmaps_carry_the_dashboard_json_label_and_folder(every_target):
    for path, data in every_target.items():
        if "/grafana/dashboards/" not in path:
            continue
        stack, uid = path.split("/")[0], path.rsplit("/", 1)[1][: -len(".json")]
        cm = yaml.safe_load(every_target[f"{stack}/kubernetes/dashboards/{uid}.yaml"])
        assert cm["kind"] == "ConfigMap"
        assert cm["metadata"]["labels"]["grafana_dashboard"] == "1"
        assert cm["metadata"]["annotations"]["grafana_folder"] in ("BrainBytes", "Copilotos Bridge")
        assert cm["data"] == {f"{uid}.json": data.decode()}


@needs_crds
def test_operator_kind_and_service_selector(project):
    """A stack choosing grafana-operator gets GrafanaDashboard + GrafanaFolder; a selector gives a ServiceMonitor."""
    import attr

    from obsgen import loader, pipeline, targets
    from obsgen.compile.grafana import folder_slug

    (proj,) = loader.load(str(project), "copilotos")
    stack = proj.stack
    api = stack.service("copilotos-api")
    services = tuple(attr.evolve(s, selector={"app": "copilotos-api"}, port="http") if s is api else s
                     for s in stack.services)
    stack = attr.evolve(stack, services=services, kubernetes=KubernetesOptions(namespace="obs", dashboards="operator"))
    proj = attr.evolve(proj, stack=stack)
    artefacts = pipeline.compile_project(proj)
    out = targets.compile_targets(proj, artefacts, ("kubernetes",))
    docs = {a.path: a.data for a in out}
    validators = crd_validators()
    for path, doc in docs.items():
        if doc["kind"] == "Kustomization":
            continue
        key = (doc["apiVersion"], doc["kind"])
        assert (_core_shape(doc) if key in CORE else errors(validators[key], doc)) + _metadata(doc) == [], path
        assert doc["metadata"]["namespace"] == "obs"
    monitor = docs["copilotos/kubernetes/servicemonitors/copilotos-api.yaml"]
    assert monitor["spec"]["selector"] == {"matchLabels": {"app": "copilotos-api"}}
    assert monitor["spec"]["endpoints"][0]["port"] == "http"
    assert monitor["spec"]["endpoints"][0]["relabelings"][0]["replacement"] == "copilotos-api"
    assert "copilotos/kubernetes/scrapeconfigs/copilotos-api.yaml" not in docs
    folder = docs[f"copilotos/kubernetes/folders/copilotos-folder-{folder_slug('Copilotos Bridge')}.yaml"]
    assert folder["spec"]["title"] == "Copilotos Bridge"
    dashboards = [d for d in docs.values() if d["kind"] == "GrafanaDashboard"]
    assert len(dashboards) == len(proj.dashboards)
    for d in dashboards:
        assert d["spec"]["folderRef"] == folder["metadata"]["name"]
        assert json.loads(d["spec"]["json"])["uid"] == d["spec"]["uid"]
    assert not any(d["kind"] == "ConfigMap" for d in docs.values())


def test_service_selector_is_validated_like_the_rest():
    service = Service("api", ("api:80",), selector={"app": "api"})
    assert service.selector == {"app": "api"} and service.port == "metrics"


@needs_crds
def test_the_strict_crd_schema_rejects_a_misspelt_field(every_target):
    rule = yaml.safe_load(every_target["brainbytes/kubernetes/prometheusrules/brainbytes-availability.yaml"])
    rule["spec"]["groups"][0]["rules"][0]["expresion"] = rule["spec"]["groups"][0]["rules"][0].pop("expr")
    rule["spec"]["groups"][0]["interval"] = "five minutes"
    found = errors(crd_validators()[("monitoring.coreos.com/v1", "PrometheusRule")], rule)
    assert any("expresion" in e for e in found) and any("five minutes" in e for e in found)


def test_no_target_file_looks_like_a_leaked_secret(every_target):
    """The Alertmanager Secret embeds the config as text, where `type: Bearer` ends a line."""
    from obsgen import secrets

    def leaks(files: dict) -> list:
        # Each file as the secret check reads it: parsed, every value scanned.
        return [f"{path}: {leak.where()}" for path, data in sorted(files.items())
                for doc in yaml.safe_load_all(data) for leak in secrets.scan_data(doc)]

    files = {path: data for path, data in files_of(every_target, "kubernetes").items()
             if "/alertmanager/" in path or "/prometheusrules/" in path}
    assert files and leaks(files) == []
    # A token after the scheme on the same line is still found.
    leak = {"brainbytes/leak.yaml": b"headers:\n  Authorization: Bearer abcdefghijklmnop0123\n"}
    assert leaks(leak) == ["brainbytes/leak.yaml: $.headers.Authorization"]
