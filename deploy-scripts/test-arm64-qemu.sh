#!/usr/bin/env bash
# Checks the linux-arm64 build without a Raspberry Pi: publishes nsynthbox for linux-x64 and
# linux-arm64 (deploy-scripts/publish.sh), renders the same short MIDI file with both - the
# arm64 one under qemu-aarch64 user-mode emulation - as 32-bit float WAVs, and compares them
# sample by sample.
#
# Usage: deploy-scripts/test-arm64-qemu.sh [--out DIR] [--midi FILE] [--tolerance T] [--no-publish]
#   --out DIR      work folder (default: out/arm64-test; builds are reused between runs)
#   --midi FILE    song to render (default: a one-second three-note chord written here)
#   --tolerance T  largest allowed sample difference (default 1e-4)
#   --no-publish   reuse the builds already in the work folder
# Writes DIR/x64.wav and DIR/arm64.wav, prints "max abs diff: ..." and exits 0 when they agree,
# 1 when they do not or something failed, 77 when qemu-aarch64-static is not installed.
#
# Needs (Debian 12): qemu-user-static, and the arm64 libraries the program loads:
#   dpkg --add-architecture arm64 && apt-get update &&
#   apt-get install -y qemu-user-static libc6:arm64 libstdc++6:arm64 libssl3:arm64
# (libssl3 because .NET's SHA-256, which checks the model package, is OpenSSL on Linux; the
# libc6-arm64-cross/libstdc++6-arm64-cross sysroot has no OpenSSL, and with -L pointing at it
# the program hung here.) Root, or unprivileged user namespaces, for unshare (see below).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
out=$repo/out/arm64-test
midi=""
tolerance=1e-4
publish=1

die() { echo "test-arm64-qemu.sh: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
while (($#)); do
  case $1 in
    --out) [[ $# -ge 2 ]] || die "$1 needs a value"; out=$2; shift 2 ;;
    --midi) [[ $# -ge 2 ]] || die "$1 needs a value"; midi=$(realpath "$2"); shift 2 ;;
    --tolerance) [[ $# -ge 2 ]] || die "$1 needs a value"; tolerance=$2; shift 2 ;;
    --no-publish) publish=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

qemu=${QEMU_AARCH64:-$(command -v qemu-aarch64-static || true)}
if [[ -z $qemu ]]; then
  echo "test-arm64-qemu.sh: qemu-aarch64-static not found: apt-get install -y qemu-user-static (Debian)" >&2
  exit 77
fi
missing=()
for lib in /lib/ld-linux-aarch64.so.1 libstdc++.so.6 libssl.so.3 libcrypto.so.3; do
  if [[ $lib == /* ]]; then [[ -e $lib ]] || missing+=("$lib")
  else [[ -e /usr/lib/aarch64-linux-gnu/$lib || -e /lib/aarch64-linux-gnu/$lib ]] || missing+=("$lib")
  fi
done
if ((${#missing[@]})); then
  die "arm64 libraries missing (${missing[*]}): dpkg --add-architecture arm64 && apt-get update && apt-get install -y libc6:arm64 libstdc++6:arm64 libssl3:arm64"
fi
command -v unshare >/dev/null || die "unshare (util-linux) not found"

mkdir -p "$out"
out=$(cd "$out" && pwd)
version="qemu-test"
x64=$out/nsynthbox-$version-linux-x64
arm64=$out/nsynthbox-$version-linux-arm64

t0=$SECONDS
if ((publish)); then
  "$here/publish.sh" --version "$version" --out "$out" --no-tarball --rid linux-x64 --rid linux-arm64 >/dev/null
fi
[[ -x $x64/nsynthbox && -x $arm64/nsynthbox ]] || die "no builds in $out (run without --no-publish)"
t_publish=$((SECONDS - t0))

# A one-second song: a C major chord (three voices) held for half a second, then released.
if [[ -z $midi ]]; then
  midi=$out/chord.mid
  track=$out/chord.track
  {
    printf '\x00\xff\x51\x03\x07\xa1\x20'              # tempo 500000 us per quarter (120 bpm)
    printf '\x00\x90\x3c\x64\x00\x90\x40\x5a\x00\x90\x43\x50'   # note on C4, E4, G4
    printf '\x83\x60\x80\x3c\x00'                      # 480 ticks later: note off C4
    printf '\x00\x80\x40\x00\x00\x80\x43\x00'          # note off E4, G4
    printf '\x00\xff\x2f\x00'                          # end of track
  } > "$track"
  len=$(stat -c %s "$track")
  {
    printf 'MThd\x00\x00\x00\x06\x00\x00\x00\x01\x01\xe0'   # format 0, 1 track, 480 ticks per quarter
    printf 'MTrk'
    # the track's length, 32-bit big-endian
    printf '%b' "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((len >> 24 & 255)) $((len >> 16 & 255)) $((len >> 8 & 255)) $((len & 255)))"
    cat "$track"
  } > "$midi"
  rm -f "$track"
fi
[[ -f $midi ]] || die "$midi: not found"

render_args=(render "$midi" --float -q --polyphony 4 --xy "0.3,0.6" --sample-rate 48000)
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export XDG_CACHE_HOME=$out/cache   # ONNX Runtime writes a small cache there

t0=$SECONDS
"$x64/nsynthbox" "${render_args[@]}" -o "$out/x64.wav" >/dev/null || die "x64 render failed"
t_x64=$((SECONDS - t0))

# ONNX Runtime reads /proc/cpuinfo to pick its ARM kernels; under qemu-user that file is the
# host's x86 one, and the parser dereferences a null pointer on it. So the arm64 run gets its
# own mount namespace with an ARM (Cortex-A72, as in the Pi 4) cpuinfo bound over /proc/cpuinfo,
# and qemu emulates that CPU. Nothing outside the namespace sees the bind mount.
cpuinfo=$out/cpuinfo-cortex-a72
{
  for n in 0 1 2 3; do
    printf 'processor\t: %d\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\n' "$n"
    printf 'CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n\n'
  done
  printf 'Hardware\t: BCM2835\nRevision\t: c03111\nModel\t\t: Raspberry Pi 4 Model B Rev 1.1\n'
} > "$cpuinfo"
ns=(unshare --mount)
[[ $(id -u) -eq 0 ]] || ns=(unshare --map-root-user --mount)
rm -f "$out/arm64.wav"
t0=$SECONDS
# shellcheck disable=SC2016  # $1... expand in the inner shell
if ! "${ns[@]}" sh -c 'mount --bind "$1" /proc/cpuinfo && shift && exec "$@"' sh "$cpuinfo" \
     env QEMU_CPU=cortex-a72 timeout 900 "$qemu" "$arm64/nsynthbox" "${render_args[@]}" -o "$out/arm64.wav" >/dev/null; then
  die "arm64 render under qemu failed (see above); command: ${ns[*]} ... $qemu $arm64/nsynthbox ${render_args[*]}"
fi
t_arm64=$((SECONDS - t0))

echo "publish: ${t_publish}s, x64 render: ${t_x64}s, arm64 render under qemu: ${t_arm64}s"
echo "x64:   $out/x64.wav"
echo "arm64: $out/arm64.wav"
if command -v python3 >/dev/null; then
  python3 - "$out/x64.wav" "$out/arm64.wav" "$tolerance" <<'EOF'
import struct, sys
def samples(path):
    b = open(path, 'rb').read()
    assert b[:4] == b'RIFF' and b[8:12] == b'WAVE', path + ': not a WAV file'
    i, fmt = 12, None
    while i + 8 <= len(b):
        cid, n = b[i:i+4], struct.unpack('<I', b[i+4:i+8])[0]
        if cid == b'fmt ':
            fmt = struct.unpack('<HHIIHH', b[i+8:i+24])
        if cid == b'data':
            assert fmt and fmt[0] == 3 and fmt[5] == 32, path + ': not 32-bit float'
            return fmt, struct.unpack('<%df' % (n // 4), b[i+8:i+8+n])
        i += 8 + n + (n & 1)
    raise SystemExit(path + ': no data chunk')
fa, a = samples(sys.argv[1]); fb, b = samples(sys.argv[2]); tol = float(sys.argv[3])
if fa != fb or len(a) != len(b):
    raise SystemExit('formats or lengths differ: %s %d vs %s %d' % (fa, len(a), fb, len(b)))
diff = max((abs(x - y) for x, y in zip(a, b)), default=0.0)
peak = max((abs(x) for x in a), default=0.0)
print('samples: %d, peak: %.4f, max abs diff: %.3g (tolerance %g)' % (len(a), peak, diff, tol))
sys.exit(0 if diff <= tol and peak > 0 else 1)
EOF
else
  echo "python3 not found: compare the two WAV files yourself"
fi
