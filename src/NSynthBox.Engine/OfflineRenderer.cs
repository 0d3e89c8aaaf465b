namespace NSynthBox.Engine;

/// <summary>
/// Renders a timed list of control events to audio, frame by frame, without real-time threads:
/// the same engine code as live playing, deterministic, as fast as the CPU allows. The audio is
/// handed out a control frame at a time, so a long song streams to disk without being held in memory.
/// </summary>
public static class OfflineRenderer
{
    /// <summary>The longest song rendered (2 hours): a file whose events reach further is refused, not rendered for days.</summary>
    public const double MaxSeconds = 2 * 60 * 60;

    /// <summary>Seconds of audio the events give: the last event plus the tail.</summary>
    public static double Duration(IReadOnlyList<TimedControlEvent> events, double tailSeconds = 2.0) =>
        (events.Count == 0 ? 0 : events.Max(e => e.Seconds)) + tailSeconds;

    /// <summary>
    /// Renders until the last event plus <paramref name="tailSeconds"/> (the release tail), handing each control frame's
    /// samples to <paramref name="write"/> (the span is reused for the next frame). Events are applied at the control
    /// frame that contains their time. Returns the samples rendered.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The events last longer than <see cref="MaxSeconds"/>.</exception>
    public static long RenderTo(SynthEngine engine, IReadOnlyList<TimedControlEvent> events, Action<ReadOnlySpan<float>> write,
        double tailSeconds = 2.0, Action<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var ordered = events.OrderBy(e => e.Seconds).ToArray();
        var sampleRate = engine.Settings.SampleRate;
        var end = Duration(ordered, tailSeconds);
        if (!(end <= MaxSeconds))
            throw new ArgumentOutOfRangeException(nameof(events), end, $"the song lasts {end:0} s; offline rendering is limited to {MaxSeconds:0} s");
        var hop = engine.Hop;
        var frames = (long)Math.Ceiling(end * sampleRate / hop);
        var block = new float[hop];
        var next = 0;
        for (long f = 0; f < frames; f++)
        {
            var frameEnd = (double)(f + 1) * hop / sampleRate;
            while (next < ordered.Length && ordered[next].Seconds < frameEnd) engine.Post(ordered[next++].Event);
            engine.StepControl();
            engine.Render(block);
            write(block);
            if (progress is not null && f % 200 == 0) progress((double)f / frames);
        }
        progress?.Invoke(1.0);
        return frames * hop;
    }

    /// <summary>As <see cref="RenderTo"/>, into one array (for short songs and tests).</summary>
    public static float[] Render(SynthEngine engine, IReadOnlyList<TimedControlEvent> events, double tailSeconds = 2.0,
        Action<double>? progress = null)
    {
        var audio = new List<float>();
        RenderTo(engine, events, block => audio.AddRange(block), tailSeconds, progress);
        return [.. audio];
    }
}
