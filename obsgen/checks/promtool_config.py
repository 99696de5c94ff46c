"""The real `promtool check config` accepts prometheus.yml (and the rule files it loads)."""

from obsgen.checks import real_tools
from obsgen.checks.base import Check, Finding


class PromtoolConfig(Check):
    id = "promtool-config"
    severity = "error"
    summary = "`promtool check config` (Prometheus' own validator) passes on every prometheus.yml in the folder."
    example = "A scrape job with `scrape_timeout: 30s` longer than its `scrape_interval: 15s`."
    needs_tools = True

    def run(self, ctx):
        # --syntax-only: rule files a config names are linted as rule files in their own right, and a config
        # read from a folder may name paths that exist only where Prometheus runs.
        for art, output in real_tools.batch(ctx, ctx.of_kind("prometheus"), "promtool",
                                            ["check", "config", "--syntax-only"]):
            yield Finding(art, (), real_tools.explain("promtool", real_tools.summary(output)))
