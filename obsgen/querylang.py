"""Which query language a dashboard query speaks, from its resolved datasource.

Grafana picks the datasource of a target from the target, then the panel, then the
dashboard's default; a reference may be an object (`{"type", "uid"}`), a legacy name
string, a datasource variable (`$loki`, `${ds}`, `[[ds]]`) whose `query` names the
plugin type, or a pseudo-datasource (`-- Mixed --`, `-- Grafana --`). The language
follows the plugin type: Prometheus-compatible types speak PromQL, Loki speaks LogQL,
anything else (Elasticsearch, SQL, TestData, expressions) is none of ours to parse.
"""

from __future__ import annotations

import re

PROMQL = "promql"
LOGQL = "logql"

# Plugin types whose `expr` is PromQL (Prometheus and the Grafana plugins speaking its API).
PROMQL_TYPES = {"prometheus", "grafana-amazonprometheus-datasource", "grafana-azureprometheus-datasource"}
LOGQL_TYPES = {"loki"}
# Pseudo-datasources: "mixed" defers to each target, the others run no PromQL or LogQL.
MIXED = {"-- Mixed --", "mixed"}
BUILTIN = {"-- Grafana --", "grafana", "-- Dashboard --", "dashboard", "__expr__"}

_VARIABLE = re.compile(r"^\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}$|^\$([A-Za-z0-9_]+)$|^\[\[([A-Za-z0-9_]+)(?::[^\]]*)?\]\]$")


def variable_name(value) -> str | None:
    """The variable a datasource reference names (`$ds`, `${ds}`, `${ds:raw}`, `[[ds]]`), else None."""
    if not isinstance(value, str):
        return None
    match = _VARIABLE.match(value.strip())
    return next((g for g in match.groups() if g), None) if match else None


class Resolver:
    """Datasource references of one dashboard resolved to plugin types.

    `provisioned` maps datasource uids and names to plugin types where a provisioning
    file is known. A reference that cannot be resolved gives None: checks that depend on
    the language then say nothing rather than guess.
    """

    def __init__(self, dashboard: dict, provisioned: dict | None = None):
        self.provisioned = provisioned or {}
        self.variables = {}
        templating = dashboard.get("templating") if isinstance(dashboard, dict) else None
        listed = templating.get("list") if isinstance(templating, dict) else None
        for var in listed if isinstance(listed, list) else []:
            if isinstance(var, dict) and var.get("type") == "datasource" and isinstance(var.get("name"), str):
                query = var.get("query")
                self.variables[var["name"]] = query.strip().lower() if isinstance(query, str) else None
        self.default = self.provisioned.get(None)

    def plugin_type(self, ref) -> str | None:
        """The plugin type a reference resolves to; "mixed" for the Mixed pseudo-datasource; None when unknown."""
        if ref is None or ref == "" or ref == "default":
            return self.default or "prometheus"  # Grafana's default datasource; obsgen provisions Prometheus there
        if isinstance(ref, dict):
            uid, kind = ref.get("uid"), ref.get("type")
            if not isinstance(uid, (str, type(None))) or not isinstance(kind, (str, type(None))):
                return None  # a reference of an odd shape resolves to nothing we can name
            if uid in MIXED:
                return "mixed"
            if uid in BUILTIN or kind in ("datasource", "__expr__", "grafana"):
                return "builtin"
            name = variable_name(uid)
            if name is not None:
                return self._variable(name, kind)
            if isinstance(kind, str) and kind:
                return kind.lower()
            if uid is None:
                return self.default or "prometheus"
            return self.provisioned.get(uid)
        if isinstance(ref, str):
            if ref in MIXED:
                return "mixed"
            if ref in BUILTIN:
                return "builtin"
            name = variable_name(ref)
            if name is not None:
                return self._variable(name, None)
            return self.provisioned.get(ref)
        return None

    def _variable(self, name: str, kind) -> str | None:
        if name in self.variables:
            return self.variables[name] or (kind.lower() if isinstance(kind, str) and kind else None)
        if isinstance(kind, str) and kind:
            return kind.lower()
        return None

    def language(self, *refs) -> str | None:
        """The language of a query whose datasource references run from the most specific to the least."""
        for ref in refs:
            if ref is None or ref == "":
                continue
            kind = self.plugin_type(ref)
            if kind == "mixed":
                continue  # a Mixed panel: the target's own reference decides, else the default
            return of_type(kind)
        return of_type(self.plugin_type(None))


_LOG_PIPELINE = re.compile(r'\|[=~]|\|\s*(json|logfmt|pattern|regexp|unpack|line_format|label_format|unwrap|decolorize)\b')


def guess(expr: str) -> str:
    """For a query whose datasource cannot be resolved: LogQL if it has a log pipeline, else PromQL."""
    return LOGQL if _LOG_PIPELINE.search(expr) else PROMQL


def of_type(kind: str | None) -> str | None:
    if kind is None:
        return None
    if kind in PROMQL_TYPES or kind.endswith("prometheus"):
        return PROMQL
    if kind in LOGQL_TYPES:
        return LOGQL
    return None
