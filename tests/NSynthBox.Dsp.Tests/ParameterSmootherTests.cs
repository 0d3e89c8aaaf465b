namespace NSynthBox.Dsp.Tests;

public sealed class ParameterSmootherTests
{
    [Fact]
    public void Ramp_is_linear_and_lands_exactly_on_the_target()
    {
        var smoother = new ParameterSmoother(48000, rampSeconds: 0.01, initialValue: 0.2f);
        smoother.SetTarget(0.9f);
        var values = new float[480];
        smoother.Fill(values);

        Assert.Equal(0.9f, values[^1]);
        Assert.False(smoother.IsSmoothing);
        for (int n = 1; n < values.Length; n++)
        {
            Assert.Equal(0.7 / 480, values[n] - values[n - 1], 1e-7);
        }
    }

    [Fact]
    public void Apply_multiplies_by_the_smoothed_gain()
    {
        var smoother = new ParameterSmoother(1000, rampSeconds: 0.004, initialValue: 1f);
        smoother.SetTarget(0f);
        var buffer = Enumerable.Repeat(2f, 8).ToArray();
        smoother.Apply(buffer);

        Assert.Equal([1.5f, 1f, 0.5f, 0f, 0f, 0f, 0f, 0f], buffer);
    }

    [Fact]
    public void Non_finite_targets_are_ignored()
    {
        var smoother = new ParameterSmoother(48000, initialValue: 0.5f);
        smoother.SetTarget(float.NaN);
        smoother.SetTarget(float.PositiveInfinity);

        Assert.Equal(0.5f, smoother.Next());
        Assert.False(smoother.IsSmoothing);
    }
}
