using NSynthBox.Engine;
using NSynthBox.Neural;
using NSynthBox.Platform.Audio;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Platform.Tests;

/// <summary>A folder under /tmp for one test, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("nsynthbox-platform-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The committed model, loaded once.</summary>
internal static class TestModel
{
    private static readonly Lazy<ModelPackage> Package = new(() => ModelPackage.Load(RepoPaths.Model));

    public static ModelPackage Model => Package.Value;

    public static SynthEngine NewEngine(int polyphony = 8) => new(Model, new EngineSettings { Polyphony = polyphony });
}

internal static class Wait
{
    public static bool Until(Func<bool> condition, double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(2);
        }
        return true;
    }
}

internal static class Options
{
    /// <summary>Test audio settings: small periods, an ordinary thread (no SCHED_FIFO in the test host), no mlockall.</summary>
    public static AudioOptions Audio(string device = "null", int period = 64, int periods = 2) =>
        new() { Device = device, PeriodFrames = period, Periods = periods, RealtimePriority = 0, LockMemory = false };
}
