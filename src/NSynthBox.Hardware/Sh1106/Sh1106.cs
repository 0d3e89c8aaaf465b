using System.Device.I2c;

namespace NSynthBox.Hardware;

/// <summary>
/// SH1106 128x64 OLED on I2C (the common "1.3 inch" modules, same 0x3C address as the SSD1306).
/// Its RAM is 132 columns wide and the 128-pixel panel is wired to columns 2..129, so every page
/// write starts at column 2. Only page addressing exists; the booster is switched with 0xAD 0x8B.
/// </summary>
public sealed class Sh1106 : OledDisplay
{
    /// <summary>RAM column of the panel's first pixel.</summary>
    public const int FirstColumn = 2;

    private static readonly byte[] Init =
    [
        (byte)Sh1106Command.DisplayOff,
        (byte)Sh1106Command.ClockDivide, 0x80,
        (byte)Sh1106Command.Multiplex, 0x3F,
        (byte)Sh1106Command.DisplayOffset, 0x00,
        (byte)Sh1106Command.StartLine,
        (byte)Sh1106Command.DcDcControl, 0x8B,
        (byte)Sh1106Command.PumpVoltage8V0,
        (byte)Sh1106Command.SegmentRemap,
        (byte)Sh1106Command.ComScanDecrement,
        (byte)Sh1106Command.ComPins, 0x12,
        (byte)Sh1106Command.Contrast, 0x80,
        (byte)Sh1106Command.PreCharge, 0x22,
        (byte)Sh1106Command.VcomDeselect, 0x35,
        (byte)Sh1106Command.ResumeFromRam,
        (byte)Sh1106Command.NormalDisplay,
        (byte)Sh1106Command.DisplayOn,
    ];

    public Sh1106(I2cDevice device)
        : base(device)
    {
    }

    protected override string Part => "SH1106";

    protected override int ColumnOffset => FirstColumn;

    protected override ReadOnlySpan<byte> InitSequence => Init;
}
