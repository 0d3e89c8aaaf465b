#!/usr/bin/env bash
# Installs what building, running and testing NSynthBox needs on a Debian 12 machine (or a Pi
# with Raspberry Pi OS) that has the .NET 10 SDK. Idempotent: safe to run again.
#   deploy-scripts/setup-dev.sh            # run time + tests
#   deploy-scripts/setup-dev.sh --model    # also the Python model pipeline's plotting packages
set -euo pipefail

packages=(
  libasound2            # ALSA: audio out, MIDI in/out (runtime)
  alsa-utils            # aplay/amidi for checking devices by hand
  fluidsynth fluid-soundfont-gm timgm6mb-soundfont  # data for the model, 'nsynthbox bench' comparison
  midicsv               # MIDI tests: files written by other software
  python3-torch python3-onnx python3-numpy python3-scipy libopenblas0-pthread  # model pipeline test
  openscad              # hardware plan tests render the enclosure
  chromium              # web panel end-to-end tests
  shellcheck            # deploy script tests
  # The arm64 build runs under qemu in tests (deploy-scripts/test-arm64-qemu.sh); it loads the
  # arm64 glibc, libstdc++ and OpenSSL (.NET's SHA-256) from Debian's multiarch packages.
  qemu-user-static libc6:arm64 libstdc++6:arm64 libssl3:arm64
)
if [[ "${1:-}" == "--model" ]]; then packages+=(python3-matplotlib); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "installing: ${missing[*]}"
  if [[ $(dpkg --print-architecture) != arm64 ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo dpkg --add-architecture arm64
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null; then
  echo "setup-dev.sh: the .NET 10 SDK (dotnet) is not on PATH; install it first (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi
