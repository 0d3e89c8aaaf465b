using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// Runs a property over generated cases with CsCheck, sized for CI by default. The environment
/// variable <see cref="IterationsVariable"/> multiplies every property's case count for a
/// longer run (docs/RELIABILITY.md). A case that runs longer than <see cref="CaseLimit"/>
/// fails the test and names its input, so a parser that loops forever cannot hang CI.
/// A failure names a CsCheck seed: rerun with CsCheck_Seed=... to replay it.
/// </summary>
internal static class Fuzz
{
    public const string IterationsVariable = "NSYNTHBOX_FUZZ_ITERATIONS";

    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(20);

    /// <summary>How many times the CI-sized case count each property runs (default 1).</summary>
    public static int Multiplier { get; } = ReadMultiplier(Environment.GetEnvironmentVariable(IterationsVariable));

    public static void Check<T>(Gen<T> gen, Action<T> property, int ciIterations, Func<T, string>? print = null)
    {
        print ??= value => CsCheck.Check.Print(value);
        var inFlight = new ConcurrentDictionary<int, (T Input, long Started)>();
        void Guarded(T input)
        {
            int thread = Environment.CurrentManagedThreadId;
            inFlight[thread] = (input, Stopwatch.GetTimestamp());
            try
            {
                property(input);
            }
            finally
            {
                inFlight.TryRemove(thread, out _);
            }
        }

        var run = Task.Factory.StartNew(
            () => gen.Sample(Guarded, iter: (long)ciIterations * Multiplier, print: print),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        while (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(200)))
        {
            foreach (var (input, started) in inFlight.Values)
            {
                if (Stopwatch.GetElapsedTime(started) > CaseLimit)
                {
                    // The stuck thread cannot be stopped; the test fails and names the input.
                    throw new TimeoutException($"A case ran for more than {CaseLimit.TotalSeconds} s (endless loop?): {print(input)}");
                }
            }
        }

        run.GetAwaiter().GetResult(); // CsCheck's failure: the shrunk input and the seed
    }

    public static string Hex(byte[] bytes) =>
        bytes.Length <= 512 ? $"{bytes.Length} bytes: {Convert.ToHexString(bytes)}" : $"{bytes.Length} bytes: {Convert.ToHexString(bytes, 0, 512)}...";

    internal static int ReadMultiplier(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 1;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n
            : throw new InvalidOperationException($"{IterationsVariable}={value}: expected a whole number >= 1 (how many times the CI-sized run)");
    }
}
