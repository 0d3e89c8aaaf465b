namespace NSynthBox.Midi;

/// <summary>
/// The "division" field of a Standard MIDI File header: either ticks per quarter note
/// (musical time, scaled by tempo) or SMPTE frames per second and ticks per frame
/// (absolute time, tempo ignored).
/// </summary>
public readonly record struct MidiTimeDivision
{
    private MidiTimeDivision(ushort raw) => RawValue = raw;

    /// <summary>The 16-bit header value as stored in the file.</summary>
    public ushort RawValue { get; }

    public bool IsSmpte => (RawValue & 0x8000) != 0;

    public int TicksPerQuarterNote => !IsSmpte
        ? RawValue
        : throw new InvalidOperationException("An SMPTE division has no ticks per quarter note.");

    /// <summary>24, 25, 29 (meaning 29.97 drop-frame) or 30.</summary>
    public int SmpteFramesPerSecond => IsSmpte
        ? -(sbyte)(RawValue >> 8)
        : throw new InvalidOperationException("A ticks-per-quarter-note division has no SMPTE frame rate.");

    public int TicksPerFrame => IsSmpte
        ? RawValue & 0xFF
        : throw new InvalidOperationException("A ticks-per-quarter-note division has no ticks per frame.");

    public static MidiTimeDivision FromTicksPerQuarterNote(int ticks)
    {
        if (ticks is < 1 or > 0x7FFF)
        {
            throw new ArgumentOutOfRangeException(nameof(ticks), ticks, "Ticks per quarter note must be in 1..32767.");
        }

        return new MidiTimeDivision((ushort)ticks);
    }

    public static MidiTimeDivision FromSmpte(int framesPerSecond, int ticksPerFrame)
    {
        if (framesPerSecond is not (24 or 25 or 29 or 30))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond,
                "SMPTE frames per second must be 24, 25, 29 (29.97 drop-frame) or 30.");
        }

        if (ticksPerFrame is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(ticksPerFrame), ticksPerFrame, "Ticks per frame must be in 1..255.");
        }

        return new MidiTimeDivision((ushort)((-framesPerSecond & 0xFF) << 8 | ticksPerFrame));
    }

    /// <summary>False for zero ticks or an unknown frame rate, e.g. default(MidiTimeDivision).</summary>
    internal bool IsValid => IsSmpte
        ? SmpteFramesPerSecond is 24 or 25 or 29 or 30 && TicksPerFrame > 0
        : RawValue > 0;

    /// <summary>Decodes a header value; null if it is invalid.</summary>
    internal static MidiTimeDivision? FromRaw(ushort raw) => new MidiTimeDivision(raw) is { IsValid: true } division ? division : null;

    internal static void ThrowIfInvalid(MidiTimeDivision division, string paramName)
    {
        if (!division.IsValid)
        {
            throw new ArgumentException("Invalid time division; create it with MidiTimeDivision.FromTicksPerQuarterNote or FromSmpte.", paramName);
        }
    }

    /// <summary>Seconds per tick for SMPTE divisions (29 fps means 30000/1001 frames/s).</summary>
    internal double SmpteSecondsPerTick =>
        1.0 / ((SmpteFramesPerSecond == 29 ? 30000.0 / 1001.0 : SmpteFramesPerSecond) * TicksPerFrame);

    public override string ToString() =>
        IsSmpte ? $"SMPTE {SmpteFramesPerSecond} fps x {TicksPerFrame} ticks" : $"{TicksPerQuarterNote} ticks per quarter note";
}
