using System.Security.Cryptography;
using System.Text.Json;

namespace NSynthBox.Neural;

/// <summary>
/// A model folder: decoder.onnx plus manifest.json (models/hpn-v1). Loading checks everything the
/// runtime relies on, so a broken or mismatched package fails here with a message naming the file
/// and what was expected, never later inside the audio path.
/// </summary>
public sealed class ModelPackage
{
    public const string Format = "nsynthbox-model";
    /// <summary>The newest manifest version this runtime reads (1 and 2 are both read).</summary>
    public const int SupportedFormatVersion = 2;
    private static readonly string[] InputNames = ["z", "f0_hz", "velocity", "time_since_onset", "time_since_release"];
    private static readonly string[] OutputNames = [DecoderOutputs.HarmonicAmplitudes, DecoderOutputs.NoiseGains];

    public required string Directory { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required int SampleRate { get; init; }
    public required int FrameRate { get; init; }
    public required int LatentSize { get; init; }
    public required string DecoderPath { get; init; }
    /// <summary>sha256 of decoder.onnx: identifies the latent space that codes (built-in or imported) belong to.</summary>
    public required string DecoderSha256 { get; init; }
    public required IReadOnlyList<TensorSpec> Inputs { get; init; }
    public required IReadOnlyList<TensorSpec> Outputs { get; init; }
    /// <summary>Manifest format: 1 (harmonics and noise), 2 (optional outputs for the v2 synthesizer controls, the instrument's own release).</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The training hold, for information only: the runtime never clamps time_since_onset (the graph handles longer notes). Absent in v2 manifests that omit it.</summary>
    public required double? MaxOnsetSeconds { get; init; }
    public required SynthParameters Synth { get; init; }
    public required IReadOnlyList<InstrumentInfo> Instruments { get; init; }
    /// <summary>The sound encoder for importing recordings, when the package has one.</summary>
    public Encoding.EncoderSpec? Encoder { get; init; }

    /// <summary>Why the package's sound encoder cannot be used (its file is corrupt, missing ...), or null: the package still plays.</summary>
    public string? EncoderProblem { get; init; }

    public int Harmonics => Synth.Harmonics;
    public int NoiseBands => Synth.NoiseBands;

    /// <summary>True when the decoder has this output (the optional ones of <see cref="DecoderOutputs"/> may be absent).</summary>
    public bool HasOutput(string name) => Outputs.Any(o => o.Name == name);

    /// <summary>
    /// Finds an instrument by name (case-insensitive, prefix allowed), GM program number ("gm:73", or "73"
    /// when no name matches) or, for your imported sounds (no GM program), their number in the box's list
    /// ("112" is the first on hpn-v1, as 'nsynthbox sounds' and docs/SOUNDS.md number them).
    /// </summary>
    public InstrumentInfo FindInstrument(string nameOrNumber)
    {
        var key = nameOrNumber.Trim();
        var exact = Instruments.FirstOrDefault(i => string.Equals(i.Name, key, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return exact;
        var gm = key.StartsWith("gm:", StringComparison.OrdinalIgnoreCase) ? key[3..] : key;
        if (int.TryParse(gm, out var program))
        {
            var byProgram = Instruments.FirstOrDefault(i => i.Program == program);
            if (byProgram is not null) return byProgram;
            var sounds = Instruments.Where(i => i.Program < 0).ToList();
            if (gm == key && sounds.FirstOrDefault(i => i.Index == program) is { } sound) return sound;
            var yours = sounds.Count == 0 || gm != key ? "" : $", nor the number of one of your sounds ({sounds[0].Index}..{sounds[^1].Index}, see 'nsynthbox sounds')";
            throw new ArgumentException($"instrument '{nameOrNumber}': GM program {program} is not in model '{Name}' (see 'nsynthbox instruments'){yours}");
        }
        var prefix = Instruments.Where(i => i.Name.StartsWith(key, StringComparison.OrdinalIgnoreCase)).ToList();
        if (prefix.Count == 1) return prefix[0];
        var partial = prefix.Count > 0 ? prefix : Instruments.Where(i => i.Name.Contains(key, StringComparison.OrdinalIgnoreCase)).ToList();
        if (partial.Count == 1) return partial[0];
        var hint = partial.Count > 1 ? $"ambiguous, it matches {string.Join(", ", partial.Take(6).Select(i => i.Name))}" : "no such name";
        throw new ArgumentException($"instrument '{nameOrNumber}': {hint} in model '{Name}' (see 'nsynthbox instruments')");
    }

    public static ModelPackage Load(string directory)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
            throw new ModelPackageException($"{manifestPath}: not found (expected a model folder holding manifest.json and decoder.onnx)");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(PackageFile.ReadAll(manifestPath, PackageFile.MaxManifestBytes));
        }
        catch (JsonException e)
        {
            throw new ModelPackageException($"{manifestPath}: not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            var reader = new ManifestReader(manifestPath, doc.RootElement);
            var format = reader.String("format");
            if (format != Format) throw reader.Error("format", $"expected \"{Format}\", found \"{format}\"");
            var formatVersion = reader.Int("formatVersion");
            if (formatVersion is < 1 or > SupportedFormatVersion)
                throw reader.Error("formatVersion", $"this runtime reads versions 1..{SupportedFormatVersion}, the package is version {formatVersion}");
            var latent = reader.Int("latentSize", 1, 64);
            var decoder = reader.Object("decoder");
            var decoderFile = decoder.String("file");
            // Only a file of the package: a manifest naming /dev/zero or a FIFO elsewhere would hang the hash below.
            if (decoderFile.Length == 0 || decoderFile != Path.GetFileName(decoderFile) || decoderFile is "." or ".." || decoderFile.Contains('\0'))
                throw decoder.Error("file", $"expected the name of a file in the package folder, found \"{decoderFile}\"");
            var decoderPath = Path.Combine(directory, decoderFile);
            if (!File.Exists(decoderPath)) throw decoder.Error("file", $"{decoderPath} not found");
            var expectedHash = decoder.String("sha256");
            var actualHash = Convert.ToHexStringLower(SHA256.HashData(PackageFile.ReadAll(decoderPath, PackageFile.MaxGraphBytes)));
            if (!string.Equals(expectedHash, actualHash, StringComparison.OrdinalIgnoreCase))
                throw new ModelPackageException($"{decoderPath}: sha256 is {actualHash}, manifest {manifestPath} expects {expectedHash} (the file is corrupt or from another model)");
            var synth = ReadSynth(reader.Object("synth"), formatVersion);
            var inputs = decoder.Tensors("inputs");
            var outputs = decoder.Tensors("outputs");
            CheckTensors(decoder, "inputs", inputs, InputNames, [latent, 1, 1, 1, 1]);
            if (formatVersion == 1) CheckTensors(decoder, "outputs", outputs, OutputNames, [synth.Harmonics, synth.NoiseBands]);
            else CheckOptionalOutputs(decoder, outputs, synth);
            var instruments = reader.Instruments(latent);
            if (instruments.Count == 0) throw reader.Error("instruments", "expected at least one instrument");
            var sampleRate = reader.Int("sampleRate", 8000, 192000);
            // The encoder serves only 'import': a broken one costs the import, not the instrument.
            Encoding.EncoderSpec? encoder = null;
            string? encoderProblem = null;
            if (reader.Has("encoder"))
            {
                try
                {
                    encoder = Encoding.EncoderSpec.Read(reader.Object("encoder"), directory, actualHash, latent, synth.NoiseBands, sampleRate);
                }
                catch (ModelPackageException e)
                {
                    encoderProblem = e.Message;
                }
            }
            return new ModelPackage
            {
                Directory = directory,
                Name = reader.String("name"),
                Version = reader.String("version"),
                SampleRate = sampleRate,
                FrameRate = reader.Int("frameRate", 50, 1000),
                LatentSize = latent,
                DecoderPath = decoderPath,
                DecoderSha256 = actualHash,
                Inputs = inputs,
                Outputs = outputs,
                FormatVersion = formatVersion,
                MaxOnsetSeconds = formatVersion == 1 || decoder.Has("maxOnsetSeconds") ? decoder.Double("maxOnsetSeconds") : null,
                Synth = synth,
                Instruments = instruments,
                Encoder = encoder,
                EncoderProblem = encoderProblem,
            };
        }
    }

    // The ranges the synthesizer (NSynthBox.Dsp SynthSettings) accepts, so that a package that loads can be played.
    private static SynthParameters ReadSynth(ManifestReader synth, int formatVersion)
    {
        var harmonics = synth.Int("harmonics", 1, 256);
        var noiseBands = synth.Int("noiseBands", 2, 64);
        var noiseLowHz = synth.Double("noiseLowHz");
        if (noiseLowHz <= 0) throw synth.Error("noiseLowHz", $"expected a frequency above 0 Hz, found {noiseLowHz}");
        var noiseHighHz = synth.Double("noiseHighHz");
        if (noiseHighHz <= noiseLowHz) throw synth.Error("noiseHighHz", $"expected a frequency above noiseLowHz ({noiseLowHz} Hz), found {noiseHighHz}");
        var aliasFade = synth.Double("aliasFade");
        if (aliasFade is <= 0 or > 0.5) throw synth.Error("aliasFade", $"expected a fraction of the sample rate in (0, 0.5], found {aliasFade}");
        var noiseSeed = synth.Long("noiseSeed");
        if (noiseSeed is < 1 or > uint.MaxValue) throw synth.Error("noiseSeed", $"expected 1..{uint.MaxValue} (a nonzero 32-bit xorshift state), found {noiseSeed}");
        // The synthesizer has exactly 8 sub-partials (f0/2 .. 15 f0/2); v2 states it, v1 has none to state.
        var subPartials = formatVersion >= 2 ? synth.Int("subPartials", 8, 8) : 8;
        return new SynthParameters(harmonics, noiseBands, noiseLowHz, noiseHighHz, aliasFade, (uint)noiseSeed, subPartials);
    }

    /// <summary>v2: harmonic_amplitudes and noise_gains first, then any of the optional outputs once each, each with its width.</summary>
    private static void CheckOptionalOutputs(ManifestReader decoder, IReadOnlyList<TensorSpec> outputs, SynthParameters synth)
    {
        CheckTensors(decoder, "outputs", outputs.Take(2).ToList(), OutputNames, [synth.Harmonics, synth.NoiseBands]);
        var seen = new HashSet<string>();
        foreach (var output in outputs.Skip(2))
        {
            if (!DecoderOutputs.Optional.Contains(output.Name))
                throw decoder.Error("outputs", $"unknown output '{output.Name}' (expected any of {string.Join(", ", DecoderOutputs.Optional)} after {string.Join(", ", OutputNames)})");
            if (!seen.Add(output.Name)) throw decoder.Error("outputs", $"output '{output.Name}' is listed twice");
            var width = DecoderOutputs.Width(output.Name, synth);
            if (output.Width != width) throw decoder.Error("outputs", $"expected {output.Name}[batch,{width}], found {output.Name}[batch,{output.Width}]");
        }
    }

    private static void CheckTensors(ManifestReader owner, string key, IReadOnlyList<TensorSpec> actual, string[] names, int[] widths)
    {
        var expected = string.Join(", ", names.Select((n, i) => $"{n}[batch,{widths[i]}]"));
        var found = string.Join(", ", actual.Select(t => $"{t.Name}[batch,{t.Width}]"));
        if (actual.Count != names.Length || actual.Where((t, i) => t.Name != names[i] || t.Width != widths[i]).Any())
            throw owner.Error(key, $"expected {expected}, found {found}");
    }
}
