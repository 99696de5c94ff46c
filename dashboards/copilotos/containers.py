"""Containers: CPU, memory, network and disk I/O of each container of the compose project, against its limits."""

from dashboards.copilotos.common import CADVISOR, CONTAINERS, LOGS, PROJECT, board, drill
from obsgen.api import INSTANCE, JOB, blocks, prom, queries, Row, selector, stat, table, total, Variable


def dashboard(stack):
    sel = selector(JOB, INSTANCE, PROJECT, 'name=~"$container"')
    starts = queries.over_time("changes", "container_start_time_seconds", sel, window="$__range")
    return board(
        CONTAINERS, "Containers",
        "cAdvisor metrics of every container of the compose project: CPU, memory against limits, "
                    "network and disk I/O, restarts.",
        variables=(*blocks.job_variables([CADVISOR]),
                   Variable("container", f'label_values(container_last_seen{{{PROJECT}}}, name)', label="Container")),
        rows=[
            Row("Now", [
                stat("Containers running", "Containers of the project cAdvisor saw in its last scrape.",
                     prom(f"count({total(f'container_last_seen{sel}', ('name',))})"), unit="short", width=8, height=5),
                stat("Restarts in range", "Container starts within the dashboard's time range, all containers; any "
                     "above zero is worth a look in the logs.",
                     prom(total(starts)), unit="short",
                     threshold=stack.threshold("container_restarts"), width=8, height=5,
                     links=[drill(stack, LOGS, "Logs")]),
                table("Restarts by container", "Starts of each container within the time range.",
                      prom(total(starts, ("name",)), fmt="table",
                           instant=True), width=8, height=5),
            ]),
            Row("Per container", blocks.container_panels(
                sel, memory_threshold=stack.threshold("container_memory_limit_ratio"), width=8, disk_io=True)),
        ],
    )
