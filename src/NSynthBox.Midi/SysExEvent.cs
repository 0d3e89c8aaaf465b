namespace NSynthBox.Midi;

/// <summary>
/// A System Exclusive event in a track. The file has two forms: 0xF0 (a SysEx message:
/// 0xF0 followed by <see cref="Data"/> is sent, Data normally ending in 0xF7) and 0xF7,
/// the "escape" form (<see cref="Data"/> is sent as-is: continuation packets of a split
/// SysEx, or other raw bytes).
/// </summary>
public sealed class SysExEvent : MidiEvent
{
    private readonly byte[] _data;

    public SysExEvent(long tick, ReadOnlySpan<byte> data, bool isEscape = false)
        : base(tick)
    {
        _data = data.ToArray();
        IsEscape = isEscape;
    }

    /// <summary>Bytes after the event's length field in the file.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>True for the 0xF7 form, false for the 0xF0 form.</summary>
    public bool IsEscape { get; }

    public override string ToString() => $"@{Tick} SysEx{(IsEscape ? " (F7)" : "")} {Convert.ToHexString(_data)}";
}
