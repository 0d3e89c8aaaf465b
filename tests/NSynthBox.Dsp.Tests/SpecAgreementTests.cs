using Xunit.Abstractions;

namespace NSynthBox.Dsp.Tests;

/// <summary>
/// The fast renderer against a plain float64 transcription of the spec, fed the same float32
/// parameters: isolates the kernel's own error (polynomial sine, float32 amplitudes) from the
/// rounding of the inputs, at sample rates the Python reference files do not cover.
/// </summary>
public sealed class SpecAgreementTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(32000)]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(96000)]
    public void Fast_renderer_matches_float64_spec_within_2e_6(int sampleRate)
    {
        var settings = new SynthSettings(sampleRate: sampleRate);
        var frames = new RandomFrames(settings, frames: 12, seed: sampleRate);
        const double phase0 = 0.37;

        var fast = new HarmonicNoiseSynth(settings).Render(frames.F0, frames.Harmonics, frames.Noise, phase0);
        var exact = SpecRenderer.Render(
            settings, frames.F0AsDouble, RandomFrames.AsDouble(frames.Harmonics), RandomFrames.AsDouble(frames.Noise), phase0);

        double error = Signal.MaxAbsDifference(fast, exact);
        double peak = exact.Max(Math.Abs);
        output.WriteLine($"{sampleRate} Hz: max |error| {error:E2}, peak {peak:F3}");
        Assert.True(peak > 0.2);
        Assert.True(error <= 2e-6, $"max |error| {error:E3}");
    }
}
