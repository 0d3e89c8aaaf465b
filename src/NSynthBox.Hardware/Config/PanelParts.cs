namespace NSynthBox.Hardware;

/// <summary>Which touch sensor the panel has.</summary>
public enum TouchSensorKind
{
    /// <summary>MPR121 with a 6x6 copper grid (the reference build).</summary>
    Mpr121,
    /// <summary>Bela Trill Square at 0x28.</summary>
    TrillSquare,
    None,
}

/// <summary>Which ADC reads the knobs.</summary>
public enum KnobAdcKind
{
    /// <summary>MCP3008 on SPI (the reference build): channel = CH0..CH7.</summary>
    Mcp3008,
    /// <summary>
    /// ADS1115s on I2C. One has only 4 inputs, so six knobs need two: channel c is input
    /// AIN(c % 4) of the ADS1115 at <see cref="PanelConfig.Ads1115Addresses"/>[c / 4]
    /// (0x48 = ADDR to GND for channels 0..3, 0x49 = ADDR to VDD for 4..5).
    /// </summary>
    Ads1115,
    None,
}

/// <summary>Which OLED controller is fitted (both 128x64 at 0x3C).</summary>
public enum DisplayKind
{
    Ssd1306,
    /// <summary>The 1.3-inch modules: RAM 132 columns wide, picture starts at column 2.</summary>
    Sh1106,
    None,
}

/// <summary>Which System.Device.Gpio driver opens the GPIO chip. Never the library's own board detection.</summary>
public enum GpioDriverKind
{
    /// <summary>libgpiod v2 API (libgpiod.so.3, Raspberry Pi OS Trixie and later) if it is installed, else the v1 API.</summary>
    Auto,
    /// <summary><c>LibGpiodDriver</c>: libgpiod 1.x (libgpiod.so.2; Raspberry Pi OS Bookworm, JetPack 5/6).</summary>
    LibGpiodV1,
    /// <summary><c>LibGpiodV2Driver</c>: libgpiod 2.x (libgpiod.so.3).</summary>
    LibGpiodV2,
}
