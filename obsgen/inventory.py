"""What a project defines, by name: the answer to "where is alert X?"."""

from __future__ import annotations

from obsgen.compile.grafana import dashboard_uid


def _routes(root):
    for path, route, _timing in root.walk():
        yield {"depth": len(path), "receiver": route.receiver, "matchers": list(route.matchers),
               "continue": route.continue_, "defined_at": route.defined_at}


def inventory(projects) -> dict:
    out = {}
    for project in projects:
        stack = project.stack
        out[stack.name] = {
            "dashboards": [{
                "uid": dashboard_uid(stack, d.slug), "title": d.title, "folder": d.folder, "defined_at": d.defined_at,
                "panels": [p.title for row in d.rows for p in row.panels],
            } for d in project.dashboards],
            "alerts": [{"name": a.name, "group": g.name, "severity": a.severity, "team": a.team,
                        "defined_at": a.defined_at} for g in project.groups for a in g.alerts],
            "recording_rules": [{"record": r.record, "group": g.name, "defined_at": r.defined_at}
                                for g in project.groups for r in g.recordings],
            "routes": list(_routes(project.alertmanager.route)) if project.alertmanager else [],
        }
    return out


def render_text(data: dict) -> str:
    lines = []
    for stack, items in data.items():
        lines.append(f"stack {stack}")
        lines.append(f"  dashboards ({len(items['dashboards'])})")
        for d in items["dashboards"]:
            lines.append(f"    {d['uid']}  {d['title']}  [{d['folder']}]  {d['defined_at']}")
            lines += [f"      - {title}" for title in d["panels"]]
        lines.append(f"  alerts ({len(items['alerts'])})")
        lines += [f"    {a['name']}  {a['severity']}/{a['team']}  group {a['group']}  {a['defined_at']}" for a in items["alerts"]]
        lines.append(f"  recording rules ({len(items['recording_rules'])})")
        lines += [f"    {r['record']}  group {r['group']}  {r['defined_at']}" for r in items["recording_rules"]]
        lines.append(f"  routes ({len(items['routes'])})")
        for r in items["routes"]:
            matchers = ", ".join(r["matchers"]) or "(root)"
            cont = " continue" if r["continue"] else ""
            lines.append(f"    {'  ' * r['depth']}{matchers} -> {r['receiver']}{cont}  {r['defined_at']}")
    return "\n".join(lines)
