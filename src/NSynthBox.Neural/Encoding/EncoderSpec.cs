namespace NSynthBox.Neural.Encoding;

/// <summary>
/// The package's sound encoder (manifest "encoder"): its graph and the exact recipe of the import
/// features it reads (models/pipeline/encoder.py specifies them; <see cref="ImportFeatures"/> computes
/// them) plus how a code is fitted to a recording (models/pipeline/refine.py).
/// </summary>
public sealed record EncoderSpec(
    string Path,
    int SampleRate,
    int FftSize,
    int Hop,
    int Frames,
    int Bands,
    double[] BandEdgesHz,
    double[] NoiseToBands,
    double RangeDb,
    double Velocity,
    double RefineStep,
    double RefinePull,
    int RefineEvaluations,
    int RefineMinNotes)
{
    internal static EncoderSpec Read(ManifestReader encoder, string directory, string decoderSha256, int latent, int noiseBands, int sampleRate)
    {
        var file = encoder.String("file");
        if (file.Length == 0 || file != System.IO.Path.GetFileName(file) || file is "." or ".." || file.Contains('\0'))
            throw encoder.Error("file", $"expected the name of a file in the package folder, found \"{file}\"");
        var path = System.IO.Path.Combine(directory, file);
        if (!File.Exists(path)) throw encoder.Error("file", $"{path} not found");
        var expected = encoder.String("sha256");
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(PackageFile.ReadAll(path, PackageFile.MaxGraphBytes)));
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            throw encoder.Error("sha256", $"{path} has sha256 {actual}, the manifest expects {expected} (the file is corrupt or from another model)");
        var forDecoder = encoder.String("decoderSha256");
        if (!string.Equals(forDecoder, decoderSha256, StringComparison.OrdinalIgnoreCase))
            throw encoder.Error("decoderSha256", $"the encoder was trained for decoder {forDecoder}, this package's decoder is {decoderSha256}");
        var outputs = encoder.Tensors("outputs");
        if (outputs.Count != 1 || outputs[0].Name != "z" || outputs[0].Width != latent)
            throw encoder.Error("outputs", $"expected z[batch,{latent}]");
        var f = encoder.Object("features");
        var rate = f.Int("sampleRate", 8000, 192000);
        if (rate != sampleRate) throw f.Error("sampleRate", $"expected the model's sample rate {sampleRate}, found {rate}");
        var fft = f.Int("fftSize", 64, 65536);
        if ((fft & (fft - 1)) != 0) throw f.Error("fftSize", $"expected a power of two, found {fft}");
        var bands = f.Int("bands", 1, 512);
        var edges = f.Doubles("bandEdgesHz", bands + 1);
        for (var i = 1; i < edges.Length; i++)
        {
            if (edges[i] <= edges[i - 1]) throw f.Error("bandEdgesHz", "expected increasing frequencies");
        }
        var fit = encoder.Object("fit");
        return new EncoderSpec(
            path, rate, fft, f.Int("hop", 1, fft), f.Int("frames", 1, 10000), bands, edges,
            f.Matrix("noiseToBands", noiseBands, bands), f.Double("rangeDb"),
            fit.Double("velocity"), fit.Double("refineStep"), fit.Double("refinePull"), fit.Int("refineEvaluations", 0, 100000),
            fit.Int("refineMinNotes", 1, 1000));
    }
}
