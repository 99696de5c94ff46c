"""BrainBytes dashboards, one module each."""

from dashboards.brainbytes import system_overview


def dashboards(stack):
    return [system_overview.dashboard(stack)]
