namespace NSynthBox.Hardware;

/// <summary>
/// A chip answered but what it said makes no sense (wrong identity, impossible values), or it
/// did not answer at all. The message names the chip and its address so a maker can find it.
/// </summary>
public class ChipException : IOException
{
    public ChipException(string chip, string message, Exception? inner = null)
        : base(message, inner) => Chip = chip;

    /// <summary>The chip and where it sits, e.g. "MPR121 at 0x5A".</summary>
    public string Chip { get; }
}
