"""Hosts and containers: CPU, memory and disk saturation, disks filling up, crash loops, memory limits."""

from obsgen.api import containers, hosts, RuleGroup

RESOURCES = "brainbytes-resource-optimization"


def group(stack):
    return RuleGroup("brainbytes-resources", [
        *hosts.alerts(stack.service("node-exporter"), dashboard=RESOURCES,
                      cpu=stack.threshold("host_cpu_utilisation"),
                      memory=stack.threshold("host_memory_utilisation"),
                      disk=stack.threshold("host_disk_utilisation")),
        *containers.alerts(stack.service("cadvisor"), dashboard=RESOURCES,
                           restarts=stack.threshold("container_restarts"),
                           memory_ratio=stack.threshold("container_memory_limit_ratio")),
    ])
