#!/usr/bin/env bash
# Install the real validators obsgen runs: promtool and the Prometheus server, amtool and
# Alertmanager; and Chromium, which draws `obsgen preview` pages and takes their screenshots. Debian 12 ships Prometheus 2.42 and Alertmanager 0.25, which reject fields that
# current configs use (kubernetes_sd_configs options, newer receiver fields); Debian 13 ships
# 2.53 and 0.28 as self-contained Go binaries with no other dependencies. On Debian 12 we add
# Debian 13's archive pinned at priority 100, so nothing else on the machine is ever taken from
# it, and install just these packages from it.
set -euo pipefail

# Oldest versions obsgen accepts without installing newer ones.
want_prom="2.53"
want_am="0.28"

version_ok() {  # version_ok "$(tool --version)" minimum
    local have
    have=$(printf '%s\n' "$1" | sed -n 's/.*version \([0-9]*\.[0-9]*\).*/\1/p' | head -n1)
    [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$2" "$have" | sort -V | head -n1)" = "$2" ]
}

have_chromium=0
for browser in chromium chromium-browser; do
    command -v "$browser" >/dev/null 2>&1 && have_chromium=1
done

ok=1
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 \
    && version_ok "$(promtool --version 2>&1)" "$want_prom" || ok=0
command -v amtool >/dev/null 2>&1 && command -v prometheus-alertmanager >/dev/null 2>&1 \
    && version_ok "$(amtool --version 2>&1)" "$want_am" || ok=0
[ "$ok" -eq 1 ] && [ "$have_chromium" -eq 1 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "obsgen needs promtool/prometheus >= $want_prom, amtool/prometheus-alertmanager >= $want_am and chromium." >&2
    echo "Install them (Debian 13: apt-get install prometheus promtool prometheus-alertmanager chromium)" >&2
    echo "or put promtool, amtool and chromium on PATH." >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ "$have_chromium" -eq 0 ]; then
    # From the machine's own release (Debian 12's security updates carry current Chromium), never the pinned one.
    echo "installing chromium with apt-get" >&2
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
[ "$ok" -eq 1 ] && exit 0

packages=(prometheus prometheus-alertmanager)
target=()
codename=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")
if [ "$codename" = "bookworm" ]; then
    echo "installing prometheus and prometheus-alertmanager from Debian 13 (pinned, these packages only)" >&2
    echo 'deb http://deb.debian.org/debian trixie main' > /etc/apt/sources.list.d/obsgen-trixie.list
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/obsgen-trixie
    packages+=(promtool)
    target=(-t trixie)
else
    echo "installing ${packages[*]} with apt-get" >&2
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${target[@]}" "${packages[@]}" >/dev/null
# The packages start their services where an init system runs; obsgen only needs the binaries.
