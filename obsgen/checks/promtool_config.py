"""The real `promtool check config` accepts prometheus.yml (and the rule files it loads)."""

import os

from obsgen.checks import real_tools
from obsgen.checks.base import Check, Finding


class PromtoolConfig(Check):
    id = "promtool-config"
    severity = "error"
    summary = "`promtool check config` (Prometheus' own validator) passes on every prometheus.yml in the folder."
    example = "A scrape job with `scrape_timeout: 30s` longer than its `scrape_interval: 15s`."
    needs_tools = True

    def run(self, ctx):
        for art, path in real_tools.on_disk(ctx, ctx.of_kind("prometheus")):
            ok, output = real_tools.run("promtool", ["check", "config", os.path.basename(path)], cwd=os.path.dirname(path))
            if not ok:
                yield Finding(art, (), f"promtool check config failed: {real_tools.summary(output)}")
