namespace NSynthBox.Platform.Audio;

/// <summary>
/// Fills one period of mono samples in [-1, 1]. Called on the audio thread: it must not allocate,
/// lock, log, or wait (the engine's <c>SynthEngine.Render</c> is such a method).
/// </summary>
public delegate void AudioRenderCallback(Span<float> mono);

/// <summary>
/// Observes each period right after the sink has handed it on (to ALSA, to the file writer, or to
/// the null sink's clock). Called on the audio thread, so the same rules apply: no allocation, lock or I/O.
/// </summary>
/// <param name="mono">The period as rendered (before conversion to the device format).</param>
/// <param name="timestamp"><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> just after the hand-over.</param>
/// <param name="queuedFrames">Frames waiting in the output buffer after the hand-over, this period included
/// (ALSA's snd_pcm_delay; the simulated buffer for the null and WAV sinks): the period's first sample is
/// heard about (queuedFrames - mono.Length) frames after <paramref name="timestamp"/>.</param>
public delegate void PeriodTap(ReadOnlySpan<float> mono, long timestamp, long queuedFrames);
