"""alertmanager.yml → the stack's routing module.

Routes become `Route`s (legacy `match`/`match_re` become matchers, as Alertmanager
reads them). Receivers, inhibit rules, time intervals and globals are kept in
Alertmanager's own structure (`ImportedReceiver`, `ImportedAlertmanagerConfig`),
so the build writes back the same YAML, with one change on purpose: every literal
secret becomes a `*_file` reference to a mounted file, listed in the module's notes
(the value itself is never written to the module).
"""

from __future__ import annotations

import os
import re

import yaml

from obsgen.importer.codegen import Call, expr, import_line, module, used_names
from obsgen.model import durations
from obsgen.secrets import scan_string

SECRETS_DIR = "/etc/alertmanager/secrets"

# Keys Alertmanager reads a secret from, and the `*_file` key that reads it from a file instead.
SECRET_KEYS = {
    "api_url": "api_url_file",  # slack
    "routing_key": "routing_key_file",  # pagerduty
    "service_key": "service_key_file",
    "api_key": "api_key_file",  # opsgenie, victorops
    "auth_password": "auth_password_file",  # email
    "auth_secret": "auth_secret_file",
    "password": "password_file",  # http_config.basic_auth
    "credentials": "credentials_file",  # http_config.authorization
    "bearer_token": "bearer_token_file",
    "bot_token": "bot_token_file",  # telegram
    "token": "token_file",  # pushover, webex
    "user_key": "user_key_file",
    "url": "url_file",  # webhook, when it carries a credential
    "webhook_url": "webhook_url_file",  # msteams, discord
    "client_secret": "client_secret_file",  # oauth2
    "slack_api_url": "slack_api_url_file",  # global
    "smtp_auth_password": "smtp_auth_password_file",
    "opsgenie_api_key": "opsgenie_api_key_file",
    "victorops_api_key": "victorops_api_key_file",
    "telegram_bot_token": "telegram_bot_token_file",
    "webex_api_url": "webex_api_url_file",
}
# Keys whose value is always a secret; `url`-like keys only when the value carries one.
_ALWAYS_SECRET = {"routing_key", "service_key", "api_key", "auth_password", "auth_secret", "password", "credentials",
                  "bearer_token", "bot_token", "token", "user_key", "client_secret", "smtp_auth_password",
                  "opsgenie_api_key", "victorops_api_key", "telegram_bot_token", "api_url", "slack_api_url",
                  "webhook_url"}
_ROUTE_KEYS = {"receiver", "matchers", "match", "match_re", "group_by", "continue", "group_wait", "group_interval",
               "repeat_interval", "active_time_intervals", "mute_time_intervals", "routes"}


class AlertmanagerImportError(ValueError):
    """A file that is not an Alertmanager configuration."""


def load(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise AlertmanagerImportError(f"{path}: not readable YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict) or not isinstance(data.get("route"), dict) or not isinstance(data.get("receivers"), list):
        raise AlertmanagerImportError(f"{path}: not an Alertmanager config (needs route and receivers)")
    if not isinstance(data["route"].get("receiver"), str):
        raise AlertmanagerImportError(f"{path}: the root route names no receiver")
    return data


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "secret"


def externalise_secrets(value, where: str, notes: list, stem: str):
    """A copy of `value` with each literal secret replaced by a `*_file` reference (noted in `notes`)."""
    if isinstance(value, list):
        return [externalise_secrets(v, f"{where}[{i}]", notes, f"{stem}-{i}" if len(value) > 1 else stem)
                for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        secret = isinstance(item, str) and item and key in SECRET_KEYS and (
            key in _ALWAYS_SECRET or scan_string(item)) and not item.startswith("<")
        if secret and SECRET_KEYS[key] not in value:
            path = f"{SECRETS_DIR}/{_slug(stem)}-{key.replace('_', '-')}"
            out[SECRET_KEYS[key]] = path
            notes.append(f"{where}.{key} was a literal secret: write it to {path} on the Alertmanager host "
                         f"(read through {SECRET_KEYS[key]})")
        else:
            out[key] = externalise_secrets(item, f"{where}.{key}", notes, stem)
    return out


def _quote(value) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def route_matchers(route: dict) -> list:
    """`matchers`, with the legacy `match` / `match_re` maps written as the matchers they mean."""
    out = [str(m) for m in route.get("matchers") or []]
    out += [f"{k}={_quote(v)}" for k, v in sorted((route.get("match") or {}).items())]
    out += [f"{k}=~{_quote(v)}" for k, v in sorted((route.get("match_re") or {}).items())]
    return out


def _route_problem(route) -> str:
    """What Alertmanager would reject in one route (not its children), in words; '' when it loads."""
    if not isinstance(route, dict):
        return "a route is not a mapping"
    unknown = sorted(str(k) for k in set(route) - _ROUTE_KEYS)
    if unknown:
        return f"route has keys Alertmanager does not define: {', '.join(unknown)}"
    if not isinstance(route.get("receiver", ""), str):
        return "a route's receiver is not a name"
    for key in ("matchers", "group_by", "active_time_intervals", "mute_time_intervals"):
        value = route.get(key)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            return f"route {route.get('receiver')!r}: {key} is not a list of strings"
    for key in ("match", "match_re"):
        if route.get(key) is not None and not isinstance(route[key], dict):
            return f"route {route.get('receiver')!r}: {key} is not a mapping"
    for key in ("group_wait", "group_interval", "repeat_interval"):
        if route.get(key) is not None:
            try:
                durations.to_ms(route[key])
            except ValueError:
                return f"route {route.get('receiver')!r}: {key} {route[key]!r} is not a duration"
    if route.get("routes") is not None and not isinstance(route["routes"], list):
        return f"route {route.get('receiver')!r}: routes is not a list"
    return ""


def _route_call(route: dict, root: bool = False) -> Call:
    problem = _route_problem(route)
    if problem:
        raise AlertmanagerImportError(problem)
    kwargs: dict = {}
    matchers = route_matchers(route)
    if matchers:
        kwargs["matchers"] = matchers
    if route.get("group_by") is not None:
        kwargs["group_by"] = [str(g) for g in route["group_by"]]
    if route.get("continue"):
        kwargs["continue_"] = True
    for key in ("group_wait", "group_interval", "repeat_interval"):
        if route.get(key):
            kwargs[key] = str(route[key])
    for key in ("active_time_intervals", "mute_time_intervals"):
        if route.get(key):
            kwargs[key] = [str(i) for i in route[key]]
    if route.get("routes"):
        kwargs["routes"] = [_route_call(r) for r in route["routes"]]
    return Call("Route", str(route.get("receiver") or ""), **kwargs)


def import_alertmanager(data: dict, *, source: str) -> tuple:
    """(module source defining `config(stack)`, notes on moved secrets)."""
    notes: list = []
    receivers = []
    for index, receiver in enumerate(data.get("receivers") or []):
        if not isinstance(receiver, dict) or not isinstance(receiver.get("name"), str) or not receiver["name"]:
            raise AlertmanagerImportError(f"receivers[{index}] has no name")
        configs = {k: v for k, v in receiver.items() if k != "name"}
        configs = externalise_secrets(configs, f"receiver {receiver['name']!r}", notes, str(receiver["name"]))
        kwargs = {"configs": configs} if configs else {}
        receivers.append(Call("ImportedReceiver", str(receiver["name"]), **kwargs))
    kwargs: dict = {"route": _route_call(data["route"], root=True), "receivers": receivers}
    if data.get("global"):
        kwargs["global_"] = externalise_secrets(data["global"], "global", notes, "global")
    if data.get("global") is not None and not isinstance(data["global"], dict):
        raise AlertmanagerImportError("global is not a mapping")
    for key in ("inhibit_rules", "time_intervals", "mute_time_intervals", "templates"):
        if data.get(key) is not None and not isinstance(data[key], list):
            raise AlertmanagerImportError(f"{key} is not a list")
        if data.get(key):
            kwargs[key] = list(data[key])
    call = Call("ImportedAlertmanagerConfig", **kwargs)
    doc = f"Alert routing: imported from {os.path.basename(source)} by `obsgen import alertmanager`."
    if notes:
        doc += "\n\nSecrets were moved out of the configuration; before deploying:\n" + "\n".join(f"- {n}" for n in notes)
    body = "def config(stack):\n" + expr(call, 1, "return ")
    return module(doc, [import_line("obsgen.api", used_names(call))], [body]), notes


def normal_form(data: dict) -> dict:
    """An alertmanager.yml as Alertmanager reads it, for comparison: legacy matchers as matchers, secrets as files."""
    def route(node: dict) -> dict:
        out = {k: v for k, v in node.items() if k not in ("match", "match_re", "routes", "matchers")}
        matchers = route_matchers(node)
        if matchers:
            out["matchers"] = matchers
        if node.get("routes"):
            out["routes"] = [route(r) for r in node["routes"]]
        if out.get("continue") is False:
            out.pop("continue")
        return out

    notes: list = []
    out = {k: v for k, v in data.items() if v not in (None, [], {})}
    out["route"] = route(data["route"])
    out["receivers"] = [externalise_secrets({k: v for k, v in r.items() if k != "name"}, "", notes, str(r["name"]))
                        | {"name": r["name"]} for r in data.get("receivers") or []]
    if data.get("global"):
        out["global"] = externalise_secrets(data["global"], "global", notes, "global")
    return out
