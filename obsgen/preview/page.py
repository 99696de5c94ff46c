"""One self-contained HTML page per dashboard: no network, no server, no Grafana."""

from __future__ import annotations

import html
import json
import os

from obsgen.errors import Misuse

HERE = os.path.dirname(os.path.abspath(__file__))
UPLOT = ("uplot", "dist")
WIDTH = 1600  # px: a common Grafana screen
CELL, GAP, PAD, HEADER = 30, 8, 16, 56  # Grafana's grid row height and gap; page padding and header


def _tools_dir() -> str:
    # The package sits in the project checkout (pip install -e): tools/ is beside obsgen/.
    return os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools")


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def assets() -> dict:
    """uPlot's script and stylesheet from tools/node_modules (pinned in tools/package-lock.json), and draw.js."""
    dist = os.path.join(_tools_dir(), "node_modules", *UPLOT)
    try:
        return {"uplot_js": _read(os.path.join(dist, "uPlot.iife.min.js")),
                "uplot_css": _read(os.path.join(dist, "uPlot.min.css")),
                "draw_js": _read(os.path.join(HERE, "draw.js")),
                "style": _read(os.path.join(HERE, "style.css"))}
    except FileNotFoundError as exc:
        raise Misuse(f"{exc.filename} missing; run `make build` (npm ci in tools/) first") from None


def height(dashboard: dict) -> int:
    """Page height in px for the dashboard's grid, as Grafana lays it out."""
    bottom = 1
    for panel in dashboard.get("panels") or []:
        g = panel.get("gridPos") if isinstance(panel, dict) else None
        if isinstance(g, dict) and isinstance(g.get("y"), int) and isinstance(g.get("h"), int):
            bottom = max(bottom, g["y"] + g["h"])
    return HEADER + PAD * 2 + bottom * CELL + (bottom - 1) * GAP


def _script_json(data) -> str:
    # Inside <script>, only "</" can end the element early.
    return json.dumps(data, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")


def render(dashboard: dict, data: dict, subtitle: str, parts: dict | None = None) -> str:
    parts = parts or assets()
    title = str(dashboard.get("title") or dashboard.get("uid") or "dashboard")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} · obsgen preview</title>
<style>{parts["uplot_css"]}</style>
<style>{parts["style"]}</style>
</head>
<body data-ready="0" style="width:{WIDTH}px">
<header><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></header>
<main id="grid"></main>
<script>{parts["uplot_js"]}</script>
<script id="dashboard" type="application/json">{_script_json(dashboard)}</script>
<script id="data" type="application/json">{_script_json(data)}</script>
<script>{parts["draw_js"]}</script>
</body></html>
"""
