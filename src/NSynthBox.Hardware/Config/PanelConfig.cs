using System.Globalization;
using System.Reflection;
using System.Text.Json;
using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// Everything the panel drivers need to know about one board's wiring, built from
/// hardware/pinmap.json (the single source of truth; a copy is built into this library, see
/// <see cref="Default"/>). Choices the pin map does not make (which touch sensor, ADC or OLED is
/// fitted, which GPIO driver) are properties to override with <c>with { ... }</c>.
/// </summary>
public sealed record PanelConfig
{
    public required string Board { get; init; }

    /// <summary>GPIO chip number (/dev/gpiochipN) holding the header's lines.</summary>
    public int GpioChip { get; init; }

    /// <summary>
    /// Chip to use when <see cref="GpioChip"/> is not the header's chip: on a Pi 5 with a kernel
    /// before 6.6.45 the RP1 (header) chip is gpiochip4 and gpiochip0 is another chip.
    /// </summary>
    public int? GpioChipFallback { get; init; }

    /// <summary>Label the header's GPIO chip reports (gpiodetect), used to choose between chip and fallback.</summary>
    public string? GpioChipLabel { get; init; }

    public GpioDriverKind GpioDriver { get; init; } = GpioDriverKind.Auto;

    public int I2cBus { get; init; }

    public int SpiBus { get; init; }

    public required PinRef Sda { get; init; }

    public required PinRef Scl { get; init; }

    public required PinRef Mosi { get; init; }

    public required PinRef Miso { get; init; }

    public required PinRef Sclk { get; init; }

    public required PinRef ChipSelect0 { get; init; }

    public PinRef? TouchIrq { get; init; }

    /// <summary>A 3V3 header pin, for wiring advice.</summary>
    public int Supply3V3Pin { get; init; } = 1;

    /// <summary>A GND header pin, for wiring advice.</summary>
    public int GroundPin { get; init; } = 6;

    public TouchSensorKind TouchSensor { get; init; } = TouchSensorKind.Mpr121;

    public int Mpr121Address { get; init; } = Mpr121.DefaultAddress;

    public int TrillAddress { get; init; } = TrillSquare.DefaultAddress;

    /// <summary>MPR121 electrodes of the grid's rows, top to bottom.</summary>
    public IReadOnlyList<int> RowElectrodes { get; init; } = [];

    /// <summary>MPR121 electrodes of the grid's columns, left to right.</summary>
    public IReadOnlyList<int> ColumnElectrodes { get; init; } = [];

    public KnobAdcKind KnobAdc { get; init; } = KnobAdcKind.Mcp3008;

    public int Mcp3008ChipSelect { get; init; }

    public int Mcp3008ClockHz { get; init; } = 1_000_000;

    /// <summary>MCP3008 inputs tied to GND on the carrier (CH6, CH7): reading 0 there proves the SPI wiring.</summary>
    public IReadOnlyList<int> Mcp3008GroundedChannels { get; init; } = [];

    /// <summary>
    /// ADS1115 addresses, channels 0..3 on the first, 4..7 on a second (see <see cref="KnobAdcKind.Ads1115"/>):
    /// the ADS1115 devices of the pin map. The reference build lists one, at 0x48.
    /// </summary>
    public IReadOnlyList<int> Ads1115Addresses { get; init; } = [0x48];

    public IReadOnlyList<KnobInput> Knobs { get; init; } = [];

    /// <summary>Encoders in corner order (top-left, top-right, bottom-left, bottom-right).</summary>
    public IReadOnlyList<EncoderPins> Encoders { get; init; } = [];

    /// <summary>4 for EC11 "full cycle per detent" encoders.</summary>
    public int EncoderTransitionsPerDetent { get; init; } = 4;

    public bool ReverseEncoders { get; init; }

    public DisplayKind Display { get; init; } = DisplayKind.Ssd1306;

    public int DisplayAddress { get; init; } = OledDisplay.DefaultAddress;

    /// <summary>
    /// Knobs of the pin map that the chosen ADC cannot read: with ADS1115s, those on an input past the
    /// last chip's (one ADS1115 has 4 inputs, so Release and Volume of the reference build). They stay
    /// at their defaults; <see cref="WithKnobAdc"/> leaves them out of <see cref="Knobs"/>.
    /// </summary>
    public IReadOnlyList<KnobInput> UnreadKnobs { get; init; } = [];

    /// <summary>This config with another knob ADC: knobs it has no input for move to <see cref="UnreadKnobs"/>.</summary>
    public PanelConfig WithKnobAdc(KnobAdcKind adc)
    {
        IReadOnlyList<KnobInput> all = [.. Knobs, .. UnreadKnobs];
        Func<KnobInput, bool> readable = adc switch
        {
            KnobAdcKind.Ads1115 => k => k.Channel < Ads1115Addresses.Count * Ads1115.InputCount,
            KnobAdcKind.Mcp3008 => k => k.Channel < Mcp3008.ChannelCount,
            _ => _ => false,
        };
        return this with { KnobAdc = adc, Knobs = [.. all.Where(readable)], UnreadKnobs = [.. all.Where(k => !readable(k))] };
    }

    /// <summary>The board names the pin map knows.</summary>
    public static IReadOnlyList<string> BoardNames(string? pinMapJson = null)
    {
        using JsonDocument doc = JsonDocument.Parse(pinMapJson ?? EmbeddedPinMap());
        return [.. doc.RootElement.GetProperty("boards").EnumerateObject().Select(p => p.Name)];
    }

    /// <summary>The config for a board from the pin map built into this library.</summary>
    public static PanelConfig Default(string board) => Parse(EmbeddedPinMap(), board);

    /// <summary>The config for a board from a pin map file.</summary>
    public static PanelConfig Load(string pinMapPath, string board) => Parse(File.ReadAllText(pinMapPath), board);

    /// <summary>The config for a board ("pi4", "pi5", "jetson-orin-nano") from pin map JSON.</summary>
    /// <exception cref="ArgumentException">The pin map has no such board.</exception>
    public static PanelConfig Parse(string pinMapJson, string board)
    {
        ArgumentNullException.ThrowIfNull(pinMapJson);
        ArgumentNullException.ThrowIfNull(board);
        using JsonDocument doc = JsonDocument.Parse(pinMapJson);
        JsonElement root = doc.RootElement;
        JsonElement boards = root.GetProperty("boards");
        if (!boards.TryGetProperty(board, out JsonElement b))
        {
            string known = string.Join(", ", boards.EnumerateObject().Select(p => p.Name));
            throw new ArgumentException($"The pin map has no board '{board}' (it knows {known}).", nameof(board));
        }

        var lines = new LineMapper(board);
        JsonElement i2c = root.GetProperty("i2c");
        JsonElement spi = root.GetProperty("spi");
        JsonElement power = root.GetProperty("power");
        JsonElement grid = root.GetProperty("touchGrid");

        JsonElement? spiAdc = spi.GetProperty("devices").EnumerateArray()
            .Select(d => (JsonElement?)d).FirstOrDefault(d => d!.Value.GetProperty("part").GetString() == "MCP3008");

        return new PanelConfig
        {
            Board = board,
            GpioChip = b.GetProperty("gpioChip").GetInt32(),
            GpioChipFallback = b.TryGetProperty("gpioChipFallback", out JsonElement fb) && fb.ValueKind == JsonValueKind.Number ? fb.GetInt32() : null,
            GpioChipLabel = lines.ChipLabel,
            I2cBus = b.GetProperty("i2cBus").GetInt32(),
            SpiBus = b.GetProperty("spiBus").GetInt32(),
            Sda = lines.Pin(i2c.GetProperty("sda")),
            Scl = lines.Pin(i2c.GetProperty("scl")),
            Mosi = lines.Pin(spi.GetProperty("mosi")),
            Miso = lines.Pin(spi.GetProperty("miso")),
            Sclk = lines.Pin(spi.GetProperty("sclk")),
            ChipSelect0 = lines.Pin(spi.GetProperty("ce0")),
            TouchIrq = root.TryGetProperty("touchIrq", out JsonElement irq) ? lines.Pin(irq) : null,
            Supply3V3Pin = FirstPowerPin(power, "3V3") ?? 1,
            GroundPin = FirstPowerPin(power, "GND") ?? 6,
            Mpr121Address = I2cAddress(i2c, "MPR121") ?? Mpr121.DefaultAddress,
            DisplayAddress = I2cAddress(i2c, "SSD1306") ?? I2cAddress(i2c, "SH1106") ?? OledDisplay.DefaultAddress,
            Ads1115Addresses = I2cAddresses(i2c, "ADS1115") is { Count: > 0 } ads ? ads : [0x48],
            RowElectrodes = [.. grid.GetProperty("rows").EnumerateArray().Select(e => e.GetInt32())],
            ColumnElectrodes = [.. grid.GetProperty("columns").EnumerateArray().Select(e => e.GetInt32())],
            TouchSensor = grid.TryGetProperty("sensor", out JsonElement sensor) && sensor.GetString() == "Trill Square"
                ? TouchSensorKind.TrillSquare
                : TouchSensorKind.Mpr121,
            Mcp3008ChipSelect = spiAdc?.GetProperty("chipSelect").GetInt32() ?? 0,
            Mcp3008ClockHz = spiAdc?.TryGetProperty("clockHz", out JsonElement hz) == true ? hz.GetInt32() : 1_000_000,
            Mcp3008GroundedChannels = spiAdc?.TryGetProperty("groundedChannels", out JsonElement grounded) == true
                ? [.. grounded.EnumerateArray().Select(c => c.GetInt32())]
                : [],
            Knobs = [.. root.GetProperty("knobs").EnumerateArray().Select(k => new KnobInput(
                Enum.Parse<Knob>(k.GetProperty("name").GetString()!, ignoreCase: true),
                k.GetProperty("channel").GetInt32(),
                k.TryGetProperty("ref", out JsonElement r) ? r.GetString() : null))],
            Encoders = [.. root.GetProperty("encoders").EnumerateArray().Select((e, i) => new EncoderPins(
                CornerIndex(e.GetProperty("corner").GetString(), i),
                e.GetProperty("ref").GetString() ?? "ENC" + (i + 1),
                lines.Pin(e.GetProperty("a")),
                lines.Pin(e.GetProperty("b")),
                lines.Pin(e.GetProperty("push"))))],
        };
    }

    /// <summary>The pin map board name for this machine from the device tree model, or null if unknown.</summary>
    public static string? DetectBoard(string modelPath = "/proc/device-tree/model")
    {
        if (!File.Exists(modelPath))
        {
            return null;
        }

        string model = File.ReadAllText(modelPath).TrimEnd('\0', '\n');
        return model switch
        {
            _ when model.StartsWith("Raspberry Pi 5", StringComparison.Ordinal) => "pi5",
            _ when model.StartsWith("Raspberry Pi Compute Module 5", StringComparison.Ordinal) => "pi5",
            _ when model.StartsWith("Raspberry Pi 4", StringComparison.Ordinal) => "pi4",
            _ when model.StartsWith("Raspberry Pi Compute Module 4", StringComparison.Ordinal) => "pi4",
            _ when model.Contains("Orin Nano", StringComparison.OrdinalIgnoreCase) => "jetson-orin-nano",
            _ when model.Contains("Orin NX", StringComparison.OrdinalIgnoreCase) => "jetson-orin-nano",
            _ => null,
        };
    }

    internal static string EmbeddedPinMap()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("NSynthBox.Hardware.pinmap.json")
            ?? throw new InvalidOperationException("pinmap.json is not embedded in NSynthBox.Hardware.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static int? FirstPowerPin(JsonElement power, string signal) =>
        power.EnumerateArray().Where(p => p.GetProperty("signal").GetString() == signal)
            .Select(p => (int?)p.GetProperty("pin").GetInt32()).FirstOrDefault();

    private static int? I2cAddress(JsonElement i2c, string part) => I2cAddresses(i2c, part) is { Count: > 0 } found ? found[0] : null;

    private static List<int> I2cAddresses(JsonElement i2c, string part) =>
        [.. i2c.GetProperty("devices").EnumerateArray()
            .Where(device => device.GetProperty("part").GetString() == part)
            .Select(device => device.GetProperty("address").GetString()!)
            .Select(text => int.Parse(text.AsSpan(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0), NumberStyles.HexNumber, CultureInfo.InvariantCulture))];

    private static int CornerIndex(string? corner, int fallback) => corner switch
    {
        "top-left" => 0,
        "top-right" => 1,
        "bottom-left" => 2,
        "bottom-right" => 3,
        _ => fallback,
    };

    /// <summary>Turns the pin map's (BCM gpio, header pin) into the board's GPIO line.</summary>
    private sealed class LineMapper(string board)
    {
        private readonly bool _jetson = board.StartsWith("jetson", StringComparison.Ordinal);
        private readonly bool _pi = board.StartsWith("pi", StringComparison.Ordinal);

        public string? ChipLabel => board switch
        {
            "pi4" => "pinctrl-bcm2711",
            "pi5" => "pinctrl-rp1",
            "jetson-orin-nano" => JetsonOrinNanoHeader.ChipLabel,
            _ => null,
        };

        public PinRef Pin(JsonElement element)
        {
            int gpio = element.GetProperty("gpio").GetInt32();
            int pin = element.GetProperty("pin").GetInt32();
            if (_pi)
            {
                return new PinRef(gpio, pin, "GPIO" + gpio.ToString(CultureInfo.InvariantCulture));
            }

            if (_jetson)
            {
                return JetsonOrinNanoHeader.TryGetLine(pin, out int line, out string port)
                    ? new PinRef(line, pin, port)
                    : new PinRef(-1, pin, "header pin " + pin.ToString(CultureInfo.InvariantCulture)); // bus pins (I2C SDA/SCL) are not GPIO lines
            }

            throw new NotSupportedException($"No GPIO line mapping is known for board '{board}'.");
        }
    }
}
