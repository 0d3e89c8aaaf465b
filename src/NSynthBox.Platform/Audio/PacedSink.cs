using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// A sink without a sound card that still behaves like one: its audio thread consumes periods at
/// real-time pace against a simulated buffer of the configured size (so the engine's control worker,
/// MIDI timing and latency are what they would be on the device), and counts an underrun when the
/// producer lets that buffer run dry.
/// </summary>
public abstract class PacedSink : IAudioSink
{
    private readonly AudioOptions _options;
    private PeriodRenderer? _renderer;
    private PlaybackClock? _clock;
    private Thread? _thread;
    private bool _abort;
    private float[] _mono = [];
    private long _periodTicks;
    private readonly ManualResetEventSlim _realtimeAsked = new();

    protected PacedSink(AudioOptions options, ILogger? logger)
    {
        options.Validate();
        _options = options;
        Logger = logger ?? NullLogger.Instance;
        Format = new AudioStreamFormat(options.SampleRate, options.PeriodFrames, options.Periods, 1, SampleFormat.Float32);
    }

    protected ILogger Logger { get; }

    public abstract string Description { get; }

    public AudioStreamFormat Format { get; }

    public AudioSinkMetrics Metrics { get; } = new();

    public PeriodTap? Tap { get; set; }

    public void Start(AudioRenderCallback render)
    {
        ArgumentNullException.ThrowIfNull(render);
        if (_thread is not null) throw new InvalidOperationException("the sink is already started");
        Prepare(render);
        OnStarting();
        _thread = new Thread(Play) { IsBackground = true, Name = "nsynthbox-audio", Priority = ThreadPriority.Highest };
        _thread.Start();
        // The audio thread asks for real-time scheduling first; the outcome is logged here, not there.
        _realtimeAsked.Wait(TimeSpan.FromSeconds(2));
        if (Metrics.Realtime is { } rt)
        {
            if (rt.Granted) Logger.LogInformation("{Realtime}", rt.Message);
            else if (_options.RealtimePriority > 0) Logger.LogWarning("{Realtime}", rt.Message);
        }
    }

    public void Stop()
    {
        var thread = _thread;
        if (thread is null) return;
        _renderer!.RequestFade();
        if (!thread.Join(TimeSpan.FromSeconds(2)))
        {
            Volatile.Write(ref _abort, true);
            thread.Join();
        }
        _thread = null;
        OnStopped();
    }

    public void Dispose()
    {
        Stop();
        GC.SuppressFinalize(this);
        _realtimeAsked.Dispose();
        Dispose(true);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>Before the audio thread starts (e.g. open the output file).</summary>
    protected virtual void OnStarting()
    {
    }

    /// <summary>Audio thread: the period just rendered. Must not allocate, lock or wait.</summary>
    protected abstract void Consume(ReadOnlySpan<float> mono);

    /// <summary>After the audio thread ended (e.g. finish the file).</summary>
    protected virtual void OnStopped()
    {
    }

    internal void Prepare(AudioRenderCallback render)
    {
        _renderer = new PeriodRenderer(render, Format.SampleRate);
        _clock = new PlaybackClock(Format.SampleRate, Format.BufferFrames);
        _mono = new float[Format.PeriodFrames];
        _periodTicks = Format.PeriodFrames * Stopwatch.Frequency / Format.SampleRate;
    }

    private void Play()
    {
        Metrics.Realtime = RealtimeScheduling.TryRaiseCurrentThread(_options.RealtimePriority);
        _realtimeAsked.Set();
        Metrics.SetPlaying(true);
        try
        {
            while (!Volatile.Read(ref _abort) && !RunPeriod())
            {
            }
        }
        finally
        {
            Metrics.SetPlaying(false);
        }
    }

    /// <summary>One period at real-time pace; true when it was the faded-out last one. Allocation-free.</summary>
    internal bool RunPeriod()
    {
        var clock = _clock!;
        var wokeLate = clock.WaitForSpace(_mono.Length, ref _abort);
        if (clock.RanDry)
        {
            // Woken over half a period late: the scheduler did not run the audio thread (normal is ~0.1 ms).
            Metrics.AddUnderrun(lateWakeup: wokeLate * 2 > _periodTicks);
            clock.Restart();
        }
        var last = _renderer!.Render(_mono);
        Consume(_mono);
        clock.Commit(_mono.Length);
        Metrics.AddPeriod();
        Tap?.Invoke(_mono, Stopwatch.GetTimestamp(), clock.Queued);
        return last;
    }
}
