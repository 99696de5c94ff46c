"""cAdvisor container metrics (Docker), with the compose labels cAdvisor copies."""

from obsgen.model.catalog import Metric, family

# cAdvisor exposes Docker labels as container_label_<name>; compose sets these two.
CONTAINER = ("id", "name", "image", "container_label_com_docker_compose_service",
             "container_label_com_docker_compose_project")

METRICS = family(
    "cadvisor",
    Metric("container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed in seconds.", CONTAINER + ("cpu",), "seconds"),
    Metric("container_cpu_cfs_throttled_seconds_total", "counter", "Total time duration the container has been throttled.", CONTAINER, "seconds"),
    Metric("container_spec_cpu_quota", "gauge", "CPU quota of the container (microseconds per period).", CONTAINER),
    Metric("container_spec_cpu_period", "gauge", "CPU period of the container (microseconds).", CONTAINER),
    Metric("container_memory_usage_bytes", "gauge", "Current memory usage in bytes, including all memory regardless of when it was accessed.", CONTAINER, "bytes"),
    Metric("container_memory_working_set_bytes", "gauge", "Current working set in bytes.", CONTAINER, "bytes"),
    Metric("container_spec_memory_limit_bytes", "gauge", "Memory limit for the container (0 when unlimited).", CONTAINER, "bytes"),
    Metric("container_network_receive_bytes_total", "counter", "Cumulative count of bytes received.", CONTAINER + ("interface",), "bytes"),
    Metric("container_network_transmit_bytes_total", "counter", "Cumulative count of bytes transmitted.", CONTAINER + ("interface",), "bytes"),
    Metric("container_fs_reads_bytes_total", "counter", "Cumulative count of bytes read.", CONTAINER + ("device",), "bytes"),
    Metric("container_fs_writes_bytes_total", "counter", "Cumulative count of bytes written.", CONTAINER + ("device",), "bytes"),
    Metric("container_start_time_seconds", "gauge", "Start time of the container since unix epoch in seconds.", CONTAINER, "seconds"),
    Metric("container_last_seen", "gauge", "Last time a container was seen by the exporter (unix seconds).", CONTAINER),
)
