namespace NSynthBox.Platform.Audio;

/// <summary>
/// Where the instrument's audio goes: a sound card (<see cref="AlsaSink"/>), a file
/// (<see cref="WavFileSink"/>) or nowhere at real-time pace (<see cref="NullSink"/>). Each runs its
/// own audio thread that asks the render callback for one period at a time.
/// </summary>
public interface IAudioSink : IDisposable
{
    /// <summary>"ALSA 'hw:CARD=Headphones' S16_LE 2 ch 48000 Hz, period 64 x 2 (...)", for the log.</summary>
    string Description { get; }

    /// <summary>The format being played; before the device is open, the one asked for.</summary>
    AudioStreamFormat Format { get; }

    AudioSinkMetrics Metrics { get; }

    /// <summary>Optional observer of every period (latency probe); set before <see cref="Start"/>.</summary>
    PeriodTap? Tap { get; set; }

    /// <summary>Starts the audio thread; returns at once (opening a device that is not there is retried in the background).</summary>
    void Start(AudioRenderCallback render);

    /// <summary>Fades out over a few milliseconds (no click), lets the buffer play out, and stops the thread.</summary>
    void Stop();
}
