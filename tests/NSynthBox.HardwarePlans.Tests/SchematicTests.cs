using System.Globalization;
using System.Text.Json;

namespace NSynthBox.HardwarePlans.Tests;

public class SchematicTests
{
    private readonly KiCadSchematic sch = Schematic.Load();
    private readonly PinMap pm = PinMap.Load();

    [Fact]
    public void Is_a_KiCad_6_schematic()
    {
        var root = sch.Root;
        Assert.Equal("kicad_sch", root.Head);
        var version = root.Child("version");
        Assert.NotNull(version);
        Assert.True(version.Number(1) >= 20211123, "KiCad 6 files carry version 20211123 or later");
        Assert.NotNull(root.Child("generator"));
        Assert.NotNull(root.Child("uuid"));
        Assert.NotNull(root.Child("paper"));
        Assert.NotNull(root.Child("lib_symbols"));
        Assert.NotNull(root.Child("sheet_instances"));
        Assert.NotEmpty(sch.Instances);
        Assert.NotEmpty(sch.Wires);
        Assert.NotEmpty(sch.Labels);
    }

    [Fact]
    public void Every_symbol_has_a_unique_reference_and_a_library_symbol()
    {
        foreach (var s in sch.Root.Children("symbol"))
        {
            Assert.Single(s.Children("property"), p => p.Text(1) == "Reference");
            Assert.Single(s.Children("property"), p => p.Text(1) == "Value");
        }

        var refs = sch.Instances.Select(i => i.Reference).ToList();
        Assert.Equal(refs.Count, refs.Distinct().Count());
        foreach (var i in sch.Instances)
        {
            Assert.True(sch.Library.ContainsKey(i.LibId), $"{i.Reference}: {i.LibId} missing from lib_symbols");
            Assert.Contains(i.Rotation, new[] { 0, 90, 180, 270 });
        }

        var uuids = sch.Instances.Select(i => i.Uuid).ToList();
        Assert.Equal(uuids.Count, uuids.Distinct().Count());
    }

    [Fact]
    public void Symbol_instances_table_matches_the_placed_symbols()
    {
        var table = sch.Root.Child("symbol_instances");
        Assert.NotNull(table);
        var listed = table.Children("path").ToDictionary(p => p.Text(1), p => p.Child("reference")!.Text(1));
        Assert.Equal(sch.Instances.Count, listed.Count);
        foreach (var i in sch.Instances)
        {
            Assert.Equal(i.Reference, listed["/" + i.Uuid]);
        }
    }

    [Fact]
    public void Every_pin_is_connected_or_marked_no_connect()
    {
        Assert.True(sch.DanglingPins.Count == 0, "dangling pins: " + string.Join(", ", sch.DanglingPins));
        var lonely = sch.Nets.Where(n => n.Value.Count < 2).Select(n => $"{n.Key} ({string.Join(", ", n.Value)})").ToList();
        Assert.True(lonely.Count == 0, "nets with a single pin: " + string.Join("; ", lonely));
    }

    [Fact]
    public void Every_pin_map_reference_is_in_the_schematic()
    {
        var refs = sch.Instances.Select(i => i.Reference).ToHashSet();
        foreach (var r in pm.AllRefs)
        {
            Assert.True(refs.Contains(r), $"{r} (from pinmap.json) is not in the schematic");
        }
    }

    [Fact]
    public void Header_power_pins_are_on_their_rails()
    {
        foreach (var (signal, pin) in pm.Power)
        {
            var expected = signal switch { "3V3" => "+3V3", "5V" => "+5V", _ => "GND" };
            Assert.Equal(expected, sch.NetOf(pm.HeaderRef, pin.ToString(CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Header_signals_reach_the_module_pins_the_pin_map_names()
    {
        foreach (var s in pm.Signals)
        {
            var net = sch.NetOf(pm.HeaderRef, s.Pin.ToString(CultureInfo.InvariantCulture));
            Assert.True(net is not null, $"{pm.HeaderRef}.{s.Pin} ({s.Name}) is not connected");
            foreach (var (reference, key) in s.Targets)
            {
                Assert.True(sch.NetOf(reference, key) == net,
                    $"{s.Name}: {pm.HeaderRef}.{s.Pin} is on {net} but {reference}.{key} is on {sch.NetOf(reference, key)}");
            }

            var onNet = sch.Nets[net].Where(p => p.StartsWith(pm.HeaderRef + ".", StringComparison.Ordinal)).ToList();
            Assert.True(onNet.Count == 1, $"{net} touches header pins {string.Join(", ", onNet)}");
        }
    }

    [Fact]
    public void Header_pins_the_pin_map_does_not_use_are_left_open()
    {
        var used = pm.Signals.Select(s => s.Pin).Concat(pm.Power.Select(p => p.Pin)).ToHashSet();
        for (var pin = 1; pin <= 40; pin++)
        {
            if (!used.Contains(pin))
            {
                Assert.Null(sch.NetOf(pm.HeaderRef, pin.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    [Fact]
    public void I2C_address_pins_give_the_pin_map_addresses()
    {
        foreach (var (part, reference, address) in pm.I2cDevices)
        {
            switch (part)
            {
                case "MPR121":
                    Assert.Equal(0x5A, address);
                    Assert.Equal("GND", sch.NetOf(reference, "ADDR"));
                    break;
                case "ADS1115":
                    Assert.Equal(0x48, address);
                    Assert.Equal("GND", sch.NetOf(reference, "ADDR"));
                    break;
                case "SSD1306":
                    Assert.Equal(0x3C, address);
                    break;
                default:
                    Assert.Fail($"unknown I2C part {part}");
                    break;
            }

            Assert.Equal("GND", sch.NetOf(reference, "GND"));
        }
    }

    [Fact]
    public void Knobs_are_dividers_from_3V3_to_GND_with_the_wiper_on_their_channel()
    {
        foreach (var (name, channel, reference) in pm.Knobs)
        {
            var ends = new[] { sch.NetOf(reference, "1"), sch.NetOf(reference, "3") }.Order().ToArray();
            Assert.Equal(new[] { "+3V3", "GND" }, ends);
            var wiper = sch.NetOf(reference, "2");
            Assert.True(wiper is not null && wiper == sch.NetOf(pm.SpiRef, $"CH{channel}"),
                $"{name}: {reference} wiper is on {wiper}, MCP3008 CH{channel} on {sch.NetOf(pm.SpiRef, $"CH{channel}")}");
        }

        Assert.Equal("+3V3", sch.NetOf(pm.SpiRef, "VDD"));
        Assert.Equal("+3V3", sch.NetOf(pm.SpiRef, "VREF"));
    }

    [Fact]
    public void Touch_grid_rows_and_columns_go_to_their_electrodes()
    {
        for (var i = 0; i < pm.GridRows.Count; i++)
        {
            Assert.Equal(sch.NetOf(pm.GridRef, $"ROW{i}"), sch.NetOf(pm.MprRef, pm.GridRows[i].ToString(CultureInfo.InvariantCulture)));
        }

        for (var i = 0; i < pm.GridColumns.Count; i++)
        {
            Assert.Equal(sch.NetOf(pm.GridRef, $"COL{i}"), sch.NetOf(pm.MprRef, pm.GridColumns[i].ToString(CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Encoders_switch_to_ground_and_have_pull_ups()
    {
        foreach (var (reference, _) in pm.Encoders)
        {
            Assert.Equal("GND", sch.NetOf(reference, "C"));
            Assert.Equal("GND", sch.NetOf(reference, "S2"));
            foreach (var key in new[] { "A", "B", "S1" })
            {
                var net = sch.NetOf(reference, key)!;
                Assert.True(PullUp(net), $"{reference}.{key} ({net}) has no resistor to +3V3");
            }
        }
    }

    [Fact]
    public void Midi_in_follows_the_opto_isolated_circuit()
    {
        // DIN pin 4 -> resistor -> opto LED anode; pin 5 -> cathode; diode across the LED; output pulled up
        var anode = sch.NetOf("U6", "2")!;
        var cathode = sch.NetOf("U6", "3")!;
        Assert.Equal(cathode, sch.NetOf("J2", "5"));
        Assert.True(ThroughResistor(sch.NetOf("J2", "4")!, anode, out var r), "J2.4 must reach U6.2 through a resistor");
        Assert.Equal("220", sch.Instance(r!).Value);
        Assert.Equal(anode, sch.NetOf("D1", "K"));
        Assert.Equal(cathode, sch.NetOf("D1", "A"));
        Assert.Null(sch.NetOf("J2", "2/shield"));
        Assert.Equal("+3V3", sch.NetOf("U6", "VCC"));
        Assert.Equal("GND", sch.NetOf("U6", "GND"));
        Assert.True(PullUp(sch.NetOf("U6", "VO")!), "6N138 output needs a pull-up to +3V3");
    }

    [Fact]
    public void Midi_out_drives_the_5_mA_loop_from_3V3_through_a_buffer()
    {
        // MIDI 1.0 Electrical Specification Update (CA-033, 2014): a 3.3 V sender drives pin 5 from a
        // buffer through RC and ties pin 4 to +3.3 V through RA; the receiver is always 220 ohm and an
        // opto LED, so the loop current follows from RA and RC alone.
        var tx = pm.Signals.Single(s => s.Name == "MIDI_TX");
        var txNet = sch.NetOf(pm.HeaderRef, tx.Pin.ToString(CultureInfo.InvariantCulture))!;
        var pin5 = sch.NetOf("J3", "5")!;
        Assert.False(ThroughResistor(txNet, pin5, out _), "UART TXD must not drive J3.5 directly: a 3.3 V GPIO cannot source the loop");

        var buffer = sch.Instance(pm.MidiOutBufferRef);
        var pins = sch.Library[buffer.LibId].Pins;
        Assert.Contains(pins, p => p.Type == "input" && sch.NetOfPin.GetValueOrDefault($"{buffer.Reference}.{p.Number}") == txNet);
        var outputs = pins.Where(p => p.Type == "output").Select(p => sch.NetOfPin.GetValueOrDefault($"{buffer.Reference}.{p.Number}")).OfType<string>();
        string? rc = null;
        Assert.True(outputs.Any(o => ThroughResistor(o, pin5, out rc)), $"no output of {buffer.Reference} reaches J3.5 through a resistor");
        Assert.True(ThroughResistor("+3V3", sch.NetOf("J3", "4")!, out var ra), "+3V3 must reach J3.4 through a resistor");
        Assert.Equal("+3V3", sch.NetOf(buffer.Reference, "VCC"));
        Assert.Equal("GND", sch.NetOf("J3", "2/shield"));

        const double supply = 3.3, ledForward = 1.5, bufferLow = 0.1, receiver = 220;
        var loop = Ohms(sch.Instance(ra!).Value) + Ohms(sch.Instance(rc!).Value) + receiver;
        var milliamps = (supply - ledForward - bufferLow) / loop * 1000;
        Assert.True(milliamps is >= 5 and <= 10,
            $"RA {sch.Instance(ra!).Value} + RC {sch.Instance(rc!).Value} give {milliamps:F1} mA into a standard receiver; the loop wants 5 mA");
    }

    [Theory]
    [InlineData("220", 220)]
    [InlineData("4k7", 4700)]
    [InlineData("10k", 10000)]
    [InlineData("33", 33)]
    public void Resistor_values_read_as_ohms(string value, double ohms) => Assert.Equal(ohms, Ohms(value));

    /// <summary>A schematic resistor value ("33", "4k7", "10k") in ohms.</summary>
    private static double Ohms(string value)
    {
        var v = value.Split(' ')[0];
        var k = v.IndexOf('k', StringComparison.Ordinal);
        return k < 0
            ? double.Parse(v, CultureInfo.InvariantCulture)
            : double.Parse(v.Replace('k', '.'), CultureInfo.InvariantCulture) * 1000;
    }

    [Fact]
    public void Dac_and_modules_are_powered()
    {
        Assert.Equal("+5V", sch.NetOf(pm.DacRef, "VIN"));
        Assert.Equal("GND", sch.NetOf(pm.DacRef, "SCK"));
        Assert.Equal("+3V3", sch.NetOf(pm.MprRef, "VIN"));
        Assert.Equal("+3V3", sch.NetOf(pm.I2cDevices.Single(d => d.Part == "SSD1306").Ref, "VCC"));
    }

    [Fact]
    public void Project_file_is_json_naming_the_schematic()
    {
        using var doc = JsonDocument.Parse(Repo.Read("hardware", "kicad", "nsynthbox.kicad_pro"));
        Assert.Equal("nsynthbox.kicad_pro", doc.RootElement.GetProperty("meta").GetProperty("filename").GetString());
        var sheetUuid = doc.RootElement.GetProperty("sheets")[0][0].GetString();
        Assert.Equal(sch.Root.Child("uuid")!.Text(1), sheetUuid);
    }

    private bool PullUp(string net) => ThroughResistor(net, "+3V3", out _);

    /// <summary>True when a two-terminal resistor (R or one leg of a network RN) joins net a to net b.</summary>
    private bool ThroughResistor(string a, string b, out string? reference)
    {
        foreach (var inst in sch.Instances.Where(i => i.Reference.StartsWith('R')))
        {
            var pins = sch.Library[inst.LibId].Pins;
            var nets = pins.Select(p => (p, net: sch.NetOfPin.GetValueOrDefault($"{inst.Reference}.{p.Number}"))).ToList();
            if (inst.Reference.StartsWith("RN", StringComparison.Ordinal))
            {
                var common = nets.Single(n => n.p.Name == "COM").net;
                if ((common == b && nets.Any(n => n.p.Name != "COM" && n.net == a)) ||
                    (common == a && nets.Any(n => n.p.Name != "COM" && n.net == b)))
                {
                    reference = inst.Reference;
                    return true;
                }
            }
            else if (nets.Count == 2 && ((nets[0].net == a && nets[1].net == b) || (nets[0].net == b && nets[1].net == a)))
            {
                reference = inst.Reference;
                return true;
            }
        }

        reference = null;
        return false;
    }
}
