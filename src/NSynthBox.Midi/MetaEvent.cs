namespace NSynthBox.Midi;

/// <summary>
/// A meta event (0xFF type length data): information for the sequencer, never sent to a
/// synth. Types the library understands are read as the subclasses (<see cref="TempoChangeEvent"/>,
/// <see cref="TimeSignatureEvent"/>, <see cref="TrackNameEvent"/>, <see cref="EndOfTrackEvent"/>);
/// all others are kept raw so they survive a read/write round trip.
/// </summary>
public class MetaEvent : MidiEvent
{
    internal const byte TrackNameType = 0x03;
    internal const byte EndOfTrackType = 0x2F;
    internal const byte TempoType = 0x51;
    internal const byte TimeSignatureType = 0x58;

    private readonly byte[] _data;

    /// <summary>A meta event kept as raw bytes. For tempo, time signature, track name and end of
    /// track use their classes, which the tempo map and the rest of the library look for.</summary>
    public MetaEvent(long tick, byte metaType, ReadOnlySpan<byte> data)
        : this(tick, metaType, data.ToArray())
    {
    }

    private protected MetaEvent(long tick, byte metaType, byte[] data)
        : base(tick)
    {
        if (metaType > 0x7F)
        {
            throw new ArgumentOutOfRangeException(nameof(metaType), $"0x{metaType:X2}", "Meta event types are 0x00..0x7F.");
        }

        MetaType = metaType;
        _data = data;
    }

    public byte MetaType { get; }

    public ReadOnlyMemory<byte> Data => _data;

    public override string ToString() => $"@{Tick} Meta 0x{MetaType:X2} {Convert.ToHexString(_data)}";
}
