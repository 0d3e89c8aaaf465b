using NSynthBox.Engine.Storage;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSynthBox.Platform.State;

namespace NSynthBox.Platform.Sounds;

/// <summary>
/// The user's imported sounds, in <c>sounds/</c> of the state folder (next to the patches, so an update
/// of the program or the model leaves them alone). One folder per sound, named by its id, holding
/// <c>sound.json</c> and the source recordings (<c>source-1.wav</c> ...). The recordings are copied first
/// and <c>sound.json</c> is written last, atomically, so a folder without it is an import that did not
/// finish; a rename rewrites <c>sound.json</c> atomically; a removal renames the folder away before
/// deleting it. Reading never stops at a bad entry: it is reported by name and skipped.
/// </summary>
public sealed class SoundLibrary
{
    public const string FolderName = "sounds";
    public const string EntryFile = "sound.json";
    public const int MaxNameLength = 40;
    private const string Format = "nsynthbox-sound";

    public SoundLibrary(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        Directory = Path.Combine(Path.GetFullPath(stateDirectory), FolderName);
    }

    public string Directory { get; }

    /// <summary>Every sound that reads (oldest first, so indexes of earlier sounds stay put as sounds are added), and the entries that do not.</summary>
    public (IReadOnlyList<LibrarySound> Sounds, IReadOnlyList<LibraryProblem> Problems) Load()
    {
        var sounds = new List<LibrarySound>();
        var problems = new List<LibraryProblem>();
        if (!System.IO.Directory.Exists(Directory)) return (sounds, problems);
        foreach (var folder in System.IO.Directory.GetDirectories(Directory).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(folder).StartsWith('.')) continue; // a removal or import in progress
            var entry = Path.Combine(folder, EntryFile);
            if (!File.Exists(entry))
            {
                problems.Add(new LibraryProblem(folder, $"{folder}: no {EntryFile} (an import that did not finish; remove the folder)"));
                continue;
            }
            try
            {
                sounds.Add(FromJson(File.ReadAllText(entry), entry, Path.GetFileName(folder)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add(new LibraryProblem(folder, e.Message));
            }
        }
        sounds.Sort((a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : string.CompareOrdinal(a.Id, b.Id));
        return (sounds, problems);
    }

    /// <summary>The sound named <paramref name="name"/> (case-insensitive), or null.</summary>
    public LibrarySound? Find(string name) =>
        Load().Sounds.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Checks a new name: non-empty, printable, short, and not taken by another sound.</summary>
    /// <exception cref="ArgumentException">The message says what is wrong.</exception>
    public void CheckNewName(string name, string? exceptId = null)
    {
        var trimmed = name.Trim();
        if (NameProblem(trimmed) is { } problem) throw new ArgumentException(problem);
        var taken = Load().Sounds.FirstOrDefault(s => s.Id != exceptId && string.Equals(s.Name, trimmed, StringComparison.OrdinalIgnoreCase));
        if (taken is not null) throw new ArgumentException($"name '{trimmed}': the library already has a sound of that name (rename or remove it first: 'nsynthbox sounds')");
    }

    /// <summary>What is wrong with a (trimmed) sound name, or null: the same rules for a new name and for one read from sound.json.</summary>
    private static string? NameProblem(string trimmed)
    {
        if (trimmed.Length == 0) return "name: expected a name for the sound, e.g. --name \"My cello\"";
        if (trimmed.Length > MaxNameLength) return $"name '{trimmed}': {trimmed.Length} characters, expected at most {MaxNameLength}";
        if (trimmed.Any(char.IsControl) || trimmed.Contains(','))
            return $"name '{trimmed}': expected letters, digits, spaces and punctuation other than commas (lists of corners are separated by commas)";
        return null;
    }

    /// <summary>Stores a new sound: copies the recordings, then writes its entry atomically. Returns it as stored.</summary>
    public LibrarySound Add(string name, float[] code, string modelName, string decoderSha256, IReadOnlyList<double> pitchesHz,
        double fitDb, string method, IReadOnlyList<string> sourcePaths, DateTimeOffset? created = null)
    {
        CheckNewName(name);
        var id = NewId();
        var folder = Path.Combine(Directory, id);
        System.IO.Directory.CreateDirectory(folder);
        var sources = new List<string>();
        for (var i = 0; i < sourcePaths.Count; i++)
        {
            var file = string.Create(CultureInfo.InvariantCulture, $"source-{i + 1}.wav");
            AtomicFile.WriteAllBytes(Path.Combine(folder, file), File.ReadAllBytes(sourcePaths[i]));
            sources.Add(file);
        }
        var sound = new LibrarySound(id, name.Trim(), code, modelName, decoderSha256, pitchesHz, created ?? DateTimeOffset.UtcNow, fitDb, method, sources);
        AtomicFile.WriteAllText(Path.Combine(folder, EntryFile), ToJson(sound));
        return sound;
    }

    /// <summary>Renames a sound (its id, code and recordings stay).</summary>
    public LibrarySound Rename(string oldName, string newName)
    {
        var sound = Find(oldName) ?? throw NotFound(oldName);
        CheckNewName(newName, sound.Id);
        var renamed = sound with { Name = newName.Trim() };
        AtomicFile.WriteAllText(Path.Combine(Directory, sound.Id, EntryFile), ToJson(renamed));
        return renamed;
    }

    /// <summary>Removes a sound and its recordings: the folder disappears at once (a rename), then is deleted.</summary>
    public LibrarySound Remove(string name)
    {
        var sound = Find(name) ?? throw NotFound(name);
        var folder = Path.Combine(Directory, sound.Id);
        var gone = Path.Combine(Directory, $".removed-{sound.Id}-{Environment.ProcessId}");
        System.IO.Directory.Move(folder, gone);
        System.IO.Directory.Delete(gone, recursive: true);
        return sound;
    }

    /// <summary>The full path of one of a sound's source recordings.</summary>
    public string SourcePath(LibrarySound sound, string file) => Path.Combine(Directory, sound.Id, file);

    private ArgumentException NotFound(string name)
    {
        var names = Load().Sounds.Select(s => $"'{s.Name}'").ToList();
        return new ArgumentException($"sound '{name.Trim()}': not in the library {Directory} ({(names.Count == 0 ? "it is empty" : "it has " + string.Join(", ", names))})");
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string ToJson(LibrarySound sound)
    {
        var root = new JsonObject
        {
            ["format"] = Format,
            ["version"] = 1,
            ["id"] = sound.Id,
            ["name"] = sound.Name,
            ["model"] = new JsonObject { ["name"] = sound.ModelName, ["decoderSha256"] = sound.DecoderSha256 },
            ["code"] = new JsonArray([.. sound.Code.Select(c => (JsonNode)c)]),
            ["pitchesHz"] = new JsonArray([.. sound.PitchesHz.Select(p => (JsonNode)Math.Round(p, 3))]),
            ["created"] = sound.Created.ToString("O", CultureInfo.InvariantCulture),
            ["fitDb"] = Math.Round(sound.FitDb, 3),
            ["method"] = sound.Method,
            ["sources"] = new JsonArray([.. sound.SourceFiles.Select(s => (JsonNode)s)]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <exception cref="InvalidDataException">Not a sound entry; the message names the file and what is wrong.</exception>
    public static LibrarySound FromJson(string json, string source, string expectedId)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("expected a JSON object");
            if (root["format"]?.GetValue<string>() != Format) throw new JsonException($"'format': expected \"{Format}\"");
            var id = Text(root, "id");
            if (id != expectedId) throw new JsonException($"'id' = '{id}': expected the folder's name '{expectedId}'");
            var name = Text(root, "name");
            if (NameProblem(name) is { } problem) throw new JsonException(problem);
            var model = root["model"] as JsonObject ?? throw new JsonException("'model' missing");
            // A hand edit may leave a null in any array: each element is checked, never dereferenced blindly.
            var code = Values<float>(root, "code", "finite numbers");
            if (code.Length == 0 || code.Any(c => !float.IsFinite(c))) throw new JsonException("'code': expected finite numbers");
            var pitches = Values<double>(root, "pitchesHz", "frequencies in Hz");
            var created = DateTimeOffset.Parse(Text(root, "created"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            var sources = root["sources"] is null ? [] : Values<string>(root, "sources", "file names");
            if (sources.Any(s => s != Path.GetFileName(s) || s.StartsWith('.'))) throw new JsonException("'sources': expected file names in the sound's folder");
            return new LibrarySound(id, name, code, Text(model, "name"), Text(model, "decoderSha256"), pitches, created,
                root["fitDb"]?.GetValue<double>() ?? double.NaN, root["method"]?.GetValue<string>() ?? "", sources);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: not a sound entry ({e.Message})", e);
        }
    }

    private static T[] Values<T>(JsonObject o, string key, string expected) =>
        [.. (o[key] as JsonArray ?? throw new JsonException($"'{key}' missing")).Select(n => n is null ? throw new JsonException($"'{key}': expected {expected}, found null") : n.GetValue<T>())];

    private static string Text(JsonObject o, string key) =>
        o[key]?.GetValue<string>() is { Length: > 0 } s ? s : throw new JsonException($"'{key}' missing or empty");
}
