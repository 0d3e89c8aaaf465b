using System.Device.I2c;

namespace NSynthBox.Hardware;

/// <summary>
/// SSD1306 128x64 OLED on I2C (0x3C, or 0x3D with SA0 high). Its RAM is exactly 128 columns wide,
/// so the panel's first pixel is column 0. Runs on its internal charge pump, page addressing.
/// </summary>
public sealed class Ssd1306 : OledDisplay
{
    private static readonly byte[] Init =
    [
        (byte)Ssd1306Command.DisplayOff,
        (byte)Ssd1306Command.ClockDivide, 0x80,
        (byte)Ssd1306Command.Multiplex, 0x3F,
        (byte)Ssd1306Command.DisplayOffset, 0x00,
        (byte)Ssd1306Command.StartLine,
        (byte)Ssd1306Command.ChargePump, 0x14,
        (byte)Ssd1306Command.MemoryAddressingMode, 0x02,
        (byte)Ssd1306Command.SegmentRemap,
        (byte)Ssd1306Command.ComScanDecrement,
        (byte)Ssd1306Command.ComPins, 0x12,
        (byte)Ssd1306Command.Contrast, 0xCF,
        (byte)Ssd1306Command.PreCharge, 0xF1,
        (byte)Ssd1306Command.VcomDeselect, 0x40,
        (byte)Ssd1306Command.ResumeFromRam,
        (byte)Ssd1306Command.NormalDisplay,
        (byte)Ssd1306Command.DisplayOn,
    ];

    public Ssd1306(I2cDevice device)
        : base(device)
    {
    }

    protected override string Part => "SSD1306";

    protected override int ColumnOffset => 0;

    protected override ReadOnlySpan<byte> InitSequence => Init;
}
