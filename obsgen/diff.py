"""`obsgen diff [REV]`: what a change does to the built files, object by object.

The "before" side is the committed `build/` tree at a git revision, read with
`git ls-tree` and `git cat-file` (no checkout); the "after" side is `build/` on
disk. Reviewers read this instead of hundreds of lines of generated JSON:
dashboards by panel (added, removed, moved, query, unit, thresholds, legend),
rule files by alert and recording rule (expression, `for`, labels,
annotations), Alertmanager by route, receiver and inhibition, and
prometheus.yml by scrape job. Files of other kinds (promtool tests, templates,
provisioning) are listed by name only. Output is plain text for a terminal or
Markdown for a pull-request comment; long expressions are cut to the part that
changed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter

import attr
import yaml

from obsgen import lint
from obsgen.errors import Misuse

try:  # libyaml when present: build/ has a few thousand lines of YAML.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

MANIFEST = ".obsgen-manifest.json"
WIDTH = 72  # an expression longer than this is shown around the part that changed
CONTEXT = 16  # characters kept either side of the changed part


@attr.s(frozen=True, auto_attribs=True)
class Change:
    """One reviewable change. `obj` names the object inside the file ("" for the file itself)."""

    file: str  # relative to the build root, e.g. shop/prometheus/rules/x.yml
    heading: str  # what the file is, e.g. "dashboard 'Shop / System Overview'"
    action: str  # added, removed, changed, moved
    obj: str
    field: str = ""
    old: str | None = None
    new: str | None = None


# ---------------------------------------------------------------- reading both sides

def _git(project: str, *args: str, data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "-C", project, *args], input=data, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise Misuse("git not found; obsgen diff reads the committed build/ with git") from None
    if proc.returncode != 0:
        last = (proc.stderr.decode(errors="replace").strip().splitlines() or ["failed"])[-1]
        raise Misuse(f"git {args[0]}: {last}")
    return proc.stdout


def tree_at(project: str, rev: str, root: str = "build") -> dict:
    """{path relative to root: bytes} of the tree committed at `rev`; `root` is relative to `project` or absolute."""
    top = _git(project, "rev-parse", "--show-toplevel").decode().strip()  # also: is this a git repository?
    try:
        _git(project, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except Misuse:
        raise Misuse(f"{rev!r} is not a commit in {os.path.abspath(project)}") from None
    rel = os.path.relpath(os.path.realpath(os.path.join(project, root)), os.path.realpath(top))
    if rel.startswith(".."):
        raise Misuse(f"{root} is outside the git repository at {top}")
    base = rel.replace(os.sep, "/") + "/"
    listing = _git(project, "ls-tree", "-r", "-z", "--full-tree", rev, "--", base)
    entries = []
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, path = item.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((path.decode()[len(base):], sha.decode()))
    if not entries:
        return {}
    # One cat-file for every blob: a few dozen files, one process.
    out = _git(project, "cat-file", "--batch", data="".join(f"{sha}\n" for _p, sha in entries).encode())
    files, pos = {}, 0
    for path, _sha in entries:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        files[path] = out[header_end + 1:header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return files


def tree_on_disk(root: str) -> dict:
    files = {}
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".obsgen-staging"))
        for name in sorted(names):
            full = os.path.join(dirpath, name)
            with open(full, "rb") as fh:
                files[os.path.relpath(full, root).replace(os.sep, "/")] = fh.read()
    return files


def _parse(path: str, data: bytes):
    try:
        if path.endswith(".json"):
            return json.loads(data)
        if path.endswith((".yml", ".yaml")):
            return yaml.load(data, Loader=_Loader)
    except (ValueError, yaml.YAMLError):
        return None
    return None


# ---------------------------------------------------------------- display helpers

def _show(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(value, sort_keys=True, separators=(", ", ": "))


def _word(c: str) -> bool:
    return c.isalnum() or c in "_:."


def shorten(old: str, new: str, width: int = WIDTH) -> tuple:
    """Both strings when short; otherwise each cut to the part that differs, with some context."""
    old, new = " ".join(old.split()), " ".join(new.split())
    if len(old) <= width and len(new) <= width:
        return old, new
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
        s += 1
    start = max(0, p - CONTEXT)
    while start > 0 and _word(old[start - 1]) and _word(old[start]):
        start -= 1  # never cut a name in half
    cut = []
    for text in (old, new):
        stop = min(len(text), len(text) - s + CONTEXT)
        while stop < len(text) and _word(text[stop - 1]) and _word(text[stop]):
            stop += 1
        piece = ("…" if start > 0 else "") + text[start:stop] + ("…" if stop < len(text) else "")
        if len(piece) > 3 * width:
            piece = piece[:3 * width] + "…"
        cut.append(piece)
    return tuple(cut)


def _shorten_one(value: str, width: int = WIDTH) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[:width] + "…"


# ---------------------------------------------------------------- matching objects

def _keyed(items, key) -> dict:
    """{key: item}, a repeated key numbered by occurrence (so two panels titled alike both count)."""
    out, seen = {}, Counter()
    for item in items:
        k = key(item)
        seen[k] += 1
        out[k if seen[k] == 1 else f"{k} ({seen[k]})"] = item
    return out


def _pairs(old: dict, new: dict):
    """(key, old or None, new or None) in the new order, then removed ones in the old order."""
    for k, v in new.items():
        yield k, old.get(k), v
    for k, v in old.items():
        if k not in new:
            yield k, v, None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


class _Collector:
    def __init__(self, file: str, heading: str):
        self.file, self.heading, self.changes = file, heading, []

    def add(self, action: str, obj: str, field: str = "", old=None, new=None) -> None:
        self.changes.append(Change(self.file, self.heading, action, obj, field, old, new))

    def value(self, obj: str, field: str, old, new, expression: bool = False) -> None:
        if old == new:
            return
        a, b = _show(old), _show(new)
        if expression or len(a) > WIDTH or len(b) > WIDTH:
            a, b = shorten(a, b)
        self.add("changed", obj, field, a, b)

    def mapping(self, obj: str, field: str, old, new) -> None:
        """Labels, annotations, matchers-as-dict: one change per key."""
        old, new = _dict(old), _dict(new)
        for k in sorted(set(old) | set(new)):
            if old.get(k) != new.get(k):
                self.value(obj, f"{field} {k}".strip(), old.get(k), new.get(k))

    def rest(self, obj: str, old: dict, new: dict, known) -> None:
        """Any other key that changed, named once, so nothing changes unseen."""
        keys = sorted(k for k in set(old) | set(new) if k not in known and old.get(k) != new.get(k))
        if keys:
            self.add("changed", obj, "other settings", None, ", ".join(keys))


# ---------------------------------------------------------------- dashboards

def _flat_panels(dashboard: dict) -> list:
    out = []
    for panel in _list(dashboard.get("panels")):
        if isinstance(panel, dict):
            out.append(panel)
            out += [p for p in _list(panel.get("panels")) if isinstance(p, dict)]
    return out


def _panel_key(panel: dict) -> str:
    title = panel.get("title") or f"#{panel.get('id', '?')}"
    return f"row '{title}'" if panel.get("type") == "row" else f"panel '{title}'"


def _grid(panel: dict) -> tuple:
    g = _dict(panel.get("gridPos"))
    return tuple(g.get(k) for k in ("x", "y", "w", "h"))


def _grid_text(grid: tuple) -> str:
    return "x={} y={} w={} h={}".format(*grid)


def _thresholds(panel: dict) -> str:
    steps = _list(_dict(_dict(_dict(panel.get("fieldConfig")).get("defaults")).get("thresholds")).get("steps"))
    return ", ".join(f"{_dict(s).get('color')}" + ("" if _dict(s).get("value") is None else f" from {_dict(s).get('value')}")
                     for s in steps)


def _defaults(panel: dict) -> dict:
    return _dict(_dict(panel.get("fieldConfig")).get("defaults"))


_PANEL_KNOWN = {"targets", "gridPos", "fieldConfig", "options", "title", "type", "id", "panels", "datasource",
                "description", "collapsed"}


def diff_dashboard(c: _Collector, old: dict, new: dict) -> None:
    if old.get("title") != new.get("title"):
        c.value("dashboard", "title", old.get("title"), new.get("title"))
    old_vars = _keyed(_list(_dict(old.get("templating")).get("list")), lambda v: _dict(v).get("name"))
    new_vars = _keyed(_list(_dict(new.get("templating")).get("list")), lambda v: _dict(v).get("name"))
    for name, a, b in _pairs(old_vars, new_vars):
        if a is None:
            c.add("added", f"variable ${name}")
        elif b is None:
            c.add("removed", f"variable ${name}")
        elif a != b:
            c.value(f"variable ${name}", "query", _dict(a).get("query"), _dict(b).get("query"), expression=True)
            c.rest(f"variable ${name}", _dict(a), _dict(b), {"query", "current", "options"})
    olds, news = _keyed(_flat_panels(old), _panel_key), _keyed(_flat_panels(new), _panel_key)
    shifts = {}  # panels that only moved vertically, all by the same amount: one line, not one per panel
    for key, a, b in _pairs(olds, news):
        if a is None:
            c.add("added", key, "", None, f"{b.get('type')}, {_grid_text(_grid(b))}")
            continue
        if b is None:
            c.add("removed", key, "", f"{a.get('type')}, {_grid_text(_grid(a))}")
            continue
        ga, gb = _grid(a), _grid(b)
        if ga != gb:
            if ga[0] == gb[0] and ga[2:] == gb[2:] and all(isinstance(v, int) for v in (ga[1], gb[1])):
                shifts.setdefault(gb[1] - ga[1], []).append(key)
            else:
                c.add("moved", key, "", _grid_text(ga), _grid_text(gb))
        _diff_panel(c, key, a, b)
    for dy, keys in sorted(shifts.items()):
        direction = "down" if dy > 0 else "up"
        if len(keys) == 1:
            c.add("moved", keys[0], "", None, f"{direction} {abs(dy)} grid rows")
        else:
            c.add("moved", f"{len(keys)} panels", "", None,
                  f"{direction} {abs(dy)} grid rows ({', '.join(k.split(' ', 1)[1] for k in keys[:4])}"
                  f"{', …' if len(keys) > 4 else ''})")
    c.rest("dashboard", old, new, {"panels", "templating", "title", "version"})


def _diff_panel(c: _Collector, key: str, a: dict, b: dict) -> None:
    c.value(key, "type", a.get("type"), b.get("type"))
    c.value(key, "title", a.get("title"), b.get("title"))
    targets_a = _keyed(_list(a.get("targets")), lambda t: _dict(t).get("refId") or "?")
    targets_b = _keyed(_list(b.get("targets")), lambda t: _dict(t).get("refId") or "?")
    for ref, ta, tb in _pairs(targets_a, targets_b):
        ta, tb = _dict(ta), _dict(tb)
        if not ta:
            c.add("added", key, f"query {ref}", None, _shorten_one(str(tb.get("expr", ""))))
        elif not tb:
            c.add("removed", key, f"query {ref}", _shorten_one(str(ta.get("expr", ""))))
        else:
            c.value(key, f"query {ref}", ta.get("expr"), tb.get("expr"), expression=True)
            c.value(key, f"legend {ref}", ta.get("legendFormat"), tb.get("legendFormat"))
            c.rest(f"{key} query {ref}", ta, tb, {"expr", "legendFormat", "refId"})
    da, db = _defaults(a), _defaults(b)
    c.value(key, "unit", da.get("unit"), db.get("unit"))
    if _thresholds(a) != _thresholds(b):
        c.add("changed", key, "thresholds", _thresholds(a) or "(none)", _thresholds(b) or "(none)")
    for field in ("min", "max", "decimals", "noValue"):
        c.value(key, field, da.get(field), db.get(field))
    if da.get("mappings") != db.get("mappings"):
        c.add("changed", key, "value mappings", None, f"{len(_list(db.get('mappings')))} mapping(s)")
    oa, ob = _dict(a.get("options")), _dict(b.get("options"))
    c.value(key, "legend", oa.get("legend"), ob.get("legend"))
    if _dict(a.get("fieldConfig")).get("overrides") != _dict(b.get("fieldConfig")).get("overrides"):
        c.add("changed", key, "overrides", None,
              f"{len(_list(_dict(b.get('fieldConfig')).get('overrides')))} override(s)")
    c.rest(key, a, b, _PANEL_KNOWN)
    rest_known = {"unit", "thresholds", "min", "max", "decimals", "noValue", "mappings"}
    if {k: v for k, v in da.items() if k not in rest_known} != {k: v for k, v in db.items() if k not in rest_known}:
        c.rest(f"{key} field defaults", da, db, rest_known)
    if {k: v for k, v in oa.items() if k != "legend"} != {k: v for k, v in ob.items() if k != "legend"}:
        c.rest(f"{key} options", oa, ob, {"legend"})
    if a.get("datasource") != b.get("datasource"):
        c.value(key, "datasource", a.get("datasource"), b.get("datasource"))


# ---------------------------------------------------------------- rules

def _rule_key(rule) -> str:
    rule = _dict(rule)
    if "alert" in rule:
        return f"alert {rule['alert']}"
    return f"recording {rule.get('record', '?')}"


def diff_rules(c: _Collector, old: dict, new: dict) -> None:
    groups_a = _keyed(_list(old.get("groups")), lambda g: _dict(g).get("name") or "?")
    groups_b = _keyed(_list(new.get("groups")), lambda g: _dict(g).get("name") or "?")
    for name, ga, gb in _pairs(groups_a, groups_b):
        ga, gb = _dict(ga), _dict(gb)
        rules_a = _keyed(_list(ga.get("rules")), _rule_key)
        rules_b = _keyed(_list(gb.get("rules")), _rule_key)
        if not ga or not gb:
            c.add("added" if not ga else "removed", f"group {name}", "", None, f"{len(rules_a or rules_b)} rules")
            continue
        c.value(f"group {name}", "interval", ga.get("interval"), gb.get("interval"))
        for key, a, b in _pairs(rules_a, rules_b):
            a, b = _dict(a), _dict(b)
            if not a:
                c.add("added", key, "", None, _rule_brief(b))
            elif not b:
                c.add("removed", key, "", _rule_brief(a))
            else:
                c.value(key, "expr", a.get("expr"), b.get("expr"), expression=True)
                c.value(key, "for", a.get("for"), b.get("for"))
                c.value(key, "keep_firing_for", a.get("keep_firing_for"), b.get("keep_firing_for"))
                c.mapping(key, "label", a.get("labels"), b.get("labels"))
                c.mapping(key, "annotation", a.get("annotations"), b.get("annotations"))
                c.rest(key, a, b, {"alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"})


def _rule_brief(rule: dict) -> str:
    parts = [_shorten_one(" ".join(str(rule.get("expr", "")).split()), 60)]
    if rule.get("for"):
        parts.append(f"for {rule['for']}")
    severity = _dict(rule.get("labels")).get("severity")
    if severity:
        parts.append(f"severity={severity}")
    return ", ".join(parts)


# ---------------------------------------------------------------- Alertmanager

_ROUTE_FIELDS = ("receiver", "group_by", "group_wait", "group_interval", "repeat_interval", "continue",
                 "mute_time_intervals", "active_time_intervals")


def _matchers(route: dict) -> str:
    parts = [str(m) for m in _list(route.get("matchers"))]
    parts += [f'{k}="{v}"' for k, v in sorted(_dict(route.get("match")).items())]
    parts += [f'{k}=~"{v}"' for k, v in sorted(_dict(route.get("match_re")).items())]
    return ", ".join(parts) or "(any)"


def _route_pairs(old: list, new: list, path: str):
    """Children matched by their matchers; leftovers paired in order (their matchers changed)."""
    old = [_dict(r) for r in old]
    new = [_dict(r) for r in new]
    by_a = _keyed(old, _matchers)
    by_b = _keyed(new, _matchers)
    left_a = [k for k in by_a if k not in by_b]
    left_b = [k for k in by_b if k not in by_a]
    for k in by_b:
        if k in by_a:
            yield f"{path} > {k}" if path else k, by_a[k], by_b[k]
    for ka, kb in zip(left_a, left_b):
        yield f"{path} > {kb}" if path else kb, by_a[ka], by_b[kb]
    for kb in left_b[len(left_a):]:
        yield f"{path} > {kb}" if path else kb, None, by_b[kb]
    for ka in left_a[len(left_b):]:
        yield f"{path} > {ka}" if path else ka, by_a[ka], None


def _diff_route(c: _Collector, label: str, a: dict, b: dict) -> None:
    obj = "root route" if not label else f"route {label}"
    if _matchers(a) != _matchers(b):
        c.value(obj, "matchers", _matchers(a), _matchers(b))
    for field in _ROUTE_FIELDS:
        c.value(obj, field, a.get(field), b.get(field))
    for child, ca, cb in _route_pairs(_list(a.get("routes")), _list(b.get("routes")), label):
        if ca is None:
            c.add("added", f"route {child}", "", None, f"receiver {cb.get('receiver', '(inherited)')}")
        elif cb is None:
            c.add("removed", f"route {child}", "", f"receiver {ca.get('receiver', '(inherited)')}")
        else:
            _diff_route(c, child, ca, cb)


def _inhibit_text(rule) -> str:
    rule = _dict(rule)
    src = ", ".join(str(m) for m in _list(rule.get("source_matchers"))) or _show(rule.get("source_match"))
    dst = ", ".join(str(m) for m in _list(rule.get("target_matchers"))) or _show(rule.get("target_match"))
    equal = ", ".join(str(e) for e in _list(rule.get("equal")))
    return f"[{src}] mutes [{dst}]" + (f" when equal ({equal})" if equal else "")


_SECRET_KEY = re.compile(r"password|secret|token|key|url|credential|auth", re.I)


def diff_alertmanager(c: _Collector, old: dict, new: dict) -> None:
    _diff_route(c, "", _dict(old.get("route")), _dict(new.get("route")))
    rec_a = _keyed(_list(old.get("receivers")), lambda r: _dict(r).get("name") or "?")
    rec_b = _keyed(_list(new.get("receivers")), lambda r: _dict(r).get("name") or "?")
    for name, a, b in _pairs(rec_a, rec_b):
        a, b = _dict(a), _dict(b)
        integrations = lambda r: ", ".join(k.replace("_configs", "") for k in sorted(r) if k.endswith("_configs"))
        if not a:
            c.add("added", f"receiver {name}", "", None, integrations(b) or "no integrations")
        elif not b:
            c.add("removed", f"receiver {name}", "", integrations(a) or "no integrations")
        elif a != b:
            # Named, not shown: receiver settings hold webhook URLs and credentials, and this may be a PR comment.
            keys = [k for k in sorted(set(a) | set(b)) if k != "name" and a.get(k) != b.get(k)]
            c.add("changed", f"receiver {name}", "", None, ", ".join(keys))
    inh_a = [_inhibit_text(r) for r in _list(old.get("inhibit_rules"))]
    inh_b = [_inhibit_text(r) for r in _list(new.get("inhibit_rules"))]
    for text in inh_b:
        if text not in inh_a:
            c.add("added", "inhibition", "", None, text)
    for text in inh_a:
        if text not in inh_b:
            c.add("removed", "inhibition", "", text)
    ti_a = _keyed(_list(old.get("time_intervals")), lambda t: _dict(t).get("name") or "?")
    ti_b = _keyed(_list(new.get("time_intervals")), lambda t: _dict(t).get("name") or "?")
    for name, a, b in _pairs(ti_a, ti_b):
        if a != b:
            c.value(f"time interval {name}", "", _dict(a).get("time_intervals") if a else None,
                    _dict(b).get("time_intervals") if b else None)
    for key in sorted(set(_dict(old.get("global"))) | set(_dict(new.get("global")))):
        a, b = _dict(old.get("global")).get(key), _dict(new.get("global")).get(key)
        if a != b and _SECRET_KEY.search(key):
            c.add("changed", "global", key)
        elif a != b:
            c.value("global", key, a, b)
    c.rest("alertmanager.yml", old, new, {"route", "receivers", "inhibit_rules", "time_intervals", "global"})


# ---------------------------------------------------------------- prometheus.yml

def _targets(job: dict) -> list:
    return [str(t) for s in _list(job.get("static_configs")) for t in _list(_dict(s).get("targets"))]


def diff_prometheus(c: _Collector, old: dict, new: dict) -> None:
    c.mapping("global", "", old.get("global"), new.get("global"))
    jobs_a = _keyed(_list(old.get("scrape_configs")), lambda j: _dict(j).get("job_name") or "?")
    jobs_b = _keyed(_list(new.get("scrape_configs")), lambda j: _dict(j).get("job_name") or "?")
    for name, a, b in _pairs(jobs_a, jobs_b):
        a, b = _dict(a), _dict(b)
        obj = f"scrape job {name}"
        if not a:
            c.add("added", obj, "", None, ", ".join(_targets(b)) or "no static targets")
        elif not b:
            c.add("removed", obj, "", ", ".join(_targets(a)) or "no static targets")
        else:
            for field in ("scrape_interval", "scrape_timeout", "metrics_path", "scheme", "honor_labels"):
                c.value(obj, field, a.get(field), b.get(field))
            ta, tb = _targets(a), _targets(b)
            for t in tb:
                if t not in ta:
                    c.add("added", obj, "target", None, t)
            for t in ta:
                if t not in tb:
                    c.add("removed", obj, "target", t)
            if ta == tb and a.get("static_configs") != b.get("static_configs"):
                c.add("changed", obj, "target labels")
            c.rest(obj, a, b, {"job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme",
                               "honor_labels", "static_configs"})
    files_a, files_b = _list(old.get("rule_files")), _list(new.get("rule_files"))
    for f in files_b:
        if f not in files_a:
            c.add("added", "rule file", "", None, str(f))
    for f in files_a:
        if f not in files_b:
            c.add("removed", "rule file", "", str(f))
    c.rest("prometheus.yml", old, new, {"global", "scrape_configs", "rule_files"})


# ---------------------------------------------------------------- the whole tree

_DIFFERS = {"dashboard": diff_dashboard, "rules": diff_rules, "alertmanager": diff_alertmanager,
            "prometheus": diff_prometheus}


def _heading(path: str, kind: str | None, data) -> str:
    stack = path.split("/", 1)[0] if "/" in path else ""
    prefix = f"{stack}: " if stack else ""
    if kind == "dashboard":
        return f"{prefix}dashboard '{_dict(data).get('title', os.path.basename(path))}'"
    if kind == "rules":
        return f"{prefix}rules {os.path.basename(path)}"
    if kind == "alertmanager":
        return f"{prefix}routing (alertmanager.yml)"
    if kind == "prometheus":
        return f"{prefix}scrape config (prometheus.yml)"
    return f"{prefix}{path.split('/', 1)[-1]}"


def _contents(kind: str | None, data) -> str | None:
    """What a whole added or removed file holds, in a few words."""
    if kind == "dashboard":
        return f"{sum(p.get('type') != 'row' for p in _flat_panels(_dict(data)))} panels"
    if kind == "rules":
        rules = [_dict(r) for g in _list(_dict(data).get("groups")) for r in _list(_dict(g).get("rules"))]
        alerts = sum("alert" in r for r in rules)
        return f"{alerts} alerts, {len(rules) - alerts} recording rules"
    if kind == "prometheus":
        return f"{len(_list(_dict(data).get('scrape_configs')))} scrape jobs"
    return None


def compare(before: dict, after: dict) -> list:
    """Every Change between two trees of {relative path: bytes}, grouped by file in path order."""
    changes = []
    for path in sorted(set(before) | set(after)):
        if os.path.basename(path) == MANIFEST:
            continue  # digests of the files below: every change would show twice
        a, b = before.get(path), after.get(path)
        if a == b:
            continue
        da = _parse(path, a) if a is not None else None
        db = _parse(path, b) if b is not None else None
        kind = lint.classify(db if b is not None else da)
        c = _Collector(path, _heading(path, kind, db if db is not None else da))
        if a is None:
            c.add("added", "file", "", None, _contents(kind, db))
        elif b is None:
            c.add("removed", "file", "", _contents(kind, da))
        elif kind in _DIFFERS and isinstance(da, dict) and isinstance(db, dict) and lint.classify(da) == kind:
            _DIFFERS[kind](c, da, db)
            if not c.changes:  # formatting only, or a key no differ names
                c.add("changed", "file", "", None, "formatting only")
        else:
            c.add("changed", "file")
        changes += c.changes
    return changes


# ---------------------------------------------------------------- output

def _groups(changes: list):
    out = {}
    for ch in changes:
        out.setdefault((ch.file, ch.heading), []).append(ch)
    return out.items()


def _line(ch: Change, code) -> str:
    subject = ch.obj if ch.obj != "file" else "file"
    field = f" {ch.field}" if ch.field else ""
    if ch.action == "changed" and ch.old is not None and ch.new is not None:
        return f"{subject}{field}: {code(ch.old)} → {code(ch.new)}"
    detail = ch.new if ch.new is not None else ch.old
    detail = f" ({code(detail) if ch.field.startswith('query') or ch.field == 'target' else detail})" if detail else ""
    if ch.action == "moved" and ch.old is not None:
        return f"{subject} moved: {ch.old} → {ch.new}"
    if ch.action == "moved":
        return f"{subject} moved {ch.new}"
    if ch.action == "changed":
        return f"{subject}{field} changed{detail}"
    return f"{subject}{field} {ch.action}{detail}"


_MARK = {"added": "+", "removed": "-", "changed": "~", "moved": "~"}


MAX_PER_FILE = 40  # past this, a file's changes are counted, not listed: the reader opens the file


def _capped(group: list) -> tuple:
    return group[:MAX_PER_FILE], len(group) - MAX_PER_FILE


def render_text(changes: list, title: str, notes: list = ()) -> str:
    lines = [title]
    lines += [f"note: {n}" for n in notes]
    for (path, heading), group in _groups(changes):
        lines.append("")
        lines.append(f"{heading}  [{path}]")
        shown, more = _capped(group)
        lines += [f"  {_MARK[ch.action]} {_line(ch, lambda s: s)}" for ch in shown]
        if more > 0:
            lines.append(f"  … {more} more changes in this file")
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    text = str(text)
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(changes: list, title: str, notes: list = ()) -> str:
    lines = [f"### {title}"]
    lines += [f"> **Note:** {n}" for n in notes]
    for (path, heading), group in _groups(changes):
        lines.append("")
        lines.append(f"**{heading}** · `{path}`")
        lines.append("")
        shown, more = _capped(group)
        lines += [f"- {_line(ch, _code)}" for ch in shown]
        if more > 0:
            lines.append(f"- … {more} more changes in this file")
    return "\n".join(lines) + "\n"


def summary(changes: list, files: int) -> str:
    counts = Counter(ch.action for ch in changes)
    if not changes:
        return "no changes"
    parts = [f"{counts[a]} {a}" for a in ("added", "removed", "changed", "moved") if counts[a]]
    return f"{len(changes)} changes in {files} file(s): {', '.join(parts)}"


def changed_dashboards(changes: list, before: dict, after: dict) -> list:
    """(path, before JSON or None, after JSON or None) for each dashboard file that changed."""
    out = []
    for path in dict.fromkeys(ch.file for ch in changes):
        a, b = before.get(path), after.get(path)
        da = _parse(path, a) if a is not None else None
        db = _parse(path, b) if b is not None else None
        if lint.classify(db if db is not None else da) == "dashboard":
            out.append((path, da, db))
    return out


def stale_notes(project: str, root: str) -> list:
    """A note when build/ on disk is not what the definitions produce: the diff shows the files, not the Python."""
    from obsgen import pipeline, writer
    from obsgen.errors import UserError

    if not os.path.isdir(os.path.join(project, "stacks")):
        return []  # a bare provisioning tree: nothing to compare with
    try:
        outputs, _owners, stacks = pipeline.build_stacks(project)
    except UserError as err:
        return [f"the definitions do not build ({len(err.problems)} problem(s)); this compares the files on disk"]
    stale = writer.drift(root, outputs["build"], stacks, scan=False)
    if stale:
        return [f"{len(stale)} file(s) in {os.path.basename(root)}/ differ from the definitions; "
                "run `make build` to see what the definitions produce"]
    return []
