namespace NSynthBox.Midi;

/// <summary>
/// The kind of a MIDI 1.0 message. Channel message values are the status byte's upper
/// nibble; system message values are the full status byte, so a value can be compared
/// directly with the wire format.
/// </summary>
public enum MidiMessageType : byte
{
    NoteOff = 0x80,
    NoteOn = 0x90,
    PolyPressure = 0xA0,
    ControlChange = 0xB0,
    ProgramChange = 0xC0,
    ChannelPressure = 0xD0,
    PitchBend = 0xE0,

    /// <summary>Start of a variable-length SysEx; never held by a <see cref="MidiMessage"/>
    /// (SysEx is delivered as bytes), but listed so every status byte has a name.</summary>
    SystemExclusive = 0xF0,

    // System common: cancel running status.
    TimeCodeQuarterFrame = 0xF1,
    SongPosition = 0xF2,
    SongSelect = 0xF3,
    TuneRequest = 0xF6,
    EndOfExclusive = 0xF7,

    // System real-time: single byte, may appear anywhere in the stream.
    TimingClock = 0xF8,
    Start = 0xFA,
    Continue = 0xFB,
    Stop = 0xFC,
    ActiveSensing = 0xFE,
    SystemReset = 0xFF,
}
