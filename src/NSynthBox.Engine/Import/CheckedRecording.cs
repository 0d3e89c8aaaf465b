using NSynthBox.Neural.Encoding;

namespace NSynthBox.Engine.Import;

/// <summary>
/// A recording that passed the import checks: the note ready to encode (mono, at the model's rate,
/// from its onset), what was found, and the mild problems worth telling the user about.
/// </summary>
public sealed record CheckedRecording(
    RecordedNote Note,
    int SourceSampleRate,
    int SourceChannels,
    double OnsetSeconds,
    double SoundSeconds,
    double PeakDbfs,
    IReadOnlyList<string> Warnings)
{
    public double PitchHz => Note.PitchHz;
}
