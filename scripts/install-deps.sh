#!/usr/bin/env bash
# Installs what tcplab needs from Debian bookworm (and npm for the browser test).
#   scripts/install-deps.sh native   compiler, CMake, Catch2, CLI11, nlohmann-json, Google Benchmark, tshark,
#                                    libpcap (capture reader), tcpdump and iproute2 (ip, ss: the kernel capture tests)
#   scripts/install-deps.sh web      + Emscripten, SDL2, Chromium, fonts (see docs/building.md)
#   scripts/install-deps.sh all
# Idempotent and quiet when everything is present; uses sudo only when not root.
set -euo pipefail
what=${1:-all}

native_pkgs=(build-essential cmake ninja-build pkg-config catch2 libcli11-dev nlohmann-json3-dev
             libbenchmark-dev tshark libpcap-dev tcpdump iproute2 clang lld llvm libclang-rt-14-dev zlib1g-dev python3)
web_pkgs=(emscripten dpkg-dev libsdl2-dev libgl-dev chromium xvfb xauth x11-apps netpbm
          fonts-noto-cjk python3-fonttools python3-brotli nodejs npm node-terser pngquant)

pkgs=()
case "$what" in
  native) pkgs=("${native_pkgs[@]}") ;;
  web) pkgs=("${native_pkgs[@]}" "${web_pkgs[@]}") ;;
  all) pkgs=("${native_pkgs[@]}" "${web_pkgs[@]}") ;;
  *) echo "usage: $0 native|web|all" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  # Node.js builds that are not Debian's (e.g. nodesource) ship npm inside the nodejs package and
  # conflict with Debian's npm: an npm command that already works is enough.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
