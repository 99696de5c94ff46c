"""The real `amtool check-config` accepts alertmanager.yml and its templates."""

from obsgen.checks import real_tools
from obsgen.checks.base import Check, Finding


class AmtoolConfig(Check):
    id = "amtool-config"
    severity = "error"
    summary = "`amtool check-config` (Alertmanager's own validator) passes on every alertmanager.yml in the folder."
    example = "A route naming receiver `ops-pager` that `receivers:` does not define."
    needs_tools = True

    def run(self, ctx):
        for art, output in real_tools.batch(ctx, ctx.of_kind("alertmanager"), "amtool", ["check-config"], quoted=True):
            yield Finding(art, (), real_tools.explain("amtool", real_tools.summary(output)))
