"""`obsgen diff --preview`: each changed dashboard drawn before and after, side by side, in one HTML report."""

from __future__ import annotations

import html
import os

from obsgen import lint
from obsgen.preview import browser, data, page, render


def _unit_for(stack_dir: str):
    return lint.read(stack_dir) if os.path.isdir(stack_dir) else None


def side_by_side(changed: list, out: str, rev: str, build_dir: str = "build") -> str:
    """Draw every changed dashboard twice (the build at `rev`, the build on disk) with the data of the
    stack on disk, and write `out`/index.html with the pairs. Returns the report's path."""
    os.makedirs(out, exist_ok=True)
    browser.binary()
    by_stack: dict = {}
    for path, before, after in changed:
        by_stack.setdefault(path.split("/", 1)[0], []).append((path, before, after))
    parts = page.assets()
    rows = []
    for stack, items in sorted(by_stack.items()):
        unit = _unit_for(os.path.join(build_dir, stack))
        # Both sides drawn from one Prometheus with the data of the stack on disk.
        sides = [(path, side, dash) for path, before, after in items
                 for side, dash in (("before", before), ("after", after)) if isinstance(dash, dict)]
        payloads = [None] * len(sides)
        if unit is not None and unit.catalog is not None and sides:
            payloads = data.fetch_unit(unit, [dash for _p, _s, dash in sides])
        fetched = {(path, side): payload for (path, side, _d), payload in zip(sides, payloads)}
        for path, before, after in items:
            cells = []
            for side, dash in (("before", before), ("after", after)):
                if not isinstance(dash, dict):
                    cells.append(f'<td class="none">{"added" if side == "before" else "removed"} in this change</td>')
                    continue
                stem = f"{os.path.splitext(os.path.basename(path))[0]}-{side}"
                payload = fetched.get((path, side)) or {"times": [], "panels": {}, "span": 0, "scenario": ""}
                page_path = os.path.join(out, f"{stem}.html")
                with open(page_path, "w", encoding="utf-8") as fh:
                    fh.write(page.render(dash, payload, f"{side} ({rev if side == 'before' else 'working tree'}) · "
                                         + render.subtitle(stack, payload), parts))
                png = os.path.join(out, f"{stem}.png")
                browser.screenshot(page_path, png, page.WIDTH, page.height(dash))
                cells.append(f'<td><a href="{html.escape(stem)}.html"><img src="{html.escape(stem)}.png"></a></td>')
            rows.append(f"<h2>{html.escape(path)}</h2><table><tr><th>before ({html.escape(rev)})</th>"
                        f"<th>after (working tree)</th></tr><tr>{''.join(cells)}</tr></table>")
    index = os.path.join(out, "index.html")
    body = "".join(rows) or "<p>No dashboard changed.</p>"
    with open(index, "w", encoding="utf-8") as fh:
        fh.write(f"""<!doctype html><html><head><meta charset="utf-8"><title>obsgen diff --preview</title>
<style>body{{background:#111217;color:#ccccdc;font:13px Inter,Helvetica,Arial,sans-serif;margin:16px}}
table{{width:100%;table-layout:fixed;border-collapse:collapse}}td,th{{vertical-align:top;padding:4px;text-align:left}}
img{{width:100%;border:1px solid #2c3235}}td.none{{color:#8e8e8e}}h2{{font-size:15px;font-weight:500}}</style></head>
<body><h1>Dashboards changed since {html.escape(rev)}</h1>{body}</body></html>
""")
    return index
