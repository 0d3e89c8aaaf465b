// NSynthBox enclosure: every part as a module. Units: mm.
// Panel origin = front-left corner, x to the right, y to the back, z up.
// Layout numbers (control positions, grid size) come from layout.scad, which
// hardware/tools/generate.py writes from the same data as the touch-grid template.
include <layout.scad>

$fn = 48;
clear_m3 = 3.4;        // M3 clearance hole
insert_m3 = 4.0;       // hole for an M3 x 5.7 heat-set insert
bushing_hole = 7.2;    // M7 x 0.75 bushing of the encoders (PEC11R) and the pots (PTV09A-4225F)
pot_hole = bushing_hole;
post = 14;             // corner post footprint
post_hole = 9;         // corner screw position, from each outer edge
lip = 2;               // printed skin outside each wall end: a pulled plug cannot drag a wall out
slot = sheet_t + 0.25; // wall slot width in the corner posts
notch = 6;             // how far the walls reach into the posts
wall_len_x = panel_w - 2 * notch;  // front and back walls
wall_len_y = panel_d - 2 * notch;  // left and right walls

// SBC mounting, bottom panel: Raspberry Pi 4 / 5 hole pattern 49 x 58 (M2.5), board turned so
// its USB / Ethernet end faces the back wall and its USB-C / HDMI edge the left wall (the GPIO
// header then faces the carrier). The board edge clears the back-left corner post.
pi_x0 = post + 1; pi_y0 = 70;
pi_holes = [[3.5, 3.5], [52.5, 3.5], [3.5, 61.5], [52.5, 61.5]];
// USB-C power socket: 11.2 mm from the board end away from the USB ports, its centre about
// 9 mm above the bottom panel on 6 mm standoffs; the left wall's window lets the plug reach it
usbc_y = pi_y0 + 11.2;
usbc_z = 6 + 1.5 + 1.6;
usbc_window = [14, 9];
// carrier perfboard (70 x 90 mm) on four M3 standoffs; square pockets under 9 mm washers let it
// move +/- (carrier_pocket - 3.4) / 2 mm both ways
carrier_x0 = 128; carrier_y0 = 56;
carrier_holes = [[4, 4], [86, 4], [4, 66], [86, 66]];
carrier_pocket = 7;
carrier_washer_d = 9;
// MIDI sockets (Switchcraft 57GB5FX): 15.9 mm body hole, flange 28.6 mm wide with two screws
// 22.2 mm apart; spaced so the flanges and two plugs fit side by side
din_hole = 16;
din_flange_w = 28.6;
din_screw_pitch = 22.2;
din_pitch = 40;
din_x = [150, 150 + din_pitch];  // enclosure x of MIDI IN (J2) and MIDI OUT (J3)
din_z = 30;
audio_x = 216;
// Jetson Orin Nano dev kit (103 x 90.5 x 34.77 mm) on 2 mm hook-and-loop, rear ports in the
// back window; the encoders above it hang encoder_depth below the top panel (body and soldered
// terminals)
jetson = [post + 1, 64, 103, 90.5, 34.77 + 2];
encoder_depth = 15;

module corner_points() {
    for (p = [[post_hole, post_hole], [panel_w - post_hole, post_hole],
              [post_hole, panel_d - post_hole], [panel_w - post_hole, panel_d - post_hole]])
        translate(p) children();
}

module rounded_rect(w, d, r = 3) {
    translate([r, r]) offset(r = r) square([w - 2 * r, d - 2 * r]);
}

module slot2d(len, w) {  // stadium along x, centred
    hull() for (s = [-1, 1]) translate([s * (len - w) / 2, 0]) circle(d = w);
}

// ---------------------------------------------------------------- top panel (laser cut)
module top_panel_2d() {
    difference() {
        rounded_rect(panel_w, panel_d);
        corner_points() circle(d = clear_m3);
        // touch grid opening and the grid frame's screws
        translate([grid_cx, grid_cy]) {
            square(grid_cutout, center = true);
            for (sx = [-1, 1], sy = [-1, 1])
                translate([sx * grid_hole_offset, sy * grid_hole_offset]) circle(d = clear_m3);
        }
        for (k = knobs) translate([k[1], k[2]]) circle(d = bushing_hole);
        for (e = encoders) translate([e[1], e[2]]) circle(d = bushing_hole);
        translate([oled_x, oled_y]) square([oled_win_w, oled_win_h], center = true);
    }
}

// engraving layer (cut at low power): labels and rings; use its own DXF
module top_panel_engrave_2d() {
    for (k = knobs) translate([k[1], k[2]]) {
        difference() { circle(d = 21); circle(d = 20.4); }
        translate([0, -14]) text(k[0], size = 3, halign = "center", valign = "center",
                                 font = "DejaVu Sans:style=Bold");
    }
    for (e = encoders) translate([e[1], e[2]]) {
        difference() { circle(d = 18); circle(d = 17.4); }
        translate([0, -12.5]) text(e[0], size = 2.5, halign = "center", valign = "center",
                                   font = "DejaVu Sans");
    }
    translate([oled_x, oled_y]) difference() {
        square([oled_win_w + 4, oled_win_h + 4], center = true);
        square([oled_win_w + 3.4, oled_win_h + 3.4], center = true);
    }
    translate([14, panel_d - 12]) text("NSynthBox", size = 6, font = "DejaVu Sans:style=Bold");
}

module top_panel() { linear_extrude(sheet_t) top_panel_2d(); }

// ---------------------------------------------------------------- bottom panel (laser cut)
module bottom_panel_2d() {
    difference() {
        rounded_rect(panel_w, panel_d);
        corner_points() circle(d = clear_m3);
        for (h = pi_holes) translate([pi_x0 + h[0], pi_y0 + h[1]]) circle(d = 2.7);
        for (h = carrier_holes) translate([carrier_x0 + h[0], carrier_y0 + h[1]])
            offset(r = 1) square(carrier_pocket - 2, center = true);
        // vents under the SBC
        for (i = [0:5]) translate([pi_x0 + 8 + i * 8, pi_y0 + 25]) rotate(90) slot2d(30, 3);
    }
}

// ---------------------------------------------------------------- walls (laser cut)
// Each wall is drawn as seen from outside, x along the wall, y up from the bottom panel.
module wall_2d(which) {
    len = (which == "front" || which == "back") ? wall_len_x : wall_len_y;
    difference() {
        square([len, inner_h]);
        if (which == "back") {
            // seen from behind, enclosure x runs right-to-left: position = panel_w - notch - x
            // I/O window for the SBC's USB / Ethernet (Pi) or rear ports (Jetson dev kit)
            translate([panel_w - notch - 116, 4]) square([104, 34]);
            // MIDI IN (J2) and MIDI OUT (J3): body hole and the two flange screws of each socket
            for (x = din_x) translate([panel_w - notch - x, din_z]) {
                circle(d = din_hole);
                for (s = [-1, 1]) translate([s * din_screw_pitch / 2, 0]) circle(d = clear_m3);
            }
            // audio out: 3.5 mm panel jack
            translate([panel_w - notch - audio_x, din_z]) circle(d = 6.5);
        }
        if (which == "left") {
            // seen from the left, enclosure y runs right-to-left: the Pi's USB-C plug goes through here
            translate([panel_d - notch - usbc_y, usbc_z]) offset(r = 1.5)
                square([usbc_window[0] - 3, usbc_window[1] - 3], center = true);
        }
        if (which == "left" || which == "right")
            for (i = [0:5]) translate([len / 2 - 20 + i * 8, inner_h / 2]) rotate(90) slot2d(24, 3);
    }
}

// ---------------------------------------------------------------- printed parts
module d_bore(depth) {  // 6 mm D-shaft, 4.5 mm across the flat, printed 0.1-0.15 mm oversize
    linear_extrude(depth) intersection() {
        circle(d = 6.15, $fn = 40);
        translate([-3.1, -3.075]) square([6.2, 4.6]);  // flat 4.6 mm from the far side
    }
}

module knob(d = 16, h = 15) {
    difference() {
        union() {
            cylinder(d = d, h = h - 1);
            translate([0, 0, h - 1]) cylinder(d1 = d, d2 = d - 2, h = 1);
        }
        translate([0, 0, -0.01]) d_bore(12);
        for (a = [0:15:359]) rotate(a) translate([d / 2 + 0.3, 0, 2]) cylinder(r = 0.9, h = h, $fn = 12);
        // pointer groove, aligned with the flat of the shaft
        translate([-0.6, 0, h - 0.8]) cube([1.2, d / 2, 1]);
    }
}

module encoder_cap(d = 13, h = 13) {
    difference() {
        cylinder(d = d, h = h);
        translate([0, 0, -0.01]) d_bore(11);
        translate([0, d / 2 - 2.2, h - 0.7]) cylinder(d = 1.6, h = 1, $fn = 16);
        for (a = [0:30:359]) rotate(a) translate([d / 2 + 0.2, 0, 3]) cylinder(r = 0.6, h = h, $fn = 10);
    }
}

// Grid frame: a 1 mm touch skin with a flange; the copper tape goes on the skin's underside.
module grid_frame() {
    flange_t = 2;
    plug = grid_cutout - 0.4;
    difference() {
        union() {
            translate([-grid_flange / 2, -grid_flange / 2, 0]) cube([grid_flange, grid_flange, flange_t]);
            translate([-plug / 2, -plug / 2, -sheet_t]) cube([plug, plug, sheet_t]);
        }
        // recess from below leaves grid_skin on top
        translate([-grid_recess / 2, -grid_recess / 2, -sheet_t - 0.01]) cube([grid_recess, grid_recess, sheet_t + flange_t - grid_skin]);
        for (sx = [-1, 1], sy = [-1, 1])
            translate([sx * grid_hole_offset, sy * grid_hole_offset, -5]) cylinder(d = clear_m3, h = 10);
        // tactile cell lines, 0.3 mm deep
        act = grid_n * grid_pitch;
        for (i = [0:grid_n]) {
            translate([-act / 2 + i * grid_pitch - 0.4, -act / 2, flange_t - 0.3]) cube([0.8, act, 1]);
            translate([-act / 2, -act / 2 + i * grid_pitch - 0.4, flange_t - 0.3]) cube([act, 0.8, 1]);
        }
        // wire exits through the plug wall: rows on the left, columns at the front
        translate([-plug / 2 - 1, -30, -sheet_t - 0.01]) cube([4, 60, 1.6]);
        translate([-30, -plug / 2 - 1, -sheet_t - 0.01]) cube([60, 4, 1.6]);
    }
}

// Corner post: holds two walls in slots and takes the panel screws (heat-set inserts top and bottom).
module corner_post() {
    difference() {
        cube([post, post, inner_h]);
        translate([notch, lip, -1]) cube([post, slot, inner_h + 2]);   // wall along x
        translate([lip, notch, -1]) cube([slot, post, inner_h + 2]);   // wall along y
        for (z = [-0.01, inner_h - 7 + 0.01]) translate([post_hole, post_hole, z]) cylinder(d = insert_m3, h = 7);
    }
}

// ---------------------------------------------------------------- assembly (for renders)
module assembly(explode = 0) {
    color("Gainsboro", 0.9) bottom_panel_2d_3d();
    for (p = [[0, 0, 0], [panel_w, 0, 90], [panel_w, panel_d, 180], [0, panel_d, 270]])
        color("DimGray") translate([p[0], p[1], sheet_t]) rotate(p[2]) corner_post();
    color("LightSteelBlue", 0.6) {
        translate([notch, lip, sheet_t]) rotate([90, 0, 0]) translate([0, 0, -sheet_t]) linear_extrude(sheet_t) wall_2d("front");
        translate([panel_w - notch, panel_d - lip, sheet_t]) rotate([90, 0, 180]) translate([0, 0, -sheet_t]) linear_extrude(sheet_t) wall_2d("back");
        translate([lip, panel_d - notch, sheet_t]) rotate([90, 0, -90]) translate([0, 0, -sheet_t]) linear_extrude(sheet_t) wall_2d("left");
        translate([panel_w - lip, notch, sheet_t]) rotate([90, 0, 90]) translate([0, 0, -sheet_t]) linear_extrude(sheet_t) wall_2d("right");
    }
    translate([0, 0, sheet_t + inner_h + explode]) {
        color("Black", 0.85) top_panel();
        color("WhiteSmoke") translate([grid_cx, grid_cy, sheet_t]) grid_frame();
        for (k = knobs) color("DarkSlateGray") translate([k[1], k[2], sheet_t + 6]) knob();
        for (e = encoders) color("FireBrick") translate([e[1], e[2], sheet_t + 7]) encoder_cap();
        color("RoyalBlue") translate([oled_x, oled_y, 0.5]) cube([oled_win_w - 1, oled_win_h - 1, 2], center = true);
    }
}

module bottom_panel_2d_3d() { linear_extrude(sheet_t) bottom_panel_2d(); }
