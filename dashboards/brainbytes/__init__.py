"""BrainBytes dashboards, one module each, in the order an incident walks through them."""

from dashboards.brainbytes import (
    application_performance, error_analysis, mobile_connectivity, resource_optimization, system_overview, user_experience,
)

MODULES = (system_overview, application_performance, error_analysis, resource_optimization, user_experience,
           mobile_connectivity)


def dashboards(stack):
    return [module.dashboard(stack) for module in MODULES]
