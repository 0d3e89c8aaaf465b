// NSynthBox: printable encoder_cap (see parts.scad). Export: ./export.sh
use <parts.scad>
encoder_cap();
