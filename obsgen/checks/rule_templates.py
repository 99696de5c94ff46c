"""Alert label and annotation templates are valid Go templates for Prometheus.

Prometheus only finds a broken template when the alert fires, and then sends
the notification with an error string where the description should be.
This is a sanity check of Go template syntax: balanced `{{ }}` and blocks,
closed strings and parentheses, known functions and variables.
"""

import re

from obsgen.checks.base import Check, Finding

BLOCKS = {"if", "range", "with", "define", "block"}
KEYWORDS = BLOCKS | {"else", "end", "template", "break", "continue", "nil", "true", "false"}
GO_FUNCTIONS = {"and", "or", "not", "len", "index", "slice", "print", "printf", "println", "html", "js", "urlquery",
                "call", "eq", "ne", "lt", "le", "gt", "ge"}
# https://prometheus.io/docs/prometheus/latest/configuration/template_reference/
PROMETHEUS_FUNCTIONS = {
    "query", "first", "label", "value", "sortByLabel", "strvalue", "humanize", "humanize1024", "humanizeDuration",
    "humanizePercentage", "humanizeTimestamp", "toTime", "title", "toUpper", "toLower", "match", "reReplaceAll",
    "graphLink", "tableLink", "args", "tmpl", "safeHtml", "externalURL", "pathPrefix", "stripPort", "stripDomain",
    "parseDuration", "since", "now",
}
FUNCTIONS = GO_FUNCTIONS | PROMETHEUS_FUNCTIONS
VARIABLES = {"$", "$labels", "$value", "$externalLabels", "$externalURL"}
_ACTION = re.compile(r"\{\{(.*?)\}\}", re.S)
_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|`[^`]*`|\'(?:\\.|[^\'\\])*\'|\$[a-zA-Z0-9_]*|\.[a-zA-Z0-9_.]*|[a-zA-Z_][a-zA-Z0-9_]*|:=|=|[|()]|\S')


def template_problems(text: str) -> list:
    """Reasons `text` would not render, as strings (empty: looks valid)."""
    problems = []
    outside = _ACTION.sub("", text)
    if "{{" in outside or "}}" in outside:
        problems.append("unbalanced {{ }}")
    stack, declared = [], set()
    for match in _ACTION.finditer(text):
        action = match.group(1).strip()
        if action.startswith("-"):
            action = action[1:]
        if action.endswith("-"):
            action = action[:-1]
        action = action.strip()
        if action.startswith("/*"):
            continue
        if action.count('"') % 2 and '\\"' not in action or action.count("`") % 2:
            problems.append(f"unclosed string in {{{{{match.group(1)}}}}}")
            continue
        tokens = _TOKEN.findall(action)
        depth = 0
        expect_command = True
        for i, tok in enumerate(tokens):
            if tok == "(":
                depth += 1
                expect_command = True
                continue
            if tok == ")":
                depth -= 1
                if depth < 0:
                    problems.append(f"unbalanced parentheses in {{{{{match.group(1)}}}}}")
                    break
                expect_command = False
                continue
            if tok == "|":
                expect_command = True
                continue
            if tok in (":=", "="):
                if i > 0 and tokens[i - 1].startswith("$"):
                    declared.add(tokens[i - 1])
                expect_command = True
                continue
            if tok.startswith("$"):
                if tok not in VARIABLES and tok not in declared and not (i + 1 < len(tokens) and tokens[i + 1] in (":=", "=", ",")):
                    problems.append(f"undefined variable {tok}")
                elif i + 1 < len(tokens) and tokens[i + 1] == ",":
                    declared.add(tok)
                expect_command = False
                continue
            if tok[0].isalpha() or tok[0] == "_":
                if i == 0 and tok in BLOCKS:
                    stack.append(tok)
                    expect_command = True
                    continue
                if i == 0 and tok == "end":
                    if not stack:
                        problems.append("{{ end }} without an opening block")
                    else:
                        stack.pop()
                    continue
                if tok in KEYWORDS:
                    continue
                if expect_command and tok not in FUNCTIONS:
                    problems.append(f"unknown function {tok!r}")
                expect_command = False
                continue
            if tok == ",":
                continue
            expect_command = False
        if depth > 0:
            problems.append(f"unbalanced parentheses in {{{{{match.group(1)}}}}}")
    if stack:
        problems.append(f"{{{{ {stack[-1]} }}}} is never closed with {{{{ end }}}}")
    return problems


class RuleTemplates(Check):
    id = "rule-templates"
    severity = "error"
    summary = ("Alert labels and annotations are valid Go templates: balanced `{{ }}`, closed blocks, strings and "
               "parentheses, and only Go/Prometheus template functions and defined variables.")
    example = "`{{ $value | humanizePercent }}` (the function is humanizePercentage) or `{{ if $labels.route }}` with no `{{ end }}`."

    def run(self, ctx):
        for art, path, _group, rule in ctx.rules():
            for section in ("labels", "annotations"):
                values = rule.get(section)
                for key, text in sorted(values.items(), key=lambda kv: str(kv[0])) if isinstance(values, dict) else []:
                    for problem in template_problems(str(text)):
                        yield Finding(art, path + (section, key), f"{section[:-1]} {key!r}: {problem}")
