using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// Plays through an ALSA PCM device. Two threads: an opener that opens the device (retrying with
/// back-off while it is missing or after it disappears, and doing all the logging), and the audio
/// thread that, per period, waits for room (snd_pcm_wait), renders, converts to the device format in
/// a preallocated buffer and writes (snd_pcm_writei). Underruns and suspends are recovered with
/// snd_pcm_recover and counted; the audio thread never allocates, locks or logs.
/// </summary>
public sealed unsafe class AlsaSink : IAudioSink
{
    private const int WaitTimeoutMs = 1000;

    private readonly AudioOptions _options;
    private readonly ILogger _logger;
    private readonly Func<AudioOptions, IPcmDevice> _open;
    private readonly TimeSpan _retryMin;
    private readonly TimeSpan _retryMax;
    private readonly ManualResetEventSlim _stopSignal = new();
    private PeriodRenderer? _renderer;
    private Thread? _opener;
    private bool _abort;
    private int _streamResult;
    private float[] _mono = [];
    private byte[] _bytes = [];
    private string _description;
    private AudioStreamFormat _format;

    public AlsaSink(AudioOptions options, ILogger? logger = null)
        : this(options, logger, AlsaPcmDevice.Open)
    {
    }

    internal AlsaSink(AudioOptions options, ILogger? logger, Func<AudioOptions, IPcmDevice> open, TimeSpan? retryMin = null, TimeSpan? retryMax = null)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _open = open;
        _retryMin = retryMin ?? TimeSpan.FromMilliseconds(250);
        _retryMax = retryMax ?? TimeSpan.FromSeconds(5);
        _format = new AudioStreamFormat(options.SampleRate, options.PeriodFrames, options.Periods, options.Channels, options.Format);
        _description = $"ALSA '{options.Device}' (not open yet)";
    }

    public string Description => Volatile.Read(ref _description);

    public AudioStreamFormat Format => Volatile.Read(ref _format);

    public AudioSinkMetrics Metrics { get; } = new();

    public PeriodTap? Tap { get; set; }

    public void Start(AudioRenderCallback render)
    {
        ArgumentNullException.ThrowIfNull(render);
        if (_opener is not null) throw new InvalidOperationException("the sink is already started");
        _renderer = new PeriodRenderer(render, _options.SampleRate);
        _opener = new Thread(OpenAndPlay) { IsBackground = true, Name = "nsynthbox-audio-open" };
        _opener.Start();
    }

    public void Stop()
    {
        var opener = _opener;
        if (opener is null) return;
        _renderer!.RequestFade();
        _stopSignal.Set();
        // The fade and drain take a few milliseconds; a device that stopped answering gets cut off.
        if (!opener.Join(TimeSpan.FromSeconds(2)))
        {
            Volatile.Write(ref _abort, true);
            opener.Join(TimeSpan.FromSeconds(3));
        }
        _opener = null;
    }

    public void Dispose()
    {
        Stop();
        _stopSignal.Dispose();
    }

    private void OpenAndPlay()
    {
        var delay = _retryMin;
        string? lastError = null;
        var opened = false;
        while (!_stopSignal.IsSet)
        {
            IPcmDevice device;
            try
            {
                device = _open(_options);
            }
            catch (AudioDeviceException e)
            {
                if (e.Message != lastError)
                {
                    _logger.LogWarning("{Error}; trying again every {Seconds:0.#} s, the rest of the box keeps running", e.Message, _retryMax.TotalSeconds);
                    lastError = e.Message;
                }
                if (_stopSignal.Wait(delay)) break;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _retryMax.Ticks));
                continue;
            }

            lastError = null;
            delay = _retryMin;
            int result;
            using (device)
            {
                Prepare(device);
                if (opened)
                {
                    Metrics.AddReopen();
                    _logger.LogWarning("audio device is back: {Description}", Description);
                }
                else
                {
                    _logger.LogInformation("audio: {Description}", Description);
                }
                result = PlayOnAudioThread(device, logRealtime: !opened);
                opened = true;
            }
            if (result >= 0) break; // stopped after the fade-out
            _logger.LogWarning("audio device '{Device}' lost ({Error}); reopening it, the rest of the box keeps running",
                _options.Device, LibAsoundText(result));
            if (_stopSignal.Wait(delay)) break;
        }
        Metrics.SetPlaying(false);
    }

    private static string LibAsoundText(int error)
    {
        try
        {
            return LibAsound.ErrorText(error);
        }
        catch (DllNotFoundException)
        {
            return LibC.ErrorText(-error);
        }
    }

    /// <summary>Tests: the render side without starting the threads (then <see cref="Prepare"/> and <see cref="RunPeriod"/>).</summary>
    internal void UseRenderer(AudioRenderCallback render) => _renderer = new PeriodRenderer(render, _options.SampleRate);

    /// <summary>Sizes the buffers for the device (the only allocation, once per open).</summary>
    internal void Prepare(IPcmDevice device)
    {
        var f = device.Format;
        if (_mono.Length != f.PeriodFrames) _mono = new float[f.PeriodFrames];
        var bytes = SampleConverter.BytesNeeded(f.PeriodFrames, f.Channels, f.SampleFormat);
        if (_bytes.Length != bytes) _bytes = GC.AllocateArray<byte>(bytes, pinned: true);
        Volatile.Write(ref _format, f);
        Volatile.Write(ref _description, $"ALSA '{device.Name}' {f}{(device.NeedsPacing ? ", paced by the system clock" : "")}");
    }

    private int PlayOnAudioThread(IPcmDevice device, bool logRealtime)
    {
        using var started = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            var rt = RealtimeScheduling.TryRaiseCurrentThread(_options.RealtimePriority);
            Metrics.Realtime ??= rt;
            started.Set();
            Volatile.Write(ref _streamResult, Play(device));
        }) { IsBackground = true, Name = "nsynthbox-audio", Priority = ThreadPriority.Highest };
        thread.Start();
        started.Wait();
        if (logRealtime && Metrics.Realtime is { } r)
        {
            if (r.Granted) _logger.LogInformation("{Realtime}", r.Message);
            else if (_options.RealtimePriority > 0) _logger.LogWarning("{Realtime}", r.Message);
        }
        thread.Join();
        return Volatile.Read(ref _streamResult);
    }

    /// <summary>The audio thread's loop: 0 when it stopped after the fade-out, negative errno when the device was lost.</summary>
    internal int Play(IPcmDevice device)
    {
        var clock = device.NeedsPacing ? new PlaybackClock(device.Format.SampleRate, device.Format.BufferFrames) : null;
        Metrics.SetPlaying(true);
        try
        {
            while (!Volatile.Read(ref _abort))
            {
                var rc = RunPeriod(device, clock);
                if (rc < 0) return rc;
                if (rc == 1)
                {
                    device.Drain();
                    return 0;
                }
            }
            return 0;
        }
        finally
        {
            Metrics.SetPlaying(false);
        }
    }

    /// <summary>
    /// One period: wait for room, render, convert, write. 0 = go on, 1 = that was the faded-out
    /// last period, negative = unrecoverable device error. Allocation-free.
    /// </summary>
    internal int RunPeriod(IPcmDevice device, PlaybackClock? clock)
    {
        var format = device.Format;
        var frames = format.PeriodFrames;
        if (clock is not null)
        {
            clock.WaitForSpace(frames, ref _abort);
        }
        else
        {
            var ready = device.Wait(WaitTimeoutMs);
            if (ready == 0) return -Errno.EIO; // the device stopped taking samples
            if (ready < 0 && !TryRecover(device, ready)) return ready;
        }

        var mono = _mono.AsSpan(0, frames);
        var last = _renderer!.Render(mono);
        SampleConverter.Convert(mono, _bytes, format.Channels, format.SampleFormat);
        var frameBytes = format.Channels * format.BytesPerSample;
        fixed (byte* start = _bytes)
        {
            var done = 0;
            while (done < frames)
            {
                var n = device.Write(start + done * frameBytes, frames - done);
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }
                if (n == 0 || n == -Errno.EAGAIN)
                {
                    if (device.Wait(WaitTimeoutMs) == 0) return -Errno.EIO;
                    continue;
                }
                if (!TryRecover(device, (int)n)) return (int)n;
            }
        }
        clock?.Commit(frames);
        Metrics.AddPeriod();
        Tap?.Invoke(mono, Stopwatch.GetTimestamp(), clock?.Queued ?? device.Delay());
        return last ? 1 : 0;
    }

    private bool TryRecover(IPcmDevice device, int error)
    {
        if (error is -Errno.EPIPE or -Errno.ESTRPIPE) Metrics.AddUnderrun();
        else if (error != -Errno.EINTR) return false;
        return device.Recover(error) >= 0;
    }
}
