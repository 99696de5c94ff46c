"""`obsgen preview`: pages drawn by headless Chromium, read back from the DOM after the page's script ran.

One dashboard goes through the whole path (smoke's real Prometheus, page, screenshot); every panel type
is drawn once more from hand-made data, with empty panels that must say they drew nothing.
"""

import html
import json
import os
import re
import struct

import pytest

from conftest import ROOT
from obsgen.preview import browser, data, page, render


def dump_dom(path: str, width: int, height: int) -> str:
    """The page's DOM after its scripts ran, at the given window size: what a reader's browser shows."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="obsgen-chromium-") as profile:
        proc = browser.headless(["--dump-dom", f"--window-size={width},{height}", "file://" + os.path.abspath(path)],
                                profile)
    assert proc.returncode == 0 and "<body" in proc.stdout, f"chromium could not load {path}: {proc.stderr[-400:]}"
    return proc.stdout

DASHBOARD = "brainbytes-system-overview"
_PANEL = re.compile(r'<div class="panel"([^>]*)>')
_ATTR = re.compile(r'data-([\w-]+)="([^"]*)"')


def panels_of(dom: str) -> dict:
    """{panel title: {attribute: value}} of the drawn page."""
    out = {}
    for match in _PANEL.finditer(dom):
        attrs = {k: html.unescape(v) for k, v in _ATTR.findall(match.group(1))}
        out[attrs["title"]] = attrs
    return out


@pytest.fixture(scope="module")
def overview(tmp_path_factory):
    out = tmp_path_factory.mktemp("preview")
    written = render.write_stack(os.path.join(ROOT, "build", "brainbytes"), str(out), screenshot=True,
                                 only={DASHBOARD})
    return written


@pytest.mark.slow
def test_one_dashboard_page_and_screenshot(overview):
    html_path, png = overview
    assert html_path.endswith(f"{DASHBOARD}.html") and png.endswith(f"{DASHBOARD}.png")
    with open(png, "rb") as fh:
        header = fh.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    with open(os.path.join(ROOT, "build", "brainbytes", "grafana", "dashboards", "brainbytes", f"{DASHBOARD}.json")) as fh:
        dash = json.load(fh)
    assert (width, height) == (page.WIDTH, page.height(dash))
    text = open(html_path, encoding="utf-8").read()
    assert "<script src" not in text and "http://" not in text.split("<script>")[0]  # self-contained, offline


def test_every_panel_drew_from_data_and_stat_shows_value_and_colour(overview):
    dom = dump_dom(overview[0], page.WIDTH, 1000)
    assert re.search(r'<body[^>]*data-ready="1"', dom)
    drawn = panels_of(dom)
    assert len(drawn) == 20  # every panel of System Overview, rows excluded
    # On healthy data no alert fires but the Watchdog, which the panel leaves out: Grafana shows "No data".
    assert {t: a.get("drawn") for t, a in drawn.items() if a.get("drawn") != "1"} == {"Firing alerts by severity": "0"}
    assert not [t for t, a in drawn.items() if a.get("error")]
    # "Targets down" is `count(up == 0) or vector(0)`: 0 on healthy data, drawn in its base step's green.
    assert drawn["Targets down"]["value"] == "0"
    assert drawn["Targets down"]["color"] == "#73BF69"
    # Pixels in the series' own colours (drawn == "1" above means at least one): more than a dot, a line across the
    # panel. A bound, not a count: anti-aliasing moves the exact number between Chromium versions.
    assert int(drawn["Request rate by service"]["ink"]) > 100


def _target(series, instant=False, fmt="time_series", legend=""):
    return {"refId": "A", "legendFormat": legend, "format": fmt, "instant": instant, "error": "", "series": series}


def _panel(pid, kind, x, y, **extra):
    return {"id": pid, "type": kind, "title": f"{kind} {pid}", "gridPos": {"x": x, "y": y, "w": 8, "h": 8}, **extra}


RED_FROM_5 = {"defaults": {"unit": "short", "thresholds": {"mode": "absolute", "steps": [
    {"color": "green", "value": None}, {"color": "red", "value": 5}]}}, "overrides": []}


def test_each_panel_type_draws_and_empty_panels_say_so(tmp_path):
    times = list(range(1_700_000_000, 1_700_000_010))
    ramp = {"metric": {"job": "api"}, "values": [float(i) for i in range(10)]}
    buckets = [{"metric": {"le": le}, "values": [c * (i + 1) for i in range(10)]}
               for le, c in (("0.1", 1.0), ("0.5", 3.0), ("+Inf", 4.0))]
    dash = {"title": "All types", "uid": "all", "panels": [
        _panel(1, "timeseries", 0, 0, fieldConfig=RED_FROM_5),
        _panel(2, "stat", 8, 0, fieldConfig=RED_FROM_5, options={"colorMode": "background", "graphMode": "area"}),
        _panel(3, "gauge", 16, 0, fieldConfig=RED_FROM_5),
        _panel(4, "bargauge", 0, 8, fieldConfig=RED_FROM_5, options={"displayMode": "gradient"}),
        _panel(5, "table", 8, 8),
        _panel(6, "heatmap", 16, 8),
        _panel(7, "piechart", 0, 16, options={"pieType": "donut"}),
        _panel(8, "state-timeline", 8, 16, fieldConfig=RED_FROM_5),
        _panel(9, "logs", 16, 16),
        _panel(10, "text", 0, 24, options={"mode": "markdown", "content": "# Runbook\n\n**Read** the alert."}),
        _panel(11, "timeseries", 8, 24),  # no data
        _panel(12, "stat", 16, 24, fieldConfig={"defaults": {"noValue": "0"}}),  # no data, shown as "0"
    ]}
    two = [ramp, {"metric": {"job": "db"}, "values": [2.0] * 10}]
    payload = {"times": times, "span": 10, "scenario": "healthy", "panels": {
        "1": {"targets": [_target(two)], "logs": []},
        "2": {"targets": [_target([ramp])], "logs": []},
        "3": {"targets": [_target([ramp])], "logs": []},
        "4": {"targets": [_target(two, legend="{{job}}")], "logs": []},
        "5": {"targets": [_target([{"metric": {"job": "api"}, "values": [3.0]}], instant=True, fmt="table")], "logs": []},
        "6": {"targets": [_target(buckets, fmt="heatmap", legend="{{le}}")], "logs": []},
        "7": {"targets": [_target(two, legend="{{job}}")], "logs": []},
        "8": {"targets": [_target(two)], "logs": []},
        "9": {"targets": [], "logs": data.synthetic_logs('{service="api"} |= "error"', times[-1], 5)},
        "11": {"targets": [_target([])], "logs": []},
        "12": {"targets": [_target([])], "logs": []},
    }}
    path = tmp_path / "all.html"
    path.write_text(page.render(dash, payload, "test"), encoding="utf-8")
    drawn = panels_of(dump_dom(str(path), page.WIDTH, page.height(dash)))
    assert {t: a.get("drawn") for t, a in drawn.items()} == {
        **{f"{p['type']} {p['id']}": "1" for p in dash["panels"][:10]},
        "timeseries 11": "0", "stat 12": "0"}
    assert drawn["stat 2"]["value"] == "9" and drawn["stat 2"]["color"] == "#F2495C"  # 9 is past the red step at 5
    assert drawn["stat 12"]["value"] == "0"  # noValue shows "0", but nothing was drawn from data
    assert drawn["logs 9"]["synthetic"] == "1"
    # Pixel counts move with Chromium's anti-aliasing and fonts, so this one stays a bound: a heatmap marks itself
    # drawn whenever it has buckets, and its axis labels alone are a few hundred pixels; its cells are ~100,000.
    assert int(drawn["heatmap 6"]["ink"]) > 20_000


def test_synthetic_log_lines_say_so_and_keep_the_selector():
    lines = data.synthetic_logs('{service="api", container=~"$container"} |= "error"', 1_700_000_000, 3)
    assert len(lines) == 3
    assert all(l["line"].startswith("[synthetic] level=error service=api") for l in lines)
    series = data.synthetic_volume('sum by (service, level) (count_over_time({service="api"}[1m]))', [1, 2])
    assert [s["metric"] for s in series] == [{"service": "api", "level": v} for v in ("info", "warn", "error")]


def test_page_height_follows_grafana_grid():
    dash = {"panels": [{"gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}}, {"gridPos": {"x": 0, "y": 1, "w": 12, "h": 8}}]}
    assert page.height(dash) == page.HEADER + 2 * page.PAD + 9 * 30 + 8 * 8
    assert page.height({"panels": [None, {"gridPos": "odd"}]}) == page.HEADER + 2 * page.PAD + 30


def test_diff_preview_report_puts_before_and_after_side_by_side(tmp_path):
    from obsgen.preview import report

    before = {"title": "D", "uid": "d", "panels": [_panel(1, "text", 0, 0, options={"content": "before"})]}
    after = {"title": "D", "uid": "d", "panels": [_panel(1, "text", 0, 0, options={"content": "after"})]}
    added = {"title": "E", "uid": "e", "panels": []}
    # No built stack folder here: pages are drawn without smoke data and say so.
    index = report.side_by_side([("s/grafana/dashboards/x/d.json", before, after),
                                 ("s/grafana/dashboards/x/e.json", None, added)],
                                str(tmp_path / "out"), "HEAD~1", str(tmp_path / "no-build"))
    text = open(index, encoding="utf-8").read()
    assert text.count("<img") == 3 and "added in this change" in text
    assert sorted(p.name for p in (tmp_path / "out").glob("*.png")) == ["d-after.png", "d-before.png", "e-after.png"]
    page_text = open(tmp_path / "out" / "d-after.html", encoding="utf-8").read()
    assert '"content":"after"' in page_text and "no data: the stack is not built here" in page_text
