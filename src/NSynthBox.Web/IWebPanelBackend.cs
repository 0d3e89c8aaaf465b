using NSynthBox.Engine;
using NSynthBox.Neural;

namespace NSynthBox.Web;

/// <summary>
/// What the web panel needs from the box: it posts the same control events as the hardware,
/// reads the same snapshot, and reads and writes the settings. Called from web-server threads,
/// so every member must be thread-safe. <see cref="EngineWebPanelBackend"/> adapts a running
/// <see cref="SynthEngine"/>.
/// </summary>
public interface IWebPanelBackend
{
    /// <summary>The model's instruments (index order), for the corner pickers and the latent map.</summary>
    IReadOnlyList<InstrumentInfo> Instruments { get; }

    /// <summary>Name and version of the model, shown in the page's header.</summary>
    string ModelName { get; }

    /// <summary>Voices that can sound at once (the voice meter's full scale).</summary>
    int Polyphony { get; }

    /// <summary>Semitones of a full pitch-bend throw, for MIDI from the browser.</summary>
    float PitchBendRange { get; }

    /// <summary>Thread-safe: applied at the next control frame.</summary>
    void Post(in ControlEvent e);

    /// <summary>The instrument's latest state; must not block.</summary>
    InstrumentSnapshot GetSnapshot();

    /// <summary>Counters for the meters; called a few times a second.</summary>
    PanelMetrics GetMetrics();

    /// <summary>The log's most recent warnings and errors, oldest first.</summary>
    IReadOnlyList<PanelWarning> GetRecentWarnings();

    /// <summary>The settings as saved; null where the box has no settings file (the form is then hidden).</summary>
    PanelSettings? GetSettings();

    /// <summary>Errors per field (keys as in <see cref="PanelSettings.Fields"/>); empty when the settings are valid.</summary>
    IReadOnlyDictionary<string, string> ValidateSettings(PanelSettings settings);

    /// <summary>Validates, then saves atomically; nothing is written when a field is invalid.</summary>
    SettingsSaveResult SaveSettings(PanelSettings settings);

    /// <summary>Whether <see cref="ImportSound"/> does anything (the page shows the upload only then).</summary>
    bool CanImportSounds => false;

    /// <summary>Checks, encodes and stores an uploaded recording (docs/SOUNDS.md); slow (seconds), called off the request thread, one at a time.</summary>
    SoundUploadResult ImportSound(SoundUpload upload, CancellationToken cancellationToken) => SoundUploadResult.Refused("this box does not import sounds");
}
