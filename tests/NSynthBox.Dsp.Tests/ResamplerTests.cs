using NSynthBox.Tests.Shared;
using Measure = NSynthBox.Tests.Shared.Signal;

namespace NSynthBox.Dsp.Tests;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(44100, 48000)]
    [InlineData(22050, 48000)]
    [InlineData(96000, 48000)]
    [InlineData(32000, 48000)]
    public void A_tone_keeps_its_pitch_level_and_duration(int from, int to)
    {
        var x = Sine(1000, 0.5, from, from);

        var y = Resampler.Resample(x, from, to);

        Assert.Equal(to, y.Length);
        var middle = y.AsSpan(to / 4, to / 2);
        Assert.InRange(Measure.Cents(Measure.PitchHz(middle, to, 1000), 1000), -0.5, 0.5);
        Assert.InRange(Measure.Db(Measure.Rms(middle) / (0.5 / Math.Sqrt(2))), -0.05, 0.05);
    }

    [Fact]
    public void Downsampling_removes_what_would_alias()
    {
        // 30 kHz at 96 kHz would fold to 18 kHz at 48 kHz without the low-pass.
        var x = Sine(30000, 0.5, 96000, 96000);

        var y = Resampler.Resample(x, 96000, 48000);

        Assert.True(Measure.Db(Measure.Rms(y.AsSpan(4800, 38400)) / (0.5 / Math.Sqrt(2))) < -70, "the 30 kHz tone came through");
    }

    [Fact]
    public void Equal_rates_copy()
    {
        float[] x = [0.1f, -0.2f, 0.3f];
        var y = Resampler.Resample(x, 48000, 48000);
        Assert.Equal(x, y);
        Assert.NotSame(x, y);
    }

    private static float[] Sine(double hz, double amplitude, int rate, int count) =>
        Enumerable.Range(0, count).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * hz * n / rate))).ToArray();
}
