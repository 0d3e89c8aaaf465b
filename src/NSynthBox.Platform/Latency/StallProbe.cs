using System.Diagnostics;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Latency;

/// <summary>
/// Tells the machine's stalls from the engine's: one thread per CPU (pinned to it, at the audio
/// thread's real-time priority) sleeps 1 ms at a time and records every wake-up that came later
/// than <c>threshold</c>. When such a thread, which does nothing else, could not run, neither
/// could the audio thread: an underrun during that time is the machine's (a hypervisor taking
/// the virtual CPU, a kernel holding it), not the engine's. Stop it before reading <see cref="Stalls"/>.
/// </summary>
public sealed class StallProbe : IDisposable
{
    private const int Capacity = 4096;
    private static readonly long SleepTicks = Stopwatch.Frequency / 1000;
    private readonly Thread[] _threads;
    private readonly long[][] _starts;
    private readonly long[][] _ends;
    private readonly int[] _counts;
    private readonly long _thresholdTicks;
    private readonly int _priority;
    private volatile bool _stop;

    public StallProbe(int realtimePriority, TimeSpan threshold)
    {
        _priority = realtimePriority;
        _thresholdTicks = (long)(threshold.TotalSeconds * Stopwatch.Frequency);
        var cpus = Math.Clamp(Environment.ProcessorCount, 1, 64);
        _threads = new Thread[cpus];
        _starts = new long[cpus][];
        _ends = new long[cpus][];
        _counts = new int[cpus];
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            _starts[cpu] = new long[Capacity];
            _ends[cpu] = new long[Capacity];
            var index = cpu;
            _threads[cpu] = new Thread(() => Watch(index)) { IsBackground = true, Name = $"stall-probe-{cpu}" };
            _threads[cpu].Start();
        }
    }

    public TimeSpan Threshold => TimeSpan.FromSeconds(_thresholdTicks / (double)Stopwatch.Frequency);

    /// <summary>Whether the probe threads got real-time priority (without it they measure ordinary scheduling).</summary>
    public bool Realtime { get; private set; }

    /// <summary>Stopwatch timestamps (start, end) of each time a probe thread could not run for longer than the threshold.</summary>
    public IReadOnlyList<(long Start, long End)> Stalls
    {
        get
        {
            var all = new List<(long, long)>();
            for (var t = 0; t < _threads.Length; t++)
            {
                for (var i = 0; i < Math.Min(Volatile.Read(ref _counts[t]), Capacity); i++) all.Add((_starts[t][i], _ends[t][i]));
            }
            all.Sort();
            return all;
        }
    }

    /// <summary>True when a stall overlaps [from, to] (Stopwatch timestamps).</summary>
    public static bool Overlaps(IReadOnlyList<(long Start, long End)> stalls, long from, long to) =>
        stalls.Any(s => s.Start <= to && s.End >= from);

    private unsafe void Watch(int cpu)
    {
        if (OperatingSystem.IsLinux()) // cpu < 64: the constructor watches at most 64
        {
            var mask = 1UL << cpu;
            LibC.SchedSetAffinity(0, sizeof(ulong), &mask);
        }
        if (RealtimeScheduling.TryRaiseCurrentThread(_priority, "stall probe").Granted) Realtime = true;
        var expected = Stopwatch.GetTimestamp() + SleepTicks;
        while (!_stop)
        {
            PreciseSleep.For(1_000_000);
            var now = Stopwatch.GetTimestamp();
            if (now - expected > _thresholdTicks)
            {
                var n = _counts[cpu];
                if (n < Capacity)
                {
                    _starts[cpu][n] = expected;
                    _ends[cpu][n] = now;
                }
                Volatile.Write(ref _counts[cpu], n + 1);
            }
            expected = now + SleepTicks;
        }
    }

    public void Dispose()
    {
        _stop = true;
        foreach (var thread in _threads) thread.Join();
    }
}
