using System.Diagnostics;
using System.Numerics;
using System.Reflection;
using Xunit.Abstractions;

namespace NSynthBox.Dsp.Tests;

/// <summary>
/// Reports the oscillator's cost (not a timed assertion: CI machines vary). Meaningful only for a
/// Release build: dotnet test -c Release --filter PerformanceReport --logger "console;verbosity=detailed".
/// Runs alone (its own non-parallel collection) and reports process CPU time besides wall time,
/// which is less disturbed by other processes on a busy machine.
/// </summary>
[Collection(nameof(PerformanceReport))]
public sealed class PerformanceReport(ITestOutputHelper output)
{
    [Fact]
    public void Report_nanoseconds_per_harmonic_sample()
    {
        const int voices = 16, harmonics = 80;
        var settings = SynthSettings.Default;
        bool optimized = typeof(HarmonicOscillator).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled != true;

        // Process CPU time ticks in 10 ms on Linux, so each run must take well over that.
        int voiceFrames = optimized ? 10 * settings.FrameRate : 10;
        int noiseFrames = optimized ? 100 * settings.FrameRate : 10;
        var oscillators = new HarmonicOscillator[voices];
        var amplitudes = new float[settings.Harmonics];
        for (int k = 0; k < harmonics; k++)
        {
            amplitudes[k] = 0.1f / (k + 1);
        }

        for (int v = 0; v < voices; v++)
        {
            // f0 <= 21.6 kHz / 80 keeps all 80 harmonics below the alias fade.
            oscillators[v] = new HarmonicOscillator(settings);
            oscillators[v].Start(0.1 * v, 100f + 10f * v, amplitudes);
        }

        var bank = new FilteredNoiseBank(settings);
        var gains = Enumerable.Repeat(0.01f, settings.NoiseBands).ToArray();
        var block = new float[settings.Hop];

        (double Wall, double Cpu) Measure(Action render)
        {
            double wall = double.MaxValue, cpu = double.MaxValue;
            using var process = Process.GetCurrentProcess();
            for (int run = 0; run < 3; run++)
            {
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                render();
                wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
                process.Refresh();
                cpu = Math.Min(cpu, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
            }

            return (wall, cpu);
        }

        // Inharmonicity: every oscillator on the stretched path (its own phase per partial).
        const float stretch = 1e-5f; // small enough that all 80 partials stay under the alias fade, as on the exact path
        var stretched = new HarmonicOscillator[voices];
        for (int v = 0; v < voices; v++)
        {
            stretched[v] = new HarmonicOscillator(settings);
            stretched[v].Start(0.1 * v, 100f + 10f * v, amplitudes);
        }

        void Render(HarmonicOscillator[] set, float b)
        {
            for (int f = 0; f < voiceFrames; f++)
            {
                Array.Clear(block);
                for (int v = 0; v < voices; v++)
                {
                    set[v].SetFrame(100f + 10f * v + (f & 1), amplitudes, b);
                    set[v].Render(block, 0);
                }
            }
        }

        void RenderVoices() => Render(oscillators, 0f);
        void RenderStretched() => Render(stretched, stretch);

        void RenderNoise()
        {
            for (int f = 0; f < noiseFrames; f++)
            {
                bank.SetFrame(gains);
                bank.Render(block, 0);
            }
        }

        RenderVoices(); // warm-up
        RenderStretched();
        RenderNoise();
        var voiceTime = Measure(RenderVoices);
        var stretchedTime = Measure(RenderStretched);
        var noiseTime = Measure(RenderNoise);
        double voiceSeconds = (double)voiceFrames / settings.FrameRate;
        double noiseSeconds = (double)noiseFrames / settings.FrameRate;
        double harmonicSamples = voices * harmonics * voiceSeconds * settings.SampleRate;
        double samples = noiseSeconds * settings.SampleRate;
        output.WriteLine(optimized ? "Release build" : "DEBUG BUILD: JIT optimisation disabled, numbers are meaningless; use -c Release");
        output.WriteLine($"Vector<float>.Count = {Vector<float>.Count}, hardware accelerated: {Vector.IsHardwareAccelerated}");
        output.WriteLine($"oscillator: {voiceTime.Wall * 1e9 / harmonicSamples:F3} ns per harmonic-sample wall, {voiceTime.Cpu * 1e9 / harmonicSamples:F3} CPU; " +
                         $"{voices} voices x {harmonics} harmonics at 48 kHz = {100 * voiceTime.Cpu / voiceSeconds:F2} % of one core (CPU time)");
        output.WriteLine($"stretched partials (B = {stretch:0e0}): {stretchedTime.Wall * 1e9 / harmonicSamples:F3} ns per harmonic-sample wall, " +
                         $"{stretchedTime.Cpu * 1e9 / harmonicSamples:F3} CPU: {stretchedTime.Cpu / voiceTime.Cpu:F2}x the exact harmonic path");
        output.WriteLine($"noise bank ({bank.ActiveBands} bands, shared): {noiseTime.Wall * 1e9 / samples:F1} ns per sample wall, {noiseTime.Cpu * 1e9 / samples:F1} CPU " +
                         $"= {100 * noiseTime.Cpu / noiseSeconds:F3} % of one core");
        Assert.All(block, sample => Assert.True(float.IsFinite(sample)));
    }
}

/// <summary>Keeps the performance report from running alongside other tests.</summary>
[CollectionDefinition(nameof(PerformanceReport), DisableParallelization = true)]
public sealed class PerformanceCollection;
