namespace NSynthBox.Platform.Mapping;

/// <summary>
/// An MPE note's own expression: pressure (channel pressure on its member channel) and slide
/// (CC74), both 0..1. The engine does not take these yet; see docs/MIDI.md for the change it needs.
/// </summary>
public readonly record struct NoteExpression(byte Channel, int Note, float Pressure, float Slide);
