"""`obsgen preview`: dashboards drawn offline, as Grafana lays them out, with smoke's data.

data.py runs each dashboard's targets on smoke's Prometheus; page.py writes one
self-contained HTML page per dashboard (uPlot and draw.js inlined); browser.py takes
screenshots and reads the drawn page back with headless Chromium; render.py runs a whole
build tree; report.py puts before/after images side by side for `obsgen diff --preview`.
"""
