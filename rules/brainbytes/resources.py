"""Hosts and containers: CPU, memory and disk saturation, disks filling up, crash loops, memory limits."""

from obsgen.api import containers, hosts, RuleGroup
from stacks.brainbytes import BACKEND_JOB, CADVISOR_JOB, NODE_JOB, RESOURCES


def group(stack):
    return RuleGroup("brainbytes-resources", [
        *hosts.alerts(stack.service(NODE_JOB), dashboard=RESOURCES,
                      cpu=stack.threshold("host_cpu_utilisation"),
                      memory=stack.threshold("host_memory_utilisation"),
                      disk=stack.threshold("host_disk_utilisation")),
        *containers.alerts(stack.service(CADVISOR_JOB), dashboard=RESOURCES,
                           container=stack.service(BACKEND_JOB).job,
                           restarts=stack.threshold("container_restarts"),
                           memory_ratio=stack.threshold("container_memory_limit_ratio")),
    ])
