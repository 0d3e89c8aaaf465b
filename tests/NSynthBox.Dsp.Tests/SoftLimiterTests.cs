namespace NSynthBox.Dsp.Tests;

public sealed class SoftLimiterTests
{
    private static readonly double CeilingMinus01Db = Math.Pow(10, -0.1 / 20);

    [Fact]
    public void Limiter_never_exceeds_minus_0_1_dBFS()
    {
        var random = new Random(1);
        var samples = new float[100_003];
        for (int n = 0; n < samples.Length; n++)
        {
            samples[n] = (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.NextDouble() * 8 - 2));
        }

        float[] extremes = [float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1f, -1f, 0.98855f, 1e30f];
        extremes.CopyTo(samples, 500);

        var limiter = new SoftLimiter();
        limiter.Process(samples);

        Assert.All(samples, sample => Assert.True(float.IsFinite(sample) && Math.Abs(sample) <= CeilingMinus01Db, $"{sample}"));
        Assert.True(SoftLimiter.Ceiling <= CeilingMinus01Db);
    }

    [Fact]
    public void Limiter_is_transparent_below_minus_6_dBFS()
    {
        var limiter = new SoftLimiter();
        for (double db = -60; db <= -6.0; db += 0.05)
        {
            float input = (float)Math.Pow(10, db / 20);
            double gainDb = 20 * Math.Log10(limiter.Process(input) / input);
            Assert.InRange(gainDb, -0.1, 0.1);
            Assert.Equal(-limiter.Process(input), limiter.Process(-input));
        }

        var sine = Enumerable.Range(0, 4800).Select(n => (float)(0.49 * Math.Sin(n * 0.05))).ToArray();
        var processed = (float[])sine.Clone();
        limiter.Process(processed);
        Assert.Equal(sine, processed);
    }

    [Fact]
    public void Curve_is_continuous_and_monotonic()
    {
        // Slope never exceeds 1 (no jump at the knee) and never goes negative.
        var limiter = new SoftLimiter();
        float previousX = 0, previousY = 0;
        for (int i = 1; i < 40000; i++)
        {
            float x = i * 1e-4f;
            float y = limiter.Process(x);
            Assert.True(y >= previousY && y - previousY <= (x - previousX) * 1.0001f, $"at {x}");
            (previousX, previousY) = (x, y);
        }
    }

    [Fact]
    public void Non_finite_input_becomes_zero_and_is_counted()
    {
        var limiter = new SoftLimiter();
        float[] samples = [0.1f, float.NaN, 0.2f, float.PositiveInfinity, float.NegativeInfinity, 0.3f, 0.1f, 0.1f, float.NaN];
        limiter.Process(samples);

        Assert.Equal([0.1f, 0f, 0.2f, 0f, 0f, 0.3f, 0.1f, 0.1f, 0f], samples);
        Assert.Equal(4, limiter.NonFiniteCount);
    }
}
