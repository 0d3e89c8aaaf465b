namespace NSynthBox.Platform.Latency;

/// <summary>
/// Records what a sink plays (as its <see cref="Audio.PeriodTap"/>) into preallocated arrays, with
/// when each period was handed on and how much audio was queued ahead of it, so that any sample can
/// be placed in time afterwards. Runs on the audio thread: no allocation, no lock; stops recording
/// when full.
/// </summary>
public sealed class AudioCapture
{
    private readonly float[] _samples;
    private readonly long[] _periodStart;
    private readonly long[] _periodTimestamp;
    private readonly long[] _periodQueued;
    private int _length;
    private int _periods;

    public AudioCapture(int sampleRate, double seconds, int periodFrames)
    {
        SampleRate = sampleRate;
        _samples = new float[(int)(sampleRate * seconds)];
        var periods = _samples.Length / Math.Max(1, periodFrames) + 2;
        _periodStart = new long[periods];
        _periodTimestamp = new long[periods];
        _periodQueued = new long[periods];
    }

    public int SampleRate { get; }

    /// <summary>Samples recorded so far.</summary>
    public int Length => Volatile.Read(ref _length);

    public ReadOnlySpan<float> Samples => _samples.AsSpan(0, Length);

    public void OnPeriod(ReadOnlySpan<float> mono, long timestamp, long queuedFrames)
    {
        var length = _length;
        if (_periods >= _periodStart.Length || length + mono.Length > _samples.Length) return;
        mono.CopyTo(_samples.AsSpan(length));
        _periodStart[_periods] = length;
        _periodTimestamp[_periods] = timestamp;
        _periodQueued[_periods] = queuedFrames;
        _periods++;
        Volatile.Write(ref _length, length + mono.Length);
    }

    /// <summary>
    /// When sample <paramref name="index"/> was handed to the sink, and when it left the output buffer
    /// (the hand-over plus the audio queued ahead of it), as <see cref="System.Diagnostics.Stopwatch"/> ticks.
    /// </summary>
    public (long ToSink, long ToOutput) TimeOf(int index)
    {
        var p = Array.BinarySearch(_periodStart, 0, _periods, index);
        if (p < 0) p = ~p - 1;
        var periodLength = (p + 1 < _periods ? _periodStart[p + 1] : Length) - _periodStart[p];
        var ahead = _periodQueued[p] >= 0 ? _periodQueued[p] - periodLength + (index - _periodStart[p]) : 0;
        return (_periodTimestamp[p], _periodTimestamp[p] + (long)(Math.Max(0, ahead) * (double)System.Diagnostics.Stopwatch.Frequency / SampleRate));
    }

    /// <summary>The first sample handed to the sink at or after <paramref name="timestamp"/>, or -1.</summary>
    public int FirstSampleAfter(long timestamp)
    {
        for (var p = 0; p < _periods; p++)
            if (_periodTimestamp[p] >= timestamp) return (int)_periodStart[p];
        return -1;
    }
}
