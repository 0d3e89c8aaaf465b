namespace NSynthBox.Midi;

/// <summary>End of Track meta event (0x2F): marks the length of a track. The writer adds one
/// at the last event's tick if a track does not end with it.</summary>
public sealed class EndOfTrackEvent : MetaEvent
{
    public EndOfTrackEvent(long tick)
        : base(tick, EndOfTrackType, [])
    {
    }

    public override string ToString() => $"@{Tick} EndOfTrack";
}
