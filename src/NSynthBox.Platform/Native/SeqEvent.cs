using System.Runtime.InteropServices;

namespace NSynthBox.Platform.Native;

/// <summary>
/// alsa-lib's snd_seq_event_t (28 bytes on every Linux architecture): type, flags, tag, queue,
/// an 8-byte timestamp, source and destination addresses, then a 12-byte union whose views are
/// the note, control, address and connect fields below.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 28)]
internal struct SeqEvent
{
    public const int Size = 28;

    [FieldOffset(0)] public byte Type;
    [FieldOffset(1)] public byte Flags;
    [FieldOffset(2)] public byte Tag;
    [FieldOffset(3)] public byte Queue;
    [FieldOffset(4)] public uint TimeTick;
    [FieldOffset(8)] public uint TimeNanoseconds;
    [FieldOffset(12)] public byte SourceClient;
    [FieldOffset(13)] public byte SourcePort;
    [FieldOffset(14)] public byte DestClient;
    [FieldOffset(15)] public byte DestPort;

    // snd_seq_ev_note_t
    [FieldOffset(16)] public byte NoteChannel;
    [FieldOffset(17)] public byte Note;
    [FieldOffset(18)] public byte Velocity;
    [FieldOffset(19)] public byte OffVelocity;
    [FieldOffset(20)] public uint Duration;

    // snd_seq_ev_ctrl_t (channel at 16 as for notes)
    [FieldOffset(20)] public uint Param;
    [FieldOffset(24)] public int Value;

    // snd_seq_addr_t (announce events), snd_seq_connect_t (subscription events: sender then dest)
    [FieldOffset(16)] public byte AddrClient;
    [FieldOffset(17)] public byte AddrPort;
    [FieldOffset(18)] public byte ConnectDestClient;
    [FieldOffset(19)] public byte ConnectDestPort;
}

/// <summary>snd_seq_event_type values the box reads or writes.</summary>
internal static class SeqEventType
{
    public const byte Note = 5, NoteOn = 6, NoteOff = 7, KeyPressure = 8;
    public const byte Controller = 10, ProgramChange = 11, ChannelPressure = 12, PitchBend = 13, Control14 = 14,
        NonRegisteredParameter = 15, RegisteredParameter = 16;
    public const byte SongPosition = 20, SongSelect = 21, QuarterFrame = 22;
    public const byte Start = 30, Continue = 31, Stop = 32, Clock = 36;
    public const byte TuneRequest = 40, Reset = 41, Sensing = 42;
    public const byte ClientStart = 60, ClientExit = 61, ClientChange = 62, PortStart = 63, PortExit = 64, PortChange = 65,
        PortSubscribed = 66, PortUnsubscribed = 67;
    public const byte SysEx = 130;
}
