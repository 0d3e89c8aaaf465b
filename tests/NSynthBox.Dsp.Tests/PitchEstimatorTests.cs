using NSynthBox.Dsp.Analysis;
using NSynthBox.Tests.Shared;
using Measure = NSynthBox.Tests.Shared.Signal;

namespace NSynthBox.Dsp.Tests;

public sealed class PitchEstimatorTests
{
    [Theory]
    [InlineData(44100, 41.2)]
    [InlineData(48000, 41.2)]
    [InlineData(44100, 110.0)]
    [InlineData(48000, 261.63)]
    [InlineData(44100, 440.0)]
    [InlineData(48000, 466.16)]
    [InlineData(44100, 1046.5)]
    [InlineData(48000, 1975.5)]
    public void A_harmonic_note_is_found_within_two_cents(int rate, double hz)
    {
        var note = TestNotes.Note(hz, rate, seconds: 1, leadSeconds: 0);
        var estimator = new PitchEstimator(rate);

        var frames = estimator.Track(note.AsSpan(rate / 20, rate / 2), rate / 50);

        Assert.NotEmpty(frames);
        Assert.All(frames, f => Assert.True(f.Voiced && Math.Abs(Measure.Cents(f.Hz, hz)) < 2,
            $"{f.Seconds:0.00} s: {f.Hz:0.00} Hz for {hz} Hz ({Measure.Cents(f.Hz, hz):0.0} cents)"));
    }

    [Fact]
    public void A_weak_fundamental_is_not_mistaken_for_its_octave()
    {
        // Fundamental at a tenth of the second harmonic's level: the period is still the fundamental's.
        const int rate = 48000;
        var x = Enumerable.Range(0, rate / 2).Select(n =>
        {
            var p = 2 * Math.PI * 220 * n / rate;
            return (float)(0.05 * Math.Sin(p) + 0.5 * Math.Sin(2 * p) + 0.3 * Math.Sin(3 * p) + 0.2 * Math.Sin(4 * p));
        }).ToArray();

        var frame = new PitchEstimator(rate).Estimate(x);

        Assert.True(frame.Voiced);
        Assert.InRange(Measure.Cents(frame.Hz, 220), -2, 2);
    }

    [Fact]
    public void Noise_has_no_pitch()
    {
        const int rate = 48000;
        var noise = TestNotes.Noise(rate, 1, 0.3);

        var frames = new PitchEstimator(rate).Track(noise, rate / 50);

        Assert.True(frames.Count(f => f.Voiced) <= frames.Count / 10, $"{frames.Count(f => f.Voiced)} of {frames.Count} noise frames voiced");
    }

    [Fact]
    public void Silence_has_no_pitch()
    {
        var frame = new PitchEstimator(48000).Estimate(new float[10000]);
        Assert.False(frame.Voiced);
    }
}
