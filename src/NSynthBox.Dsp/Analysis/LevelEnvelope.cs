namespace NSynthBox.Dsp.Analysis;

/// <summary>
/// Short-time level of a signal: RMS in dBFS every <c>hop</c> samples over the <c>window</c> samples
/// that end there (silence floors at <see cref="FloorDb"/>). The window should span a period of the
/// lowest note, or the level ripples at its frequency and looks like new onsets.
/// </summary>
public static class LevelEnvelope
{
    public const double FloorDb = -120;

    public static double[] Compute(ReadOnlySpan<float> signal, int hop, int window = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hop, 1);
        window = Math.Max(window, hop);
        var levels = new double[(signal.Length + hop - 1) / hop];
        // Running sum of squares in double: exact enough over minutes, and linear in the signal's length.
        var prefix = new double[signal.Length + 1];
        for (var i = 0; i < signal.Length; i++) prefix[i + 1] = prefix[i] + (double)signal[i] * signal[i];
        for (var f = 0; f < levels.Length; f++)
        {
            var end = Math.Min(signal.Length, (f + 1) * hop);
            var start = Math.Max(0, end - window);
            var mean = Math.Max(0, prefix[end] - prefix[start]) / (end - start);
            levels[f] = mean > 0 ? Math.Max(FloorDb, 10 * Math.Log10(mean)) : FloorDb;
        }
        return levels;
    }
}
