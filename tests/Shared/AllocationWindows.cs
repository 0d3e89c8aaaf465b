namespace NSynthBox.Tests.Shared;

/// <summary>
/// Allocation tests' measurement: the bytes <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts
/// over a window of work, repeated while a window reads non-zero (at most three windows).
/// </summary>
/// <remarks>
/// The counter also takes in the unused rest of the thread's allocation context when the runtime
/// retires it during the window (issue 19: 1.8 to 8 KB, no GC counted, no JIT on the thread, and the
/// bytes after the window's first object were one free-space filler of exactly that size; a window
/// that did nothing but spin on the clock read the same while the other test classes allocated). That
/// is rare and does not recur in the next window; code that allocates does so in every window of the
/// same work. So a test passes on the first clean window and fails, naming every reading, on none.
/// </remarks>
internal static class AllocationWindows
{
    public const int MostWindows = 3;

    /// <summary>Runs <paramref name="window"/> (which returns the bytes it counted) until one reads 0; returns every reading.</summary>
    public static long[] UntilClean(Func<long> window)
    {
        var readings = new List<long>();
        do readings.Add(window());
        while (readings[^1] != 0 && readings.Count < MostWindows);
        return [.. readings];
    }

    /// <summary>Windows of <paramref name="work"/> measured whole, until one reads 0.</summary>
    public static long[] UntilClean(Action work) => UntilClean(() =>
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        work();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    });

    /// <summary>Passes when the last window read 0 bytes.</summary>
    public static void AssertClean(long[] readings, string what) =>
        Assert.True(readings[^1] == 0, $"{what} allocated {string.Join(", ", readings)} bytes in {readings.Length} windows of the same work");
}
