using System.Globalization;
using System.Text.RegularExpressions;

namespace NSynthBox.HardwarePlans.Tests;

/// <summary>
/// Numbers of the enclosure as OpenSCAD itself evaluates them from parts.scad and layout.scad
/// (an echo of each name), so the fit tests read the same values the DXF and STL exports use.
/// </summary>
public sealed partial class EnclosureDimensions
{
    private static readonly string[] Names =
    [
        "panel_w", "panel_d", "sheet_t", "inner_h", "post", "post_hole", "lip", "slot", "notch", "insert_m3", "clear_m3",
        "bushing_hole", "pot_hole", "pi_x0", "pi_y0", "usbc_y", "usbc_z", "usbc_window", "carrier_pocket",
        "carrier_washer_d", "carrier_holes", "din_hole", "din_flange_w", "din_screw_pitch", "din_pitch", "din_x",
        "din_z", "jetson", "encoder_depth",
    ];

    private static readonly Lazy<EnclosureDimensions> Instance = new(() => new EnclosureDimensions());

    private readonly Dictionary<string, double[]> values = [];

    private EnclosureDimensions()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nsynthbox-dims-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var probe = Path.Combine(dir, "probe.scad");
            var echoes = string.Join("\n", Names.Select(n => $"echo({n} = {n});"));
            File.WriteAllText(probe,
                $"include <{Repo.PathOf("hardware", "enclosure", "parts.scad")}>\n{echoes}\n" +
                "echo(knob_xy = [for (k = knobs) [k[1], k[2]]]);\necho(encoder_xy = [for (e = encoders) [e[1], e[2]]]);\n");
            var output = Path.Combine(dir, "probe.echo");
            var (code, log) = ToolRun.Run("openscad", ["-o", output, probe], TimeSpan.FromMinutes(1));
            if (code != 0 || !File.Exists(output))
            {
                throw new InvalidOperationException("openscad could not evaluate parts.scad:\n" + log);
            }

            foreach (Match m in Echo().Matches(File.ReadAllText(output)))
            {
                values[m.Groups[1].Value] = Number().Matches(m.Groups[2].Value)
                    .Select(n => double.Parse(n.Value, CultureInfo.InvariantCulture)).ToArray();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static EnclosureDimensions Load() => Instance.Value;

    /// <summary>A scalar of parts.scad, in millimetres.</summary>
    public double this[string name] => Vector(name) is [var v] ? v : throw new InvalidOperationException($"{name} is not a number");

    /// <summary>All numbers of a vector (nested vectors flattened, in order).</summary>
    public double[] Vector(string name) =>
        values.TryGetValue(name, out var v) && v.Length > 0 ? v : throw new KeyNotFoundException($"parts.scad has no value for {name}");

    /// <summary>A vector of [x, y] pairs as points.</summary>
    public IReadOnlyList<(double X, double Y)> Points(string name) =>
        Vector(name).Chunk(2).Select(p => (p[0], p[1])).ToList();

    [GeneratedRegex(@"ECHO: (\w+) = (.*)")]
    private static partial Regex Echo();

    [GeneratedRegex(@"-?\d+(\.\d+)?(e-?\d+)?")]
    private static partial Regex Number();
}
