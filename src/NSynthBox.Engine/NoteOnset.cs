using NSynthBox.Dsp;

namespace NSynthBox.Engine;

/// <summary>
/// A new note's first control frame, decoded by the control worker as soon as its Note On arrived,
/// so that the audio thread can start the note at its next period instead of the next frame
/// boundary. Preallocated in the <see cref="OnsetMailbox"/>. Noise joins at the frame boundary;
/// the onset burst starts with the note.
/// </summary>
internal sealed class NoteOnset(int harmonics, int noiseBands)
{
    public int Slot;

    /// <summary>
    /// Not a new note: the finger moved, and these are a sounding voice's values at the new position,
    /// which the audio thread glides to over the rest of the current frame (and holds until
    /// <see cref="FrameIndex"/>, the first frame decoded at that position, arrives).
    /// </summary>
    public bool Retarget;

    /// <summary>The control frame the note belongs to (the one the worker is preparing); until it arrives the note holds these values.</summary>
    public long FrameIndex;

    public float F0;

    /// <summary>Harmonic amplitudes with the envelope, velocity and volume gains folded in, as in a <see cref="ControlFrame"/>.</summary>
    public readonly float[] Harmonics = new float[harmonics];

    public float Stretch;

    public readonly float[] SubPartials = new float[SubPartialOscillator.Count];

    /// <summary>The detuned layer's detune (cents) and gain, as in a <see cref="ControlFrame"/>.</summary>
    public float LayerDetune, LayerGain;

    /// <summary>A new note with an onset burst (never set for a retarget).</summary>
    public bool Transient;

    public readonly float[] TransientGains = new float[noiseBands];
    public float TransientDecay;
}
