"""The load-time, window, comparison and unit checks read hand-written files: any shape is no traceback.

Random nests of mappings, lists, nulls and scalars under the keys these checks
read, for every artefact kind, deterministic by seed.
"""

import random

from obsgen.artefact import Artefact
from obsgen.checks import CHECKS
from obsgen.checks.base import Context

NEW = {"alertmanager-templates", "receiver-integrations", "time-interval-refs", "inhibit-self", "matcher-regex",
       "grafana-datasources", "dashboard-providers", "rule-rate-window", "alert-comparison", "panel-unit-ratio"}
KEYS = ["route", "routes", "receivers", "receiver", "name", "slack_configs", "title", "templates", "time_intervals",
        "mute_time_intervals", "active_time_intervals", "matchers", "match", "match_re", "inhibit_rules",
        "source_matchers", "target_matchers", "equal", "datasources", "isDefault", "uid", "orgId", "providers",
        "options", "path", "folderUid", "folder", "groups", "rules", "alert", "expr", "record", "labels",
        "scrape_configs", "job_name", "scrape_interval", "global", "panels", "targets", "fieldConfig", "defaults",
        "unit", "overrides", "properties", "yaxes", "format", "type"]
ODD = [None, 1, 0.5, "x", 'up == 1', '{{ template "t" . }}', 'team="a"', "rate(x[1s])", "percent", [], {}, [None], True]
KINDS = ["alertmanager", "rules", "prometheus", "datasources", "dashboard-provider", "dashboard", "text"]


def _value(rng, depth=0):
    roll = rng.random()
    if depth > 3 or roll < 0.3:
        return rng.choice(ODD)
    if roll < 0.6:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(KEYS): _value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def test_no_shape_makes_a_check_raise():
    rng = random.Random(14)
    checks = [c for c in CHECKS if c.id in NEW]
    assert len(checks) == len(NEW)
    for _ in range(400):
        artefacts = []
        for index, kind in enumerate(rng.sample(KINDS, 4)):
            data = _value(rng)
            if kind != "text" and not isinstance(data, dict):
                data = {"wrapped": data}  # lint only classifies mappings
            artefacts.append(Artefact(f"s/{kind}{index}.yml", kind, data, {}, "s"))
        for check in checks:
            list(check.problems(Context(artefacts)))
