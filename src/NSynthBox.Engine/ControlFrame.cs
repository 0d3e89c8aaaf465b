namespace NSynthBox.Engine;

/// <summary>
/// One control frame's synthesizer targets for every voice slot, handed from the control worker
/// to the audio thread. Preallocated; the worker fills it, the audio thread reads it.
/// Gains (envelope, velocity, volume) are already folded into the amplitudes.
/// </summary>
internal sealed class ControlFrame(int slots, int harmonics, int noiseBands)
{
    public long Index;

    /// <summary>The slot starts a new note this frame: its oscillator restarts and ramps in from silence.</summary>
    public readonly bool[] Start = new bool[slots];

    /// <summary>The slot sounds at the end of this frame (false: it ramps to silence during the frame).</summary>
    public readonly bool[] Active = new bool[slots];

    public readonly float[] F0 = new float[slots];
    public readonly float[] Harmonics = new float[slots * harmonics];

    /// <summary>Noise band gains summed over all voices (one shared filter bank, see docs/SYNTH.md).</summary>
    public readonly float[] Noise = new float[noiseBands];
}
