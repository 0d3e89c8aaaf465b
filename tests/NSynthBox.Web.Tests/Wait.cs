using System.Diagnostics;

namespace NSynthBox.Web.Tests;

internal static class Wait
{
    /// <summary>Polls until the condition holds; fails with the message (and the last observed value) otherwise.</summary>
    public static async Task UntilAsync(Func<bool> condition, Func<string> describe, double seconds = 8)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds) Assert.Fail($"not within {seconds} s: {describe()}");
            await Task.Delay(10);
        }
    }
}
