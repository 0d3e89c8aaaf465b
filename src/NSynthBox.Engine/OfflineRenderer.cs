namespace NSynthBox.Engine;

/// <summary>
/// Renders a timed list of control events to audio, frame by frame, without real-time threads:
/// the same engine code as live playing, deterministic, as fast as the CPU allows.
/// </summary>
public static class OfflineRenderer
{
    /// <summary>
    /// Renders until the last event plus <paramref name="tailSeconds"/> (the release tail).
    /// Events are applied at the control frame that contains their time.
    /// </summary>
    public static float[] Render(SynthEngine engine, IReadOnlyList<TimedControlEvent> events, double tailSeconds = 2.0,
        Action<double>? progress = null)
    {
        var ordered = events.OrderBy(e => e.Seconds).ToArray();
        var sampleRate = engine.Settings.SampleRate;
        var end = (ordered.Length == 0 ? 0 : ordered[^1].Seconds) + tailSeconds;
        var hop = engine.Hop;
        var frames = (int)Math.Ceiling(end * sampleRate / hop);
        var audio = new float[frames * hop];
        var next = 0;
        for (var f = 0; f < frames; f++)
        {
            var frameEnd = (double)(f + 1) * hop / sampleRate;
            while (next < ordered.Length && ordered[next].Seconds < frameEnd) engine.Post(ordered[next++].Event);
            engine.StepControl();
            engine.Render(audio.AsSpan(f * hop, hop));
            if (progress is not null && f % 200 == 0) progress((double)f / frames);
        }
        progress?.Invoke(1.0);
        return audio;
    }
}
