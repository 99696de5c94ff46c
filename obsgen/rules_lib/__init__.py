"""Reusable rule builders, parameterised by the stack's services, selectors and thresholds.

Each builder returns rules that carry their promtool tests and runbook text, with
test series derived from the same parameters, so a second stack gets proven
alerts by calling the builder with its own services and thresholds.
"""
