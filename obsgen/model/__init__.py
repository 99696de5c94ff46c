"""Typed definitions: the objects stack, dashboard, rule and routing modules build."""
