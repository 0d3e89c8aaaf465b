namespace NSynthBox.Midi;

/// <summary>Time Signature meta event (0x58), e.g. 6/8.</summary>
public sealed class TimeSignatureEvent : MetaEvent
{
    /// <param name="denominator">A power of two, as written on the score (4 for quarter notes).</param>
    /// <param name="clocksPerMetronomeClick">MIDI clocks (24 per quarter note) between metronome clicks.</param>
    /// <param name="thirtySecondNotesPerQuarterNote">Almost always 8.</param>
    public TimeSignatureEvent(long tick, int numerator, int denominator, int clocksPerMetronomeClick = 24, int thirtySecondNotesPerQuarterNote = 8)
        : base(tick, TimeSignatureType, Encode(numerator, denominator, clocksPerMetronomeClick, thirtySecondNotesPerQuarterNote))
    {
        Numerator = numerator;
        Denominator = denominator;
        ClocksPerMetronomeClick = clocksPerMetronomeClick;
        ThirtySecondNotesPerQuarterNote = thirtySecondNotesPerQuarterNote;
    }

    public int Numerator { get; }
    public int Denominator { get; }
    public int ClocksPerMetronomeClick { get; }
    public int ThirtySecondNotesPerQuarterNote { get; }

    public override string ToString() => $"@{Tick} TimeSignature {Numerator}/{Denominator}";

    private static byte[] Encode(int numerator, int denominator, int clocks, int thirtySeconds)
    {
        CheckByte(nameof(numerator), numerator, 1);
        CheckByte("clocksPerMetronomeClick", clocks, 0);
        CheckByte("thirtySecondNotesPerQuarterNote", thirtySeconds, 0);

        // The file stores the denominator as a power of two.
        if (denominator < 1 || !int.IsPow2(denominator))
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "Time signature denominator must be a power of two (1, 2, 4, 8, ...).");
        }

        return [(byte)numerator, (byte)int.Log2(denominator), (byte)clocks, (byte)thirtySeconds];
    }

    private static void CheckByte(string name, int value, int min)
    {
        if (value < min || value > 255)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in {min}..255.");
        }
    }
}
