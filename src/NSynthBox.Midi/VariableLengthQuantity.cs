namespace NSynthBox.Midi;

/// <summary>The SMF variable-length number: 7 bits per byte, most significant first, top bit
/// set on all but the last byte. Limited to 4 bytes (0x0FFFFFFF) by the SMF spec.</summary>
internal static class VariableLengthQuantity
{
    public const int MaxValue = 0x0FFFFFFF;

    public static void Write(Stream stream, long value)
    {
        if (value is < 0 or > MaxValue)
        {
            throw new InvalidOperationException($"{value} does not fit a MIDI file variable-length quantity (0..{MaxValue}).");
        }

        int shift = 21;
        while (shift > 0 && (value >> shift) == 0)
        {
            shift -= 7;
        }

        for (; shift > 0; shift -= 7)
        {
            stream.WriteByte((byte)(0x80 | ((value >> shift) & 0x7F)));
        }

        stream.WriteByte((byte)(value & 0x7F));
    }
}
