"""Every `{{ template "name" }}` a receiver uses is defined in a file `templates:` loads.

Alertmanager parses its two built-in files (default.tmpl, email.tmpl), then
every file matched by the `templates:` globs, which it resolves against the
config file's directory. A receiver field naming a template defined nowhere
passes amtool and fails every notification at send time with
`template "x" not defined`. Names used inside a loaded template are followed
too, so a definition that calls a missing one is caught at the receiver that
reaches it.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re

from obsgen.checks import plain
from obsgen.checks.base import Check, Finding

# The names Alertmanager 0.28's built-in default.tmpl and email.tmpl define
# (/usr/share/prometheus/alertmanager/*.tmpl in the Debian package).
BUILTIN = frozenset("""
__alertmanager __alertmanagerURL __description __subject __text_alert_list __text_alert_list_markdown
discord.default.content discord.default.message discord.default.title email.default.html email.default.subject
msteams.default.summary msteams.default.text msteams.default.title msteamsv2.default.text msteamsv2.default.title
opsgenie.default.description opsgenie.default.message opsgenie.default.source pagerduty.default.client
pagerduty.default.clientURL pagerduty.default.description pagerduty.default.instances pushover.default.message
pushover.default.title pushover.default.url rocketchat.default.alias rocketchat.default.emoji
rocketchat.default.iconurl rocketchat.default.text rocketchat.default.title rocketchat.default.titlelink
slack.default.callbackid slack.default.fallback slack.default.footer slack.default.iconemoji slack.default.iconurl
slack.default.pretext slack.default.text slack.default.title slack.default.titlelink slack.default.username
sns.default.message sns.default.subject telegram.default.message victorops.default.entity_display_name
victorops.default.monitoring_tool victorops.default.state_message webex.default.message wechat.default.agent_id
wechat.default.message wechat.default.to_party wechat.default.to_tag wechat.default.to_user
""".split())

_ACTION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_NAME = r"""(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)"""
_TEMPLATE = re.compile(r"^(?:template|block)\s+" + _NAME)
_DEFINE = re.compile(r"^(?:define|block)\s+" + _NAME)
_OPENS = re.compile(r"^(?:if|range|with|define|block)\b")


def _name(match) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def used(text: str) -> list:
    """Template names a piece of Go template text calls, in order."""
    out = []
    for action in _ACTION.finditer(text):
        found = _TEMPLATE.match(action.group(1))
        if found:
            out.append(_name(found))
    return out


def definitions(text: str) -> dict:
    """name -> body text of every `define`/`block` in a template file (nesting followed through if/range/with)."""
    out, stack = {}, []  # stack of (name or None, body start)
    for action in _ACTION.finditer(text):
        body = action.group(1)
        if body.startswith("/*"):
            continue
        found = _DEFINE.match(body)
        if found:
            stack.append((_name(found), action.end()))
        elif _OPENS.match(body):
            stack.append((None, action.end()))
        elif re.match(r"^end\b", body) and stack:
            name, start = stack.pop()
            if name is not None:
                out[name] = text[start:action.start()]
    return out


def _strings(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _strings(inner, path + (index,))


def loaded(ctx, art) -> dict | None:
    """name -> body for every template the config's `templates:` globs load; None when a glob cannot be resolved here."""
    patterns = [p for p in plain.seq(art.data.get("templates")) if isinstance(p, str)]
    texts: dict = {}
    base = os.path.dirname(art.path)
    for other in ctx.of_kind("text"):
        rel = os.path.relpath(other.path, base)
        if any(not os.path.isabs(p) and fnmatch.fnmatchcase(rel, os.path.normpath(p)) for p in patterns):
            texts[other.path] = other.data
    on_disk = ctx.disk_path(art)
    for pattern in patterns:
        if on_disk is not None:
            full = pattern if os.path.isabs(pattern) else os.path.join(os.path.dirname(on_disk), pattern)
            matched = sorted(glob.glob(full))
            for path in matched:
                try:
                    with open(path, encoding="utf-8") as fh:
                        texts.setdefault(os.path.normpath(path), fh.read())
                except (OSError, UnicodeDecodeError):
                    return None  # unreadable: Alertmanager would refuse to start; amtool-config reports it
            if not matched and os.path.isabs(pattern):
                return None  # a path inside the server's container: what it holds is unknown here
        elif os.path.isabs(pattern):
            return None
    out: dict = {}
    for path in sorted(texts):
        if isinstance(texts[path], str):
            out.update(definitions(texts[path]))
    return out


class AlertmanagerTemplates(Check):
    id = "alertmanager-templates"
    severity = "error"
    summary = ("Every `{{ template \"name\" }}` in a receiver, and every template those call, is defined by "
               "Alertmanager's built-in templates or by a file the config's `templates:` globs load (relative to "
               "the config file); otherwise every notification through it fails at send time.")
    example = "Slack `title: '{{ template \"obsgen.slack.title\" . }}'` in a config without `templates: [templates/*.tmpl]`."
    mirrors = ("Alertmanager parses default.tmpl and email.tmpl, then each `templates:` glob resolved against the "
               "config file's directory; an undefined name fails at execution: "
               "https://github.com/prometheus/alertmanager/blob/main/template/template.go "
               "(FromGlobs) and https://github.com/prometheus/alertmanager/blob/main/config/config.go (resolveFilepaths)")

    def run(self, ctx):
        for art in ctx.of_kind("alertmanager"):
            if not isinstance(art.data, dict):
                continue
            defined = loaded(ctx, art)
            if defined is None:
                continue
            globs = ", ".join(str(p) for p in plain.seq(art.data.get("templates"))) or "none"
            for r_index, receiver in enumerate(plain.seq(art.data.get("receivers"))):
                if not isinstance(receiver, dict):
                    continue
                for key, configs in receiver.items():
                    if not str(key).endswith("_configs") or not isinstance(configs, list):
                        continue
                    for c_index, config in enumerate(configs):
                        # One line per integration, naming every template it lacks.
                        names = [n for _p, text in _strings(config, ()) if "{{" in text for n in used(text)]
                        missing = _missing(names, defined)
                        if not missing:
                            continue
                        shown = ", ".join(f"{name!r}" + (f" (called by {via!r})" if via else "") for name, via in missing)
                        noun = "template" if len(missing) == 1 else "templates"
                        yield Finding(art, ("receivers", r_index, key, c_index),
                                      f"receiver {receiver.get('name')!r} {key[:-len('_configs')]} uses {noun} {shown}, "
                                      f"which no loaded template file defines (templates: {globs})")


def _missing(names: list, defined: dict) -> list:
    """(undefined name, the defined template that calls it or None), following calls through definitions."""
    out, seen = [], set()
    todo = [(n, None) for n in names]
    while todo:
        name, via = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        if name in defined:
            todo += [(n, name) for n in used(defined[name])]
        elif name not in BUILTIN:
            out.append((name, via))
    return out
