namespace NSynthBox.Dsp.Tests;

public sealed class FilteredNoiseBankTests
{
    [Theory]
    [InlineData(8000, 17)]
    [InlineData(32000, 22)]
    [InlineData(48000, 24)]
    public void Bands_above_0_45_of_the_sample_rate_are_skipped(int sampleRate, int expectedBands)
    {
        Assert.Equal(expectedBands, new FilteredNoiseBank(new SynthSettings(sampleRate: sampleRate)).ActiveBands);
    }

    [Fact]
    public void One_bank_fed_summed_gains_equals_one_bank_per_voice()
    {
        // The engine relies on this: noise costs the same for any number of voices.
        var settings = SynthSettings.Default;
        var random = new Random(5);
        float[] Gains() => Enumerable.Range(0, settings.NoiseBands).Select(_ => (float)random.NextDouble() * 0.2f).ToArray();
        var voiceA = Enumerable.Range(0, 6).Select(_ => Gains()).ToArray();
        var voiceB = Enumerable.Range(0, 6).Select(_ => Gains()).ToArray();

        var a = Render(settings, voiceA);
        var b = Render(settings, voiceB);
        var shared = Render(settings, voiceA.Zip(voiceB, (x, y) => x.Zip(y, (p, q) => p + q).ToArray()).ToArray());

        for (int n = 0; n < shared.Length; n++)
        {
            Assert.Equal(a[n] + b[n], shared[n], 1e-6f);
        }
    }

    [Fact]
    public void Single_band_noise_is_centred_on_its_band()
    {
        var settings = SynthSettings.Default;
        var gains = new float[settings.NoiseBands];
        gains[12] = 1f; // 40 * 500^(12/23) = 1.02 kHz
        double centre = 40 * Math.Pow(500, 12.0 / 23);
        var audio = Render(settings, Enumerable.Repeat(gains, 200).ToArray());

        double atCentre = Signal.PowerAt(audio, centre, settings.SampleRate);
        Assert.True(atCentre > 30 * Signal.PowerAt(audio, centre * 4, settings.SampleRate));
        Assert.True(atCentre > 30 * Signal.PowerAt(audio, centre / 4, settings.SampleRate));
    }

    [Fact]
    public void Long_silence_after_noise_leaves_no_subnormal_state()
    {
        var settings = SynthSettings.Default;
        var bank = new FilteredNoiseBank(settings);
        var loud = Enumerable.Repeat(0.3f, settings.NoiseBands).ToArray();
        var silent = new float[settings.NoiseBands];
        var block = new float[settings.Hop];

        for (int i = 0; i < 200; i++)
        {
            bank.SetFrame(loud);
            bank.Render(block, 0);
        }

        for (int i = 0; i < 2000; i++)
        {
            Array.Clear(block);
            bank.SetFrame(silent);
            bank.Render(block, 0);
        }

        Assert.All(block, sample => Assert.Equal(0f, sample));
        foreach (double z in bank.FilterState)
        {
            Assert.False(double.IsSubnormal(z), $"subnormal filter state {z}");
        }
    }

    [Fact]
    public void Denormal_guard_flushes_tiny_state_to_zero()
    {
        double[] state = [1e-310, -1e-320, 1e-31, 0.5, -2e-30];
        Denormal.Flush(state);
        Assert.Equal([0, 0, 0, 0.5, -2e-30], state);
        Assert.Equal(0f, Denormal.Flush(1e-40f));
    }

    private static float[] Render(SynthSettings settings, float[][] frames)
    {
        var bank = new FilteredNoiseBank(settings);
        var audio = new float[(frames.Length - 1) * settings.Hop];
        bank.SetFrame(frames[0]);
        for (int i = 0; i + 1 < frames.Length; i++)
        {
            bank.SetFrame(frames[i + 1]);
            bank.Render(audio.AsSpan(i * settings.Hop, settings.Hop), 0);
        }

        return audio;
    }
}
