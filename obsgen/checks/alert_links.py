"""An alert's team is a stack team and its dashboard_url points at a dashboard that exists."""

from obsgen.checks.base import Check, Finding


class AlertLinks(Check):
    id = "alert-links"
    severity = "error"
    summary = "Every alert's dashboard_url names a generated dashboard uid, and its team label is one of the stack's teams."
    example = "`dashboard_url: http://grafana/d/backend-old` after the dashboard was renamed."

    def run(self, ctx):
        uids = {a.data.get("uid") for a in ctx.of_kind("dashboard")}
        teams = {t.name for t in ctx.stack.teams} if ctx.stack is not None else None
        for art in ctx.of_kind("rules"):
            for g_index, group in enumerate(art.data.get("groups", [])):
                for r_index, rule in enumerate(group.get("rules", [])):
                    if "alert" not in rule:
                        continue
                    path = ("groups", g_index, "rules", r_index)
                    url = (rule.get("annotations") or {}).get("dashboard_url")
                    if url and url.rstrip("/").rsplit("/d/", 1)[-1].split("?")[0] not in uids:
                        yield Finding(art, path, f"dashboard_url {url!r} names no generated dashboard")
                    team = (rule.get("labels") or {}).get("team")
                    if teams is not None and team not in teams:
                        yield Finding(art, path, f"team {team!r} is not one of the stack's teams ({', '.join(sorted(teams))})")
