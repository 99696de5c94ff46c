"""node-exporter metrics the shared host panels and alerts read."""

from obsgen.model.catalog import Metric, family

_FS = ("device", "fstype", "mountpoint")

METRICS = family(
    "node-exporter",
    Metric("node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.", ("cpu", "mode"), "seconds"),
    Metric("node_load1", "gauge", "1m load average."),
    Metric("node_load5", "gauge", "5m load average."),
    Metric("node_load15", "gauge", "15m load average."),
    Metric("node_memory_MemTotal_bytes", "gauge", "Memory information field MemTotal_bytes.", (), "bytes"),
    Metric("node_memory_MemAvailable_bytes", "gauge", "Memory information field MemAvailable_bytes.", (), "bytes"),
    Metric("node_filesystem_size_bytes", "gauge", "Filesystem size in bytes.", _FS, "bytes"),
    Metric("node_filesystem_avail_bytes", "gauge", "Filesystem space available to non-root users in bytes.", _FS, "bytes"),
    Metric("node_filesystem_readonly", "gauge", "Filesystem read-only status (1 when read-only).", _FS),
    Metric("node_disk_read_bytes_total", "counter", "The total number of bytes read successfully.", ("device",), "bytes"),
    Metric("node_disk_written_bytes_total", "counter", "The total number of bytes written successfully.", ("device",), "bytes"),
    Metric("node_disk_io_time_seconds_total", "counter", "Total seconds spent doing I/Os.", ("device",), "seconds"),
    Metric("node_network_receive_bytes_total", "counter", "Network device statistic receive_bytes.", ("device",), "bytes"),
    Metric("node_network_transmit_bytes_total", "counter", "Network device statistic transmit_bytes.", ("device",), "bytes"),
    Metric("node_network_receive_errs_total", "counter", "Network device statistic receive_errs.", ("device",)),
    Metric("node_network_transmit_errs_total", "counter", "Network device statistic transmit_errs.", ("device",)),
    Metric("node_boot_time_seconds", "gauge", "Node boot time, in unixtime.", (), "seconds"),
)
