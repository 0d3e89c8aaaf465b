namespace NSynthBox.Midi;

/// <summary>A channel message with its playback time, from <see cref="MidiFile.GetPlaybackMessages"/>.</summary>
/// <param name="Seconds">Time from the start of the file.</param>
/// <param name="Tick">The same time in file ticks.</param>
/// <param name="Track">Index of the track the message came from.</param>
public readonly record struct TimedMidiMessage(double Seconds, long Tick, int Track, MidiMessage Message);
