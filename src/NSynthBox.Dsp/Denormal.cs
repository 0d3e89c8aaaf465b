namespace NSynthBox.Dsp;

/// <summary>
/// Keeps recursive filter state out of the subnormal range. .NET does not set the CPU's
/// flush-to-zero mode, and arithmetic on subnormal numbers can cost ~100 cycles per operation
/// on x86, so a decaying state would turn silence into a CPU spike. Values this small are far
/// below audibility, so setting them to exactly 0 changes nothing audible.
/// </summary>
internal static class Denormal
{
    /// <summary>Magnitudes below this are flushed (float subnormals start at 1.2e-38).</summary>
    internal const double Threshold = 1e-30;

    internal static void Flush(Span<double> state)
    {
        for (int i = 0; i < state.Length; i++)
        {
            if (Math.Abs(state[i]) < Threshold)
            {
                state[i] = 0;
            }
        }
    }

    internal static float Flush(float value) => MathF.Abs(value) < (float)Threshold ? 0f : value;
}
