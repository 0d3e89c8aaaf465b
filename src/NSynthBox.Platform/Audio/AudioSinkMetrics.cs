namespace NSynthBox.Platform.Audio;

/// <summary>
/// Counters a sink keeps while it plays, written by the audio thread and read by anyone
/// (logs, web panel, tests) without locks.
/// </summary>
public sealed class AudioSinkMetrics
{
    private long _periods;
    private long _underruns;
    private long _underrunsAfterLateWakeup;
    private long _reopens;
    private long _droppedFrames;
    private int _playing;

    /// <summary>Periods handed to the device (or file, or null clock).</summary>
    public long Periods => Volatile.Read(ref _periods);

    /// <summary>Times the output buffer ran dry (ALSA -EPIPE) or was suspended (-ESTRPIPE), each recovered.</summary>
    public long Underruns => Volatile.Read(ref _underruns);

    /// <summary>
    /// Of <see cref="Underruns"/>, those where the audio thread woke over half a period later than it
    /// asked to (paced sinks only): the machine did not run it in time, the engine was not slow.
    /// </summary>
    public long UnderrunsAfterLateWakeup => Volatile.Read(ref _underrunsAfterLateWakeup);

    /// <summary>Times the device disappeared (unplugged, -ENODEV...) and was opened again.</summary>
    public long Reopens => Volatile.Read(ref _reopens);

    /// <summary>Frames lost on the way to a file because its writer fell behind (WAV sink only).</summary>
    public long DroppedFrames => Volatile.Read(ref _droppedFrames);

    /// <summary>True while a device is open and periods are flowing.</summary>
    public bool Playing => Volatile.Read(ref _playing) != 0;

    /// <summary>What the audio thread's scheduling ended up as (null until it started).</summary>
    public RealtimeResult? Realtime { get; internal set; }

    internal void AddPeriod() => Volatile.Write(ref _periods, _periods + 1);

    internal void AddUnderrun(bool lateWakeup = false)
    {
        if (lateWakeup) Volatile.Write(ref _underrunsAfterLateWakeup, _underrunsAfterLateWakeup + 1);
        Volatile.Write(ref _underruns, _underruns + 1);
    }

    internal void AddReopen() => Interlocked.Increment(ref _reopens);

    internal void AddDroppedFrames(int frames) => Volatile.Write(ref _droppedFrames, _droppedFrames + frames);

    internal void SetPlaying(bool playing) => Volatile.Write(ref _playing, playing ? 1 : 0);
}
