#!/bin/sh
# Coverage-guided fuzzing of one parser with AFL++ (Debian: apt-get install afl++) and SharpFuzz
# (NuGet; its command-line tool instruments the .NET assembly). Not part of the test command:
# see docs/RELIABILITY.md. Usage: run.sh midi-file|midi-stream|wav|manifest [seconds, default 600]
# Findings go to $NSYNTHBOX_AFL_WORK (default /tmp/nsynthbox-afl)/TARGET/findings; a crash is
# replayed with: dotnet WORK/bin/NSynthBox.Fuzz.Afl.dll TARGET < FILE
set -eu
target=${1:?usage: run.sh midi-file|midi-stream|wav|manifest [seconds]}
seconds=${2:-600}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
work=${NSYNTHBOX_AFL_WORK:-/tmp/nsynthbox-afl}/$target
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 2; }

case $target in
    midi-file|midi-stream) dll=NSynthBox.Midi.dll; seeds="$repo/tests/NSynthBox.Midi.Tests/Fixtures/*.mid $here/../Corpus/midi/*.mid" ;;
    wav) dll=NSynthBox.Engine.dll; seeds="$here/../Corpus/wav/*.wav" ;;
    manifest) dll=NSynthBox.Neural.dll; seeds="$repo/models/hpn-v1/manifest.json" ;;
    *) echo "unknown target '$target'" >&2; exit 2 ;;
esac

# Build, then instrument a copy (instrumenting twice fails, and a later build would overwrite it).
dotnet build "$here/NSynthBox.Fuzz.Afl.csproj" -c Release -o "$work/build" >/dev/null
rm -rf "$work/bin" "$work/in" && cp -r "$work/build" "$work/bin"
tools=${NSYNTHBOX_AFL_WORK:-/tmp/nsynthbox-afl}/tools
[ -x "$tools/sharpfuzz" ] || dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
"$tools/sharpfuzz" "$work/bin/$dll"

mkdir -p "$work/in"
for seed in $seeds; do cp "$seed" "$work/in/"; done

# The target is 'dotnet', not an instrumented binary (AFL_SKIP_BIN_CHECK); SharpFuzz talks to AFL++.
AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
NSYNTHBOX_MODEL_DIR="$repo/models/hpn-v1" \
    afl-fuzz -i "$work/in" -o "$work/findings" -t 5000 -m none -V "$seconds" -- dotnet "$work/bin/NSynthBox.Fuzz.Afl.dll" "$target" \
    > "$work/afl.log" 2>&1 || { tail -20 "$work/afl.log" >&2; exit 1; }

grep -E "execs_done|execs_per_sec|corpus_count|edges_found|saved_crashes|saved_hangs" "$work/findings/default/fuzzer_stats"
found=$(find "$work/findings/default/crashes" "$work/findings/default/hangs" -type f ! -name README.txt | wc -l)
if [ "$found" -gt 0 ]; then
    echo "$found finding(s) in $work/findings/default/{crashes,hangs}; replay: dotnet $work/bin/NSynthBox.Fuzz.Afl.dll $target < FILE" >&2
    exit 1
fi
echo "no crashes or hangs in $seconds s"
