"""Shared panels (imports its own package back: a cycle)."""

from dashboards.mini import overview  # noqa: F401
