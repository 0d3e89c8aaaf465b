using System.Text.Json;

namespace NSynthBox.HardwarePlans.Tests;

/// <summary>One header signal of hardware/pinmap.json and the module pins it must reach.</summary>
public sealed record PinSignal(string Name, int Gpio, int Pin, IReadOnlyList<(string Ref, string PinKey)> Targets);

/// <summary>Typed view of hardware/pinmap.json, the wiring's single source of truth.</summary>
public sealed class PinMap
{
    /// <summary>Raspberry Pi 40-pin header: BCM GPIO number to physical pin.</summary>
    public static readonly IReadOnlyDictionary<int, int> BcmToHeaderPin = new Dictionary<int, int>
    {
        [2] = 3, [3] = 5, [4] = 7, [14] = 8, [15] = 10, [17] = 11, [18] = 12, [27] = 13,
        [22] = 15, [23] = 16, [24] = 18, [10] = 19, [9] = 21, [25] = 22, [11] = 23, [8] = 24,
        [7] = 26, [0] = 27, [1] = 28, [5] = 29, [6] = 31, [12] = 32, [13] = 33, [19] = 35,
        [16] = 36, [26] = 37, [20] = 38, [21] = 40,
    };

    /// <summary>Power pins of the 40-pin header.</summary>
    public static readonly IReadOnlyDictionary<int, string> HeaderPowerPins = new Dictionary<int, string>
    {
        [1] = "3V3", [17] = "3V3", [2] = "5V", [4] = "5V",
        [6] = "GND", [9] = "GND", [14] = "GND", [20] = "GND", [25] = "GND", [30] = "GND", [34] = "GND", [39] = "GND",
    };

    public PinMap(string json)
    {
        Doc = JsonDocument.Parse(json);
        var r = Doc.RootElement;
        HeaderRef = r.TryGetProperty("header", out var h) ? h.GetProperty("ref").GetString()! : "J1";
        foreach (var d in r.GetProperty("i2c").GetProperty("devices").EnumerateArray())
        {
            I2cDevices.Add((d.GetProperty("part").GetString()!, d.GetProperty("ref").GetString()!,
                Convert.ToInt32(d.GetProperty("address").GetString()!, 16)));
        }

        var spiDev = r.GetProperty("spi").GetProperty("devices")[0];
        SpiRef = spiDev.GetProperty("ref").GetString()!;
        DacRef = r.GetProperty("i2s").GetProperty("device").GetProperty("ref").GetString()!;
        MprRef = I2cDevices.Single(d => d.Part == "MPR121").Ref;
        GridRef = r.GetProperty("touchGrid").TryGetProperty("ref", out var g) ? g.GetString()! : "TG1";

        foreach (var p in r.GetProperty("power").EnumerateArray())
        {
            Power.Add((p.GetProperty("signal").GetString()!, p.GetProperty("pin").GetInt32()));
        }

        var i = 0;
        foreach (var k in r.GetProperty("knobs").EnumerateArray())
        {
            i++;
            Knobs.Add((k.GetProperty("name").GetString()!, k.GetProperty("channel").GetInt32(),
                k.TryGetProperty("ref", out var kr) ? kr.GetString()! : $"RV{i}"));
        }

        foreach (var e in r.GetProperty("encoders").EnumerateArray())
        {
            Encoders.Add((e.GetProperty("ref").GetString()!, e.GetProperty("corner").GetString()!));
        }

        GridRows = r.GetProperty("touchGrid").GetProperty("rows").EnumerateArray().Select(x => x.GetInt32()).ToList();
        GridColumns = r.GetProperty("touchGrid").GetProperty("columns").EnumerateArray().Select(x => x.GetInt32()).ToList();

        (int Gpio, int Pin) Gp(JsonElement e) => (e.GetProperty("gpio").GetInt32(), e.GetProperty("pin").GetInt32());
        void Add(string name, JsonElement e, params (string, string)[] targets)
        {
            var (gpio, pin) = Gp(e);
            Signals.Add(new PinSignal(name, gpio, pin, targets));
        }

        var i2c = r.GetProperty("i2c");
        Add("I2C_SDA", i2c.GetProperty("sda"), I2cDevices.Select(d => (d.Ref, "SDA")).ToArray());
        Add("I2C_SCL", i2c.GetProperty("scl"), I2cDevices.Select(d => (d.Ref, "SCL")).ToArray());
        var spi = r.GetProperty("spi");
        Add("SPI_MOSI", spi.GetProperty("mosi"), (SpiRef, "DIN"));
        Add("SPI_MISO", spi.GetProperty("miso"), (SpiRef, "DOUT"));
        Add("SPI_SCLK", spi.GetProperty("sclk"), (SpiRef, "CLK"));
        Add("SPI_CE0", spi.GetProperty("ce0"), (SpiRef, "CS/SHDN"));
        var i2s = r.GetProperty("i2s");
        Add("I2S_BCLK", i2s.GetProperty("bclk"), (DacRef, "BCK"));
        Add("I2S_LRCLK", i2s.GetProperty("lrclk"), (DacRef, "LCK"));
        Add("I2S_DOUT", i2s.GetProperty("dout"), (DacRef, "DIN"));
        var outBuffer = r.GetProperty("uart").GetProperty("outBuffer");
        MidiOutBufferRef = outBuffer.GetProperty("ref").GetString()!;
        Add("MIDI_TX", r.GetProperty("uart").GetProperty("txd"), (MidiOutBufferRef, outBuffer.GetProperty("input").GetString()!));
        Add("MIDI_RX", r.GetProperty("uart").GetProperty("rxd"), ("U6", "VO"));
        Add("TOUCH_IRQ", r.GetProperty("touchIrq"), (MprRef, "IRQ"));
        foreach (var e in r.GetProperty("encoders").EnumerateArray())
        {
            var n = e.GetProperty("ref").GetString()!;
            Add($"{n}_A", e.GetProperty("a"), (n, "A"));
            Add($"{n}_B", e.GetProperty("b"), (n, "B"));
            Add($"{n}_SW", e.GetProperty("push"), (n, "S1"));
        }
    }

    public JsonDocument Doc { get; }

    public string HeaderRef { get; }

    public string SpiRef { get; }

    public string DacRef { get; }

    public string MprRef { get; }

    public string GridRef { get; }

    /// <summary>The gate that drives MIDI OUT from the UART's TXD (a 3.3 V sender needs one).</summary>
    public string MidiOutBufferRef { get; private set; } = "";

    public List<(string Part, string Ref, int Address)> I2cDevices { get; } = [];

    public List<(string Signal, int Pin)> Power { get; } = [];

    public List<(string Name, int Channel, string Ref)> Knobs { get; } = [];

    public List<(string Ref, string Corner)> Encoders { get; } = [];

    public List<int> GridRows { get; }

    public List<int> GridColumns { get; }

    public List<PinSignal> Signals { get; } = [];

    /// <summary>Every reference designator the pin map names.</summary>
    public IEnumerable<string> AllRefs =>
        new[] { HeaderRef, SpiRef, DacRef, GridRef, MidiOutBufferRef }
            .Concat(I2cDevices.Select(d => d.Ref))
            .Concat(Knobs.Select(k => k.Ref))
            .Concat(Encoders.Select(e => e.Ref));

    public static PinMap Load() => new(Repo.Read("hardware", "pinmap.json"));
}
