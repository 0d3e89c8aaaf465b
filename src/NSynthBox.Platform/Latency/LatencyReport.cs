using System.Globalization;
using System.Text;
using NSynthBox.Platform.Audio;

namespace NSynthBox.Platform.Latency;

/// <summary>The measured notes and how the latency splits into its parts, with the budget the settings imply.</summary>
/// <param name="EarlyOnsets">Notes that started at the next audio period, ahead of their control frame (the rest waited for a frame boundary).</param>
/// <param name="DecodeLeadMs">How long before the audio needed it the worker was decoding each frame at the end (decode time, wake-up lateness, margin).</param>
public sealed record LatencyReport(string Sink, AudioStreamFormat Format, int Hop, IReadOnlyList<LatencySample> Samples, int Missed, long EarlyOnsets = 0, double DecodeLeadMs = 0)
{
    /// <summary>Control frames the engine keeps decoded at most for this period (SynthEngine.FramesDecodedAhead), each as late as is safe.</summary>
    public int LookaheadFrames => NSynthBox.Engine.SynthEngine.FramesDecodedAhead(Format.PeriodFrames, Hop);

    public double FrameMs => 1000.0 * Hop / Format.SampleRate;

    /// <summary>The issue's engine-side budget, from a MIDI byte to its first sample entering the sink: one control frame plus one period.</summary>
    public double EngineBudgetMs => FrameMs + Format.PeriodMilliseconds;

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
        s.AppendLine(inv, $"notes: {Samples.Count} measured{(Missed > 0 ? $", {Missed} not heard within 1 s" : "")}, {EarlyOnsets} started at the next period (the rest at a frame boundary); control frame {FrameMs:0.0} ms ({Hop} samples), decoded {DecodeLeadMs:0.0} ms before needed, at most {LookaheadFrames} ahead");
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
        s.AppendLine(inv, $"engine-side budget (1 control frame + 1 period): {EngineBudgetMs:0.0} ms; output buffer {Format.BufferMilliseconds:0.0} ms (its part measured from the queued audio: snd_pcm_delay for ALSA)");
        return s.ToString();
    }
}
