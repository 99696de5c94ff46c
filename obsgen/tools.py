"""The real validators: promtool and amtool, run on files on disk."""

from __future__ import annotations

import os

import attr
import yaml

INSTALL_HINT = {
    "promtool": "install Debian package 'prometheus' (apt-get install prometheus) or run 'make tools'",
    "amtool": "install Debian package 'prometheus-alertmanager' (apt-get install prometheus-alertmanager) or run 'make tools'",
}


@attr.s(frozen=True, auto_attribs=True)
class Result:
    name: str
    ok: bool
    output: str


def require(tool: str) -> str:
    import shutil  # here and below, not at the top: `obsgen build` imports this module but runs no tool

    path = shutil.which(tool)
    if path is None:
        raise FileNotFoundError(f"{tool} not found: {INSTALL_HINT[tool]}")
    return path


def _run(name: str, argv: list, cwd: str | None = None, timeout: int = 120) -> Result:
    import subprocess  # here, not at the top: `obsgen build` imports this module but never runs a tool

    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return Result(name, proc.returncode == 0, (proc.stdout + proc.stderr).strip())


def stack_checks(stack_dir: str) -> list:
    """Every promtool/amtool proof for one stack's output folder, as (name, argv, cwd)."""
    import glob

    jobs = []
    prom_dir = os.path.join(stack_dir, "prometheus")
    config = os.path.join(prom_dir, "prometheus.yml")
    if os.path.exists(config):
        jobs.append(("promtool check config", [require("promtool"), "check", "config", "prometheus.yml"], prom_dir))
    rules = sorted(glob.glob(os.path.join(prom_dir, "rules", "*.yml")))
    if rules:
        jobs.append(("promtool check rules --lint-fatal",
                     [require("promtool"), "check", "rules", "--lint=all", "--lint-fatal", *rules], None))
    for test in sorted(glob.glob(os.path.join(prom_dir, "tests", "*.yml"))):
        jobs.append((f"promtool test rules {os.path.basename(test)}",
                     [require("promtool"), "test", "rules", os.path.basename(test)], os.path.dirname(test)))
    am_dir = os.path.join(stack_dir, "alertmanager")
    am_config = os.path.join(am_dir, "alertmanager.yml")
    if os.path.exists(am_config):
        jobs.append(("amtool check-config", [require("amtool"), "check-config", am_config], None))
        routes = os.path.join(am_dir, "tests", "routes.yml")
        if os.path.exists(routes):
            with open(routes) as fh:
                cases = yaml.safe_load(fh).get("cases", [])
            for case in cases:
                labels = [f"{k}={v}" for k, v in sorted(case["labels"].items())]
                jobs.append((
                    f"amtool config routes test {case['name']}",
                    [require("amtool"), "config", "routes", "test", f"--config.file={am_config}",
                     "--verify.receivers=" + ",".join(case["receivers"]), *labels],
                    None,
                ))
    return jobs


def run_checks(jobs: list, workers: int | None = None) -> list:
    from concurrent.futures import ThreadPoolExecutor  # only `obsgen test` needs threads; builds import this module

    workers = workers or max(2, os.cpu_count() or 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda job: _run(*job), jobs))
