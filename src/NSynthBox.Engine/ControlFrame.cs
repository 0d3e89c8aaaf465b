using NSynthBox.Dsp;

namespace NSynthBox.Engine;

/// <summary>
/// One control frame's synthesizer targets for every voice slot, handed from the control worker
/// to the audio thread. Preallocated; the worker fills it, the audio thread reads it.
/// Gains (envelope, velocity, volume) and the voice's vibrato and tremolo are already folded into
/// f0 and the amplitudes.
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

    /// <summary>Inharmonicity B per slot (0 for a v1 model).</summary>
    public readonly float[] Stretch = new float[slots];

    /// <summary>Sub-partial amplitudes per slot (all 0 for a model without them).</summary>
    public readonly float[] SubPartials = new float[slots * SubPartialOscillator.Count];

    /// <summary>Detuned layer per slot: detune in cents and gain as decoded (both 0 for a model without a layer).</summary>
    public readonly float[] LayerDetune = new float[slots];

    public readonly float[] LayerGain = new float[slots];

    /// <summary>The slot's new note starts an onset burst with the frame: its band gains and decay time constant.</summary>
    public readonly bool[] Transient = new bool[slots];

    public readonly float[] TransientGains = new float[slots * noiseBands];
    public readonly float[] TransientDecay = new float[slots];

    /// <summary>Noise band gains summed over all voices (one shared filter bank, see docs/SYNTH.md).</summary>
    public readonly float[] Noise = new float[noiseBands];
}
