namespace NSynthBox.Platform.Audio;

/// <summary>What to ask of the sound card (ALSA) or of a simulated one (null and WAV sinks).</summary>
public sealed record AudioOptions
{
    /// <summary>ALSA PCM name: "default", "hw:CARD=Headphones,DEV=0", "plughw:1", "null" ...</summary>
    public string Device { get; init; } = "default";

    public int SampleRate { get; init; } = 48000;

    /// <summary>Frames per period: the audio thread renders this many samples at a time.</summary>
    public int PeriodFrames { get; init; } = 128;

    /// <summary>Periods in the device buffer (2 = double buffering, the least latency).</summary>
    public int Periods { get; init; } = 2;

    /// <summary>Output channels; the mono engine output is copied to each.</summary>
    public int Channels { get; init; } = 2;

    public SampleFormat Format { get; init; } = SampleFormat.Auto;

    /// <summary>SCHED_FIFO priority for the audio thread (1..99); 0 leaves it an ordinary thread.</summary>
    public int RealtimePriority { get; init; } = 70;

    /// <summary>Lock the process's memory (mlockall) so the audio thread never waits on a page fault.</summary>
    public bool LockMemory { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Device)) throw new ArgumentException("audio device: expected an ALSA PCM name such as 'default' or 'hw:CARD=Headphones'");
        if (SampleRate is < 8000 or > 192000) throw new ArgumentException($"sample rate {SampleRate}: expected 8000..192000 Hz");
        if (PeriodFrames is < 16 or > 8192) throw new ArgumentException($"period {PeriodFrames} frames: expected 16..8192");
        if (Periods is < 2 or > 16) throw new ArgumentException($"periods {Periods}: expected 2..16");
        if (Channels is < 1 or > 8) throw new ArgumentException($"channels {Channels}: expected 1..8");
        if (RealtimePriority is < 0 or > 99) throw new ArgumentException($"real-time priority {RealtimePriority}: expected 0 (off) or 1..99");
    }
}
