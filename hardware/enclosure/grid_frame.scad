// NSynthBox: printable grid_frame (see parts.scad). Export: ./export.sh
use <parts.scad>
grid_frame();
