namespace NSynthBox.Neural;

/// <summary>The harmonic-plus-noise synthesizer settings a model was trained with (docs/SYNTH.md).</summary>
public sealed record SynthParameters(int Harmonics, int NoiseBands, double NoiseLowHz, double NoiseHighHz, double AliasFade, uint NoiseSeed);
