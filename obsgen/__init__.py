"""obsgen: monitoring as code for Grafana, Prometheus and Alertmanager."""
