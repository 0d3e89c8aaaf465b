namespace NSynthBox.Neural;

/// <summary>
/// The decoder's outputs by name and width (docs/SYNTH.md). A v1 package has the first two; the
/// others are optional in a v2 package, and an absent one means zero / off.
/// </summary>
public static class DecoderOutputs
{
    public const string HarmonicAmplitudes = "harmonic_amplitudes";
    public const string NoiseGains = "noise_gains";

    /// <summary>[batch, 8]: linear amplitudes of the sub-partials at (i - 0.5) f0.</summary>
    public const string SubAmplitudes = "sub_amplitudes";

    /// <summary>[batch, 1]: inharmonicity B (harmonic k at k f0 sqrt(1 + B k^2)).</summary>
    public const string Stretch = "stretch";

    /// <summary>[batch, 3]: vibrato rate (Hz), vibrato depth (cents, peak), tremolo depth (fraction).</summary>
    public const string Modulation = "modulation";

    /// <summary>[batch, noise bands + 1]: onset burst band gains, then its decay time constant (s).</summary>
    public const string Transient = "transient";

    /// <summary>[batch, 2]: the detuned layer's detune (cents) and gain (fraction of the harmonics' amplitudes).</summary>
    public const string Layer = "layer";

    public const int ModulationWidth = 3;

    public const int LayerWidth = 2;

    /// <summary>The optional outputs in the order the decoder binds them.</summary>
    public static readonly string[] Optional = [SubAmplitudes, Stretch, Modulation, Transient, Layer];

    /// <summary>The width each output must have for a synthesizer with these settings.</summary>
    public static int Width(string name, SynthParameters synth) => name switch
    {
        HarmonicAmplitudes => synth.Harmonics,
        NoiseGains => synth.NoiseBands,
        SubAmplitudes => synth.SubPartials,
        Stretch => 1,
        Modulation => ModulationWidth,
        Transient => synth.NoiseBands + 1,
        Layer => LayerWidth,
        _ => throw new ArgumentException($"'{name}' is not a decoder output", nameof(name)),
    };
}
