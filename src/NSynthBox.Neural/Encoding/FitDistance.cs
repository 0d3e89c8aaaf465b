namespace NSynthBox.Neural.Encoding;

/// <summary>
/// How far predicted band powers are from a recording's (dB): the mean absolute difference after
/// matching overall level (a recording's gain is arbitrary) over the frames within 40 dB of the
/// loudest, with both floored <c>rangeDb</c> below the recording's loudest band
/// (models/pipeline/encoder.py fit_distance).
/// </summary>
public static class FitDistance
{
    public static double Compute(ReadOnlySpan<float> predictedDb, ReadOnlySpan<float> realDb, int frames, int bands, double rangeDb)
    {
        var top = double.NegativeInfinity;
        foreach (var v in realDb) top = Math.Max(top, v);
        var floor = top - rangeDb;
        Span<double> frameReal = frames <= 1024 ? stackalloc double[frames] : new double[frames];
        Span<double> framePred = frames <= 1024 ? stackalloc double[frames] : new double[frames];
        var loudest = double.NegativeInfinity;
        for (var f = 0; f < frames; f++)
        {
            frameReal[f] = PowerSumDb(realDb.Slice(f * bands, bands));
            framePred[f] = PowerSumDb(predictedDb.Slice(f * bands, bands));
            loudest = Math.Max(loudest, frameReal[f]);
        }
        double gainSum = 0;
        var loud = 0;
        for (var f = 0; f < frames; f++)
        {
            if (frameReal[f] < loudest - 40) continue;
            gainSum += frameReal[f] - framePred[f];
            loud++;
        }
        var gain = gainSum / loud;
        double sum = 0;
        for (var i = 0; i < frames * bands; i++)
        {
            var pred = Math.Max(predictedDb[i] + gain, floor);
            var real = Math.Max(realDb[i], floor);
            sum += Math.Abs(pred - real);
        }
        return sum / (frames * bands);
    }

    private static double PowerSumDb(ReadOnlySpan<float> db)
    {
        var max = double.NegativeInfinity;
        foreach (var v in db) max = Math.Max(max, v);
        double sum = 0;
        foreach (var v in db) sum += Math.Pow(10, (v - max) / 10);
        return max + 10 * Math.Log10(sum);
    }
}
