#!/bin/sh
# Seed MIDI files from the midicsv package's own examples (apt-get install midicsv), written
# by csvmidi, so the fuzz tests mutate files made by another tool. ce3k.csv is shipped as is;
# torture.csv is what its torture.pl prints, less the lines of 1000 characters or more (a
# 5 KB SysEx and megabyte-long texts) so that mutations land on structure, not payload.
# The files are committed; rerun this only to remake them.
set -eu
cd "$(dirname "$0")"
examples=/usr/share/doc/midicsv/examples
cp "$examples/ce3k.csv" ce3k.csv
zcat "$examples/torture.pl.gz" | perl | awk 'length($0) < 1000' > torture.csv
for csv in ce3k.csv torture.csv; do
    csvmidi "$csv" "${csv%.csv}.mid"
done
