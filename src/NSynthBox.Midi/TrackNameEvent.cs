using System.Text;

namespace NSynthBox.Midi;

/// <summary>Sequence/Track Name meta event (0x03).</summary>
public sealed class TrackNameEvent : MetaEvent
{
    public TrackNameEvent(long tick, string name)
        : base(tick, TrackNameType, Encoding.Latin1.GetBytes(name))
    {
        // Characters outside Latin-1 become '?'; Name shows what will be stored.
        Name = Encoding.Latin1.GetString(Data.Span);
    }

    // The SMF spec does not define a text encoding; Latin-1 maps every byte to a char and
    // back, so names read from a file are written back unchanged.
    internal TrackNameEvent(long tick, ReadOnlySpan<byte> data)
        : base(tick, TrackNameType, data.ToArray())
    {
        Name = Encoding.Latin1.GetString(data);
    }

    public string Name { get; }

    public override string ToString() => $"@{Tick} TrackName \"{Name}\"";
}
