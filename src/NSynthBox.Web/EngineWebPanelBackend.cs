using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Neural;

namespace NSynthBox.Web;

/// <summary>
/// The web panel's view of a running <see cref="SynthEngine"/>: events go to the engine, the
/// snapshot and late frames come from it, the control worker's CPU is read from the OS, settings
/// from a <see cref="JsonSettingsStore"/> and warnings from a <see cref="WarningRingLoggerProvider"/>.
/// </summary>
public sealed class EngineWebPanelBackend : IWebPanelBackend
{
    private readonly SynthEngine _engine;
    private readonly JsonSettingsStore? _store;
    private readonly WarningRingLoggerProvider? _warnings;
    private readonly Func<long?>? _underruns;
    private readonly Func<double?> _controlWorkerCpu;
    private readonly Lock _gate = new();
    private PanelSettings? _settings;
    private readonly Action<ControlEvent> _post;
    private readonly Func<SoundUpload, CancellationToken, SoundUploadResult>? _importSound;

    /// <param name="engine">The engine the box plays.</param>
    /// <param name="settings">Where the settings live; null hides the settings form.</param>
    /// <param name="warnings">The log's warning ring; null shows no warnings.</param>
    /// <param name="underruns">The audio sink's xrun counter; null shows a dash.</param>
    /// <param name="controlWorkerCpu">Fraction of a core the control worker uses; null = read it from /proc (Linux).</param>
    /// <param name="logger">Where a broken settings file is reported (the panel then shows the defaults).</param>
    /// <param name="post">Where the page's control events go; null = straight to the engine (a box routes them
    /// through its control hub, so web moves are recorded and sent as MIDI like the panel's).</param>
    /// <param name="importSound">Imports an uploaded recording into the sound library; null hides the upload.</param>
    public EngineWebPanelBackend(SynthEngine engine, JsonSettingsStore? settings = null, WarningRingLoggerProvider? warnings = null,
        Func<long?>? underruns = null, Func<double?>? controlWorkerCpu = null, ILogger? logger = null, Action<ControlEvent>? post = null,
        Func<SoundUpload, CancellationToken, SoundUploadResult>? importSound = null)
    {
        _importSound = importSound;
        _engine = engine;
        _post = post ?? (e => engine.Post(e));
        _store = settings;
        _warnings = warnings;
        _underruns = underruns;
        _controlWorkerCpu = controlWorkerCpu ?? ThreadCpuMeter.ControlWorker().Read;
        if (_store is not null)
        {
            try
            {
                _settings = _store.Load();
            }
            catch (InvalidDataException e)
            {
                logger?.LogWarning("settings: {Error}; the panel shows the defaults until they are saved", e.Message);
                _settings = _store.Defaults;
            }
        }
    }

    public IReadOnlyList<InstrumentInfo> Instruments => _engine.Model.Instruments;
    public string ModelName => $"{_engine.Model.Name} {_engine.Model.Version}";
    public int Polyphony => _engine.Settings.Polyphony;
    public float PitchBendRange => _engine.Settings.PitchBendRange;

    public void Post(in ControlEvent e) => _post(e);

    public InstrumentSnapshot GetSnapshot() => _engine.Snapshot;

    public PanelMetrics GetMetrics() => new(_engine.LateFrames, _underruns?.Invoke(), _controlWorkerCpu());

    public IReadOnlyList<PanelWarning> GetRecentWarnings() => _warnings?.Recent ?? [];

    public PanelSettings? GetSettings()
    {
        lock (_gate) return _settings;
    }

    public IReadOnlyDictionary<string, string> ValidateSettings(PanelSettings settings) =>
        _store?.Validate(settings) ?? settings.ValidateValues();

    public SettingsSaveResult SaveSettings(PanelSettings settings)
    {
        if (_store is null) return new SettingsSaveResult(false, new Dictionary<string, string>(), "this box has no settings file");
        lock (_gate)
        {
            var result = _store.Save(settings);
            if (result.Saved) _settings = settings;
            return result;
        }
    }

    public bool CanImportSounds => _importSound is not null;

    public SoundUploadResult ImportSound(SoundUpload upload, CancellationToken cancellationToken) =>
        _importSound?.Invoke(upload, cancellationToken) ?? SoundUploadResult.Refused("this box does not import sounds");
}
