using System.Diagnostics;
using NSynthBox.Dsp;
using NSynthBox.Neural;

namespace NSynthBox.Engine;

/// <summary>
/// The instrument: control events in, audio out. The control half (events, voices, neural
/// decoding) runs either on its own worker thread (<see cref="StartWorker"/>, live playing) or
/// inline one frame at a time (<see cref="StepControl"/>, offline rendering); the audio half
/// (<see cref="Render"/>) is called by the audio thread or the offline renderer.
/// Live, the worker decodes each frame just in time: shortly before the audio thread will take it
/// (measured decode time plus a margin that follows how late the worker's wake-ups are), so events
/// reach the very next frame; a Note On wakes it at once, and a note on a free voice starts at the
/// next audio period with its first frame decoded there and then.
/// </summary>
public sealed class SynthEngine : IDisposable
{
    /// <summary>
    /// Least lead kept before the audio needs a frame, besides the decode time and the worker's
    /// measured wake-up lateness. Each late frame adds a millisecond (up to a whole frame, which is
    /// decoding a frame ahead); it comes back down by a millisecond every 10 s on time.
    /// </summary>
    public const double DecodeMarginMilliseconds = 1.0;

    /// <summary>A decode that has not returned after this long is reported as a stall.</summary>
    public static readonly TimeSpan StallReportAfter = TimeSpan.FromMilliseconds(250);

    private static readonly long TicksPerMillisecond = Stopwatch.Frequency / 1000;

    private readonly NeuralDecoder _decoder;
    private readonly ExecutionProviderKind _provider; // the one asked for (WarmUpLivePaths' throwaway engine asks for it too)
    private readonly ControlProcessor _control;
    private readonly FrameRing _ring;
    private readonly OnsetMailbox _onsets;
    private readonly AudioRenderer _audio;
    private readonly AutoResetEvent _wake = new(false);
    private readonly long _frameTicks;
    private Thread? _worker;
    private Thread? _watchdog;
    private readonly ManualResetEventSlim _watchdogStop = new(false);
    private volatile bool _running;
    private bool _workerStuck;
    private int _lookahead = 1;
    private InstrumentSnapshot _snapshot;
    private const int SnapshotEveryFrames = 4;
    private int _framesSinceSnapshot;

    // Worker state (worker thread only, except where read with Volatile/Interlocked).
    private ControlFrame? _pending;        // the frame being prepared, taken from the ring but not yet published
    private int _noteOnPosted;
    private int _movePosted;
    private double _decodeTicks;           // recent worst decode time, decaying
    private double _lateWakeTicks;         // recent worst lateness of the worker's timed waits, decaying
    private double _marginTicks;           // DecodeMarginMilliseconds, raised by late frames
    private long _lateSeen;
    private long _retryAt;                 // after a failed decode: not before this
    private long _decodingSince;           // timestamp while inside the decoder, else 0 (watchdog)
    private long _troubleSince;            // first failure or stall of the current episode, else 0
    private long _lateAtTrouble;
    private int _stallReported;
    private long _decoderFailures;
    private long _onsetsSent;
    private long _retargetsSent;

    public SynthEngine(ModelPackage model, EngineSettings settings, ExecutionProviderKind provider = ExecutionProviderKind.Cpu)
        : this(model, settings, provider, decodeDouble: null)
    {
    }

    /// <summary>Tests: <paramref name="decodeDouble"/> wraps the decoder's Decode (to make it throw or block).</summary>
    internal SynthEngine(ModelPackage model, EngineSettings settings, ExecutionProviderKind provider, Func<Action<int>, Action<int>>? decodeDouble)
    {
        settings.Validate();
        if (settings.SampleRate % model.FrameRate != 0)
            throw new ArgumentException($"sample rate {settings.SampleRate}: must be a multiple of the model's frame rate ({model.FrameRate} Hz), e.g. 48000");
        Model = model;
        Settings = settings;
        Synth = new SynthSettings(settings.SampleRate, model.FrameRate, model.Harmonics, model.NoiseBands,
            model.Synth.NoiseLowHz, model.Synth.NoiseHighHz, model.Synth.AliasFade, model.Synth.NoiseSeed);
        _provider = provider;
        _decoder = new NeuralDecoder(model, settings.Polyphony, provider);
        _decoder.WarmUp();
        _control = new ControlProcessor(model, _decoder, settings, decodeDouble);
        _ring = new FrameRing(8, () => new ControlFrame(settings.Polyphony, model.Harmonics, model.NoiseBands));
        _onsets = new OnsetMailbox(2 * settings.Polyphony, model.Harmonics, model.NoiseBands);
        _audio = new AudioRenderer(_ring, _onsets, Synth, settings.Polyphony, model.HasOutput(DecoderOutputs.SubAmplitudes), model.HasOutput(DecoderOutputs.Layer));
        _frameTicks = Stopwatch.Frequency / model.FrameRate;
        _marginTicks = DecodeMarginMilliseconds * TicksPerMillisecond;
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

    /// <summary>Notes that started at an audio period inside a frame, ahead of their frame (live only).</summary>
    public long EarlyOnsets => _audio.EarlyOnsets;

    /// <summary>Live: sounding voices that glided to a new finger position part-way through a frame (<see cref="NoteOnset.Retarget"/>).</summary>
    public long Retargets => _audio.Retargets;

    /// <summary>Onset bursts sounding now (tests; read between render calls).</summary>
    internal int ActiveBursts => _audio.ActiveBursts;

    /// <summary>New notes whose first frame the worker sent to the audio thread ahead of their frame.</summary>
    internal long OnsetsSent => Volatile.Read(ref _onsetsSent);

    /// <summary>Voices sent ahead of their frame at a new finger position (live).</summary>
    internal long RetargetsSent => Volatile.Read(ref _retargetsSent);

    /// <summary>Glides the audio did not need: the frame decoded at the new position reached it first (a worker that was behind).</summary>
    internal long RetargetsOvertaken => _audio.RetargetsOvertaken;

    /// <summary>
    /// Of the voice-frames prepared so far, the share that ran the decoder (settled voices run it every
    /// other frame, <see cref="EngineSettings.DecodeSettledVoicesEveryOtherFrame"/>); 1 before any.
    /// </summary>
    public double DecodedShare => _control.VoiceFrames == 0 ? 1.0 : (double)_control.DecodedVoiceFrames / _control.VoiceFrames;

    /// <summary>Decodes that threw (each retried a frame later; voices hold their last frame meanwhile).</summary>
    public long DecoderFailures => Volatile.Read(ref _decoderFailures);

    /// <summary>
    /// Called once when decoding starts failing or stalls (not once per frame), with a line for the
    /// log; <see cref="DecoderRecovered"/> is called once when frames flow again. Called on the
    /// worker or the watchdog thread, never the audio thread.
    /// </summary>
    public Action<string>? DecoderTrouble { get; set; }

    public Action<string>? DecoderRecovered { get; set; }

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

    /// <summary>Thread-safe; applied at the next control frame (a Note On live: at the next audio period when a voice is free).</summary>
    public void Post(in ControlEvent e)
    {
        _control.Post(e);
        if (e.Kind == ControlKind.NoteOn && e.Value > 0f && _running)
        {
            Volatile.Write(ref _noteOnPosted, 1);
            _wake.Set();
        }
        else if (e.Kind == ControlKind.Position2D && _running)
        {
            Volatile.Write(ref _movePosted, 1);
            _wake.Set();
        }
    }

    /// <summary>Offline: computes one control frame now (do not mix with <see cref="StartWorker"/>).</summary>
    public void StepControl()
    {
        var frame = _ring.TryBeginWrite() ?? throw new InvalidOperationException("control frames are not being consumed: call Render for each frame");
        _control.Step(frame);
        _ring.EndWrite();
        AfterFrame();
    }

    private void AfterFrame()
    {
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
    /// Live: starts the control worker for an audio period of <paramref name="periodFrames"/> samples.
    /// It keeps at most <see cref="FramesDecodedAhead"/> frames ready and decodes each as late as is
    /// safe; before the audio starts it decodes that many, so the first period is not late.
    /// </summary>
    /// <param name="onWorkerThread">Runs first on the worker thread (the live box raises it to real-time priority there).</param>
    public void StartWorker(int periodFrames, Action? onWorkerThread = null)
    {
        if (_worker is not null) return;
        _lookahead = FramesDecodedAhead(periodFrames, Hop);
        _running = true;
        _worker = new Thread(() =>
        {
            onWorkerThread?.Invoke();
            WorkerLoop();
        }) { IsBackground = true, Name = "nsynthbox-control", Priority = ThreadPriority.AboveNormal };
        _worker.Start();
        // Its own thread, not a pool timer: a busy thread pool must not hide a stuck decoder.
        _watchdogStop.Reset();
        _watchdog = new Thread(() =>
        {
            while (!_watchdogStop.Wait(50)) Watch();
        }) { IsBackground = true, Name = "nsynthbox-watchdog" };
        _watchdog.Start();
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (_ring.Ready < _lookahead && DateTime.UtcNow < deadline) Thread.Sleep(1);
    }

    /// <summary>
    /// Frames the live worker may keep decoded ahead for an audio period: enough for one render
    /// call to find every frame it crosses, at least one (1 for periods up to a frame long).
    /// </summary>
    public static int FramesDecodedAhead(int periodFrames, int hop) => Math.Max(1, (periodFrames + hop - 1) / hop);

    /// <summary>Stops the worker; one stuck in the decoder is left behind after 2 s (and the decoder is then never disposed under it).</summary>
    public void StopWorker()
    {
        _running = false;
        _wake.Set();
        if (_worker is not null && !_worker.Join(TimeSpan.FromSeconds(2))) _workerStuck = true;
        _worker = null;
        _watchdogStop.Set();
        _watchdog?.Join();
        _watchdog = null;
    }

    private void WorkerLoop()
    {
        while (_running)
        {
            if (Interlocked.Exchange(ref _noteOnPosted, 0) != 0) StartNewNotes();
            if (Interlocked.Exchange(ref _movePosted, 0) != 0) SendFingerMove();
            var now = Stopwatch.GetTimestamp();
            var wait = NextDecodeAt(now) - now;
            // Waits are whole milliseconds: under one left, decode now (a little early is safe).
            if (wait < TicksPerMillisecond)
            {
                DecodeNextFrame();
                continue;
            }
            var ms = (int)Math.Min(wait / TicksPerMillisecond, 100); // look again at least every 100 ms
            var asked = now + ms * TicksPerMillisecond;
            if (!_wake.WaitOne(ms))
            {
                var late = Stopwatch.GetTimestamp() - asked;
                _lateWakeTicks = Math.Max(Math.Max(late, 0), _lateWakeTicks * 0.999);
            }
        }
    }

    /// <summary>When to start decoding the next frame so it is published before the audio thread needs it.</summary>
    private long NextDecodeAt(long now)
    {
        if (now < _retryAt) return _retryAt;
        var ready = _ring.Ready;
        // Before the audio plays: keep the pre-roll.
        if (!_audio.Position.TryRead(out var p)) return ready < _lookahead ? now : now + TicksPerMillisecond;
        // The frames published after this one are taken at the frame boundaries after the next one.
        var ahead = _ring.Published - p.FramesTaken;
        var untilNeeded = p.UntilNextFrame + ahead * Hop;
        var call = untilNeeded / p.Period; // the render call that crosses that boundary (0 = the next one)
        var needed = p.Origin + (long)((p.Rendered + call * p.Period) * _audio.Position.TicksPerSample);
        var lead = _decodeTicks * _lookahead + _lateWakeTicks + _marginTicks;
        var start = needed - (long)lead;
        return ready >= _lookahead ? Math.Max(start, now + TicksPerMillisecond) : start;
    }

    private ControlFrame? PendingFrame()
    {
        if (_pending is not null) return _pending;
        var frame = _ring.TryBeginWrite();
        if (frame is not null) _control.Begin(frame);
        return _pending = frame;
    }

    /// <summary>A Note On arrived: apply the events now and send the new notes' first frames to the audio thread.</summary>
    private void StartNewNotes() => SendAhead(retarget: false);

    /// <summary>The finger moved: apply the events now and send the sounding voices' values at the new position to the audio thread.</summary>
    /// <remarks>
    /// The extra decode can delay the next frame's by one decode; the frame lead's margin covers that, and widens
    /// itself if a frame comes late. (Skipping moves made while a decode was due made the glide depend on timing.)
    /// </remarks>
    private void SendFingerMove() => SendAhead(retarget: true);

    private void SendAhead(bool retarget)
    {
        var frame = PendingFrame();
        if (frame is null) return;
        _control.ApplyEvents(frame);
        Volatile.Write(ref _decodingSince, Stopwatch.GetTimestamp());
        try
        {
            if (retarget) Interlocked.Add(ref _retargetsSent, _control.SendRetargets(frame, _onsets));
            else Interlocked.Add(ref _onsetsSent, _control.SendOnsets(frame, _onsets));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // These voices are heard with their frame instead; that frame's decode reports the failure.
        }
        finally
        {
            Volatile.Write(ref _decodingSince, 0);
        }
    }

    private void DecodeNextFrame()
    {
        var frame = PendingFrame();
        if (frame is null)
        {
            _wake.WaitOne(1); // the audio is not taking frames (stopped): nothing to prepare
            return;
        }
        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _decodingSince, started);
        try
        {
            _control.Finish(frame);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The frame stays in preparation; the audio holds its last frame and counts the misses.
            Volatile.Write(ref _decodingSince, 0);
            Interlocked.Increment(ref _decoderFailures);
            _retryAt = Stopwatch.GetTimestamp() + _frameTicks;
            if (Interlocked.CompareExchange(ref _troubleSince, started, 0) == 0)
            {
                _lateAtTrouble = LateFrames;
                DecoderTrouble?.Invoke($"control worker: decoding failed ({e.GetType().Name}: {e.Message}); voices hold their last frame, retrying every frame");
            }
            return;
        }
        var ended = Stopwatch.GetTimestamp();
        Volatile.Write(ref _decodingSince, 0);
        _ring.EndWrite();
        _pending = null;
        AfterFrame();
        _decodeTicks = Math.Max(ended - started, _decodeTicks * 0.995);
        AdaptMargin();
        var since = Interlocked.Exchange(ref _troubleSince, 0);
        if (since != 0)
        {
            Volatile.Write(ref _stallReported, 0);
            DecoderRecovered?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"control worker: decoding works again after {(ended - since) / (double)Stopwatch.Frequency:0.00} s ({LateFrames - _lateAtTrouble} frames held)"));
        }
    }

    /// <summary>Late frames since the last look widen the margin by 1 ms each (up to a frame); frames on time narrow it slowly.</summary>
    private void AdaptMargin()
    {
        var late = LateFrames;
        var least = DecodeMarginMilliseconds * TicksPerMillisecond;
        if (late > _lateSeen) _marginTicks = Math.Min(_frameTicks, _marginTicks + (late - _lateSeen) * TicksPerMillisecond);
        else _marginTicks = Math.Max(least, _marginTicks - TicksPerMillisecond / (10.0 * Model.FrameRate));
        _lateSeen = late;
    }

    /// <summary>Lead currently kept before the audio needs a frame (decode time, wake-up lateness and margin), in ms: for reports.</summary>
    public double DecodeLeadMilliseconds => (_decodeTicks * _lookahead + _lateWakeTicks + _marginTicks) / TicksPerMillisecond;

    /// <summary>Watchdog thread, every 50 ms: a decoder that does not return cannot report itself.</summary>
    private void Watch()
    {
        var since = Volatile.Read(ref _decodingSince);
        if (since == 0 || Stopwatch.GetTimestamp() - since < StallReportAfter.TotalSeconds * Stopwatch.Frequency) return;
        if (Interlocked.Exchange(ref _stallReported, 1) != 0) return;
        if (Interlocked.CompareExchange(ref _troubleSince, since, 0) == 0) _lateAtTrouble = LateFrames;
        DecoderTrouble?.Invoke($"control worker: the decoder has not returned for {StallReportAfter.TotalSeconds:0.00} s; voices hold their last frame");
    }

    /// <summary>
    /// The share of voice-frames the last <see cref="WarmUpLivePaths"/> decoded (tests): under 1 when its voices
    /// settled, so the worker's paths for settled voices (decoded every other frame) ran there too.
    /// </summary>
    internal double WarmUpDecodedShare { get; private set; } = 1.0;

    /// <summary>
    /// Plays a few notes through a throwaway engine's live worker and renderer (the output is
    /// dropped), so that the real engine's real-time threads find those paths compiled. Without it
    /// the first key press after start-up cost an audio underrun (and, into a WAV sink, two late
    /// control frames) while every later one cost none: the runtime compiles each method on first use.
    /// </summary>
    public TimeSpan WarmUpLivePaths(int periodFrames)
    {
        var watch = Stopwatch.StartNew();
        var engine = new SynthEngine(Model, Settings, _provider);
        try
        {
            engine.StartWorker(periodFrames);
            var output = new float[periodFrames];
            var period = TimeSpan.FromSeconds((double)periodFrames / Settings.SampleRate);
            // Enough periods (0.35 s) for the note's onset, held frames, a finger move, the voices settling
            // again (decoded every other frame, VoiceDecodes) and the release to each pass through the worker
            // and the renderer; two notes, so a second voice starts beside the first. Released after 64 ms
            // at 128-sample periods, as before voices were decoded every other frame, no voice had settled
            // (all of the voice-frames decoded, three runs): those paths were left to the first held chord.
            var samples = 0;
            for (var i = 0; samples < Settings.SampleRate * 0.35; i++, samples += periodFrames)
            {
                if (i == 0) engine.Post(ControlEvent.NoteOn(60, 0.8f));
                if (i == 8) engine.Post(ControlEvent.NoteOn(67, 0.8f));
                if (i == 16) engine.Post(ControlEvent.Position2D(0.7f, 0.3f));
                if (samples < Settings.SampleRate * 0.25 && samples + periodFrames >= Settings.SampleRate * 0.25) engine.Post(ControlEvent.AllNotesOff());
                engine.Render(output);
                Thread.Sleep(period);
            }
            WarmUpDecodedShare = engine.DecodedShare;
        }
        finally
        {
            engine.Dispose();
        }
        // Its buffers are garbage now: collected here, not in a pause while the real engine plays.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return watch.Elapsed;
    }

    private InstrumentSnapshot TakeSnapshot() => new(
        _control.X, _control.Y,
        [_control.CornerInstrument(0), _control.CornerInstrument(1), _control.CornerInstrument(2), _control.CornerInstrument(3)],
        _control.Knobs.ToArray(), _control.ActiveVoices, _control.Frame, _audio.LateFrames, _audio.TakePeak());

    public void Dispose()
    {
        StopWorker();
        if (_workerStuck) return; // the stuck worker still uses the decoder and the wake event
        _decoder.Dispose();
        _wake.Dispose();
        _watchdogStop.Dispose();
    }
}
