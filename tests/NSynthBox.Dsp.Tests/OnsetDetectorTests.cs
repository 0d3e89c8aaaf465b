using NSynthBox.Dsp.Analysis;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Dsp.Tests;

public sealed class OnsetDetectorTests
{
    private const int Rate = 48000;
    private const int Hop = 240;
    private const int Window = 1440;

    [Fact]
    public void One_note_after_silence_has_one_onset_where_it_starts()
    {
        var x = TestNotes.Note(440, Rate, seconds: 1.5, leadSeconds: 0.5);

        var region = new OnsetDetector().Find(LevelEnvelope.Compute(x, Hop, Window))!;

        Assert.Single(region.Onsets);
        Assert.InRange(region.Start * Hop / (double)Rate, 0.49, 0.51);
    }

    [Fact]
    public void A_second_note_struck_while_the_first_rings_is_a_second_onset()
    {
        var x = new float[Rate * 3];
        TestNotes.AddNote(x, 0, 440, Rate, 2.5, 0.5);
        TestNotes.AddNote(x, Rate, 440, Rate, 1.5, 0.5);

        var region = new OnsetDetector().Find(LevelEnvelope.Compute(x, Hop, Window))!;

        Assert.Equal(2, region.Onsets.Count);
        Assert.InRange(region.Onsets[1] * Hop / (double)Rate, 0.97, 1.01);
    }

    [Fact]
    public void A_slow_swell_is_one_onset()
    {
        // 40 dB up over 400 ms, then held.
        var x = Enumerable.Range(0, Rate * 2).Select(n =>
        {
            var t = (double)n / Rate;
            var gainDb = Math.Min(0, -40 + 100 * t);
            return (float)(0.5 * Math.Pow(10, gainDb / 20) * Math.Sin(2 * Math.PI * 330 * t));
        }).ToArray();

        var region = new OnsetDetector().Find(LevelEnvelope.Compute(x, Hop, Window))!;

        Assert.Single(region.Onsets);
    }

    [Fact]
    public void Silence_has_no_region()
    {
        Assert.Null(new OnsetDetector().Find(LevelEnvelope.Compute(new float[Rate], Hop, Window)));
    }
}
