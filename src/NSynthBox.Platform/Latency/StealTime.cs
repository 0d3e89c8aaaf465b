using System.Globalization;

namespace NSynthBox.Platform.Latency;

/// <summary>
/// The "steal" column of /proc/stat: time this virtual machine's CPUs were ready to run but the
/// hypervisor ran something else. On a shared VM it explains glitches no program can avoid.
/// </summary>
public static class StealTime
{
    /// <summary>Seconds of steal since boot, summed over CPUs; 0 where /proc/stat has no such column.</summary>
    public static double Read(string path = "/proc/stat")
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (!line.StartsWith("cpu ", StringComparison.Ordinal)) continue;
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // cpu user nice system idle iowait irq softirq steal ... in USER_HZ (100 per second on Linux).
                return fields.Length > 8 ? long.Parse(fields[8], CultureInfo.InvariantCulture) / 100.0 : 0;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
