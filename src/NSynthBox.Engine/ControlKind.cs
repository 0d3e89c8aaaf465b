namespace NSynthBox.Engine;

/// <summary>What a <see cref="ControlEvent"/> asks the instrument to do.</summary>
public enum ControlKind : byte
{
    /// <summary>Index = MIDI note, Value = velocity 0..1, Channel = MIDI channel 0..15.</summary>
    NoteOn,
    /// <summary>Index = MIDI note, Channel = MIDI channel.</summary>
    NoteOff,
    /// <summary>Value = bend in semitones (already scaled by the bend range), Channel = MIDI channel.</summary>
    PitchBend,
    /// <summary>Value = 0..1 (CC1).</summary>
    ModWheel,
    /// <summary>Value &gt;= 0.5 = pedal down (CC64).</summary>
    Sustain,
    /// <summary>X and Y in 0..1 (x left to right, y top to bottom).</summary>
    Position2D,
    /// <summary>Index = (int)<see cref="Knob"/>, Value = 0..1.</summary>
    Knob,
    /// <summary>Index = corner (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right), Value = instrument index in the model's list.</summary>
    Corner,
    /// <summary>Index = patch slot.</summary>
    PatchRecall,
    /// <summary>Index = patch slot.</summary>
    PatchSave,
    /// <summary>Every sounding note is released (MIDI panic, CC123).</summary>
    AllNotesOff,
    /// <summary>MPE slide (CC74) on Channel, Value 0..1: the notes of that channel take their own grid Y, moving their own point in the latent space.</summary>
    Slide,
    /// <summary>Channel pressure on Channel, Value 0..1: the notes of that channel play louder/brighter (it scales the decoder's velocity input).</summary>
    Pressure,
}
