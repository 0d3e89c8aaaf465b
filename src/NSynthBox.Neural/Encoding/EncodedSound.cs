namespace NSynthBox.Neural.Encoding;

/// <summary>
/// A latent code found for recorded notes. <see cref="FitDb"/> is the spectral distance (dB) between
/// the notes and the decoder's rendering of the code at the notes' pitches; <see cref="Method"/> says
/// how the code was found (e.g. "encoder+refine"), for the import log.
/// </summary>
public sealed record EncodedSound(float[] Code, double FitDb, string Method);
