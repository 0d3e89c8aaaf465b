// NSynthBox top panel engraving layer (labels and rings): cut at low power, or skip.
use <parts.scad>
top_panel_engrave_2d();
