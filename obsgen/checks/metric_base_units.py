"""Metric names carry base units: seconds, bytes, ratios (Prometheus naming practice).

`request_duration_milliseconds` next to `request_duration_seconds` makes every
dashboard and alert convert, and a threshold written for one is a thousandfold
off on the other. Prometheus's naming practices ask for base units; many
exporters predate them (`node_time_minutes`...), so this is a house convention:
it applies to the metric catalog obsgen's stacks instrument against and to the
names recording rules write. A metric `obsgen import` catalogued for a
third-party exporter keeps the exporter's name and is not judged.
"""

import re

from obsgen.checks import plain
from obsgen.checks.base import Check, Finding

# Units that have a base unit Prometheus prefers, as a word of the name.
NON_BASE = re.compile(r"_(milliseconds|microseconds|nanoseconds|kilobytes|megabytes|gigabytes|minutes|hours|days|percent)(_|:|$)")


def non_base(name) -> str | None:
    """The non-base unit in a metric name, or None."""
    found = NON_BASE.search(name) if isinstance(name, str) else None
    return found.group(1) if found else None


class MetricBaseUnits(Check):
    id = "metric-base-units"
    severity = "error"
    house = True
    summary = ("Catalogued metrics and recording rules are named in base units (seconds, bytes, ratios), "
               "never milli-, micro- or nanoseconds, kilo-, mega- or gigabytes, minutes, hours, days or percent.")
    example = "A catalog metric `app_request_duration_milliseconds`, or a recording `job:latency_minutes:avg5m`."

    def run(self, ctx):
        for art in ctx.of_kind("catalog"):
            metrics = art.data.get("metrics") if isinstance(art.data, dict) else None
            for index, metric in enumerate(plain.seq(metrics)):
                origin = art.origin(("metrics", index))
                if origin is not None and origin.imported:
                    continue  # an exporter's own name, catalogued by `obsgen import`: not ours to change
                name = metric.get("name") if isinstance(metric, dict) else None
                unit = non_base(name)
                if unit:
                    yield Finding(art, ("metrics", index), _message("metric", name, unit))
        for art, path, _group, rule in ctx.rules():
            unit = non_base(rule.get("record"))
            if unit:
                yield Finding(art, path + ("record",), _message("recording rule", rule["record"], unit))


def _message(what: str, name: str, unit: str) -> str:
    return f"{what} {name!r} is named in {unit}; use base units (seconds, bytes or a 0-1 ratio) as Prometheus names do"
