"""`obsgen preview`: every dashboard of a built tree to HTML and PNG."""

from __future__ import annotations

import os

from obsgen import lint
from obsgen.errors import Misuse
from obsgen.preview import browser, data, page


def subtitle(stack: str, fetched: dict) -> str:
    if not fetched.get("times"):
        return f"obsgen preview · {stack} · no data: the stack is not built here, so only the layout is drawn"
    return (f"obsgen preview · {stack} · synthetic data from the {fetched['scenario']} smoke scenario in a real "
            f"Prometheus, last {fetched['span'] // 60} min of synthetic data (times in UTC) · not a live Grafana")


def write_stack(stack_dir: str, out: str, screenshot: bool = True, only: set | None = None,
                span: int = data.SPAN) -> list:
    """Pages (and PNGs) for the dashboards of one built stack folder; returns the written paths.
    `only` limits it to dashboards with those uids (the one-dashboard browser test)."""
    unit, dashboards = data.dashboards_of(stack_dir)
    if unit.catalog is None:
        raise Misuse(f"{stack_dir} has no catalog.yaml; preview draws smoke data, which needs the catalog")
    chosen = [(path, dash) for path, dash in dashboards if only is None or dash.get("uid") in only]
    if not chosen:
        return []
    fetched = data.fetch_unit(unit, [dash for _path, dash in chosen], span=span)
    stack = data.stack_name(stack_dir)
    os.makedirs(os.path.join(out, stack), exist_ok=True)
    parts = page.assets()
    written = []
    for (path, dash), payload in zip(chosen, fetched):
        name = str(dash.get("uid") or os.path.splitext(os.path.basename(path))[0])
        html_path = os.path.join(out, stack, f"{name}.html")
        with open(html_path, "w", encoding="utf-8") as fh:
            fh.write(page.render(dash, payload, subtitle(stack, payload), parts))
        written.append(html_path)
        if screenshot:
            png = os.path.join(out, stack, f"{name}.png")
            browser.screenshot(html_path, png, page.WIDTH, page.height(dash))
            written.append(png)
    return written


def preview_tree(build_dir: str, out: str, stack: str | None = None, screenshot: bool = True) -> list:
    """Lines to print: one per page written, per stack."""
    if stack is not None:
        dirs = [os.path.join(build_dir, stack)]
        if not os.path.isdir(dirs[0]):
            raise Misuse(f"{dirs[0]} does not exist; run obsgen build first")
    else:
        dirs = [u for u in lint.units(build_dir) if u != build_dir] if os.path.isdir(build_dir) else []
    if not dirs:
        raise Misuse(f"no stack folders in {build_dir}; run obsgen build first")
    if screenshot:
        browser.binary()  # fail before starting Prometheus
    lines = []
    for stack_dir in sorted(dirs):
        for path in write_stack(stack_dir, out, screenshot):
            lines.append(f"wrote {path}")
    return lines
