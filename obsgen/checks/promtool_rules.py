"""The real `promtool check rules --lint=all --lint-fatal` accepts every rule file."""

from obsgen.checks import real_tools
from obsgen.checks.base import Check, Finding


class PromtoolRules(Check):
    id = "promtool-rules"
    severity = "error"
    summary = "`promtool check rules --lint=all --lint-fatal` passes on every rule file (syntax, duplicates, lint)."
    example = "A rule file where one group lists the same recording rule twice, which promtool's lint rejects."
    needs_tools = True

    def run(self, ctx):
        found = real_tools.on_disk(ctx, ctx.of_kind("rules"))
        if not found:
            return
        args = ["check", "rules", "--lint=all", "--lint-fatal"]
        ok, _output = real_tools.run("promtool", args + [path for _a, path in found])
        if ok:
            return
        for art, path in found:  # one run per file only when something failed, to name the file
            ok, output = real_tools.run("promtool", args + [path])
            if not ok:
                yield Finding(art, (), f"promtool check rules failed: {real_tools.summary(output)}")
