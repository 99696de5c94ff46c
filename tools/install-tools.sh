#!/usr/bin/env bash
# Install the real validators obsgen runs: promtool and the Prometheus server
# (Debian package prometheus), amtool and Alertmanager (prometheus-alertmanager).
set -euo pipefail

missing=()
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 && command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # The packages start their services where an init system runs; obsgen only needs the binaries.
    exit 0
fi

echo "obsgen needs ${missing[*]} (promtool/prometheus, amtool/prometheus-alertmanager)." >&2
echo "Install them with: sudo apt-get install ${missing[*]}" >&2
echo "or put promtool and amtool (Prometheus 2.42+, Alertmanager 0.25+) on PATH." >&2
exit 1
