// NSynthBox: printable corner_post (see parts.scad). Export: ./export.sh
use <parts.scad>
corner_post();
