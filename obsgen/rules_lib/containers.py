"""Containers (cAdvisor): crash loops and memory near the container's limit."""

from __future__ import annotations

from obsgen.model.rules import Alert, Expected, Fires, Quiet, Runbook
from obsgen.queries import over_time, selector
from obsgen.rules_lib.common import number, percent, render, series

# cAdvisor also reports cgroups that are not containers (the host, systemd slices); they have no name.
NAMED = 'name!=""'
_MIB = 1024 ** 2


def alerts(cadvisor, *, dashboard: str, restarts, memory_ratio, container: str, team: str | None = None,
           window: str = "15m", for_: str = "10m") -> list:
    """`restarts` (count within `window`) and `memory_ratio` (working set / limit) are Quantities or numbers.

    `container` only names the container in the generated tests: one of the stack's own, so the
    tests read like its incidents (the library knows no stack, so there is no default).
    """
    team = team or cadvisor.team
    named = selector(NAMED)
    labels = {"job": cadvisor.job, "instance": cadvisor.targets[0], "name": container}
    restart_count = int(float(number(restarts)))
    restart_text = (f"Container {{{{ $labels.name }}}} has restarted {{{{ $value }}}} times in the last {window} "
                    f"(threshold {restart_count}).")
    memory_text = (f"Container {{{{ $labels.name }}}} uses {{{{ $value | humanizePercentage }}}} of its memory limit "
                   f"(threshold {percent(memory_ratio)}).")

    def starts(count: int) -> tuple:
        # A start time that changes `count` times within the window, one restart every two minutes.
        values = " ".join(str(1000 + 120 * min(step // 2, count)) for step in range(0, 14))
        return ((series("container_start_time_seconds", labels), values),)

    def memory(used_mib: int, limit_mib: int = 512) -> tuple:
        return ((series("container_memory_working_set_bytes", labels), f"{used_mib * _MIB}x20"),
                (series("container_spec_memory_limit_bytes", labels), f"{limit_mib * _MIB}x20"))

    return [
        Alert(
            name="ContainerRestarting",
            expr=f"{over_time('changes', 'container_start_time_seconds', named, window=window)} >= {restart_count}",
            severity="warning", team=team, service=cadvisor.job, dashboard=dashboard,
            summary="A container is restarting repeatedly.",
            description=restart_text,
            tests=[
                Fires("13m", starts(restart_count), [Expected(labels, render(
                    restart_text, **{"$labels.name": container, "$value": str(restart_count)}))]),
                Quiet("13m", starts(restart_count - 1), name=f"{restart_count - 1} restarts"),
            ],
            runbook=Runbook(
                meaning=f"A container started {restart_count} or more times within {window}: it crashes and Docker "
                        "restarts it (a crash loop).",
                impact="Each restart drops in-flight requests and sessions; between restarts the service is down.",
                steps=("Read the container's last logs: docker logs --tail 200 <name>.",
                       "Check for OOM kills (docker inspect <name> --format '{{.State.OOMKilled}}') and ContainerMemoryNearLimit.",
                       "Roll back the last deploy of that service if the crashes began with it."),
            ),
        ),
        Alert(
            name="ContainerMemoryNearLimit",
            # Containers without a limit report 0; dividing by it would fire on +Inf.
            expr=(f"container_memory_working_set_bytes{named}\n  / (container_spec_memory_limit_bytes{named} > 0)\n"
                  f"> {number(memory_ratio)}"),
            for_=for_, severity="warning", team=team, service=cadvisor.job, dashboard=dashboard,
            summary="A container is close to its memory limit.",
            description=memory_text,
            tests=[
                Fires("15m", memory(480), [Expected(labels, render(
                    memory_text, **{"$labels.name": container, "$value | humanizePercentage": "93.75%"}))]),
                Quiet("15m", memory(448), name="87.5% of the limit"),
                Quiet("15m", ((series("container_memory_working_set_bytes", labels), f"{480 * _MIB}x20"),
                              (series("container_spec_memory_limit_bytes", labels), "0x20")), name="no limit set"),
            ],
            runbook=Runbook(
                meaning=f"A container's working set is above {percent(memory_ratio)} of its memory limit.",
                impact="At the limit the kernel kills the container (OOMKilled), which restarts it mid-request.",
                steps=("Check whether memory grows steadily (a leak) or with traffic on the resource dashboard.",
                       "Raise the limit if the growth follows load; otherwise capture a heap snapshot and fix the leak.",
                       "Restart the container in a quiet hour as a stopgap."),
            ),
        ),
    ]
