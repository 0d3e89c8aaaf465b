#!/bin/sh
# Regenerates the .mid fixtures from their .csv sources with csvmidi, from Debian's
# midicsv package (apt-get install midicsv). The fixtures are committed so the tests
# read files written by another tool; rerun this only after editing a .csv.
set -eu
cd "$(dirname "$0")"
for csv in format0_scale.csv format1_tempo_change.csv format2_patterns.csv smpte_25fps.csv; do
    csvmidi -z "$csv" "${csv%.csv}.mid"
done

# Same song without running status (-x), to check both encodings read the same.
csvmidi -z -x format1_tempo_change.csv format1_tempo_change_no_running_status.mid
