using System.Globalization;

namespace NSynthBox.Platform.Audio;

/// <summary>The format a sink actually plays (what the device accepted, which may differ from what was asked).</summary>
public sealed record AudioStreamFormat(int SampleRate, int PeriodFrames, int Periods, int Channels, SampleFormat SampleFormat)
{
    public int BufferFrames => PeriodFrames * Periods;

    public double PeriodMilliseconds => 1000.0 * PeriodFrames / SampleRate;

    /// <summary>How long a sample waits in the output buffer when it is kept full (the output half of the latency).</summary>
    public double BufferMilliseconds => 1000.0 * BufferFrames / SampleRate;

    public int BytesPerSample => SampleFormat == SampleFormat.S16 ? 2 : 4;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{FormatName(SampleFormat)} {Channels} ch {SampleRate} Hz, period {PeriodFrames} x {Periods} ({PeriodMilliseconds:0.0} ms, buffer {BufferMilliseconds:0.0} ms)");

    public static string FormatName(SampleFormat format) => format switch
    {
        SampleFormat.Float32 => "FLOAT_LE",
        SampleFormat.S32 => "S32_LE",
        SampleFormat.S16 => "S16_LE",
        _ => "auto",
    };
}
