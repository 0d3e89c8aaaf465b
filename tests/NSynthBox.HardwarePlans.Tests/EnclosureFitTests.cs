using System.Globalization;
using System.Text.RegularExpressions;

namespace NSynthBox.HardwarePlans.Tests;

/// <summary>
/// The parts in BOM.csv fit the enclosure that parts.scad draws: pots and sockets match their
/// holes, hardware counts match the holes that take them, and the boards clear each other.
/// </summary>
public class EnclosureFitTests
{
    private readonly EnclosureDimensions d = EnclosureDimensions.Load();
    private readonly List<BomRow> bom = Bom.Load().Rows;

    [Fact]
    public void Pots_have_threaded_bushings_that_fit_the_panel_holes()
    {
        var pots = bom.Single(r => r.References.Contains("RV1"));
        Assert.Contains("threaded", pots["Description"], StringComparison.Ordinal);
        var spec = pots["Specification"];
        var thread = SpecNumber(spec, @"M(\d+(?:\.\d+)?) x 0\.75 threaded bushing");
        Assert.True(spec.Contains("nut", StringComparison.Ordinal), "the pots must come with a nut to hold them in the panel");
        Assert.Equal(SpecNumber(spec, @"panel hole (\d+(?:\.\d+)?) mm"), d["pot_hole"], 2);
        Assert.True(d["pot_hole"] - thread is >= 0.1 and <= 0.5, $"a {d["pot_hole"]} mm hole for an M{thread} bushing");
        Assert.Equal(d.Points("knob_xy").Count, int.Parse(pots["Quantity"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Inserts_and_panel_screws_are_one_per_post_end()
    {
        const int posts = 4;  // corner_points() in parts.scad
        var inserts = bom.Single(r => r["Description"].StartsWith("Heat-set threaded insert", StringComparison.Ordinal));
        var screws = bom.Single(r => r["Description"].StartsWith("Screw M3 x 8 button head", StringComparison.Ordinal));
        Assert.Equal(posts * 2, int.Parse(inserts["Quantity"], CultureInfo.InvariantCulture));
        Assert.Equal(posts * 2, int.Parse(screws["Quantity"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Walls_are_held_from_outside_by_the_corner_posts()
    {
        // the wall slot runs inside the post behind a printed lip, not along its outer face
        Assert.True(d["lip"] >= 1.5, $"lip {d["lip"]} mm is too thin to hold a wall");
        Assert.True(d["slot"] > d["sheet_t"], "the slot must take the sheet");
        var insertEdge = d["post_hole"] - (d["insert_m3"] / 2);
        Assert.True(insertEdge - (d["lip"] + d["slot"]) >= 1.2,
            $"the corner insert ({d["insert_m3"]} mm at {d["post_hole"]} mm) breaks into the wall slot");
        Assert.True(d["notch"] + 4 <= d["post"], "the wall must reach at least 4 mm behind the lip");
    }

    [Fact]
    public void Din_sockets_are_spaced_for_their_flanges()
    {
        var din = bom.Single(r => r.References.Contains("J2"));
        var spec = din["Specification"];
        Assert.Equal(SpecNumber(spec, @"flange (\d+(?:\.\d+)?) mm wide"), d["din_flange_w"], 2);
        Assert.Equal(SpecNumber(spec, @"holes (\d+(?:\.\d+)?) mm apart"), d["din_screw_pitch"], 2);
        Assert.True(d["din_hole"] >= SpecNumber(spec, @"panel hole (\d+(?:\.\d+)?) mm"), "the wall hole must pass the socket body");
        var x = d.Vector("din_x");
        Assert.Equal(2, x.Length);
        // a plug's grip is about 16-20 mm across: flanges apart by a finger's width
        Assert.True(Math.Abs(x[1] - x[0]) - d["din_flange_w"] >= 8,
            $"sockets {Math.Abs(x[1] - x[0])} mm apart leave {Math.Abs(x[1] - x[0]) - d["din_flange_w"]:F1} mm between {d["din_flange_w"]} mm flanges");
        var flangeScrews = bom.Single(r => r["Description"].Contains("DIN socket flanges", StringComparison.Ordinal));
        Assert.Equal(x.Length * 2, int.Parse(flangeScrews["Quantity"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Carrier_pockets_adjust_both_ways_under_their_washers()
    {
        var play = (d["carrier_pocket"] - d["clear_m3"]) / 2;
        Assert.True(play >= 1, $"the carrier can move only {play:F1} mm");
        Assert.True(d["carrier_washer_d"] >= d["carrier_pocket"] + 2, "the washer must bear on the panel around the pocket");
        var washers = bom.Single(r => r["Description"].StartsWith("Washer M3", StringComparison.Ordinal));
        Assert.Equal(d["carrier_washer_d"], SpecNumber(washers["Specification"], @"(\d+(?:\.\d+)?) mm outside diameter"), 2);
        Assert.Equal(d.Points("carrier_holes").Count, int.Parse(washers["Quantity"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Jetson_dev_kit_clears_the_encoders_above_it()
    {
        var j = d.Vector("jetson");  // x, y, width, depth, height with its tape
        const double encoderRadius = 6.5;
        var above = d.Points("encoder_xy").Where(e =>
            e.X + encoderRadius > j[0] && e.X - encoderRadius < j[0] + j[2] &&
            e.Y + encoderRadius > j[1] && e.Y - encoderRadius < j[1] + j[3]).ToList();
        Assert.NotEmpty(above);  // ENC1 sits over the kit: the check below is the one that matters
        var gap = d["inner_h"] - d["encoder_depth"] - j[4];
        Assert.True(gap >= 2, $"{above.Count} encoder(s) over the Jetson leave {gap:F1} mm above it");
        Assert.True(j[0] >= d["post"] && j[1] + j[3] <= d["panel_d"] - d["lip"] - d["sheet_t"], "the Jetson must fit between the posts and the back wall");
    }

    [Fact]
    public void Pi_usb_c_plug_reaches_the_socket_through_the_left_wall()
    {
        // USB-C is 11.2 mm from the board end away from the USB ports (Pi 4 and Pi 5)
        Assert.Equal(d["pi_y0"] + 11.2, d["usbc_y"], 2);
        var w = d.Vector("usbc_window");
        Assert.True(w[0] >= 12.5 && w[1] >= 7.5, "a USB-C plug body is about 12 x 7 mm");
        Assert.True(d["usbc_z"] - (w[1] / 2) >= 0, "the window must stay above the bottom panel");
        var reach = d["pi_x0"] - (d["lip"] + d["sheet_t"]);
        Assert.True(reach is > 0 and <= 12, $"the Pi's edge is {reach:F1} mm inside the wall; a plug reaches about 12");
        Assert.True(d["pi_x0"] >= d["post"], "the Pi must clear the corner post");
        foreach (var variant in new[] { "pi4", "pi5" })
        {
            Assert.Contains(bom, r => r["Variant"] == variant && r["Description"].Contains("Right-angle USB-C adapter", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_variant_has_its_cooling_and_its_audio_output()
    {
        Assert.Contains(bom, r => r["Variant"] == "pi4" && r["Subsystem"] == "Cooling");
        Assert.Contains(bom, r => r["Variant"] == "pi5" && r["Subsystem"] == "Cooling");
        // the Jetson has no I2S overlay yet: install.sh points it at the BOM's USB interface
        var usbAudio = bom.Single(r => r["Variant"] == "jetson-orin-nano" && r["Subsystem"] == "Audio");
        var card = Regex.Match(usbAudio["Specification"], @"ALSA card name (\w+)").Groups[1].Value;
        var device = PinMap.Load().Doc.RootElement.GetProperty("boards").GetProperty("jetson-orin-nano").GetProperty("audioDevice").GetString();
        Assert.Equal($"hw:CARD={card},DEV=0", device);
    }

    private static double SpecNumber(string spec, string pattern)
    {
        var m = Regex.Match(spec, pattern);
        Assert.True(m.Success, $"'{spec}' does not state /{pattern}/");
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
