namespace NSynthBox.Hardware;

/// <summary>ADS1115 address-pointer values (TI ADS111x datasheet, section 8.6).</summary>
public enum Ads1115Register : byte
{
    /// <summary>Last conversion, 16-bit two's complement, big-endian.</summary>
    Conversion = 0x00,
    /// <summary>OS | MUX | PGA | MODE | DR | COMP_MODE | COMP_POL | COMP_LAT | COMP_QUE (reset 0x8583).</summary>
    Config = 0x01,
    LowThreshold = 0x02,
    HighThreshold = 0x03,
}
