namespace NSynthBox.Midi;

/// <summary>A track of a <see cref="MidiFile"/>: events in non-decreasing tick order.</summary>
public sealed class MidiTrack
{
    public MidiTrack()
    {
    }

    public MidiTrack(IEnumerable<MidiEvent> events) => Events.AddRange(events);

    public List<MidiEvent> Events { get; } = [];

    /// <summary>The first Track Name meta event's text, if any.</summary>
    public string? Name => Events.OfType<TrackNameEvent>().FirstOrDefault()?.Name;
}
