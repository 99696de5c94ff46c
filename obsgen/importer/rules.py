"""Prometheus rule files → one obsgen rule-group module per group.

Every rule keeps its name, expression, `for`, `keep_firing_for`, labels and
annotations exactly (`ImportedAlert`, `ImportedRecording`, `ImportedGroup`), so the
build writes back the same YAML. Each alert is declared untested with the reason
`imported: write a firing and a quiet test`, and carries a commented test skeleton
naming the series its expression reads, to be filled in.
"""

from __future__ import annotations

import os
import re

import yaml

from obsgen import promql
from obsgen.importer.codegen import Call, Comment, expr, identifier, import_line, module, used_names
from obsgen.model import durations
from obsgen.model.imported import UNTESTED


class RulesImportError(ValueError):
    """A file that is not a Prometheus rule file."""


def load(path: str) -> list:
    """The groups of a rule file (or of a PrometheusRule resource's spec)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesImportError(f"{path}: not readable YAML ({' '.join(str(exc).split())})") from None
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("spec"), dict):
        data = data["spec"]  # a prometheus-operator PrometheusRule
    if not isinstance(data, dict) or not isinstance(data.get("groups", []), list):
        raise RulesImportError(f"{path}: not a Prometheus rule file (no groups list)")
    groups = data.get("groups") or []
    for index, group in enumerate(groups):
        if not isinstance(group, dict) or not isinstance(group.get("name"), str) or not isinstance(group.get("rules"), list):
            raise RulesImportError(f"{path}: groups[{index}] has no name or no rules list")
        problem = _group_problem(group)
        if problem:
            raise RulesImportError(f"{path}: group {group['name']!r}: {problem}")
    return groups


def _duration(value) -> bool:
    if str(value) == "0" and not isinstance(value, bool):  # `for: 0` reads as a number; Prometheus takes it
        return True
    try:
        durations.to_ms(value)
    except ValueError:
        return False
    return True


def _group_problem(group: dict) -> str:
    """What Prometheus would reject in a group, in words; '' when it loads."""
    name = group["name"]
    if not name or name.startswith(".") or "/" in name:
        return "the group name must be non-empty, not start with '.', and hold no '/'"
    if not group["rules"]:
        return "the group has no rules"
    if group.get("interval") is not None and not _duration(group["interval"]):
        return f"interval {group['interval']!r} is not a duration"
    for number, rule in enumerate(group["rules"]):
        where = f"rules[{number}]"
        if not isinstance(rule, dict):
            return f"{where} is not a mapping"
        kind = "alert" if "alert" in rule else "record" if "record" in rule else None
        if kind is None or not isinstance(rule[kind], str) or not rule[kind]:
            return f"{where} is neither an alert nor a recording rule (no alert or record name)"
        if isinstance(rule.get("expr"), bool) or not isinstance(rule.get("expr"), (str, int, float)) or rule["expr"] == "":
            return f"{where} ({rule[kind]}) has no expression"
        for key in ("for", "keep_firing_for"):
            if rule.get(key) is not None and not _duration(rule[key]):
                return f"{where} ({rule[kind]}) {key} {rule[key]!r} is not a duration"
        for key in ("labels", "annotations"):
            if rule.get(key) is not None and not isinstance(rule[key], dict):
                return f"{where} ({rule[kind]}) {key} is not a mapping"
            for label, value in (rule.get(key) or {}).items():
                if not isinstance(label, str) or not re.match(r"^[a-zA-Z_][a-zA-Z0-9_]*$", label):
                    return f"{where} ({rule[kind]}) {key} key {label!r} is not a label name"
                if isinstance(value, (dict, list)) or value is None:
                    return f"{where} ({rule[kind]}) {key} value of {label!r} is not a string"
    return ""


def _strings(mapping) -> dict:
    """Labels and annotations as Prometheus reads them: every value a string."""
    out = {}
    for key, value in (mapping or {}).items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        out[str(key)] = value if isinstance(value, str) else str(value)
    return out


def _series_hint(expression: str) -> list:
    """`metric{label="value"}` for each selector the expression reads, for the test skeleton."""
    try:
        selectors = promql.analyse(expression).selectors
    except promql.PromQLError:
        return []
    out = []
    for selector in selectors:
        if not selector.name:
            continue
        matchers = ", ".join(f'{label}="{value}"' for label, op, value in selector.matchers if op == "Equal")
        text = f"{selector.name}{{{matchers}}}"
        if text not in out:
            out.append(text)
    return out


def _skeleton(rule: dict) -> Comment:
    series = _series_hint(str(rule["expr"])) or ["<series the expression reads>"]
    inputs = ", ".join(f"({s!r}, \"<values, e.g. 0+1x30>\")" for s in series)
    return Comment(
        "TODO test skeleton: this alert is untested until both cases below are written and passed as\n"
        "`tests=[...]`; then delete `untested`. Expected labels are the alert's labels plus those of\n"
        "the firing series; the description is the annotation as rendered for that series.\n"
        "tests=[\n"
        f"    Fires(at=\"<when it fires>\", series=[{inputs}],\n"
        "          alerts=[Expected({<labels of the firing series>}, \"<rendered description>\")]),\n"
        f"    Quiet(at=\"<when it must not fire>\", series=[{inputs}]),\n"
        "],")


def rule_call(rule: dict) -> Call:
    kwargs: dict = {}
    if "alert" in rule:
        kwargs["name"] = rule["alert"]
    else:
        kwargs["record"] = rule["record"]
    kwargs["expr"] = str(rule["expr"])
    if "alert" in rule:
        for key, arg in (("for", "for_"), ("keep_firing_for", "keep_firing_for")):
            if rule.get(key) not in (None, ""):
                kwargs[arg] = str(rule[key])
    if rule.get("labels"):
        kwargs["labels"] = _strings(rule["labels"])
    if "alert" not in rule:
        return Call("ImportedRecording", **kwargs)
    if rule.get("annotations"):
        kwargs["annotations"] = _strings(rule["annotations"])
    kwargs["untested"] = UNTESTED
    kwargs["_tests"] = _skeleton(rule)
    return Call("ImportedAlert", **kwargs)


def group_call(group: dict) -> Call:
    kwargs: dict = {"name": group["name"]}
    if group.get("interval"):
        kwargs["interval"] = str(group["interval"])
    if group.get("limit"):
        kwargs["limit"] = group["limit"]
    kwargs["rules"] = [rule_call(r) for r in group["rules"]]
    return Call("ImportedGroup", **kwargs)


def import_group(group: dict, *, source: str) -> str:
    """The module (source text) defining `group(stack)` for one rule group."""
    call = group_call(group)
    alerts = sum(1 for r in group["rules"] if "alert" in r)
    doc = (f"Rule group {group['name']!r}: imported from {os.path.basename(source)} by `obsgen import rules`.\n\n"
           "Rules are kept exactly as written (the build writes back the same YAML).")
    if alerts:
        doc += (f" Its {alerts} alert{'s are' if alerts > 1 else ' is'} declared\n"
                "untested: fill in each test skeleton, pass it as `tests=[...]` and drop `untested`.")
    body = "def group(stack):\n" + expr(call, 1, "return ")
    return module(doc, [import_line("obsgen.api", used_names(call))], [body])


def module_name(group_name: str, taken: set) -> str:
    base = identifier(group_name, "group")
    name, number = base, 2
    while name in taken:
        name = f"{base}_{number}"
        number += 1
    taken.add(name)
    return name
