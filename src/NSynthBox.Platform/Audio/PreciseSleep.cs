using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// Sleeps for a number of nanoseconds on the monotonic clock (clock_nanosleep), so a paced sink
/// wakes within the kernel's timer slack (50 us, none for a real-time thread) instead of
/// <see cref="Thread.Sleep(int)"/>'s whole milliseconds. Allocation-free.
/// </summary>
internal static class PreciseSleep
{
    public static unsafe void For(long nanoseconds)
    {
        if (nanoseconds <= 0) return;
        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, nanoseconds / 100)));
            return;
        }
        var request = new LibC.TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        // EINTR: return early; callers re-check their condition and sleep again.
        LibC.ClockNanosleep(LibC.CLOCK_MONOTONIC, 0, &request, null);
    }
}
