"""Hosts (node-exporter): utilisation recordings and USE alerts for CPU, memory and disk."""

from __future__ import annotations

from obsgen.model.rules import Alert, Expected, Fires, Quiet, Recording, Runbook, Samples
from obsgen.queries import (
    REAL_FILESYSTEMS,
    cpu_utilisation,
    disk_fill_prediction,
    disk_utilisation,
    job_selector,
    memory_utilisation,
)
from obsgen.rules_lib.common import number, percent, render, series

CPU_UTILISATION = "instance:node_cpu_utilisation:rate5m"
MEMORY_UTILISATION = "instance:node_memory_utilisation:ratio"
FILESYSTEM_UTILISATION = "instance_mountpoint:node_filesystem_utilisation:ratio"

_GIB = 1024 ** 3
# Hours of free-space history the disk-fill alert extrapolates: a trend needs hours, not a rate window.
FILL_LOOKBACK_HOURS = 6


def _fs_labels(node) -> dict:
    return {"job": node.job, "instance": node.targets[0], "device": "/dev/sda1", "fstype": "ext4", "mountpoint": "/"}


def _fs(node, name: str) -> str:
    return series(name, _fs_labels(node))


def _cpu(node, idle_per_minute: int) -> tuple:
    """Two CPUs, each idle `idle_per_minute` seconds of every minute."""
    return tuple((series("node_cpu_seconds_total", {"job": node.job, "instance": node.targets[0], "cpu": c, "mode": "idle"}),
                  f"0+{idle_per_minute}x40") for c in ("0", "1"))


def _memory(node, available: int, total: int = 8 * _GIB, steps: int = 30) -> tuple:
    labels = {"job": node.job, "instance": node.targets[0]}
    return ((series("node_memory_MemAvailable_bytes", labels), f"{available}x{steps}"),
            (series("node_memory_MemTotal_bytes", labels), f"{total}x{steps}"))


def _disk(node, available: str, size: int = 100 * _GIB) -> tuple:
    return ((_fs(node, "node_filesystem_avail_bytes"), available), (_fs(node, "node_filesystem_size_bytes"), f"{size}x100"))


def recordings(node) -> list:
    """Utilisation per host and per filesystem, the series host panels and alerts read."""
    labels = {"job": node.job, "instance": node.targets[0]}
    return [
        Recording(CPU_UTILISATION, cpu_utilisation(job_selector(node), window="5m"),
                  # Two CPUs, one idle 30s of every minute and one idle 15s: 1 - (0.5 + 0.25) / 2.
                  tests=[Samples("10m", (
                      (series("node_cpu_seconds_total", {**labels, "cpu": "0", "mode": "idle"}), "0+30x20"),
                      (series("node_cpu_seconds_total", {**labels, "cpu": "1", "mode": "idle"}), "0+15x20"),
                  ), [({"instance": node.targets[0]}, 0.625)])]),
        Recording(MEMORY_UTILISATION, memory_utilisation(job_selector(node)),
                  tests=[Samples("1m", _memory(node, 2 * _GIB, steps=2), [(labels, 0.75)])]),
        Recording(FILESYSTEM_UTILISATION, disk_utilisation(job_selector(node, REAL_FILESYSTEMS)),
                  tests=[Samples("1m", _disk(node, f"{25 * _GIB}x2") + (
                      # A tmpfs is full by design and stays out.
                      (series("node_filesystem_avail_bytes", {**labels, "device": "tmpfs", "fstype": "tmpfs", "mountpoint": "/run"}), "0x2"),
                      (series("node_filesystem_size_bytes", {**labels, "device": "tmpfs", "fstype": "tmpfs", "mountpoint": "/run"}), "1024x2"),
                  ), [(_fs_labels(node), 0.75)])]),
    ]


def alerts(node, *, dashboard: str, cpu, memory, disk, team: str | None = None, fill_horizon_hours: int = 24,
           fill_min_utilisation: float = 0.5, for_: str = "15m") -> list:
    """USE alerts for the hosts node-exporter `node` scrapes; thresholds are ratios (Quantity or number)."""
    team = team or node.team
    instance = node.targets[0]
    common = {"team": team, "service": node.job, "dashboard": dashboard, "severity": "warning", "for_": for_}
    cpu_text = f"CPU of {{{{ $labels.instance }}}} has been {{{{ $value | humanizePercentage }}}} busy for {for_} (threshold {percent(cpu)})."
    mem_text = f"{{{{ $labels.instance }}}} has used {{{{ $value | humanizePercentage }}}} of its memory for {for_} (threshold {percent(memory)})."
    disk_text = (f"{{{{ $labels.mountpoint }}}} on {{{{ $labels.instance }}}} is {{{{ $value | humanizePercentage }}}} full "
                 f"(threshold {percent(disk)}).")
    fill_text = (f"At the write rate of the last {FILL_LOOKBACK_HOURS} hours, {{{{ $labels.mountpoint }}}} on {{{{ $labels.instance }}}} fills up "
                 f"within {fill_horizon_hours} hours.")
    fill_for = "30m"
    fill_prediction = disk_fill_prediction(job_selector(node, REAL_FILESYSTEMS), lookback=f"{FILL_LOOKBACK_HOURS}h",
                                           horizon_hours=fill_horizon_hours)

    fs_labels = _fs_labels(node)
    return [
        Alert(name="HostHighCpuUtilisation", expr=f"{CPU_UTILISATION} > {number(cpu)}",
              summary="A host is running out of CPU.", description=cpu_text, **common,
              tests=[
                  # Idle 6s a minute on each CPU: 90% busy.
                  Fires("25m", _cpu(node, 6), [Expected({"instance": instance}, render(
                      cpu_text, **{"$labels.instance": instance, "$value | humanizePercentage": "90%"}))]),
                  Quiet("25m", _cpu(node, 10), name="83% busy, under the threshold"),
              ],
              runbook=Runbook(
                  meaning=f"The host's CPUs have been busier than {percent(cpu)} for {for_}.",
                  impact="Requests queue for CPU: latency rises for every service on the host.",
                  steps=("Find the container using the CPU on the resource dashboard (container CPU by name).",
                         "Check whether traffic grew (request rate) or one process spins (CPU per container without traffic).",
                         "Scale out or move the heavy container; throttle batch work to off-peak hours."))),
        Alert(name="HostHighMemoryUtilisation", expr=f"{MEMORY_UTILISATION} > {number(memory)}",
              summary="A host is running out of memory.", description=mem_text, **common,
              tests=[
                  Fires("20m", _memory(node, _GIB // 2), [Expected({"job": node.job, "instance": instance}, render(
                      mem_text, **{"$labels.instance": instance, "$value | humanizePercentage": "93.75%"}))]),
                  Quiet("20m", _memory(node, _GIB), name="87.5% used, under the threshold"),
              ],
              runbook=Runbook(
                  meaning=f"Less than {percent(1 - float(number(memory)))} of the host's memory is available.",
                  impact="The kernel's OOM killer is close: it will kill a container, usually the largest.",
                  steps=("Find the containers with the largest working set on the resource dashboard.",
                         "Look for a leak: a working set that only grows since the last restart.",
                         "Restart the leaking container as a stopgap; add memory or set container limits."))),
        Alert(name="HostDiskAlmostFull", expr=f"{FILESYSTEM_UTILISATION} > {number(disk)}",
              summary="A host filesystem is almost full.", description=disk_text, **common,
              tests=[
                  Fires("20m", _disk(node, f"{10 * _GIB}x30"), [Expected(fs_labels, render(
                      disk_text, **{"$labels.instance": instance, "$labels.mountpoint": "/",
                                    "$value | humanizePercentage": "90%"}))]),
                  Quiet("20m", _disk(node, f"{20 * _GIB}x30"), name="80% full, under the threshold"),
              ],
              runbook=Runbook(
                  meaning=f"A filesystem is more than {percent(disk)} full.",
                  impact="When it fills, writes fail: Prometheus stops ingesting, containers crash, logs are lost.",
                  steps=("Find what grew: docker system df, du -xh --max-depth=2 on the mountpoint.",
                         "Remove unused images and volumes (docker system prune) and rotate logs.",
                         "Check Prometheus retention against the disk size; grow the disk if growth is expected."))),
        Alert(name="HostDiskFillingUp",
              expr=(f"{fill_prediction} < 0\nand\n{FILESYSTEM_UTILISATION} > {number(fill_min_utilisation)}"),
              summary="A host filesystem will be full within a day.", description=fill_text,
              **{**common, "for_": fill_for},
              tests=[
                  # 30 GiB free of 100, losing 100 MiB a minute: 144 GiB a day.
                  Fires("45m", _disk(node, f"{30 * _GIB}-{100 * 1024 ** 2}x60"), [Expected(fs_labels, render(
                      fill_text, **{"$labels.instance": instance, "$labels.mountpoint": "/"}))]),
                  # 20 MiB a minute is 28.1 GiB a day, just under the 29.1 GiB still free at 45m.
                  Quiet("45m", _disk(node, f"{30 * _GIB}-{20 * 1024 ** 2}x60"), name="filling, but not within a day"),
              ],
              runbook=Runbook(
                  meaning=f"At the write rate of the last {FILL_LOOKBACK_HOURS} hours the filesystem is full within {fill_horizon_hours} "
                          f"hours, and it is already more than {percent(fill_min_utilisation)} used.",
                  impact="Same as a full disk, in hours: writes will fail unless something changes.",
                  steps=("Find the writer: node_disk_written_bytes_total by device, container fs writes by name.",
                         "Look for a runaway log or a debug setting left on; stop or rotate it.",
                         "Free or add space before the predicted time."))),
    ]
