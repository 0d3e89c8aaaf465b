using System.Xml.Linq;

namespace NSynthBox.HardwarePlans.Tests;

/// <summary>
/// carrier_layout.svg, the perfboard drawing a maker wires from, joins exactly what the schematic
/// joins: every carrier part placed on its own holes, every net's on-board pins linked by wires,
/// and every panel part's wire landing on its net.
/// </summary>
public class CarrierLayoutTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly XDocument doc = XDocument.Parse(Repo.Read("hardware", "carrier_layout.svg"));
    private readonly KiCadSchematic sch = Schematic.Load();

    private Dictionary<string, Dictionary<string, (int Col, int Row)>> Placed() =>
        doc.Descendants(Svg + "g").Where(g => g.Attribute("data-ref") is not null).ToDictionary(
            g => g.Attribute("data-ref")!.Value,
            g => g.Attribute("data-pins")!.Value.Split(' ').Select(p => p.Split(':')).ToDictionary(
                p => p[0], p => (int.Parse(p[1].Split(',')[0]), int.Parse(p[1].Split(',')[1]))));

    [Fact]
    public void Every_carrier_part_has_its_own_holes_on_a_90_by_70_board()
    {
        var placed = Placed();
        foreach (var r in new[] { "J1", "U3", "U5", "U6", "U8", "R1", "R2", "R3", "R4", "R5", "D1", "C1", "C2", "C3", "RN1", "RN4" })
        {
            Assert.True(placed.ContainsKey(r), $"{r} is not on the carrier drawing");
        }

        var holes = placed.SelectMany(p => p.Value.Select(h => (Ref: p.Key, Pin: h.Key, At: h.Value))).ToList();
        var shared = holes.GroupBy(h => h.At).Where(g => g.Count() > 1).Select(g => string.Join(" and ", g.Select(h => $"{h.Ref}.{h.Pin}"))).ToList();
        Assert.True(shared.Count == 0, "pins sharing a hole: " + string.Join("; ", shared));
        Assert.All(holes, h => Assert.True(h.At.Col is >= 0 and < 35 && h.At.Row is >= 0 and < 27, $"{h.Ref}.{h.Pin} is off the board"));
        foreach (var (reference, pins) in placed)
        {
            var lib = sch.Library[sch.Instance(reference).LibId];
            Assert.Equal(lib.Pins.Select(p => p.Number).Order(), pins.Keys.Order());
        }
    }

    [Fact]
    public void Board_wires_join_the_pins_the_schematic_joins()
    {
        var placed = Placed();
        var parent = new Dictionary<string, string>();
        string Find(string x)
        {
            parent.TryAdd(x, x);
            return parent[x] == x ? x : parent[x] = Find(parent[x]);
        }

        foreach (var line in doc.Descendants(Svg + "line").Where(l => l.Attribute("data-from") is not null))
        {
            parent[Find(line.Attribute("data-from")!.Value)] = Find(line.Attribute("data-to")!.Value);
        }

        foreach (var rail in new[] { "+3V3", "GND" })
        {
            Assert.Contains(doc.Descendants(Svg + "line"), l => l.Attribute("data-rail")?.Value == rail);
        }

        var onBoard = sch.NetOfPin.Where(p => placed.ContainsKey(p.Key.Split('.')[0])).ToList();
        foreach (var net in onBoard.GroupBy(p => p.Value))
        {
            var pins = net.Select(p => p.Key).ToList();
            var anchor = net.Key is "+3V3" or "GND" ? $"{net.Key} rail" : pins[0];
            var apart = pins.Where(p => Find(p) != Find(anchor)).ToList();
            Assert.True(apart.Count == 0, $"{net.Key}: {string.Join(", ", apart)} not wired to {anchor}");
        }

        var byGroup = onBoard.GroupBy(p => Find(p.Key)).Where(g => g.Select(p => p.Value).Distinct().Count() > 1).ToList();
        Assert.True(byGroup.Count == 0, "wires short nets together: " + string.Join("; ", byGroup.Select(g => string.Join(", ", g.Select(p => p.Value).Distinct()))));
    }

    [Fact]
    public void Panel_wires_land_on_their_net()
    {
        var panel = doc.Descendants(Svg + "text").Where(t => t.Attribute("data-panel") is not null).ToList();
        foreach (var t in panel)
        {
            var net = t.Attribute("data-net")!.Value;
            var lands = t.Attribute("data-lands")!.Value;
            var part = t.Attribute("data-panel")!.Value.Split('.', 2);
            Assert.Equal(net, sch.NetOf(part[0], part[1]));
            Assert.True(lands == $"{net} rail" || sch.NetOfPin.GetValueOrDefault(lands) == net, $"{part[0]}.{part[1]} lands on {lands}, not on {net}");
        }

        foreach (var r in new[] { "RV1", "RV6", "ENC1", "ENC4", "J2", "J3", "U2", "U4" })
        {
            Assert.Contains(panel, t => t.Attribute("data-panel")!.Value.StartsWith(r + ".", StringComparison.Ordinal));
        }
    }
}
