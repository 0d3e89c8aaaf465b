namespace NSynthBox.Platform.Mapping;

/// <summary>
/// The box's controls as MIDI controllers, the same in both directions (panel moves go out as
/// these; a DAW sends them back to drive the box). Continuous controls are 14-bit: MSB on the
/// first controller, LSB on the controller 32 above (MIDI 1.0's pairs); a controller that only
/// sends the MSB still reaches the whole range. Documented in docs/MIDI.md (a test keeps the two equal).
/// </summary>
public static class CcMap
{
    public const int ModWheel = 1;
    public const int X = 16;
    public const int Y = 17;
    /// <summary>Knobs Position, Attack, Decay, Sustain, Release, Volume on 20..25.</summary>
    public const int FirstKnob = 20;
    /// <summary>Corner instruments top-left, top-right, bottom-left, bottom-right on 26..29 (value = instrument number).</summary>
    public const int FirstCorner = 26;

    /// <summary>Bank Select MSB before a corner controller: 0 = the value is the instrument number, 1 = it counts the user's sounds from the first.</summary>
    public const int BankSelect = 0;
    public const int LsbOffset = 32;
    public const int Sustain = 64;
    /// <summary>MPE slide: the notes of the channel take their own grid Y.</summary>
    public const int Slide = 74;
    public const int AllSoundOff = 120;
    public const int AllNotesOff = 123;

    /// <summary>A row of the map, for documentation and listings.</summary>
    public sealed record Entry(string Controller, string Control, string Values);

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        new("CC 16 / CC 48", "grid X (left 0 to right 1)", "14-bit, MSB / LSB"),
        new("CC 17 / CC 49", "grid Y (top 0 to bottom 1)", "14-bit, MSB / LSB"),
        new("CC 20 / CC 52", "knob Position", "14-bit, MSB / LSB"),
        new("CC 21 / CC 53", "knob Attack", "14-bit, MSB / LSB"),
        new("CC 22 / CC 54", "knob Decay", "14-bit, MSB / LSB"),
        new("CC 23 / CC 55", "knob Sustain", "14-bit, MSB / LSB"),
        new("CC 24 / CC 56", "knob Release", "14-bit, MSB / LSB"),
        new("CC 25 / CC 57", "knob Volume", "14-bit, MSB / LSB"),
        new("CC 26", "corner 1 instrument (top-left)", "instrument number 0..127"),
        new("CC 27", "corner 2 instrument (top-right)", "instrument number 0..127"),
        new("CC 28", "corner 3 instrument (bottom-left)", "instrument number 0..127"),
        new("CC 29", "corner 4 instrument (bottom-right)", "instrument number 0..127"),
        new("CC 0", "bank of the corner controllers: 0 instrument numbers, 1 your sounds", "0 or 1 (Bank Select MSB)"),
        new("Program Change", "recall patch", "slot 0..127"),
        new("CC 1", "mod wheel (vibrato)", "0..127"),
        new("CC 64", "sustain pedal", ">= 64 down"),
        new("CC 74", "slide: the channel's notes take their own grid Y (MPE)", "0..127, per channel"),
        new("Channel Pressure", "pressure: the channel's notes play louder and brighter (MPE)", "0..127, per channel"),
        new("CC 120 / CC 123", "all sound off / all notes off", "any"),
    ];

    /// <summary>0..1 to the 14-bit code 0..16383.</summary>
    public static int To14Bit(float value) => (int)MathF.Round(Math.Clamp(value, 0f, 1f) * 16383f);

    /// <summary>The value of an MSB alone: 7-bit controllers reach 0..1.</summary>
    public static float FromMsb(int msb) => msb / 127f;

    public static float From14Bit(int msb, int lsb) => ((msb << 7) | lsb) / 16383f;
}
