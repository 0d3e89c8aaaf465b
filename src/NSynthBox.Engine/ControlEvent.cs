namespace NSynthBox.Engine;

/// <summary>
/// The one message type every input (MIDI, touch grid, knobs, encoders, web panel, tests) sends
/// to the instrument. A small value type, so queues of them never allocate.
/// </summary>
public readonly record struct ControlEvent(ControlKind Kind, int Index = 0, float Value = 0f, float Y = 0f, byte Channel = 0)
{
    public static ControlEvent NoteOn(int note, float velocity, byte channel = 0) => new(ControlKind.NoteOn, note, velocity, 0f, channel);
    public static ControlEvent NoteOff(int note, byte channel = 0) => new(ControlKind.NoteOff, note, 0f, 0f, channel);
    public static ControlEvent PitchBend(float semitones, byte channel = 0) => new(ControlKind.PitchBend, 0, semitones, 0f, channel);
    public static ControlEvent ModWheel(float value) => new(ControlKind.ModWheel, 0, value);
    public static ControlEvent Sustain(bool down) => new(ControlKind.Sustain, 0, down ? 1f : 0f);
    public static ControlEvent Position2D(float x, float y) => new(ControlKind.Position2D, 0, x, y);
    public static ControlEvent SetKnob(Knob knob, float value) => new(ControlKind.Knob, (int)knob, value);
    public static ControlEvent SetCorner(int corner, int instrument) => new(ControlKind.Corner, corner, instrument);
    public static ControlEvent RecallPatch(int slot) => new(ControlKind.PatchRecall, slot);
    public static ControlEvent SavePatch(int slot) => new(ControlKind.PatchSave, slot);
    public static ControlEvent AllNotesOff() => new(ControlKind.AllNotesOff);
    public static ControlEvent Slide(float value, byte channel) => new(ControlKind.Slide, 0, value, 0f, channel);
    public static ControlEvent Pressure(float value, byte channel) => new(ControlKind.Pressure, 0, value, 0f, channel);

    /// <summary>X of a <see cref="ControlKind.Position2D"/> event (stored in Value).</summary>
    public float X => Value;
}
