using System.Text.Json;
using System.Text.Json.Nodes;
using NSynthBox.Neural.Encoding;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Neural.Tests;

/// <summary>
/// The C# import path against the Python one (models/hpn-v1/reference/encoder_pairs.json, written by
/// export_encoder.py): the same features from the same note, the same code from the ONNX encoder, the
/// same fit distances; and the refinement doing what it promises.
/// </summary>
public sealed class SoundEncoderTests
{
    private sealed record Reference(RecordedNote Note, float[] Features, float[] Z, float[][] ProbeCodes, double[] ProbeFitDb);

    private static Reference LoadReference()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Model, "reference", "encoder_pairs.json")))!;
        var samples = json["note"]!["samples"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
        var note = new RecordedNote("encoder_pairs.json", samples, 48000, json["note"]!["f0_hz"]!.GetValue<double>());
        var features = json["features"]!.AsArray().SelectMany(row => row!.AsArray().Select(v => (float)v!.GetValue<double>())).ToArray();
        var z = json["z"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray();
        var probes = json["probe_codes"]!.AsArray().Select(r => r!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray()).ToArray();
        var fits = json["probe_fit_db"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        return new Reference(note, features, z, probes, fits);
    }

    [Fact]
    public void Features_match_the_python_pipeline()
    {
        var reference = LoadReference();
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(RepoPaths.Model));
        var features = encoder.Features(reference.Note);
        Assert.Equal(reference.Features.Length, features.Length);
        var top = reference.Features.Max();
        for (var i = 0; i < features.Length; i++)
        {
            // Bands far below the note are at the 1e-10 floor, where rounding the samples to 7 decimals shows.
            if (reference.Features[i] > top - 70) Assert.True(Math.Abs(features[i] - reference.Features[i]) < 0.02, $"band value {i}: {features[i]} vs {reference.Features[i]} dB");
        }
    }

    [Fact]
    public void Encoder_graph_gives_the_python_code()
    {
        var reference = LoadReference();
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(RepoPaths.Model));
        var z = encoder.Guess(reference.Features, reference.Note.PitchHz);
        Assert.Equal(reference.Z.Length, z.Length);
        for (var d = 0; d < z.Length; d++) Assert.True(Math.Abs(z[d] - reference.Z[d]) < 1e-3, $"z[{d}]: {z[d]} vs {reference.Z[d]}");
    }

    [Fact]
    public void Fit_distances_match_the_python_pipeline()
    {
        var reference = LoadReference();
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(RepoPaths.Model));
        for (var i = 0; i < reference.ProbeCodes.Length; i++)
        {
            var fit = encoder.Fit(reference.ProbeCodes[i], reference.Features, reference.Note.PitchHz);
            Assert.True(Math.Abs(fit - reference.ProbeFitDb[i]) < 0.02, $"probe {i}: {fit:F4} vs {reference.ProbeFitDb[i]:F4} dB");
        }
    }

    // The reference note's recipe (export_encoder.py reference_note) at another pitch.
    private static RecordedNote DecayingNote(double f0, double seconds = 1.2)
    {
        var x = new float[(int)(seconds * 48000)];
        for (var n = 0; n < x.Length; n++)
        {
            var t = n / 48000.0;
            double v = 0;
            for (var k = 1; k < 16; k++) v += 0.5 / k * Math.Exp(-t * (1.5 + 0.8 * k)) * Math.Sin(2 * Math.PI * k * f0 * t + 0.3 * k);
            x[n] = (float)(v * Math.Min(1.0, t / 0.01));
        }
        return new RecordedNote($"{f0:F0} Hz", x, 48000, f0);
    }

    [Fact]
    public void One_note_takes_the_encoders_code()
    {
        var reference = LoadReference();
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(RepoPaths.Model));
        var sound = encoder.Encode([reference.Note]);
        for (var d = 0; d < sound.Code.Length; d++) Assert.True(Math.Abs(sound.Code[d] - reference.Z[d]) < 1e-3, $"z[{d}]");
        Assert.StartsWith("encoder,", sound.Method);
    }

    [Fact]
    public void Several_notes_are_fitted_together_at_least_as_well_as_the_encoders_guess()
    {
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(RepoPaths.Model));
        RecordedNote[] notes = [DecayingNote(196.0), DecayingNote(392.0)];
        var features = notes.Select(encoder.Features).ToArray();
        var guess = new float[encoder.Guess(features[0], notes[0].PitchHz).Length];
        foreach (var (f, n) in features.Zip(notes))
        {
            var z = encoder.Guess(f, n.PitchHz);
            for (var d = 0; d < guess.Length; d++) guess[d] += z[d] / notes.Length;
        }
        var guessFit = features.Zip(notes).Average(p => encoder.Fit(guess, p.First, p.Second.PitchHz));

        var sound = encoder.Encode(notes);

        Assert.True(sound.FitDb <= guessFit, $"refined {sound.FitDb:F2} dB, guess {guessFit:F2} dB");
        Assert.All(sound.Code, v => Assert.True(float.IsFinite(v)));
        Assert.Contains("fit to 2 notes", sound.Method);
    }

    [Fact]
    public void A_note_at_the_wrong_sample_rate_is_refused_by_name()
    {
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(RepoPaths.Model));
        var e = Assert.Throws<ArgumentException>(() => encoder.Encode([new RecordedNote("take.wav", new float[44100], 44100, 261.6)]));
        Assert.Contains("take.wav", e.Message);
        Assert.Contains("44100", e.Message);
    }

    [Fact]
    public void Package_without_an_encoder_says_import_needs_one()
    {
        using var copy = new PackageCopy();
        copy.EditManifest(m => m.AsObject().Remove("encoder"));
        var e = Assert.Throws<ModelPackageException>(() => SoundEncoder.Open(ModelPackage.Load(copy.Dir)));
        Assert.Contains("manifest.json", e.Message);
        Assert.Contains("no sound encoder", e.Message);
    }

    [Fact]
    public void Corrupt_encoder_file_costs_the_import_not_the_instrument()
    {
        using var copy = new PackageCopy();
        var path = Path.Combine(copy.Dir, "encoder.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var package = ModelPackage.Load(copy.Dir);
        Assert.Null(package.Encoder);
        Assert.Contains("encoder.onnx", package.EncoderProblem);
        Assert.Contains("sha256", package.EncoderProblem);
        var e = Assert.Throws<ModelPackageException>(() => new NeuralSoundEncoder(package));
        Assert.Contains("sha256", e.Message);
        Assert.Contains("importing sounds needs the model's sound encoder", e.Message);
    }

    [Fact]
    public void Encoder_trained_for_another_decoder_is_not_used()
    {
        using var copy = new PackageCopy();
        copy.EditManifest(m => m["encoder"]!["decoderSha256"] = new string('0', 64));
        var package = ModelPackage.Load(copy.Dir);
        Assert.Null(package.Encoder);
        Assert.Contains("decoderSha256", package.EncoderProblem);
    }

    [Fact]
    public void Nelder_mead_finds_the_minimum_of_a_shifted_bowl()
    {
        var (best, value) = NelderMead.Minimize(x => Math.Pow(x[0] - 1, 2) + 3 * Math.Pow(x[1] + 2, 2) + 0.5, [0.0, 0.0], 0.5, 400);
        Assert.Equal(1.0, best[0], 2);
        Assert.Equal(-2.0, best[1], 2);
        Assert.Equal(0.5, value, 4);
    }
}
