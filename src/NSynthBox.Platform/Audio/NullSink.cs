using Microsoft.Extensions.Logging;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// Plays into nothing at real-time pace: for machines without a sound card, for soak tests
/// (late control frames and underruns are counted as on a card) and for latency measurements.
/// </summary>
public sealed class NullSink(AudioOptions options, ILogger? logger = null) : PacedSink(options, logger)
{
    public override string Description => $"null sink (paced, {Format.SampleRate} Hz, period {Format.PeriodFrames} x {Format.Periods}, {Format.BufferMilliseconds:0.0} ms buffer)";

    protected override void Consume(ReadOnlySpan<float> mono)
    {
    }
}
