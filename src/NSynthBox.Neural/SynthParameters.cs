namespace NSynthBox.Neural;

/// <summary>The harmonic-plus-noise synthesizer settings a model was trained with (docs/SYNTH.md).</summary>
/// <param name="SubPartials">Sub-partials per voice (manifest v2 <c>synth.subPartials</c>; the synthesizer has 8).</param>
public sealed record SynthParameters(int Harmonics, int NoiseBands, double NoiseLowHz, double NoiseHighHz, double AliasFade, uint NoiseSeed, int SubPartials = 8);
