namespace NSynthBox.Midi;

/// <summary>Set Tempo meta event (0x51): the length of a quarter note from this tick on.</summary>
public sealed class TempoChangeEvent : MetaEvent
{
    public TempoChangeEvent(long tick, int microsecondsPerQuarterNote)
        : base(tick, TempoType, Encode(microsecondsPerQuarterNote))
    {
        MicrosecondsPerQuarterNote = microsecondsPerQuarterNote;
    }

    public int MicrosecondsPerQuarterNote { get; }

    public double BeatsPerMinute => 60_000_000.0 / MicrosecondsPerQuarterNote;

    public override string ToString() => $"@{Tick} Tempo {MicrosecondsPerQuarterNote} us/quarter";

    private static byte[] Encode(int microseconds)
    {
        if (microseconds is < 1 or > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException("microsecondsPerQuarterNote", microseconds,
                "Tempo must be 1..16777215 microseconds per quarter note (a 24-bit field).");
        }

        return [(byte)(microseconds >> 16), (byte)(microseconds >> 8), (byte)microseconds];
    }
}
