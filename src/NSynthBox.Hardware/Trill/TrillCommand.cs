namespace NSynthBox.Hardware;

/// <summary>
/// Trill command bytes, written after the command offset (0) as [0, command, arguments...]
/// (Bela Trill I2C protocol, firmware 2 / the Trill-Arduino library).
/// </summary>
public enum TrillCommand : byte
{
    None = 0,
    /// <summary>Argument: <see cref="TrillMode"/>.</summary>
    Mode = 1,
    /// <summary>Arguments: speed 0 (ultra fast) .. 3 (slow), resolution 9..16 bits.</summary>
    ScanSettings = 2,
    /// <summary>Argument: 1..8.</summary>
    Prescaler = 3,
    /// <summary>Argument: 0..255.</summary>
    NoiseThreshold = 4,
    Idac = 5,
    /// <summary>Re-takes the baseline of every channel (hands off!).</summary>
    BaselineUpdate = 6,
    /// <summary>Arguments: 16-bit big-endian size.</summary>
    MinimumSize = 7,
    /// <summary>Arguments: 16-bit big-endian interval.</summary>
    AutoScanInterval = 16,
    /// <summary>The device answers at offset 0 with [0xFE, device type, firmware version].</summary>
    Identify = 255,
}
