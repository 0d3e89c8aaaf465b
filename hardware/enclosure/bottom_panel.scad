// NSynthBox bottom panel, 3 mm laser-cut sheet. mode="dxf": 2-D cut outline by projection.
use <parts.scad>
mode = "3d";
if (mode == "dxf") projection(cut = true) translate([0, 0, -1.5]) bottom_panel_2d_3d();
else bottom_panel_2d_3d();
