using System.Diagnostics;

namespace NSynthBox.Engine;

/// <summary>
/// Where the audio thread is, published after every render call so that the control worker can
/// decode each frame just before the audio needs it. The audio thread writes under a sequence
/// counter and never waits; a reader that catches a write in progress reads again.
/// </summary>
/// <remarks>
/// Render calls come when the device (or the paced sinks' clock) has room, never before, so
/// "now - samples rendered / rate" at the start of a call is the device clock's origin plus that
/// call's wake-up delay. The smallest value over the last half second or so is the estimate of
/// the origin: it follows drift between the device and the system clock, and a restart after an
/// underrun, within a second.
/// </remarks>
internal sealed class AudioPosition(int sampleRate)
{
    private readonly double _ticksPerSample = (double)Stopwatch.Frequency / sampleRate;
    private readonly int _windowSamples = sampleRate / 2;
    private long _windowMin = long.MaxValue, _previousWindowMin = long.MaxValue;
    private int _samplesInWindow;

    private long _sequence;
    private long _origin;
    private long _rendered;
    private long _framesTaken;
    private int _untilNextFrame;
    private int _period;

    /// <summary>One consistent reading.</summary>
    /// <param name="Origin">Stopwatch ticks at which sample 0 would have been rendered had every call come as early as the device allows.</param>
    /// <param name="Rendered">Samples rendered so far.</param>
    /// <param name="FramesTaken">Control frames the audio has taken from the ring.</param>
    /// <param name="UntilNextFrame">Samples after <paramref name="Rendered"/> at which the audio takes its next frame.</param>
    /// <param name="Period">Samples in the latest render call.</param>
    public readonly record struct Reading(long Origin, long Rendered, long FramesTaken, int UntilNextFrame, int Period);

    public double TicksPerSample => _ticksPerSample;

    /// <summary>Audio thread, at the start of a render call.</summary>
    public long OnRenderStart(long renderedBefore, int period)
    {
        var candidate = Stopwatch.GetTimestamp() - (long)(renderedBefore * _ticksPerSample);
        _windowMin = Math.Min(_windowMin, candidate);
        _samplesInWindow += period;
        if (_samplesInWindow >= _windowSamples)
        {
            _previousWindowMin = _windowMin;
            _windowMin = long.MaxValue;
            _samplesInWindow = 0;
        }
        return Math.Min(_windowMin, _previousWindowMin);
    }

    /// <summary>Audio thread, at the end of a render call. No lock, no wait.</summary>
    public void Publish(long origin, long rendered, long framesTaken, int untilNextFrame, int period)
    {
        Interlocked.Increment(ref _sequence); // odd: a write is in progress (full fence: the fields cannot move above it)
        Volatile.Write(ref _origin, origin);
        Volatile.Write(ref _rendered, rendered);
        Volatile.Write(ref _framesTaken, framesTaken);
        Volatile.Write(ref _untilNextFrame, untilNextFrame);
        Volatile.Write(ref _period, period);
        Volatile.Write(ref _sequence, _sequence + 1);
    }

    /// <summary>Any thread: the latest reading, or false before the first render call.</summary>
    public bool TryRead(out Reading reading)
    {
        while (true)
        {
            var before = Volatile.Read(ref _sequence);
            if (before == 0)
            {
                reading = default;
                return false;
            }
            reading = new Reading(Volatile.Read(ref _origin), Volatile.Read(ref _rendered), Volatile.Read(ref _framesTaken),
                Volatile.Read(ref _untilNextFrame), Volatile.Read(ref _period));
            Interlocked.MemoryBarrier();
            if ((before & 1) == 0 && Volatile.Read(ref _sequence) == before) return true;
            Thread.Yield();
        }
    }
}
