namespace NSynthBox.Neural;

/// <summary>One instrument of the model: a point (latent code) in its timbre space.</summary>
public sealed record InstrumentInfo(int Index, int Program, string Name, string Family, int LowNote, int HighNote, float[] Code);
