// NSynthBox: printable knob (see parts.scad). Export: ./export.sh
use <parts.scad>
knob();
