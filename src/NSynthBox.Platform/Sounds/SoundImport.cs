using System.Diagnostics;
using NSynthBox.Engine.Import;
using NSynthBox.Neural;
using NSynthBox.Neural.Encoding;

namespace NSynthBox.Platform.Sounds;

/// <summary>What an import did: the stored sound, each recording's checks, the encoder's answer and the time taken.</summary>
public sealed record ImportResult(LibrarySound Sound, IReadOnlyList<CheckedRecording> Recordings, EncodedSound Encoded, TimeSpan Elapsed);

/// <summary>
/// 'Bring your own sound': checks each recording (<see cref="RecordingChecker"/>), encodes the notes with
/// the model's encoder and stores the code with copies of the recordings in the <see cref="SoundLibrary"/>.
/// The name is checked first and the encoder opened only once every file passed, so a bad file is
/// reported without waiting for the model. The same code serves 'nsynthbox import' and the web panel.
/// </summary>
public static class SoundImport
{
    /// <summary>
    /// A name a sound may take (on import or rename): free in the library and not one of the model's
    /// instruments, so picking it by name always finds the sound.
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken or malformed; the message names it.</exception>
    public static void CheckName(string name, ModelPackage model, SoundLibrary library, string? renamingId = null)
    {
        library.CheckNewName(name, renamingId);
        var clash = model.Instruments.FirstOrDefault(i => i.Program >= 0 && string.Equals(i.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (clash is not null) throw new ArgumentException($"name '{name.Trim()}': model '{model.Name}' has an instrument of that name; choose another");
    }

    /// <param name="openEncoder">The model's encoder (<see cref="SoundEncoder.Open"/>; tests give their own).</param>
    /// <param name="checkedFile">Called after each recording passes, e.g. to print its pitch before the encoder runs.</param>
    public static ImportResult Run(IReadOnlyList<string> files, string name, ModelPackage model, Func<ModelPackage, ISoundEncoder> openEncoder,
        SoundLibrary library, Action<CheckedRecording>? checkedFile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("import: expected at least one WAV file of a note");
        var clock = Stopwatch.StartNew();
        CheckName(name, model, library);

        var checker = new RecordingChecker(model.SampleRate);
        var recordings = new List<CheckedRecording>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"{file}: not found (expected a WAV file of one note)", file);
            var recording = checker.Check(file);
            recordings.Add(recording);
            checkedFile?.Invoke(recording);
        }
        var encoder = openEncoder(model);
        using var session = encoder as IDisposable; // the real encoder holds ONNX Runtime sessions
        var encoded = encoder.Encode([.. recordings.Select(r => r.Note)], cancellationToken);
        if (encoded.Code.Length != model.LatentSize || encoded.Code.Any(c => !float.IsFinite(c)))
            throw new InvalidOperationException($"the encoder returned a code of {encoded.Code.Length} values for model '{model.Name}' (expected {model.LatentSize} finite values)");
        var sound = library.Add(name, encoded.Code, model.Name, model.DecoderSha256, [.. recordings.Select(r => r.PitchHz)],
            encoded.FitDb, encoded.Method, files);
        return new ImportResult(sound, recordings, encoded, clock.Elapsed);
    }

    /// <summary>
    /// The library's sounds that belong to <paramref name="model"/>, as instruments after the model's own. A sound whose
    /// name the model or an earlier sound already has (a hand-edited sound.json) is left out and reported through <paramref name="skipped"/>:
    /// a corner chosen by that name would be ambiguous.
    /// </summary>
    public static ModelPackage WithLibrary(ModelPackage model, IEnumerable<LibrarySound> sounds, Action<string>? skipped = null)
    {
        var names = new HashSet<string>(model.Instruments.Select(i => i.Name), StringComparer.OrdinalIgnoreCase);
        var playable = new List<(string, float[])>();
        foreach (var sound in sounds.Where(s => s.BelongsTo(model.DecoderSha256) && s.Code.Length == model.LatentSize))
        {
            if (names.Add(sound.Name)) playable.Add((sound.Name, sound.Code));
            else skipped?.Invoke($"sound '{sound.Name}' ({sound.Id}): model '{model.Name}' or an earlier sound already has an instrument of that name; skipped (rename it: 'nsynthbox sounds rename OLD NEW')");
        }
        return model.WithExtraInstruments(playable);
    }
}
