namespace NSynthBox.Midi;

/// <summary>
/// One MIDI 1.0 message of at most three bytes (everything except SysEx, which has a
/// variable length). A 3-byte value type so it can be passed around on the audio and
/// MIDI input threads without allocating. Channels are zero-based (0..15).
/// </summary>
public readonly record struct MidiMessage
{
    public const int MaxLength = 3;

    /// <summary>Creates a message from raw bytes, validating them. Unused data bytes must
    /// be zero so that equal messages always compare equal.</summary>
    public MidiMessage(byte status, byte data1 = 0, byte data2 = 0)
    {
        int dataLength = GetDataLength(status);
        if (dataLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(status), $"0x{status:X2}",
                status < 0x80
                    ? "A status byte must have its top bit set (0x80..0xFF)."
                    : status is 0xF0 or 0xF7
                        ? "SysEx (0xF0..0xF7) has a variable length and is not a MidiMessage; it is handled as raw bytes."
                        : "Status byte is undefined in MIDI 1.0.");
        }

        CheckData(nameof(data1), data1, dataLength >= 1);
        CheckData(nameof(data2), data2, dataLength >= 2);
        Status = status;
        Data1 = data1;
        Data2 = data2;
    }

    // Used by parsers that have already validated the bytes.
    private MidiMessage(byte status, byte data1, byte data2, bool _)
    {
        Status = status;
        Data1 = data1;
        Data2 = data2;
    }

    public byte Status { get; }
    public byte Data1 { get; }
    public byte Data2 { get; }

    public MidiMessageType Type => (MidiMessageType)(Status < 0xF0 ? Status & 0xF0 : Status);

    public bool IsChannelMessage => Status is >= 0x80 and < 0xF0;

    public bool IsRealTime => Status >= 0xF8;

    /// <summary>Zero-based channel (0..15) of a channel message.</summary>
    public int Channel => IsChannelMessage
        ? Status & 0x0F
        : throw new InvalidOperationException($"{Type} is a system message and has no channel.");

    /// <summary>Number of bytes on the wire: 1 to 3.</summary>
    public int Length => 1 + GetDataLength(Status);

    /// <summary>Pitch bend as a signed offset from centre, -8192..8191.</summary>
    public int PitchBendValue => Type == MidiMessageType.PitchBend
        ? (Data1 | (Data2 << 7)) - 8192
        : throw new InvalidOperationException($"PitchBendValue is only defined for PitchBend, not {Type}.");

    public static MidiMessage NoteOff(int channel, int note, int velocity = 0) =>
        Channel3(0x80, channel, CheckRange(nameof(note), note, 0, 127), CheckRange(nameof(velocity), velocity, 0, 127));

    /// <summary>Note On. Velocity 0 is allowed: by convention it means Note Off.</summary>
    public static MidiMessage NoteOn(int channel, int note, int velocity) =>
        Channel3(0x90, channel, CheckRange(nameof(note), note, 0, 127), CheckRange(nameof(velocity), velocity, 0, 127));

    public static MidiMessage PolyPressure(int channel, int note, int pressure) =>
        Channel3(0xA0, channel, CheckRange(nameof(note), note, 0, 127), CheckRange(nameof(pressure), pressure, 0, 127));

    public static MidiMessage ControlChange(int channel, int controller, int value) =>
        Channel3(0xB0, channel, CheckRange(nameof(controller), controller, 0, 127), CheckRange(nameof(value), value, 0, 127));

    public static MidiMessage ProgramChange(int channel, int program) =>
        Channel3(0xC0, channel, CheckRange(nameof(program), program, 0, 127), 0);

    public static MidiMessage ChannelPressure(int channel, int pressure) =>
        Channel3(0xD0, channel, CheckRange(nameof(pressure), pressure, 0, 127), 0);

    /// <summary>Pitch bend from a signed value, -8192 (full down) .. 0 (centre) .. 8191 (full up).</summary>
    public static MidiMessage PitchBend(int channel, int value)
    {
        int raw = CheckRange(nameof(value), value, -8192, 8191) + 8192;
        return Channel3(0xE0, channel, raw & 0x7F, raw >> 7);
    }

    /// <summary>Writes the message's <see cref="Length"/> bytes and returns that count.</summary>
    public int ToBytes(Span<byte> destination)
    {
        if (Status < 0x80)
        {
            throw new InvalidOperationException("default(MidiMessage) is not a valid message.");
        }

        int length = Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"Destination has {destination.Length} bytes; {Type} needs {length}.", nameof(destination));
        }

        destination[0] = Status;
        if (length > 1)
        {
            destination[1] = Data1;
        }

        if (length > 2)
        {
            destination[2] = Data2;
        }

        return length;
    }

    public override string ToString() => Status < 0x80 ? "(invalid)" : Type switch
    {
        MidiMessageType.PitchBend => $"PitchBend ch{Channel} {PitchBendValue}",
        _ when IsChannelMessage => Length == 3 ? $"{Type} ch{Channel} {Data1} {Data2}" : $"{Type} ch{Channel} {Data1}",
        _ => Length switch { 1 => $"{Type}", 2 => $"{Type} {Data1}", _ => $"{Type} {Data1} {Data2}" },
    };

    /// <summary>Data bytes that follow <paramref name="status"/>, or -1 when the byte is not
    /// the status of a fixed-length message (data byte, SysEx start/end, undefined).</summary>
    internal static int GetDataLength(byte status) => status switch
    {
        < 0x80 => -1,
        < 0xC0 => 2,
        < 0xE0 => 1,
        < 0xF0 => 2,
        0xF1 or 0xF3 => 1,
        0xF2 => 2,
        0xF6 or 0xF8 or 0xFA or 0xFB or 0xFC or 0xFE or 0xFF => 0,
        _ => -1,
    };

    internal static MidiMessage CreateUnchecked(byte status, byte data1, byte data2) => new(status, data1, data2, true);

    private static MidiMessage Channel3(int typeBits, int channel, int data1, int data2) =>
        new((byte)(typeBits | CheckRange(nameof(channel), channel, 0, 15)), (byte)data1, (byte)data2, true);

    private static int CheckRange(string name, int value, int min, int max) =>
        value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value,
                name == "channel" ? "MIDI channel must be in 0..15 (channels are zero-based)." : $"MIDI {name} must be in {min}..{max}.");

    private static void CheckData(string name, byte value, bool used)
    {
        if (used ? value > 0x7F : value != 0)
        {
            throw new ArgumentOutOfRangeException(name, $"0x{value:X2}",
                used ? "MIDI data bytes must be in 0..127." : "This message type does not use this data byte; it must be 0.");
        }
    }
}
