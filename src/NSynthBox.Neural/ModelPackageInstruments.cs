namespace NSynthBox.Neural;

/// <summary>The model with more instruments after its own: the user's imported sounds, as corners like any other.</summary>
public static class ModelPackageInstruments
{
    /// <summary>Family of instruments that did not come with the model.</summary>
    public const string UserFamily = "Your sounds";

    /// <summary>
    /// A copy of <paramref name="model"/> whose instrument list continues with <paramref name="extra"/>
    /// (index after the model's, no GM program, full MIDI range). Codes must have the model's latent size.
    /// </summary>
    public static ModelPackage WithExtraInstruments(this ModelPackage model, IEnumerable<(string Name, float[] Code)> extra)
    {
        var instruments = model.Instruments.ToList();
        foreach (var (name, code) in extra)
        {
            if (code.Length != model.LatentSize)
                throw new ArgumentException($"instrument '{name}': code of {code.Length} values, model '{model.Name}' expects {model.LatentSize}");
            instruments.Add(new InstrumentInfo(instruments.Count, -1, name, UserFamily, 0, 127, code));
        }
        return new ModelPackage
        {
            Directory = model.Directory, Name = model.Name, Version = model.Version, SampleRate = model.SampleRate,
            FrameRate = model.FrameRate, LatentSize = model.LatentSize, DecoderPath = model.DecoderPath,
            DecoderSha256 = model.DecoderSha256, Inputs = model.Inputs, Outputs = model.Outputs,
            FormatVersion = model.FormatVersion, MaxOnsetSeconds = model.MaxOnsetSeconds, Synth = model.Synth, Instruments = instruments, Encoder = model.Encoder, EncoderProblem = model.EncoderProblem,
        };
    }
}
