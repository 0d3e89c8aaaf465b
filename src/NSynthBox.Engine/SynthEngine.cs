using NSynthBox.Dsp;
using NSynthBox.Neural;

namespace NSynthBox.Engine;

/// <summary>
/// The instrument: control events in, audio out. The control half (events, voices, neural
/// decoding) runs either on its own worker thread (<see cref="StartWorker"/>, live playing) or
/// inline one frame at a time (<see cref="StepControl"/>, offline rendering); the audio half
/// (<see cref="Render"/>) is called by the audio thread or the offline renderer.
/// </summary>
public sealed class SynthEngine : IDisposable
{
    private readonly NeuralDecoder _decoder;
    private readonly ControlProcessor _control;
    private readonly FrameRing _ring;
    private readonly AudioRenderer _audio;
    private Thread? _worker;
    private volatile bool _running;
    private int _lookahead = 1;
    private InstrumentSnapshot _snapshot;
    private const int SnapshotEveryFrames = 4;
    private int _framesSinceSnapshot;

    public SynthEngine(ModelPackage model, EngineSettings settings, ExecutionProviderKind provider = ExecutionProviderKind.Cpu)
    {
        settings.Validate();
        if (settings.SampleRate % model.FrameRate != 0)
            throw new ArgumentException($"sample rate {settings.SampleRate}: must be a multiple of the model's frame rate ({model.FrameRate} Hz), e.g. 48000");
        Model = model;
        Settings = settings;
        Synth = new SynthSettings(settings.SampleRate, model.FrameRate, model.Harmonics, model.NoiseBands,
            model.Synth.NoiseLowHz, model.Synth.NoiseHighHz, model.Synth.AliasFade, model.Synth.NoiseSeed);
        _decoder = new NeuralDecoder(model, settings.Polyphony, provider);
        _decoder.WarmUp();
        _control = new ControlProcessor(model, _decoder, settings);
        _ring = new FrameRing(8, () => new ControlFrame(settings.Polyphony, model.Harmonics, model.NoiseBands));
        _audio = new AudioRenderer(_ring, Synth, settings.Polyphony);
        _snapshot = TakeSnapshot();
    }

    public ModelPackage Model { get; }
    public EngineSettings Settings { get; }
    public SynthSettings Synth { get; }

    /// <summary>Samples per control frame.</summary>
    public int Hop => Synth.Hop;

    /// <summary>Why the requested execution provider is not in use (null when it is): for the log.</summary>
    public string? ProviderFallback => _decoder.ProviderFallback;

    /// <summary>Frames the audio thread had to hold because the control worker was late.</summary>
    public long LateFrames => _audio.LateFrames;

    /// <summary>The instrument's state after the latest control frame; never blocks.</summary>
    public InstrumentSnapshot Snapshot => Volatile.Read(ref _snapshot);

    public Action<int>? PatchSaveRequested { set => _control.PatchSaveRequested = value; }
    public Action<int>? PatchRecallRequested { set => _control.PatchRecallRequested = value; }

    /// <summary>Corners (instrument indexes, top-left, top-right, bottom-left, bottom-right) and position, set at once before playing starts.</summary>
    public void SetInitialState(IReadOnlyList<int>? corners = null, float? x = null, float? y = null)
    {
        if (corners is not null && (corners.Count != 4 || corners.Any(c => c < 0 || c >= Model.Instruments.Count)))
            throw new ArgumentException($"corners: expected 4 instrument indexes in 0..{Model.Instruments.Count - 1}");
        _control.SetInitialState(corners, x, y);
        Volatile.Write(ref _snapshot, TakeSnapshot());
    }

    /// <summary>Thread-safe; applied at the next control frame.</summary>
    public void Post(in ControlEvent e) => _control.Post(e);

    /// <summary>Offline: computes one control frame now (do not mix with <see cref="StartWorker"/>).</summary>
    public void StepControl()
    {
        var frame = _ring.TryBeginWrite() ?? throw new InvalidOperationException("control frames are not being consumed: call Render for each frame");
        _control.Step(frame);
        _ring.EndWrite();
        // Views read the state at 50 Hz at most; publishing every 4th frame keeps the worker's
        // allocations (and so the garbage collections that pause the audio thread) low.
        if (++_framesSinceSnapshot >= SnapshotEveryFrames)
        {
            _framesSinceSnapshot = 0;
            Volatile.Write(ref _snapshot, TakeSnapshot());
        }
    }

    /// <summary>Audio thread: renders the next samples (mono). No allocation, lock or wait.</summary>
    public void Render(Span<float> output) => _audio.Render(output);

    /// <summary>
    /// Live: starts the control worker, which keeps enough decoded frames ready to cover one
    /// audio period of <paramref name="periodFrames"/> samples (one frame for periods up to a
    /// frame long): every frame decoded ahead is 5 ms more between a key and its sound.
    /// </summary>
    public void StartWorker(int periodFrames)
    {
        if (_worker is not null) return;
        _lookahead = FramesDecodedAhead(periodFrames, Hop);
        _running = true;
        _worker = new Thread(WorkerLoop) { IsBackground = true, Name = "nsynthbox-control", Priority = ThreadPriority.AboveNormal };
        _worker.Start();
        // Start the stream with its frames already decoded, so the first period is not late.
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (_ring.Ready < _lookahead && DateTime.UtcNow < deadline) Thread.Sleep(1);
    }

    /// <summary>Frames the live worker keeps decoded ahead for an audio period: enough to cover one period, at least one.</summary>
    public static int FramesDecodedAhead(int periodFrames, int hop) => Math.Max(1, (periodFrames + hop - 1) / hop);

    public void StopWorker()
    {
        _running = false;
        _worker?.Join();
        _worker = null;
    }

    private void WorkerLoop()
    {
        while (_running)
        {
            if (_ring.Ready < _lookahead && _ring.TryBeginWrite() is not null)
            {
                StepControl();
                continue;
            }
            // Frames last 5 ms; a 1 ms nap keeps the worker well inside that without spinning a core.
            Thread.Sleep(1);
        }
    }

    private InstrumentSnapshot TakeSnapshot() => new(
        _control.X, _control.Y,
        [_control.CornerInstrument(0), _control.CornerInstrument(1), _control.CornerInstrument(2), _control.CornerInstrument(3)],
        _control.Knobs.ToArray(), _control.ActiveVoices, _control.Frame, _audio.LateFrames, _audio.TakePeak());

    public void Dispose()
    {
        StopWorker();
        _decoder.Dispose();
    }
}
