#!/usr/bin/env bash
# Sets up a Debian 12 machine (or a Pi with Raspberry Pi OS) that has the .NET 10 SDK to play
# NSynthBox: installs the one library playing needs (ALSA), builds the program from this work
# tree and puts an `nsynthbox` command in ~/.local/bin. Idempotent: run it again after a pull.
#
# Usage: deploy-scripts/setup-dev.sh [--tests] [--model] [--prefix DIR] [--no-command]
#   --tests       also what the test suite needs (deploy-scripts/test.sh passes it): fluidsynth
#                 and soundfonts, midicsv, Debian's PyTorch, OpenSCAD, Chromium, shellcheck,
#                 qemu and the arm64 libraries (adding dpkg's arm64 architecture)
#   --model       also the Python model pipeline's plotting packages
#   --prefix DIR  the command goes to DIR/bin/nsynthbox, the program to DIR/share/nsynthbox
#                 (default: ~/.local)
#   --no-command  packages only; no build, no command
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
prefix="$HOME/.local"
tests=0
model=0
command=1

die() { echo "setup-dev.sh: $*" >&2; exit 2; }
while (($#)); do
  case $1 in
    --tests) tests=1; shift ;;
    --model) model=1; shift ;;
    --prefix) [[ $# -ge 2 ]] || die "--prefix needs a folder"; prefix=$2; shift 2 ;;
    --no-command) command=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

packages=(
  libasound2            # ALSA: audio out, MIDI in/out
  alsa-utils            # aplay/amidi for checking devices by hand
)
if ((tests)); then
  packages+=(
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
fi
if ((model)); then packages+=(python3-matplotlib); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "installing: ${missing[*]}"
  if ((tests)) && [[ $(dpkg --print-architecture) != arm64 ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    $sudo dpkg --add-architecture arm64
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null; then
  echo "setup-dev.sh: the .NET 10 SDK (dotnet) is not on PATH; install it first (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi
((command)) || exit 0

# The program (framework-dependent: it runs on this SDK's runtime) with the model beside it, and a
# command that starts it: no `dotnet run` (seconds of build checks per call). Intermediate files go
# to the prefix, never to the obj/ folders of a build or test run in this work tree.
app="$prefix/share/nsynthbox/app"
echo "setup-dev.sh: building nsynthbox into $app"
rm -rf "$app"
dotnet publish "$repo/src/NSynthBox/NSynthBox.csproj" -c Release --artifacts-path "$prefix/share/nsynthbox/build" -o "$app" \
  -nologo -v quiet -p:DebugType=none -p:GenerateDocumentationFile=false
[[ -f $app/nsynthbox.dll && -f $app/models/hpn-v2/manifest.json && -f $app/models/hpn-v1/manifest.json ]] \
  || die "$app: the build is incomplete (nsynthbox.dll, models/hpn-v2, models/hpn-v1)"
mkdir -p "$prefix/bin"
{
  echo '#!/usr/bin/env bash'
  echo "# nsynthbox: the build that $repo/deploy-scripts/setup-dev.sh made (run it again to update)."
  printf 'exec dotnet %q "$@"\n' "$app/nsynthbox.dll"
} > "$prefix/bin/nsynthbox"
chmod +x "$prefix/bin/nsynthbox"
echo "setup-dev.sh: the nsynthbox command is $prefix/bin/nsynthbox"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "setup-dev.sh: $prefix/bin is not on PATH; add it: export PATH=\"$prefix/bin:\$PATH\" (Debian's ~/.profile adds ~/.local/bin at the next login)" ;;
esac
