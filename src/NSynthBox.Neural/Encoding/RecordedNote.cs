namespace NSynthBox.Neural.Encoding;

/// <summary>
/// One recorded note ready to encode: mono samples at the model's sample rate, starting at the
/// note's onset, with the pitch the import estimated. <see cref="Source"/> names the file (for errors).
/// </summary>
public sealed record RecordedNote(string Source, float[] Samples, int SampleRate, double PitchHz);
