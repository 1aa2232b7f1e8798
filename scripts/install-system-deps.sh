#!/usr/bin/env bash
# Installs the Debian packages the project needs, when they are missing.
#   scripts/install-system-deps.sh          # runtime: PDFs in Chinese, translations
#   scripts/install-system-deps.sh --test   # plus Chromium for the browser tests
#   scripts/install-system-deps.sh --bench  # plus wrk for bench/http_front_doors.py
# As root it runs apt-get; otherwise it names what to install and carries on.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext)
for option in "$@"; do
  case "$option" in
    --test) packages+=(chromium) ;;
    --bench) packages+=(wrk) ;;
    *) echo "Unknown option: $option (use --test or --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install the equivalents of: ${missing[*]} (this is not a Debian system)." >&2
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
