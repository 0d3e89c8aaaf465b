// NSynthBox walls, 3 mm laser-cut sheet: which = "front" | "back" | "left" | "right".
use <parts.scad>
which = "front";
wall_2d(which);
