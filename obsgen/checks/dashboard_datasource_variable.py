"""Every dashboard with queries has a datasource variable (obsgen's convention).

A dashboard whose panels all name one datasource works in the Grafana it was
made for; it breaks when imported into another (staging, a colleague's
laptop) and cannot be switched. obsgen's dashboards always query through a
variable. Other people's may pin on purpose, so this is a house convention.
"""

from obsgen.checks.base import Check, Finding, panels
from obsgen.checks.dashboard_datasource import datasource_variables


class DashboardDatasourceVariable(Check):
    id = "dashboard-datasource-variable"
    severity = "error"
    house = True
    summary = "Every dashboard that runs queries defines a datasource variable."
    example = 'A dashboard whose every target says `"uid": "P1809F7CD0C75ACF3"` and has no `datasource` variable.'

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            if datasource_variables(art.data):
                continue
            if any(isinstance(t, dict) for _p, panel in panels(art)
                   for t in (panel.get("targets") if isinstance(panel.get("targets"), list) else [])):
                yield Finding(art, ("templating",), "dashboard has queries but no datasource variable")
