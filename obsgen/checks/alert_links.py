"""An alert's dashboard_url points at a dashboard that exists, and its team is one of the stack's teams.

A link is judged only when it points into the Grafana whose dashboards are
being linted: the stack's own Grafana in a build, or, for files on disk, a
Grafana that another alert's link already reaches (a base URL that resolves
to a dashboard in the folder). Links elsewhere (grafana.com, a Grafana this
folder does not provision) cannot be resolved, so nothing is said about them.
"""

import re

from obsgen.checks.base import Check, Finding
from obsgen.checks.grouping import Groups, some

# <base>/d/<uid>[/<slug>][?query], and /d-solo/ for single panels.
_LINK = re.compile(r"^(?P<base>[^?#]*?)/d(?:-solo)?/(?P<uid>[^/?#]+)")


def parse(url) -> tuple | None:
    """(Grafana base URL, dashboard uid) of a dashboard link, or None when it is not one we can read."""
    if not isinstance(url, str):
        return None
    m = _LINK.match(url.strip())
    if m is None or "{{" in m.group("uid") or "$" in m.group("uid"):
        return None
    return m.group("base").rstrip("/").lower(), m.group("uid")


def rule_name(art, path):
    try:
        return art.data["groups"][path[1]]["rules"][path[3]].get("alert")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


class AlertLinks(Check):
    id = "alert-links"
    severity = "error"
    summary = ("Every alert's dashboard_url into the linted Grafana (`/d/<uid>/<slug>`) names a dashboard uid that "
               "exists; in a build, its team label is one of the stack's teams.")
    example = "`dashboard_url: http://grafana/d/backend-old` after the dashboard was renamed."

    def run(self, ctx):
        uids = {a.data.get("uid") for a in ctx.of_kind("dashboard") if isinstance(a.data.get("uid"), str)}
        teams = {t.name for t in ctx.stack.teams} if ctx.stack is not None else None
        links = []
        for art, path, _group, rule in ctx.alerts():
            if not isinstance(rule, dict):
                continue
            notes = rule.get("annotations") if isinstance(rule.get("annotations"), dict) else {}
            url = notes.get("dashboard_url")
            link = parse(url)
            if link is not None:
                links.append((art, path, url, link))
            labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
            team = labels.get("team")
            if teams is not None and team not in teams:
                yield Finding(art, path, f"team {team!r} is not one of the stack's teams ({', '.join(sorted(teams))})")
        ours = {base for _a, _p, _u, (base, uid) in links if uid in uids}
        if ctx.stack is not None and getattr(ctx.stack, "grafana_url", None):
            ours.add(ctx.stack.grafana_url.rstrip("/").lower())
        stale = Groups()  # one finding per missing uid, however many alerts link it
        for art, path, url, (base, uid) in links:
            if base in ours and uid not in uids:
                stale.add(uid, art, path, (str(rule_name(art, path)), url))
        for uid, art, path, found in stale.items():
            if len(found) == 1:
                yield Finding(art, path, f"dashboard_url {found[0][1]!r} names uid {uid!r}, which no dashboard here has")
            else:
                yield Finding(art, path, f"{some([n for n, _u in found])} have a dashboard_url naming uid {uid!r} "
                                         f"(e.g. {found[0][1]!r}), which no dashboard here has")
