using System.Globalization;
using System.Text;
using NSynthBox.Platform.Audio;

namespace NSynthBox.Platform.Latency;

/// <summary>The measured notes and how the latency splits into its parts, with the budget the settings imply.</summary>
public sealed record LatencyReport(string Sink, AudioStreamFormat Format, int Hop, IReadOnlyList<LatencySample> Samples, int Missed)
{
    /// <summary>Control frames the engine keeps decoded ahead of the audio thread for this period (SynthEngine.FramesDecodedAhead).</summary>
    public int LookaheadFrames => NSynthBox.Engine.SynthEngine.FramesDecodedAhead(Format.PeriodFrames, Hop);

    public double FrameMs => 1000.0 * Hop / Format.SampleRate;

    /// <summary>Worst case on the engine side from the issue's reasoning: a note waits up to one control frame plus the decoded-ahead frames, then one period.</summary>
    public double EngineBudgetMs => FrameMs * (1 + LookaheadFrames) + Format.PeriodMilliseconds;

    public static (double Min, double Median, double Max) Stats(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? (0, 0, 0) : (sorted[0], sorted[sorted.Length / 2], sorted[^1]);
    }

    public string ToText()
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"sink: {Sink}");
        s.AppendLine(inv, $"notes: {Samples.Count} measured{(Missed > 0 ? $", {Missed} not heard within 1 s" : "")}; control frame {FrameMs:0.0} ms ({Hop} samples), {LookaheadFrames} frames decoded ahead");
        s.AppendLine("                      min   median      max  (ms)");
        void Row(string name, Func<LatencySample, double> f)
        {
            var (min, med, max) = Stats(Samples.Select(f));
            s.AppendLine(inv, $"{name,-18} {min,7:0.00} {med,8:0.00} {max,8:0.00}");
        }
        Row("MIDI read", x => x.MidiReadMs);
        Row("engine + period", x => x.EngineMs);
        Row("= into the sink", x => x.ToSinkMs);
        Row("output buffer", x => x.BufferMs);
        Row("= MIDI to output", x => x.ToOutputMs);
        s.AppendLine(inv, $"engine-side budget (frame wait + {LookaheadFrames} decoded ahead + period): {EngineBudgetMs:0.0} ms; output buffer {Format.BufferMilliseconds:0.0} ms");
        return s.ToString();
    }
}
