namespace NSynthBox.Engine;

/// <summary>Settings fixed while the engine runs (changing them means a new engine).</summary>
public sealed record EngineSettings
{
    /// <summary>Output sample rate; the model's frame rate must divide it (48000, 96000, 32000 ...).</summary>
    public int SampleRate { get; init; } = 48000;

    /// <summary>Voices that can sound at once; beyond this the quietest released (else oldest) voice is stolen.</summary>
    public int Polyphony { get; init; } = 16;

    /// <summary>Pitch-bend range in semitones for a full wheel throw.</summary>
    public float PitchBendRange { get; init; } = 2f;

    /// <summary>How long a corner change crossfades through the latent space.</summary>
    public float CornerCrossfadeSeconds { get; init; } = 0.25f;

    /// <summary>
    /// Time constant of the finger's position between control frames. Short (under half a 5 ms frame),
    /// so a move is heard within the 10 ms a player notices: the touch grid already averages its scans,
    /// and the synthesizer glides every parameter across a frame, so a jump is never a click.
    /// </summary>
    public float PositionSmoothingSeconds { get; init; } = 0.002f;

    /// <summary>Mod wheel at full gives vibrato of this depth (semitones) at <see cref="VibratoHz"/>.</summary>
    public float VibratoDepth { get; init; } = 0.35f;

    public float VibratoHz { get; init; } = 5.5f;

    /// <summary>Position knob at full starts notes this far into their evolution.</summary>
    public float MaxPositionSeconds { get; init; } = 2.5f;

    /// <summary>
    /// A voice whose decoded values have settled into a gentle curve is decoded every other frame, one
    /// frame ahead, and every other frame's values are the midpoint of their neighbours
    /// (<see cref="VoiceDecodes"/>): about half the decoding cost of held notes for an error under -40 dB. Off decodes every voice every frame.
    /// </summary>
    public bool DecodeSettledVoicesEveryOtherFrame { get; init; } = true;

    public void Validate()
    {
        if (SampleRate is < 8000 or > 192000) throw new ArgumentException($"sample rate {SampleRate}: expected 8000..192000 Hz");
        if (Polyphony is < 1 or > 128) throw new ArgumentException($"polyphony {Polyphony}: expected 1..128 voices");
        if (PitchBendRange is < 0 or > 48) throw new ArgumentException($"pitch-bend range {PitchBendRange}: expected 0..48 semitones");
    }
}
