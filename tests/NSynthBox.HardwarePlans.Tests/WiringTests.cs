using System.Text.RegularExpressions;

namespace NSynthBox.HardwarePlans.Tests;

public partial class WiringTests
{
    private static readonly string[] Colours = ["black", "brown", "red", "orange", "yellow", "green", "blue", "violet", "grey", "white"];
    private readonly PinMap pm = PinMap.Load();
    private readonly string md = Repo.Read("hardware", "WIRING.md");

    /// <summary>Rows of the markdown table under the heading that starts with the given text.</summary>
    private List<string[]> Table(string heading)
    {
        var lines = md.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.StartsWith("## ", StringComparison.Ordinal) && l.Contains(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"WIRING.md has no section '{heading}'");
        var rows = new List<string[]>();
        var seenTable = false;
        for (var i = start + 1; i < lines.Count && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (!lines[i].StartsWith('|'))
            {
                if (seenTable)
                {
                    break;
                }

                continue;
            }

            seenTable = true;
            var cells = lines[i].Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.All(c => c.StartsWith("---", StringComparison.Ordinal)))
            {
                continue;
            }

            rows.Add(cells);
        }

        Assert.True(rows.Count > 1, $"section '{heading}' has no table");
        return rows.Skip(1).ToList(); // drop the header row
    }

    [Fact]
    public void Header_table_has_a_row_for_every_pin_map_connection()
    {
        var rows = Table("Header signals");
        foreach (var s in pm.Signals)
        {
            var mine = rows.Where(r => r[0] == $"{pm.HeaderRef}.{s.Pin}").ToList();
            Assert.True(mine.Count > 0, $"no row from {pm.HeaderRef}.{s.Pin} ({s.Name})");
            Assert.All(mine, r => Assert.Equal($"GPIO{s.Gpio}", r[1]));
            Assert.All(mine, r => Assert.Equal(s.Name, r[2]));
            foreach (var (reference, key) in s.Targets)
            {
                Assert.Contains(mine, r => r[3] == $"{reference}.{key}");
            }
        }
    }

    [Fact]
    public void Header_table_names_no_pin_the_pin_map_does_not()
    {
        var rows = Table("Header signals");
        var known = pm.Signals.ToDictionary(s => $"{pm.HeaderRef}.{s.Pin}", s => s);
        foreach (var r in rows)
        {
            Assert.True(known.TryGetValue(r[0], out var s), $"WIRING.md wires {r[0]}, which pinmap.json does not use");
            Assert.Equal($"GPIO{s.Gpio}", r[1]);
            Assert.Contains(r[5], Colours);
        }
    }

    [Fact]
    public void Power_table_feeds_the_rails_from_the_pin_map_pins()
    {
        var rows = Table("Power rails");
        foreach (var (signal, pin) in pm.Power)
        {
            var rail = signal switch { "3V3" => "+3V3", "5V" => "+5V", _ => "GND" };
            Assert.Contains(rows, r => r[0] == $"{pm.HeaderRef}.{pin}" && r[1] == rail);
        }

        Assert.All(rows, r => Assert.Contains(r[4], Colours));
        Assert.All(rows.Where(r => r[1] == "GND"), r => Assert.Equal("black", r[4]));
        Assert.All(rows.Where(r => r[1] == "+5V"), r => Assert.Equal("red", r[4]));
    }

    [Fact]
    public void Knob_table_matches_the_pin_map()
    {
        var rows = Table("Knobs");
        Assert.Equal(pm.Knobs.Count, rows.Count);
        foreach (var (name, channel, reference) in pm.Knobs)
        {
            var row = Assert.Single(rows, r => r[0] == name);
            Assert.Equal(reference, row[1]);
            Assert.Equal($"{pm.SpiRef}.CH{channel}", row[2]);
            Assert.Equal((channel + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), row[3]); // MCP3008 CHn is DIP pin n+1
        }
    }

    [Fact]
    public void Encoder_table_matches_the_pin_map()
    {
        var rows = Table("Encoders");
        foreach (var s in pm.Signals.Where(s => s.Name.StartsWith("ENC", StringComparison.Ordinal)))
        {
            var (reference, key) = s.Targets.Single();
            var row = Assert.Single(rows, r => r[2] == $"{reference}.{key}");
            Assert.Equal($"{pm.HeaderRef}.{s.Pin}", row[3]);
            Assert.Equal($"GPIO{s.Gpio}", row[4]);
        }

        foreach (var (reference, corner) in pm.Encoders)
        {
            Assert.All(rows.Where(r => r[0] == reference), r => Assert.Equal(corner, r[1]));
        }
    }

    [Fact]
    public void Touch_grid_table_matches_the_pin_map()
    {
        var rows = Table("Touch grid");
        Assert.Equal(pm.GridRows.Count + pm.GridColumns.Count, rows.Count);
        for (var i = 0; i < pm.GridRows.Count; i++)
        {
            Assert.Contains(rows, r => r[0] == $"{pm.GridRef}.ROW{i}" && r[2] == $"{pm.MprRef}.{pm.GridRows[i]}");
        }

        for (var i = 0; i < pm.GridColumns.Count; i++)
        {
            Assert.Contains(rows, r => r[0] == $"{pm.GridRef}.COL{i}" && r[2] == $"{pm.MprRef}.{pm.GridColumns[i]}");
        }
    }

    [Fact]
    public void Every_reference_in_the_wiring_tables_exists_in_the_schematic()
    {
        var refs = Schematic.Load().Instances.Select(i => i.Reference).ToHashSet();
        foreach (Match m in RefPin().Matches(md))
        {
            Assert.True(refs.Contains(m.Groups[1].Value), $"WIRING.md names {m.Value}; {m.Groups[1].Value} is not in the schematic");
        }
    }

    [Fact]
    public void Wiring_svg_and_touch_grid_svg_are_svg()
    {
        foreach (var name in new[] { "wiring.svg", "schematic.svg", "touch_grid.svg" })
        {
            var doc = System.Xml.Linq.XDocument.Parse(Repo.Read("hardware", name));
            Assert.Equal("svg", doc.Root!.Name.LocalName);
        }

        var wiring = Repo.Read("hardware", "wiring.svg");
        foreach (var s in pm.Signals)
        {
            Assert.Contains(s.Name, wiring, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"\b((?:U|J|R|RN|RV|C|D|ENC|TG)\d+[A-Z]?)\.[A-Za-z0-9/]+")]
    private static partial Regex RefPin();
}
