"""Small helpers the rule builders share."""

from __future__ import annotations

import re

from obsgen.model.stack import Quantity, format_number


def camel(text: str) -> str:
    """`shop-ai-service` -> `ShopAiService`, for alert names derived from job names."""
    return "".join(part.capitalize() for part in re.split(r"[^a-zA-Z0-9]+", text) if part)


def series(name: str, labels: dict) -> str:
    """A promtool input series name, labels in a stable order."""
    inner = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    return f"{name}{{{inner}}}"


def number(value) -> str:
    """PromQL literal for a threshold given as a Quantity or a number."""
    return format_number(value.value if isinstance(value, Quantity) else value)


def value(value) -> float:
    return float(value.value if isinstance(value, Quantity) else value)


def percent(value_) -> str:
    """0.85 -> `85%`, the way descriptions quote a threshold."""
    return f"{value(value_) * 100:g}%"


def render(template: str, **values: str) -> str:
    """A description as Prometheus fills it in, for a test's expected annotation.

    Each `{{ key }}` becomes values[key]; keys are written as in the template, e.g.
    `render(text, **{"$labels.job": "api", "$value | humanizePercentage": "10%"})`.
    """
    for key, val in values.items():
        template = template.replace("{{ %s }}" % key, val)
    return template


def repeat(pattern: str, count: int) -> str:
    """promtool values: `pattern` (space-separated samples) repeated `count` times."""
    return " ".join([pattern] * count)
