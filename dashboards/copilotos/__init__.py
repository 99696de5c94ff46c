"""Copilotos Bridge dashboards, from what users see to what the monitoring itself does."""

from dashboards.copilotos import api_overview, business, containers, logs, monitoring

MODULES = (api_overview, business, containers, logs, monitoring)


def dashboards(stack):
    return [module.dashboard(stack) for module in MODULES]
