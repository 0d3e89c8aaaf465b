namespace NSynthBox.Midi;

/// <summary>
/// An event in a <see cref="MidiTrack"/>, at an absolute time in ticks from the start of
/// the track (the file stores deltas; absolute ticks are easier to edit and merge).
/// The set of kinds is closed: channel messages, SysEx and meta events.
/// </summary>
public abstract class MidiEvent
{
    private protected MidiEvent(long tick)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        Tick = tick;
    }

    public long Tick { get; }
}
