"""`obsgen deliver`: a firing and a resolved alert through a real Alertmanager, for every built stack.

For one stack folder, the compiled alertmanager.yml (and its templates) is
copied to a temporary folder and rewired, changing only what a test must:
Slack and webhook URLs point at a local HTTP capture server, email at a local
SMTP capture server, secrets are written to files read through the same
`*_file` fields, waits shrink to a fraction of a second, and routes lose their time
intervals so the outcome does not depend on the clock. Routes, receivers,
inhibition and templates are the real ones. Integrations of other kinds
(PagerDuty, Opsgenie, ...) are left out with a note.

The alerts are the stack's own alert rules (their static labels), chosen so
that every receiver some rule reaches is exercised; each carries a summary
unique to this run, and every rendered Slack, email and webhook body must
carry it, firing and (where `send_resolved`) resolved.
"""

from __future__ import annotations

import copy
import datetime as dt
import email
import glob
import json
import os
import re
import shutil
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import attr
import yaml

from obsgen import routing
from obsgen.serialize import load_yaml

KINDS = ("slack_configs", "email_configs", "webhook_configs")
# Alertmanager's defaults for send_resolved, per integration kind.
RESOLVED_DEFAULT = {"slack_configs": False, "email_configs": False, "webhook_configs": True}
TOKEN = "obsgen-deliver-token"
# group_wait and group_interval of every route in the test config: a notification leaves a quarter
# second after its alerts arrive, and the resolved one at the next flush (Alertmanager takes ms durations).
SHRUNK_WAIT = "250ms"
WAIT = 15.0  # seconds for one round of notifications to arrive; with the shrunk waits they take well under one
GRACE = 1.0  # seconds, once each integration has heard something, for the rest of a round (four group waits)


@attr.s(auto_attribs=True)
class Result:
    stack: str
    failures: list = attr.Factory(list)
    notes: list = attr.Factory(list)
    delivered: int = 0

    def summary(self) -> str:
        return f"deliver {self.stack}: {self.delivered} notifications checked, {len(self.failures)} failures"


class Capture:
    """HTTP (Slack, webhooks) and SMTP sinks on 127.0.0.1; arrivals are (kind, key, text)."""

    def __init__(self):
        self.arrivals: list = []
        self.lock = threading.Lock()
        capture = self

        class Http(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
                kind, _, key = self.path.strip("/").partition("/")
                capture.add(kind, key, body, self.headers.get("Authorization"))
                # Slack answers "ok"; Alertmanager 0.28 retries a Slack post whose reply is anything else.
                reply = b"ok" if kind == "slack" else b""
                self.send_response(200)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *_args):
                pass

        class Smtp(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 capture ESMTP\r\n")
                rcpt = []
                while True:
                    line = self.rfile.readline().decode("utf-8", "replace")
                    if not line:
                        return
                    verb = line[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        self.wfile.write(b"250-capture\r\n250 8BITMIME\r\n")
                    elif verb == "RCPT":
                        rcpt.append(line.split(":", 1)[1].strip().strip("<>"))
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "DATA":
                        self.wfile.write(b"354 go ahead\r\n")
                        data = []
                        for raw in iter(self.rfile.readline, b""):
                            if raw in (b".\r\n", b".\n"):
                                break
                            data.append(raw)
                        message = email.message_from_bytes(b"".join(data))
                        text = f"Subject: {message['Subject']}\n{_text(message)}"
                        for to in rcpt:
                            capture.add("email", to, text, None)
                        rcpt = []
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Http)
        self.smtp = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Smtp)
        self.smtp.daemon_threads = True
        for server in (self.http, self.smtp):
            threading.Thread(target=server.serve_forever, daemon=True).start()

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}"

    @property
    def smtp_address(self) -> str:
        return f"127.0.0.1:{self.smtp.server_address[1]}"

    def add(self, kind, key, text, authorization):
        with self.lock:
            self.arrivals.append((kind, key, text, authorization))

    def texts(self, kind: str, key: str) -> list:
        with self.lock:
            return [(t, a) for k, r, t, a in self.arrivals if k == kind and r == key]

    def close(self):
        for server in (self.http, self.smtp):
            server.shutdown()
            server.server_close()


def _text(message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    return "".join((p.get_payload(decode=True) or b"").decode("utf-8", "replace") for p in parts if not p.is_multipart())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@attr.s(frozen=True, auto_attribs=True)
class Target:
    """One integration of the test copy and what it must receive."""

    receiver: str
    kind: str  # slack_configs, email_configs, webhook_configs
    index: int
    key: str  # where its arrivals are captured
    send_resolved: bool
    authorization: str | None  # the header the webhook must carry, when its secret is a file

    @property
    def capture_kind(self) -> str:
        return {"slack_configs": "slack", "email_configs": "email", "webhook_configs": "webhook"}[self.kind]

    def describe(self) -> str:
        return f"receiver {self.receiver!r} {self.kind[:-len('_configs')]} #{self.index}"


def rewire(config: dict, workdir: str, capture: Capture) -> tuple:
    """The test copy of `config` and its Targets; notes for what was left out."""
    data = copy.deepcopy(config)
    notes, targets = [], []
    secrets = os.path.join(workdir, "secrets")
    os.makedirs(secrets, exist_ok=True)

    def secret(name: str, text: str) -> str:
        path = os.path.join(secrets, name)
        with open(path, "w") as fh:
            fh.write(text)
        return path

    glob_cfg = data.get("global")
    if not isinstance(glob_cfg, dict):
        glob_cfg = data["global"] = {}
    for key in list(glob_cfg):
        if key.endswith("_file"):
            glob_cfg[key] = secret(f"global-{key}", "unused")
    glob_cfg.update({"smtp_smarthost": capture.smtp_address, "smtp_require_tls": False})
    glob_cfg.pop("slack_api_url", None)
    glob_cfg.pop("http_config", None)  # proxies and TLS for the real endpoints; loopback needs neither
    for r_index, receiver in enumerate(data.get("receivers") or []):
        name = str(receiver.get("name"))
        for key in [k for k in receiver if k.endswith("_configs")]:
            if key not in KINDS:
                notes.append(f"receiver {name!r}: {key} not delivered by obsgen deliver (only Slack, email, webhook)")
                del receiver[key]
                continue
            for c_index, cfg in enumerate(receiver[key] or []):
                slot = f"{r_index}-{c_index}"
                resolved = cfg.get("send_resolved", RESOLVED_DEFAULT[key])
                authorization = _rewire_http(cfg, slot, secret)
                if key == "slack_configs":
                    cfg.pop("api_url", None)
                    cfg["api_url_file"] = secret(f"slack-{slot}", f"{capture.http_url}/slack/{slot}")
                    target_key = slot
                elif key == "webhook_configs":
                    cfg.pop("url_file", None)
                    cfg["url"] = f"{capture.http_url}/webhook/{slot}"
                    target_key = slot
                else:
                    target_key = f"r{slot}@deliver.invalid"
                    cfg["to"] = target_key
                    cfg.pop("smarthost", None)
                    cfg.pop("tls_config", None)
                    cfg["require_tls"] = False
                    for field in [f for f in cfg if f.endswith("_file")]:
                        cfg[field] = secret(f"email-{slot}-{field}", "unused")
                    authorization = None
                targets.append(Target(name, key, c_index, target_key, bool(resolved), authorization))
    for pattern in data.get("templates") or [] if isinstance(data.get("templates"), list) else []:
        if isinstance(pattern, str) and os.path.isabs(pattern) and not glob.glob(pattern):
            notes.append(f"templates glob {pattern!r} is a path on the Alertmanager host and matches nothing here; "
                         "notifications that call its templates fail in this test")
    if isinstance(data.get("route"), dict):
        for _path, node in routing.walk(data["route"]):
            node.pop("mute_time_intervals", None)
            node.pop("active_time_intervals", None)
            if node is data["route"] or any(k in node for k in ("group_wait", "group_interval", "repeat_interval")):
                node.update(group_wait=SHRUNK_WAIT, group_interval=SHRUNK_WAIT, repeat_interval="1h")
    return data, targets, notes


def _rewire_http(cfg: dict, slot: str, secret) -> str | None:
    """Secrets of http_config through their own *_file fields; the Authorization header a webhook must then carry."""
    http = cfg.get("http_config")
    if not isinstance(http, dict):
        return None
    for key in ("tls_config", "proxy_url", "proxy_from_environment", "oauth2"):
        http.pop(key, None)  # nothing on loopback speaks TLS or sits behind a proxy
    expected = None
    auth = http.get("authorization")
    if isinstance(auth, dict):
        if "credentials_file" in auth:
            auth["credentials_file"] = secret(f"credentials-{slot}", TOKEN)
            expected = f"{auth.get('type', 'Bearer')} {TOKEN}"
        elif "credentials" in auth:
            expected = f"{auth.get('type', 'Bearer')} {auth['credentials']}"
    if "bearer_token_file" in http:
        http["bearer_token_file"] = secret(f"bearer-{slot}", TOKEN)
        expected = f"Bearer {TOKEN}"
    basic = http.get("basic_auth")
    if isinstance(basic, dict) and "password_file" in basic:
        basic["password_file"] = secret(f"password-{slot}", TOKEN)
    return expected


def _alerts(stack_dir: str, config: dict) -> list:
    """(labels, receivers) for alert rules chosen so that every receiver some rule reaches is exercised once."""
    external = {}
    prom = os.path.join(stack_dir, "prometheus", "prometheus.yml")
    if os.path.exists(prom):
        try:
            with open(prom) as fh:
                prom_data = load_yaml(fh)
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            prom_data = None  # `obsgen test` and lint report it; here it only adds external labels
        settings = prom_data.get("global") if isinstance(prom_data, dict) else None
        external = (settings.get("external_labels") if isinstance(settings, dict) else None) or {}
    tree = routing.RouteTree(config.get("route") or {})
    chosen, covered = [], set()
    for path in sorted(glob.glob(os.path.join(stack_dir, "prometheus", "rules", "*.yml"))):
        try:
            with open(path) as fh:
                data = load_yaml(fh) or {}
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue  # lint reports a rule file that does not parse
        groups = data.get("groups") if isinstance(data, dict) and isinstance(data.get("groups"), list) else []
        for group in groups:
            for rule in (group.get("rules") or []) if isinstance(group, dict) else []:
                if not isinstance(rule, dict) or not isinstance(rule.get("alert"), str):
                    continue
                static = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
                labels = {**{k: str(v) for k, v in external.items()},
                          **{k: str(v) for k, v in static.items()}, "alertname": rule["alert"]}
                reached = {name for _p, name in tree.route(labels)}
                if not reached <= covered:
                    chosen.append((labels, reached))
                    covered |= reached
    # An alert no route matches reaches the root receiver, often a triage channel no rule is routed to.
    stray = {**{k: str(v) for k, v in external.items()}, "alertname": "ObsgenDeliverUnrouted"}
    reached = {name for _p, name in tree.route(stray)}
    if not reached <= covered:
        chosen.append((stray, reached))
    return chosen


def _batches(alerts: list, config: dict) -> list:
    """Split alerts so that none is inhibited by another firing in the same batch."""
    rules = [r for r in config.get("inhibit_rules") or [] if isinstance(r, dict)]

    def inhibits(source: dict, target: dict) -> bool:
        for rule in rules:
            if (all(routing.matches(m, source) for m in routing.matchers_of(rule, "source_"))
                    and all(routing.matches(m, target) for m in routing.matchers_of(rule, "target_"))
                    and all(source.get(l, "") == target.get(l, "") for l in rule.get("equal") or [])):
                return True
        return False

    batches: list = []
    for item in alerts:
        for batch in batches:
            if not any(inhibits(o[0], item[0]) or inhibits(item[0], o[0]) for o in batch):
                batch.append(item)
                break
        else:
            batches.append([item])
    return batches


class Alertmanager:
    def __init__(self, binary: str, workdir: str, config: str):
        self.url = f"http://127.0.0.1:{_free_port()}"
        self.log_path = os.path.join(workdir, "alertmanager.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [binary, f"--config.file={config}", f"--storage.path={os.path.join(workdir, 'data')}",
             f"--web.listen-address={self.url[len('http://'):]}", "--cluster.listen-address=", "--log.level=warn"],
            stdout=self.log, stderr=subprocess.STDOUT)

    def ready(self) -> str | None:
        """None once ready; else why not."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=1) as resp:
                    if resp.status == 200:
                        return None
            except OSError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        return " ".join(self.log_tail().split())[-400:] or "no output"

    def log_tail(self) -> str:
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as fh:
            return fh.read()  # small: warn level, one run

    def post(self, alerts: list) -> None:
        body = json.dumps(alerts).encode()
        req = urllib.request.Request(f"{self.url}/api/v2/alerts", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            resp.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def _payload(labels: dict, summary: str, resolved: bool) -> dict:
    now = dt.datetime.now(dt.timezone.utc).isoformat()
    out = {"labels": labels, "annotations": {"summary": summary, "description": summary}, "startsAt": now}
    if resolved:
        out["endsAt"] = now
    return out


def _settle(done, heard) -> None:
    """Until `done`, or WAIT seconds; once every integration has `heard` something, allow GRACE more for the rest.

    Alerts of one batch in different groups arrive as separate notifications a moment apart;
    a template that drops the summary should fail in seconds, not after the whole WAIT.
    """
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and not done():
        if heard():
            deadline = min(deadline, time.monotonic() + GRACE)
        time.sleep(0.1)


def deliver(stack_dir: str, binary: str) -> Result:
    """Prove delivery for one stack folder (build/<stack>)."""
    stack = os.path.basename(os.path.normpath(stack_dir))
    result = Result(stack)
    am_dir = os.path.join(stack_dir, "alertmanager")
    config_path = os.path.join(am_dir, "alertmanager.yml")
    if not os.path.exists(config_path):
        result.notes.append(f"{config_path}: no Alertmanager config; nothing to deliver")
        return result
    try:
        with open(config_path) as fh:
            config = load_yaml(fh) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        result.failures.append(f"{config_path}: cannot be read: {' '.join(str(exc).split())}")
        return result
    if not isinstance(config, dict):
        result.failures.append(f"{config_path}: not an Alertmanager config (a YAML mapping); nothing delivered")
        return result
    alerts = _alerts(stack_dir, config)
    capture = Capture()
    workdir = tempfile.mkdtemp(prefix=f"obsgen-deliver-{stack}-")
    try:
        shutil.copytree(am_dir, os.path.join(workdir, "alertmanager"))
        data, targets, notes = rewire(config, workdir, capture)
        result.notes += notes
        test_config = os.path.join(workdir, "alertmanager", "alertmanager.yml")
        with open(test_config, "w") as fh:
            yaml.safe_dump(data, fh, sort_keys=True)
        by_receiver: dict = {}
        for target in targets:
            by_receiver.setdefault(target.receiver, []).append(target)
        reached = set().union(*(r for _l, r in alerts)) if alerts else set()
        if not any(by_receiver.get(r) for r in reached):
            result.notes.append(f"{config_path}: no alert rule reaches a Slack, email or webhook receiver; nothing to deliver")
            return result
        am = Alertmanager(binary, workdir, test_config)
        try:
            why = am.ready()
            if why is not None:
                result.failures.append(f"{config_path}: Alertmanager did not start on the rewired config: {why}")
                return result
            run = dt.datetime.now(dt.timezone.utc).strftime("%H%M%S%f")
            for batch in _batches(alerts, config):
                _round(am, capture, batch, by_receiver, run, result, config_path)
        finally:
            am.stop()
    finally:
        capture.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _round(am, capture, batch, by_receiver, run, result, config_path) -> None:
    """Fire a batch, check every integration it reaches got its summaries, resolve, check again."""
    summaries = {labels["alertname"]: f"{labels['alertname']} summary, obsgen deliver run {run}" for labels, _r in batch}
    expected = []  # (target, summaries it must carry)
    for target_receiver in sorted({r for _l, reached in batch for r in reached}):
        wanted = [summaries[l["alertname"]] for l, reached in batch if target_receiver in reached]
        expected += [(t, wanted) for t in by_receiver.get(target_receiver, [])]
    for phase, resolved in (("firing", False), ("resolved", True)):
        before = {t: len(capture.texts(t.capture_kind, t.key)) for t, _w in expected}
        am.post([_payload(labels, summaries[labels["alertname"]], resolved) for labels, _r in batch])
        due = [(t, w) for t, w in expected if not resolved or t.send_resolved]

        def arrived(target, wanted):
            texts = capture.texts(target.capture_kind, target.key)[before[target]:]
            seen = "\n".join(_unescape(text) for text, _a in texts)
            return all(s in seen for s in wanted)

        _settle(lambda: all(arrived(t, w) for t, w in due),
                lambda: all(len(capture.texts(t.capture_kind, t.key)) > before[t] for t, _w in due))
        for target, wanted in due:
            texts = capture.texts(target.capture_kind, target.key)[before[target]:]
            if not texts:
                why = _notify_errors(am.log_tail()).get((target.receiver, target.kind[:-len("_configs")], target.index))
                result.failures.append(f"{config_path}: {target.describe()}: no {phase} notification arrived "
                                       f"within {WAIT:.0f}s (alerts {', '.join(sorted(_names(wanted)))})"
                                       + (f"; Alertmanager: {why}" if why else ""))
                continue
            result.delivered += len(texts)
            seen = "\n".join(_unescape(text) for text, _a in texts)
            missing = [s for s in wanted if s not in seen]
            if missing:
                why = _notify_errors(am.log_tail()).get((target.receiver, target.kind[:-len("_configs")], target.index))
                result.failures.append(f"{config_path}: {target.describe()}: the {phase} notification does not carry "
                                       f"the alert's summary {missing[0]!r}; "
                                       + (f"Alertmanager: {why}" if why else "its template drops .Annotations.summary"))
            if target.authorization and any(a != target.authorization for _t, a in texts):
                result.failures.append(f"{config_path}: {target.describe()}: the webhook arrived without the "
                                       "Authorization its credentials file holds")


_ERR = re.compile(r'msg="Notify for alerts failed".*? err="((?:[^"\\]|\\.)*)"')
_INTEGRATION = re.compile(r'(?:^|; )([^\s;/]+)/(\w+)\[(\d+)\]: ')


def _notify_errors(log: str) -> dict:
    """(receiver, kind, index) -> the last reason Alertmanager logged for failing to notify through it."""
    out = {}
    for found in _ERR.finditer(log):
        text = found.group(1).replace('\\"', '"')
        parts = _INTEGRATION.split(text)
        for receiver, kind, index, message in zip(parts[1::4], parts[2::4], parts[3::4], parts[4::4]):
            reason = message.rsplit(">: ", 1)[-1] if ">: " in message else message.split("attempts: ", 1)[-1]
            out[receiver, kind, int(index)] = reason.strip()[:200]
    return out


def _names(wanted: list) -> list:
    return [w.split(" summary,")[0] for w in wanted]


def _unescape(text: str) -> str:
    """JSON bodies escape what templates render; compare against the decoded strings too."""
    try:
        return text + "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    except ValueError:
        return text


def binary() -> str:
    found = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
    if found is None:
        raise FileNotFoundError("prometheus-alertmanager not found: install Debian package 'prometheus-alertmanager' "
                                "or run 'make tools'")
    return found
