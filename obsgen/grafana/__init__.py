"""Grafana building blocks on top of grafanalib: queries, dashboards, layout."""
