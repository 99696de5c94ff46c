"""The metric catalog as emitted YAML: the contract applications instrument against."""

from __future__ import annotations

from obsgen.artefact import Artefact, Origin
from obsgen.model import logs
from obsgen.model.imported import ImportedMetric
from obsgen.model.stack import Stack


def compile_catalog(stack: Stack) -> Artefact:
    data = stack.catalog.to_data()
    if stack.log_streams:  # read back by obsgen lint, so LogQL in built folders is held to the same streams
        data["log_streams"] = logs.to_data(stack.log_streams)
    origins = {(): Origin("metric catalog", stack.defined_at)}
    for index, entry in enumerate(data["metrics"]):  # so a finding on a metric names the line that defined it
        metric = stack.catalog[entry["name"]]
        origins[("metrics", index)] = Origin(f"metric {metric.name!r}", metric.defined_at,
                                             isinstance(metric, ImportedMetric))
    return Artefact(f"{stack.name}/catalog.yaml", "catalog", data, origins, stack.name)
