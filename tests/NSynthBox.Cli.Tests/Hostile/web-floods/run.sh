#!/bin/sh
# The web panel's LAN floods of issue 18 (docs/RELIABILITY.md, "Hostile cases"), against the built box: it builds
# nsynthbox and this program, starts `nsynthbox run` on the null sink with the panel on 127.0.0.1 and the pairing PIN
# required (Web:RequirePin), and prints what each flood did to the performer and the audio. Only 127.0.0.1 is used
# (127.0.0.2 plays a second LAN client). About two minutes. Usage: run.sh [flood messages a second, default 14000]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
work=${NSYNTHBOX_FLOODS_WORK:-/tmp/nsynthbox-web-floods}
dotnet build "$repo/src/NSynthBox/NSynthBox.csproj" -c Release -o "$work/box" >/dev/null
dotnet build "$here/NSynthBox.WebFloods.csproj" -c Release -o "$work/floods" >/dev/null
exec dotnet "$work/floods/NSynthBox.WebFloods.dll" "$work/box/nsynthbox.dll" "${1:-14000}"
