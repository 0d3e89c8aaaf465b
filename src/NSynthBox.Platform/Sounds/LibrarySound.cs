namespace NSynthBox.Platform.Sounds;

/// <summary>
/// An imported sound in the user's library: its name, a stable id (its folder), the latent code and the
/// model it belongs to (the decoder's sha256: a code means nothing in another model's latent space), the
/// pitch of each recorded note, when it was made, how well the code fits, and the copies of its source
/// recordings (kept so a new model can re-encode it).
/// </summary>
public sealed record LibrarySound(
    string Id,
    string Name,
    float[] Code,
    string ModelName,
    string DecoderSha256,
    IReadOnlyList<double> PitchesHz,
    DateTimeOffset Created,
    double FitDb,
    string Method,
    IReadOnlyList<string> SourceFiles)
{
    /// <summary>Whether the code belongs to this decoder's latent space.</summary>
    public bool BelongsTo(string decoderSha256) => string.Equals(DecoderSha256, decoderSha256, StringComparison.OrdinalIgnoreCase);
}
