using System.Diagnostics;
using System.Globalization;

namespace NSynthBox.Web;

/// <summary>
/// CPU use of one named thread of this process (e.g. the engine's "nsynthbox-control" worker),
/// read from Linux's /proc/self/task/*/schedstat (nanoseconds on the CPU), falling back to the
/// tick counts of .../stat. Elsewhere, or before the thread exists, it reads null.
/// </summary>
public sealed class ThreadCpuMeter
{
    private const int LinuxNameLength = 15; // the kernel keeps the first 15 bytes of a thread's name
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux the box runs on
    private readonly string _name;
    private readonly TimeSpan _window;
    private readonly Lock _gate = new();
    private string? _taskDir;
    private double _lastCpuSeconds;
    private long _lastTimestamp;
    private double? _value;

    /// <param name="threadName">The thread's name as .NET set it (only its first 15 characters are compared).</param>
    /// <param name="window">The shortest span a reading averages over; sooner calls repeat the last reading.</param>
    public ThreadCpuMeter(string threadName, TimeSpan? window = null)
    {
        _name = threadName.Length > LinuxNameLength ? threadName[..LinuxNameLength] : threadName;
        _window = window ?? TimeSpan.FromMilliseconds(500);
    }

    /// <summary>The engine's control worker.</summary>
    public static ThreadCpuMeter ControlWorker() => new("nsynthbox-control");

    /// <summary>Fraction of one core (0..1, more if the thread could use several) since the previous reading; null when unknown.</summary>
    public double? Read()
    {
        if (!OperatingSystem.IsLinux()) return null;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (_taskDir is not null && Stopwatch.GetElapsedTime(_lastTimestamp, now) < _window) return _value;
            var cpu = _taskDir is null ? null : CpuSeconds(_taskDir);
            if (cpu is null)
            {
                // Not found yet, or the thread ended (the engine restarted its worker): look again.
                _taskDir = FindTask();
                _value = null;
                if (_taskDir is not null && CpuSeconds(_taskDir) is { } first)
                {
                    _lastCpuSeconds = first;
                    _lastTimestamp = now;
                }
                else
                {
                    _taskDir = null;
                }
                return null;
            }
            var elapsed = Stopwatch.GetElapsedTime(_lastTimestamp, now).TotalSeconds;
            _value = elapsed > 0 ? Math.Max(0, (cpu.Value - _lastCpuSeconds) / elapsed) : _value;
            _lastCpuSeconds = cpu.Value;
            _lastTimestamp = now;
            return _value;
        }
    }

    private string? FindTask()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n') == _name) return dir;
                }
                catch (IOException)
                {
                    // The thread ended while we looked.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static double? CpuSeconds(string taskDir)
    {
        try
        {
            var schedstat = Path.Combine(taskDir, "schedstat");
            if (File.Exists(schedstat))
            {
                var first = File.ReadAllText(schedstat).Split(' ', 2)[0];
                if (long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var ns)) return ns / 1e9;
            }
            // stat: "tid (name) state ..." with utime and stime the 14th and 15th fields; the name may hold spaces.
            var stat = File.ReadAllText(Path.Combine(taskDir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
