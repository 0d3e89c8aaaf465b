using System.Numerics;

namespace NSynthBox.Dsp.Tests;

public sealed class FastSineTests
{
    [Fact]
    public void Polynomial_sine_is_within_1e_6_of_math_sin_over_the_whole_cycle()
    {
        double maxError = 0;
        var lanes = new int[Vector<int>.Count];
        for (long p = int.MinValue; p <= int.MaxValue; p += 65537L * lanes.Length)
        {
            for (int i = 0; i < lanes.Length; i++)
            {
                lanes[i] = (int)Math.Clamp(p + 65537L * i, int.MinValue, int.MaxValue);
            }

            var sine = FastSine.Sin2PiFixed(new Vector<int>(lanes));
            for (int i = 0; i < lanes.Length; i++)
            {
                double exact = Math.Sin(2 * Math.PI * lanes[i] / 4294967296.0);
                maxError = Math.Max(maxError, Math.Abs(sine[i] - exact));
            }
        }

        Assert.True(maxError < 1e-6, $"max error {maxError:E2}");
    }
}
