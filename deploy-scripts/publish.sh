#!/usr/bin/env bash
# Builds nsynthbox as a self-contained program for one or more Linux RIDs and packs each
# build, with ONNX Runtime's native library and the model package, as
#   out/nsynthbox-<version>-<rid>/           (the folder)
#   out/nsynthbox-<version>-<rid>.tar.gz     (the same, one top folder inside)
#
# Usage: deploy-scripts/publish.sh [--rid linux-arm64] [--rid linux-x64] [--version V]
#                                  [--out DIR] [--no-tarball]
# On the box: tar xzf nsynthbox-<version>-linux-arm64.tar.gz
#             sudo nsynthbox-<version>-linux-arm64/deploy/install.sh
# Default: both linux-arm64 and linux-x64. The version defaults to $NSYNTHBOX_VERSION, else
# `git describe` (tag vX.Y.Z -> X.Y.Z, no tag -> 0.0.0-g<commit>).
# Intermediate files go to <out>/build, so publishing never touches the obj/ and bin/ folders
# of a build or test run that is going on in the same work tree.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)

rids=()
version=${NSYNTHBOX_VERSION:-}
out="$repo/out"
tarball=1

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
die() { echo "publish.sh: $*" >&2; exit 2; }

while (($#)); do
  case $1 in
    --rid) [[ $# -ge 2 ]] || die "--rid needs a value"; rids+=("$2"); shift 2 ;;
    --version) [[ $# -ge 2 ]] || die "--version needs a value"; version=$2; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a value"; out=$2; shift 2 ;;
    --no-tarball) tarball=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
((${#rids[@]})) || rids=(linux-arm64 linux-x64)
for rid in "${rids[@]}"; do
  case $rid in linux-arm64|linux-x64) ;; *) die "unsupported RID '$rid' (linux-arm64 or linux-x64)" ;; esac
done

if [[ -z $version ]]; then
  if d=$(git -C "$repo" describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
    version=${d#v}
  elif c=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null); then
    version="0.0.0-g$c"
    git -C "$repo" diff --quiet HEAD -- 2>/dev/null || version+="-dirty"
  else
    version="0.0.0-dev"
  fi
fi
[[ $version =~ ^[0-9A-Za-z.+-]+$ ]] || die "version '$version' may contain only letters, digits, '.', '+' and '-'"

mkdir -p "$out"
out=$(cd "$out" && pwd)
command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is not on PATH"

for rid in "${rids[@]}"; do
  name="nsynthbox-$version-$rid"
  dest="$out/$name"
  echo "publish.sh: $name" >&2
  rm -rf "$dest" "$dest.tar.gz"
  # InvariantGlobalization comes from Directory.Build.props: no libicu needed on the box.
  dotnet publish "$repo/src/NSynthBox/NSynthBox.csproj" -c Release -r "$rid" --self-contained true \
    --artifacts-path "$out/build" -o "$dest" -nologo -v quiet \
    -p:InformationalVersion="$version" -p:DebugType=none -p:GenerateDocumentationFile=false

  # Check that the pieces the box needs are really there.
  [[ -x $dest/nsynthbox ]] || die "$dest/nsynthbox missing after publish"
  [[ -f $dest/libonnxruntime.so ]] || die "$dest/libonnxruntime.so (ONNX Runtime's native library for $rid) missing"
  # hpn-v2 is the default model; hpn-v1 ships beside it.
  for m in hpn-v2 hpn-v1; do
    [[ -f $dest/models/$m/manifest.json && -f $dest/models/$m/decoder.onnx && -f $dest/models/$m/encoder.onnx ]] \
      || die "$dest/models/$m (a model package) missing"
  done

  # The scripts that install it travel with it: <build>/deploy/install.sh.
  mkdir -p "$dest/deploy"
  for f in install.sh update.sh uninstall.sh lib.sh usb-midi-gadget.sh config.template.json README.md; do
    cp "$here/$f" "$dest/deploy/$f"
  done
  printf '%s\n' "$version" > "$dest/VERSION"
  printf '%s\n' "$rid" > "$dest/RID"
  sums=$(cd "$dest" && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum)
  printf '%s\n' "$sums" > "$dest/SHA256SUMS"

  if ((tarball)); then
    tar -C "$out" --owner=0 --group=0 --numeric-owner --sort=name -czf "$dest.tar.gz" "$name"
    echo "$dest.tar.gz"
  else
    echo "$dest"
  fi
done
