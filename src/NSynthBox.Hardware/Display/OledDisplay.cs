using System.Device.I2c;

namespace NSynthBox.Hardware;

/// <summary>
/// What the SSD1306 and SH1106 128x64 I2C OLED controllers share: every I2C write starts with a
/// control byte (0x00 = commands follow, 0x40 = display data follows), and a frame is sent page
/// by page in page addressing mode: 0xB0 | page, low column nibble (0x00..0x0F), high column
/// nibble (0x10..0x1F), then the page's 128 column bytes. Only the column where the panel's
/// first pixel sits differs (<see cref="ColumnOffset"/>).
/// </summary>
public abstract class OledDisplay
{
    public const int DefaultAddress = 0x3C;
    internal const byte CommandStream = 0x00;
    internal const byte DataStream = 0x40;

    private readonly I2cDevice _device;
    private readonly byte[] _pageBuffer = new byte[1 + MonoFramebuffer.Width];
    private readonly byte[] _commandBuffer = new byte[4];

    protected OledDisplay(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
    }

    public int Address => _device.ConnectionSettings.DeviceAddress;

    /// <summary>"SSD1306 at 0x3C".</summary>
    public string Name => Part + " at " + Hex.Address(Address);

    protected abstract string Part { get; }

    /// <summary>Controller RAM column of the panel's leftmost pixel.</summary>
    protected abstract int ColumnOffset { get; }

    /// <summary>The controller's power-up sequence, ending with display on.</summary>
    protected abstract ReadOnlySpan<byte> InitSequence { get; }

    /// <summary>The configured display (SSD1306 or SH1106 at its address), or null when the panel has none. Call <see cref="Initialize"/> next.</summary>
    /// <exception cref="BusNotFoundException">The I2C bus is not enabled.</exception>
    public static OledDisplay? Open(PanelConfig config, IBusFactory buses)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(buses);
        return config.Display switch
        {
            DisplayKind.Ssd1306 => new Ssd1306(buses.OpenI2c(config.I2cBus, config.DisplayAddress)),
            DisplayKind.Sh1106 => new Sh1106(buses.OpenI2c(config.I2cBus, config.DisplayAddress)),
            _ => null,
        };
    }

    /// <summary>Sends the init sequence (display ends up on and blank-able by a flush).</summary>
    public void Initialize() => SendCommands(InitSequence);

    /// <summary>Sends the whole frame, page by page.</summary>
    public void Flush(MonoFramebuffer frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int column = ColumnOffset;
        for (int page = 0; page < MonoFramebuffer.PageCount; page++)
        {
            _commandBuffer[0] = CommandStream;
            _commandBuffer[1] = (byte)(0xB0 | page);
            _commandBuffer[2] = (byte)(column & 0x0F);
            _commandBuffer[3] = (byte)(0x10 | (column >> 4));
            _device.Write(_commandBuffer);

            _pageBuffer[0] = DataStream;
            frame.Page(page).CopyTo(_pageBuffer.AsSpan(1));
            _device.Write(_pageBuffer);
        }
    }

    /// <summary>0..255 (command 0x81 on both controllers).</summary>
    public void SetContrast(byte contrast) => SendCommands([0x81, contrast]);

    /// <summary>Display on (0xAF) or off / sleep (0xAE).</summary>
    public void SetPower(bool on) => SendCommands([on ? (byte)0xAF : (byte)0xAE]);

    /// <summary>Sends a no-op command (0xE3): answers whether anything acknowledges at the address.</summary>
    public void Ping() => SendCommands([0xE3]);

    private void SendCommands(ReadOnlySpan<byte> commands)
    {
        Span<byte> buffer = stackalloc byte[1 + commands.Length];
        buffer[0] = CommandStream;
        commands.CopyTo(buffer[1..]);
        _device.Write(buffer);
    }
}
