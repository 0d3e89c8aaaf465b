using System.Diagnostics;

namespace NSynthBox.Platform.Latency;

/// <summary>
/// Watches the sink's periods (as its <see cref="Audio.PeriodTap"/>) for the first sample above a
/// threshold after <see cref="Arm"/>, and notes when that period was handed on and how much audio
/// was queued ahead of it. Runs on the audio thread: no allocation, no lock.
/// </summary>
public sealed class LatencyProbe(float threshold = 1e-4f)
{
    private int _armed;
    private int _captured;
    private long _timestamp;
    private int _offset;
    private int _periodFrames;
    private long _queued;
    private long _silentPeriods;

    /// <summary>Consecutive periods in which every sample was below the threshold.</summary>
    public long SilentPeriods => Volatile.Read(ref _silentPeriods);

    public bool Captured => Volatile.Read(ref _captured) != 0;

    /// <summary>Looks for the next sound from now on.</summary>
    public void Arm()
    {
        Volatile.Write(ref _captured, 0);
        Volatile.Write(ref _armed, 1);
    }

    public void OnPeriod(ReadOnlySpan<float> mono, long timestamp, long queuedFrames)
    {
        var first = -1;
        for (var i = 0; i < mono.Length; i++)
        {
            if (MathF.Abs(mono[i]) > threshold)
            {
                first = i;
                break;
            }
        }
        Volatile.Write(ref _silentPeriods, first < 0 ? _silentPeriods + 1 : 0);
        if (first < 0 || Volatile.Read(ref _armed) == 0) return;
        _timestamp = timestamp;
        _offset = first;
        _periodFrames = mono.Length;
        _queued = queuedFrames;
        Volatile.Write(ref _armed, 0);
        Volatile.Write(ref _captured, 1);
    }

    /// <summary>Waits for the sound the probe was armed for.</summary>
    /// <returns>When its period was handed on (<see cref="Stopwatch"/> ticks), its offset in that period, the period length, and the frames then queued.</returns>
    public (long Timestamp, int Offset, int PeriodFrames, long QueuedFrames)? Wait(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!Captured)
        {
            if (Stopwatch.GetTimestamp() > deadline) return null;
            Thread.Sleep(1);
        }
        return (_timestamp, _offset, _periodFrames, _queued);
    }

    /// <summary>Waits until <paramref name="periods"/> silent periods in a row have gone by.</summary>
    public bool WaitForSilence(int periods, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (SilentPeriods < periods)
        {
            if (Stopwatch.GetTimestamp() > deadline) return false;
            Thread.Sleep(2);
        }
        return true;
    }
}
