namespace NSynthBox.Platform.Audio;

/// <summary>
/// An open playback device with ALSA's calling conventions (negative errno results), so the
/// sink's recovery logic runs the same against alsa-lib and against a simulated card in tests.
/// </summary>
internal unsafe interface IPcmDevice : IDisposable
{
    AudioStreamFormat Format { get; }

    /// <summary>The device's own name, e.g. "hw:CARD=Headphones,DEV=0".</summary>
    string Name { get; }

    /// <summary>True for devices that accept data faster than real time (ALSA's null and file PCMs): the sink paces itself.</summary>
    bool NeedsPacing { get; }

    /// <summary>Waits until a period fits: 1 ready, 0 timed out, negative errno on error (snd_pcm_wait).</summary>
    int Wait(int timeoutMs);

    /// <summary>Frames written, or negative errno (snd_pcm_writei).</summary>
    nint Write(byte* interleaved, int frames);

    /// <summary>0 when recovered from -EPIPE / -ESTRPIPE / -EINTR, else negative errno (snd_pcm_recover).</summary>
    int Recover(int error);

    /// <summary>Frames queued ahead of the DAC, or -1 when unknown (snd_pcm_delay).</summary>
    long Delay();

    /// <summary>Plays out what is queued, then stops (snd_pcm_drain).</summary>
    void Drain();
}
