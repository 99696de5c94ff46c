"""Grafana 13 `dashboard.grafana.app/v2` resources, read back as the classic model lint's checks know.

A v2 dashboard keeps panels as named `elements` (a `Panel` with a `vizConfig` and a
`QueryGroup` of queries), places them in a `layout` (rows of grid items, or a grid), and
types its variables by kind. The classic view built here carries what the checks read
(panel type, title, description, datasource, targets, field config, options, grid
position, variables), and `path_in_resource` maps a finding's classic JSON path back to
the value in the resource, so a finding lands on the v2 file's own line.
"""

from __future__ import annotations

API_GROUP = "dashboard.grafana.app/"

# v2 variable kinds and the classic `type` Grafana gives them.
_VARIABLE_TYPES = {
    "QueryVariable": "query", "DatasourceVariable": "datasource", "CustomVariable": "custom",
    "ConstantVariable": "constant", "IntervalVariable": "interval", "TextVariable": "textbox",
    "TextboxVariable": "textbox", "AdhocVariable": "adhoc", "GroupByVariable": "groupby",
}


def is_v2(doc) -> bool:
    return (isinstance(doc, dict) and doc.get("kind") == "Dashboard" and isinstance(doc.get("apiVersion"), str)
            and doc["apiVersion"].startswith(API_GROUP) and isinstance(doc.get("spec"), dict)
            and isinstance(doc["spec"].get("elements"), dict))


def _d(value) -> dict:
    return value if isinstance(value, dict) else {}


def _l(value) -> list:
    return value if isinstance(value, list) else []


def _items(layout, path: tuple):
    """(element name, grid position, JSON path of the item) for every grid item, rows and tabs included."""
    layout = _d(layout)
    spec = _d(layout.get("spec"))
    for index, item in enumerate(_l(spec.get("items"))):
        item_spec = _d(_d(item).get("spec"))
        name = _d(item_spec.get("element")).get("name")
        if isinstance(name, str):
            pos = {k: item_spec.get(src) for k, src in (("x", "x"), ("y", "y"), ("w", "width"), ("h", "height"))}
            yield name, pos, path + ("spec", "items", index, "spec")
    for key in ("rows", "tabs"):
        for index, child in enumerate(_l(spec.get(key))):
            child_spec = _d(_d(child).get("spec"))
            yield from _items(child_spec.get("layout"), path + ("spec", key, index, "spec", "layout"))


class Classic:
    """The classic view of one v2 resource, and the map from its JSON paths back into the resource."""

    def __init__(self, resource: dict):
        spec = _d(resource.get("spec"))
        elements = _d(spec.get("elements"))
        self.panels: list = []  # (element name, layout item path or None)
        placed = list(_items(spec.get("layout"), ("spec", "layout")))
        seen = set()
        panels = []
        for name, pos, item_path in placed + [(n, None, None) for n in elements]:
            if name in seen or not isinstance(_d(elements.get(name)).get("spec"), dict):
                continue
            seen.add(name)
            panels.append(self._panel(_d(elements[name]), pos))
            self.panels.append((name, item_path))
        variables = []
        for var in _l(spec.get("variables")):
            var = _d(var)
            vspec = _d(var.get("spec"))
            classic = {k: v for k, v in vspec.items() if k != "query"}
            classic["type"] = _VARIABLE_TYPES.get(var.get("kind"), str(var.get("kind")))
            if var.get("kind") == "DatasourceVariable":
                classic["query"] = vspec.get("pluginId")
            elif isinstance(vspec.get("query"), dict):
                query = _d(vspec["query"])
                classic["query"] = _d(query.get("spec")).get("expr") or _d(query.get("spec")).get("query")
                classic["datasource"] = {"type": query.get("group"), "uid": _d(query.get("datasource")).get("name")}
            else:
                classic["query"] = vspec.get("query")
            variables.append(classic)
        metadata = _d(resource.get("metadata"))
        self.dashboard = {"title": spec.get("title"), "uid": metadata.get("name"), "panels": panels,
                          "templating": {"list": variables}, "schemaVersion": 42}

    @staticmethod
    def _panel(element: dict, pos) -> dict:
        spec = _d(element.get("spec"))
        viz = _d(spec.get("vizConfig"))
        viz_spec = _d(viz.get("spec"))
        targets = []
        for query in _l(_d(_d(spec.get("data")).get("spec")).get("queries")):
            qspec = _d(_d(query).get("spec"))
            inner = _d(qspec.get("query"))
            target = dict(_d(inner.get("spec")))
            target["refId"] = qspec.get("refId")
            target["datasource"] = {"type": inner.get("group"), "uid": _d(inner.get("datasource")).get("name")}
            targets.append(target)
        panel = {"type": viz.get("group"), "title": spec.get("title"), "description": spec.get("description"),
                 "id": spec.get("id"), "targets": targets, "fieldConfig": viz_spec.get("fieldConfig"),
                 "options": viz_spec.get("options"), "links": spec.get("links")}
        if pos is not None:
            panel["gridPos"] = pos
        return panel

    def path_in_resource(self, path: tuple) -> tuple:
        """The resource's JSON path for a classic one (the nearest enclosing value where there is no twin)."""
        path = tuple(path)
        if len(path) >= 2 and path[0] == "panels" and isinstance(path[1], int) and path[1] < len(self.panels):
            name, item_path = self.panels[path[1]]
            element = ("spec", "elements", name, "spec")
            rest = path[2:]
            if rest[:1] == ("gridPos",) and item_path is not None:
                return item_path
            if rest[:1] == ("targets",) and len(rest) >= 2:
                query = element + ("data", "spec", "queries", rest[1], "spec")
                if rest[2:3] == ("datasource",):
                    return query + ("query", "datasource")
                if rest[2:3] == ("refId",):
                    return query + ("refId",)
                return query + ("query", "spec") + rest[2:]
            if rest[:1] in (("fieldConfig",), ("options",)):
                return element + ("vizConfig", "spec") + rest
            if rest[:1] in (("title",), ("description",), ("links",)):
                return element + rest
            return element
        if path[:2] == ("templating", "list") and len(path) >= 3:
            return ("spec", "variables", path[2], "spec")
        return ("spec",) if path else ()
