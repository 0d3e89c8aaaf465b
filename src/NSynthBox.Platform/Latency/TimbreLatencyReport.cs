using System.Globalization;
using System.Text;
using NSynthBox.Platform.Audio;

namespace NSynthBox.Platform.Latency;

/// <summary>Finger move to heard timbre change, over a number of moves.</summary>
public sealed record TimbreLatencyReport(string Sink, AudioStreamFormat Format, double PositionSmoothingSeconds, IReadOnlyList<TimbreLatencySample> Samples, int Missed)
{
    public string ToText()
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"finger move (top edge <-> bottom edge) to heard timbre change: {Samples.Count} moves{(Missed > 0 ? $", {Missed} without a measurable change" : "")}");
        if (Samples.Count > 0)
        {
            var low = Samples.Average(x => Math.Min(x.CentroidBeforeHz, x.CentroidAfterHz));
            var high = Samples.Average(x => Math.Max(x.CentroidBeforeHz, x.CentroidAfterHz));
            s.AppendLine(inv, $"spectral centroid {low:0} Hz <-> {high:0} Hz (256-sample windows, so +-2.7 ms); position smoothing {PositionSmoothingSeconds * 1000:0} ms");
        }
        s.AppendLine("                      min   median      max  (ms)");
        void Row(string name, Func<TimbreLatencySample, double> f)
        {
            var (min, med, max) = LatencyReport.Stats(Samples.Select(f).Where(double.IsFinite));
            s.AppendLine(inv, $"{name,-18} {min,7:0.00} {med,8:0.00} {max,8:0.00}");
        }
        Row("10 % of the change", x => x.FirstChangeMs);
        Row("50 % of the change", x => x.HalfwayMs);
        Row("90 % of the change", x => x.NearlyDoneMs);
        return s.ToString();
    }
}
