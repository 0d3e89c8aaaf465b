using System.Globalization;
using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Neural;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Mapping;
using NSynthBox.Platform.Midi;
using NSynthBox.Platform.Recording;
using NSynthBox.Platform.Sounds;
using NSynthBox.Platform.State;
using NSynthBox.Platform.Storage;

namespace NSynthBox;

/// <summary>
/// The instrument as 'nsynthbox run' plays it: model and engine, audio sink, MIDI inputs and outputs,
/// panel (simulated or hardware), patches, MIDI learn, recording and the web panel hook, all wired
/// through one <see cref="ControlHub"/>. <see cref="Create"/> loads and checks everything (a bad value
/// is a <see cref="UserInputException"/> naming its key); <see cref="Start"/> starts the threads;
/// <see cref="Stop"/> fades out, saves the take and closes everything.
/// </summary>
internal sealed class LiveBox : IDisposable
{
    private readonly BoxConfig _config;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;
    private readonly string? _recordPath;
    private readonly List<IMidiInput> _inputs = [];
    private TerminalPanel? _terminal;
    private HardwarePanel? _hardware;
    private IAsyncDisposable? _web;
    private Timer? _monitor;
    private (long Underruns, long Late, long Reopens, long Dropped) _reported;
    private bool _started;
    private bool _stopped;

    private LiveBox(BoxConfig config, ILoggerFactory loggers, string? recordPath, ModelPackage model, SynthEngine engine)
    {
        _config = config;
        _loggers = loggers;
        _log = loggers.CreateLogger("nsynthbox");
        _recordPath = recordPath;
        Model = model;
        Engine = engine;
        Hub = new ControlHub(e => engine.Post(e), InstrumentState.FromSnapshot(engine.Snapshot));
        Learn = new MidiLearn(Path.Combine(config.State.Directory, MidiLearn.FileName), loggers.CreateLogger("midi-learn"));
        Patches = new PatchStore(config.State.Directory, loggers.CreateLogger("patches"));
        Patches.Attach(engine, Hub);

        var midi = config.Midi;
        var assignments = CcAssignments.From(midi.CcMap);
        // A take must hold every bend the engine gets, MPE members' +-48 too (an MPE controller may turn MPE on at any time).
        BendRangeForTakes = Math.Max(config.Engine.PitchBendRange, MidiPerformanceMapper.MpeMemberBendRange);
        Mapper = new MidiPerformanceMapper(Hub.State, config.Engine.PitchBendRange, midi.Channel, midi.Mpe ? midi.MpeMemberChannels : 0, model.Instruments.Count)
        {
            Learn = Learn,
            Assignments = assignments,
            UserSoundsStart = UserSoundsStart(model),
            MpeConfigured = zones => _log.LogInformation("MIDI: {Zones} (MPE configuration message)", zones),
        };
        Router = new MidiRouter(Mapper, Hub.SinkFor(ControlSource.Midi), Outputs, midi.Thru);
        if (midi.SendPanel) Hub.MidiOut = Outputs;
        Hub.PanelEncoder = new CcEncoder(midi.OutputChannel, config.Engine.PitchBendRange, assignments) { UserSoundsStart = UserSoundsStart(model) };
        Sink = CreateSink(config.Audio, loggers);
    }

    /// <summary>What the box was started with (config file, saved panel settings, command line).</summary>
    internal BoxConfig Config => _config;
    public ModelPackage Model { get; }
    public SynthEngine Engine { get; }
    public ControlHub Hub { get; }
    public MidiLearn Learn { get; }
    public PatchStore Patches { get; }
    public MidiPerformanceMapper Mapper { get; }
    public MidiRouter Router { get; }
    public MidiOutputs Outputs { get; } = new();
    public IAudioSink Sink { get; private set; }
    public AlsaSequencer? Sequencer { get; private set; }
    public PerformanceRecorder? Recorder { get; private set; }
    public IReadOnlyList<IMidiInput> Inputs => _inputs;
    public float BendRangeForTakes { get; }

    /// <summary>The hardware panel's buses for its pin map config; null = the board's real ones (tests pass chip fakes).</summary>
    public Func<NSynthBox.Hardware.PanelConfig, NSynthBox.Hardware.IBusFactory>? PanelBuses { get; set; }

    /// <summary>The hardware panel, when Panel:Mode is hardware and it started.</summary>
    internal HardwarePanel? HardwarePanel => _hardware;

    /// <summary>Loads the model, checks the values that need it, builds the engine and everything around it (nothing runs yet).</summary>
    public static LiveBox Create(BoxConfig config, ILoggerFactory loggers, string? recordPath = null)
    {
        var settings = new EngineSettings { SampleRate = config.Audio.SampleRate, Polyphony = config.Engine.Polyphony, PitchBendRange = config.Engine.PitchBendRange };
        // Outputs checked before anything plays: a folder, a device, a missing or read-only folder is one line now, not a lost take later.
        if (config.Audio.Sink == SinkKind.Wav && OutputFile.Problem(config.Audio.WavPath) is { } wavProblem)
            throw new UserInputException($"{config.Source}: Audio:WavPath = '{config.Audio.WavPath}': {wavProblem}");
        if (recordPath is not null && OutputFile.Problem(recordPath) is { } recordProblem)
            throw new UserInputException($"--record {recordPath}: {recordProblem}");
        try
        {
            Directory.CreateDirectory(config.State.Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{config.Source}: State:Directory = '{config.State.Directory}': cannot be created ({e.Message})");
        }

        // A corrupt or mismatched package falls back on the last good one kept in the state folder.
        var (_, engine) = ModelStartup.Start(config, loggers.CreateLogger("nsynthbox"), m =>
        {
            if (settings.SampleRate % m.FrameRate != 0)
                throw new UserInputException($"{config.Source}: Audio:SampleRate = {settings.SampleRate}: expected a multiple of model {m.Name}'s frame rate ({m.FrameRate} Hz), e.g. 48000");
            return new SynthEngine(WithSoundLibrary(m, config.State.Directory, loggers.CreateLogger("sounds")), settings, config.Model.ExecutionProvider);
        });
        var model = engine.Model; // with the library's sounds after the model's instruments
        try
        {
            int[]? corners = null;
            if (config.Engine.Corners is { } names)
            {
                corners = new int[4];
                for (var c = 0; c < 4; c++)
                {
                    try
                    {
                        corners[c] = model.FindInstrument(names[c]).Index;
                    }
                    catch (ArgumentException e)
                    {
                        throw new UserInputException($"{config.Source}: Engine:Corners:{c} = '{names[c]}': {e.Message}");
                    }
                }
            }
            engine.SetInitialState(corners);
            return new LiveBox(config, loggers, recordPath, model, engine);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    private static int UserSoundsStart(ModelPackage model) =>
        model.Instruments.FirstOrDefault(i => i.Family == ModelPackageInstruments.UserFamily)?.Index ?? model.Instruments.Count;

    /// <summary>The model's instruments followed by the library's sounds made for it (docs/SOUNDS.md); the others are logged as needing re-import.</summary>
    private static ModelPackage WithSoundLibrary(ModelPackage model, string stateDirectory, ILogger log)
    {
        var (sounds, problems) = new SoundLibrary(stateDirectory).Load();
        foreach (var problem in problems) log.LogWarning("sound library: {Problem}; skipped", problem.Message);
        foreach (var other in sounds.Where(s => !s.BelongsTo(model.DecoderSha256)))
            log.LogWarning("sound '{Name}' was encoded for model {Model}, not {Current}: import its recordings again to play it ('nsynthbox sounds' lists them)", other.Name, other.ModelName, model.Name);
        return SoundImport.WithLibrary(model, sounds, skipped => log.LogWarning("sound library: {Problem}", skipped));
    }

    /// <summary>The sink Audio:Sink names (the self-test's tone plays through it too).</summary>
    internal static IAudioSink CreateSink(AudioSection audio, ILoggerFactory loggers)
    {
        var options = audio.ToOptions();
        var log = loggers.CreateLogger("audio");
        var kind = audio.Sink;
        if (kind == SinkKind.Auto)
        {
            kind = AlsaDevices.HasSoundCard() ? SinkKind.Alsa : SinkKind.Null;
            if (kind == SinkKind.Null)
                log.LogWarning("no sound card found: playing into the null sink (Audio:Sink = wav writes what would be played to a file)");
        }
        return kind switch
        {
            SinkKind.Wav => new WavFileSink(audio.WavPath, options, log, audio.WavFloat),
            SinkKind.Null => new NullSink(options, log),
            _ => new AlsaSink(options, log),
        };
    }

    public void Start()
    {
        if (_started) return;
        _started = true;
        if (_config.Audio.LockMemory)
        {
            var locked = RealtimeScheduling.TryLockMemory();
            if (locked.Granted) _log.LogInformation("{Result}", locked.Message);
            else _log.LogWarning("{Result}", locked.Message);
        }
        if (Engine.ProviderFallback is { } fallback) _log.LogWarning("model: {Fallback}", fallback);

        // Once per episode, not per frame: the worker reports a failing or stalled decoder and its recovery.
        Engine.DecoderTrouble = line => _log.LogError("{Line}", line);
        Engine.DecoderRecovered = line => _log.LogWarning("{Line}", line);
        var warmUp = Engine.WarmUpLivePaths(Sink.Format.PeriodFrames);
        _log.LogInformation("note paths warmed up in {Milliseconds:0} ms (a throwaway engine played two notes)", warmUp.TotalMilliseconds);
        Engine.StartWorker(Sink.Format.PeriodFrames, RealtimeScheduling.ControlWorkerSetup(_config.Audio.RealtimePriority, rt =>
        {
            if (rt.Granted) _log.LogInformation("{Realtime}", rt.Message);
            else if (_config.Audio.RealtimePriority > 0) _log.LogWarning("{Realtime}", rt.Message);
        }));
        Sink.Start(Engine.Render);
        StartMidi();
        if (_recordPath is not null)
        {
            Recorder = new PerformanceRecorder(Hub.State, BendRangeForTakes, _config.Midi.OutputChannel);
            Hub.Recorder = Recorder;
        }
        StartPanel();
        _web = WebPanelHook.Start(_config.Web, this, _loggers, _config.State.Directory);
        _log.LogInformation("{Line}", StartupLine());
        _monitor = new Timer(_ => Monitor(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    private void StartMidi()
    {
        var midi = _config.Midi;
        var log = _loggers.CreateLogger("midi");
        foreach (var output in midi.Outputs.Where(o => !o.Path.StartsWith("seq:", StringComparison.Ordinal)))
            Outputs.Add(new RawMidiOutput(output.Path, log, output.Baud));
        if (midi.Sequencer)
        {
            Sequencer = AlsaSequencer.TryOpen(midi.ClientName, Router, log, midi.AutoConnect, out var reason);
            if (Sequencer is null)
            {
                log.LogWarning("{Reason}", reason);
            }
            else
            {
                Outputs.Add(Sequencer);
                foreach (var source in midi.Connect)
                {
                    if (!Sequencer.ConnectFrom(source, out var message)) log.LogWarning("Midi:Connect: {Message}", message);
                    else log.LogInformation("MIDI: connected {Message}", message);
                }
                foreach (var destination in midi.Outputs.Where(o => o.Path.StartsWith("seq:", StringComparison.Ordinal)))
                {
                    if (!Sequencer.ConnectTo(destination.Path[4..], out var message)) log.LogWarning("Midi:Outputs: {Message}", message);
                    else log.LogInformation("MIDI out: connected {Message}", message);
                }
                Sequencer.Start();
                _inputs.Add(Sequencer);
            }
        }
        else if (midi.Outputs.Any(o => o.Path.StartsWith("seq:", StringComparison.Ordinal)))
        {
            log.LogWarning("Midi:Outputs names sequencer ports but Midi:Sequencer is false; they are left out");
        }
        foreach (var port in midi.Inputs)
        {
            var input = new RawMidiInput(port.Path, Router, log, port.Baud);
            input.Start();
            _inputs.Add(input);
        }
    }

    private void StartPanel()
    {
        switch (_config.Panel.Mode)
        {
            case PanelMode.Simulated:
                _terminal = new TerminalPanel(this, _loggers);
                _terminal.Start();
                break;
            case PanelMode.Hardware:
                try
                {
                    _hardware = HardwarePanel.Start(_config, Model, Hub, _loggers.CreateLogger("panel"), PanelBuses);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Whatever the buses answer, the instrument plays on without its panel (MIDI, web).
                    _log.LogError("panel: the hardware panel could not start ({Error}); playing without it", e.Message);
                }
                break;
        }
    }

    /// <summary>Shows the web panel's pairing PIN on the OLED (hardware panel only).</summary>
    public void ShowOnPanel(string pin) => _hardware?.ShowPin(pin);

    /// <summary>Model, sink, device, period, latency estimate and MIDI ports, in one line.</summary>
    public string StartupLine()
    {
        var f = Sink.Format;
        var inv = CultureInfo.InvariantCulture;
        var frameMs = 1000.0 * Engine.Hop / f.SampleRate;
        var midiIn = new List<string>();
        if (Sequencer is not null) midiIn.Add($"sequencer {Sequencer.ClientId}:{Sequencer.PortId} '{_config.Midi.ClientName}'" +
                                              (Sequencer.ConnectedSources.Count > 0 ? $" from {string.Join(", ", Sequencer.ConnectedSources.Select(p => p.ClientName))}" : ""));
        midiIn.AddRange(_inputs.OfType<RawMidiInput>().Select(i => i.Name));
        var channel = _config.Midi.Channel < 0 ? "omni" : $"channel {_config.Midi.Channel + 1}";
        return string.Create(inv,
            $"nsynthbox run: model {Model.Name} {Model.Version} ({Model.Instruments.Count(i => i.Family != ModelPackageInstruments.UserFamily)} instruments + {Model.Instruments.Count(i => i.Family == ModelPackageInstruments.UserFamily)} of your sounds, {_config.Model.ExecutionProvider.ToString().ToLowerInvariant()}); " +
            $"sink {Sink.Description}; " +
            $"latency estimate: a note on a free voice {f.PeriodMilliseconds + f.BufferMilliseconds:0.0} ms worst case plus decoding (next period {f.PeriodMilliseconds:0.0} ms + buffer {f.BufferMilliseconds:0.0} ms), " +
            $"other controls {frameMs + SynthEngine.DecodeMarginMilliseconds + f.PeriodMilliseconds + f.BufferMilliseconds:0.0} ms plus decoding (control frame {frameMs:0.0} ms + margin {SynthEngine.DecodeMarginMilliseconds:0.0} ms + period + buffer); " +
            $"MIDI in: {(midiIn.Count == 0 ? "none" : string.Join(", ", midiIn))} ({channel}{(Mapper.Mpe.Enabled ? ", " + Mapper.Mpe : "")}); " +
            $"MIDI out: {(Outputs.Count == 0 ? "none" : Outputs.Name)} (thru {(Router.Thru ? "on" : "off")}, panel CC {(Hub.MidiOut is null || Outputs.Count == 0 ? "off" : "on")}); " +
            $"panel {_config.Panel.Mode.ToString().ToLowerInvariant()}; web {(!_config.Web.Enabled ? "off" : _web is null ? "not started (see above)" : $"{_config.Web.Bind}:{_config.Web.Port}")}; " +
            $"state {_config.State.Directory}{(_recordPath is null ? "" : $"; recording to {_recordPath}")}");
    }

    private void Monitor()
    {
        var now = (Sink.Metrics.Underruns, Engine.LateFrames, Sink.Metrics.Reopens, Sink.Metrics.DroppedFrames);
        var before = _reported;
        _reported = now;
        if (now == before) return;
        _log.LogWarning("audio: {Underruns} underruns (+{NewUnderruns}), {Late} late control frames (+{NewLate}), {Reopens} device reopens, {Dropped} frames dropped",
            now.Underruns, now.Underruns - before.Underruns, now.LateFrames, now.LateFrames - before.Late, now.Reopens, now.DroppedFrames);
    }

    /// <summary>Stops inputs, saves the take, fades the audio out, closes devices. Safe to call twice.</summary>
    public void Stop()
    {
        if (!_started || _stopped) return;
        _stopped = true;
        _monitor?.Dispose();
        _terminal?.Dispose();
        _hardware?.Dispose();
        foreach (var input in _inputs) input.Stop();
        SaveTake();
        Sink.Stop();
        Engine.StopWorker();
        Hub.MidiOut = null;
        Outputs.Dispose();
        foreach (var input in _inputs) input.Dispose();
        if (_web is not null) _web.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        _log.LogInformation("stopped: {Periods} periods played, {Underruns} underruns, {Late} late control frames",
            Sink.Metrics.Periods, Sink.Metrics.Underruns, Engine.LateFrames);
    }

    private void SaveTake()
    {
        var recorder = Recorder;
        if (recorder is null || _recordPath is null) return;
        Hub.Recorder = null;
        try
        {
            recorder.Save(_recordPath);
            _log.LogInformation("take saved: {Path} ({Count} MIDI messages, {Seconds:0.0} s); 'nsynthbox render {Path} -o take.wav' plays it back",
                _recordPath, recorder.Count, recorder.Elapsed.TotalSeconds, _recordPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            _log.LogError("take not saved to {Path}: {Error}", _recordPath, e.Message);
        }
    }

    public void Dispose()
    {
        Stop();
        Sink.Dispose();
        Engine.Dispose();
    }
}
