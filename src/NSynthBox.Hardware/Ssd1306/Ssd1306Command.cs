namespace NSynthBox.Hardware;

/// <summary>SSD1306 commands used here (Solomon Systech SSD1306 datasheet, section 9).</summary>
public enum Ssd1306Command : byte
{
    /// <summary>Low nibble of the page-mode start column (0x00..0x0F).</summary>
    LowColumn = 0x00,
    /// <summary>High nibble of the page-mode start column (0x10..0x1F).</summary>
    HighColumn = 0x10,
    /// <summary>Argument: 0x00 horizontal, 0x01 vertical, 0x02 page addressing.</summary>
    MemoryAddressingMode = 0x20,
    /// <summary>Display start line 0 (0x40..0x7F).</summary>
    StartLine = 0x40,
    /// <summary>Argument: contrast 0..255.</summary>
    Contrast = 0x81,
    /// <summary>Argument: 0x14 enables the internal charge pump (needed without an external VCC).</summary>
    ChargePump = 0x8D,
    /// <summary>Column 127 is mapped to SEG0 (mirror horizontally).</summary>
    SegmentRemap = 0xA1,
    ResumeFromRam = 0xA4,
    NormalDisplay = 0xA6,
    /// <summary>Argument: multiplex ratio - 1 (0x3F for 64 rows).</summary>
    Multiplex = 0xA8,
    DisplayOff = 0xAE,
    DisplayOn = 0xAF,
    /// <summary>Page start for page addressing (0xB0..0xB7).</summary>
    PageStart = 0xB0,
    /// <summary>Scan COM[N-1] to COM0 (mirror vertically).</summary>
    ComScanDecrement = 0xC8,
    /// <summary>Argument: vertical shift.</summary>
    DisplayOffset = 0xD3,
    /// <summary>Argument: divide ratio and oscillator frequency.</summary>
    ClockDivide = 0xD5,
    /// <summary>Argument: pre-charge periods.</summary>
    PreCharge = 0xD9,
    /// <summary>Argument: 0x12 = alternative COM pin configuration (128x64 panels).</summary>
    ComPins = 0xDA,
    /// <summary>Argument: VCOMH deselect level.</summary>
    VcomDeselect = 0xDB,
    Nop = 0xE3,
}
