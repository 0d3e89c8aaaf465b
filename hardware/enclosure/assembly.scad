// NSynthBox: all parts in place, for the renders in hardware/images. explode > 0 lifts the top.
use <parts.scad>
explode = 0;
assembly(explode);
