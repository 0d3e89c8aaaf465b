namespace NSynthBox.Hardware;

/// <summary>SH1106 commands used here (Sino Wealth SH1106 datasheet). It has no horizontal addressing mode and no 0x8D charge pump.</summary>
public enum Sh1106Command : byte
{
    /// <summary>Low nibble of the column address (0x00..0x0F).</summary>
    LowColumn = 0x00,
    /// <summary>High nibble of the column address (0x10..0x1F).</summary>
    HighColumn = 0x10,
    /// <summary>Charge pump output 8.0 V (0x30..0x33 = 7.4, 8.0, 8.4, 9.0 V).</summary>
    PumpVoltage8V0 = 0x32,
    StartLine = 0x40,
    Contrast = 0x81,
    SegmentRemap = 0xA1,
    ResumeFromRam = 0xA4,
    NormalDisplay = 0xA6,
    Multiplex = 0xA8,
    /// <summary>Argument: 0x8B = DC-DC converter on (the module's own booster).</summary>
    DcDcControl = 0xAD,
    DisplayOff = 0xAE,
    DisplayOn = 0xAF,
    PageAddress = 0xB0,
    ComScanDecrement = 0xC8,
    DisplayOffset = 0xD3,
    ClockDivide = 0xD5,
    PreCharge = 0xD9,
    ComPins = 0xDA,
    VcomDeselect = 0xDB,
    Nop = 0xE3,
}
