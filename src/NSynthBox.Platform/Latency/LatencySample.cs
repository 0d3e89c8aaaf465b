namespace NSynthBox.Platform.Latency;

/// <summary>
/// One note's way through the box, in milliseconds from the moment its Note On bytes were written
/// into the MIDI input.
/// </summary>
/// <param name="MidiReadMs">Until the input thread had parsed it and posted the note to the engine.</param>
/// <param name="ToSinkMs">Until the period holding its first sound was handed to the sink (ALSA buffer, file, null clock).</param>
/// <param name="ToOutputMs">Until that first sample leaves the output buffer (plus the queued audio ahead of it: snd_pcm_delay, or the simulated buffer).</param>
public readonly record struct LatencySample(double MidiReadMs, double ToSinkMs, double ToOutputMs)
{
    /// <summary>From the engine getting the note to its first sample entering the sink: control-frame wait, decode-ahead and period.</summary>
    public double EngineMs => ToSinkMs - MidiReadMs;

    /// <summary>Time in the output buffer.</summary>
    public double BufferMs => ToOutputMs - ToSinkMs;
}
