using NSynthBox.Engine.Storage;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSynthBox.Neural;

namespace NSynthBox.Web;

/// <summary>
/// Keeps <see cref="PanelSettings"/> in a JSON file, either as the whole file or as one section
/// (object) of a larger configuration file whose other keys are kept as they are. Property names
/// are those of <see cref="PanelSettings"/> (MidiChannel, CcMap, AudioDevice, ModelPath), so the
/// same section binds with Microsoft.Extensions.Configuration. Saves are validated, then atomic.
/// </summary>
public sealed class JsonSettingsStore
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };
    private readonly Func<PanelSettings, IEnumerable<KeyValuePair<string, string>>>? _extraRules;
    private readonly Lock _gate = new();

    /// <param name="path">The JSON file (created on the first save).</param>
    /// <param name="section">Property of the root object holding the settings; null = the root itself.</param>
    /// <param name="extraRules">More checks that only the caller can make (e.g. that the ALSA device exists): field name to error.</param>
    public JsonSettingsStore(string path, string? section = null, Func<PanelSettings, IEnumerable<KeyValuePair<string, string>>>? extraRules = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Section = section;
        _extraRules = extraRules;
    }

    public string Path { get; }
    public string? Section { get; }

    /// <summary>What <see cref="Load"/> returns for a missing file or key.</summary>
    public PanelSettings Defaults { get; init; } = new();

    /// <summary>A model path as the box will open it: relative paths are taken from the settings file's folder; empty = null (the shipped model).</summary>
    public string? ResolveModelPath(string modelPath) =>
        string.IsNullOrWhiteSpace(modelPath) ? null : System.IO.Path.GetFullPath(modelPath, System.IO.Path.GetDirectoryName(Path)!);

    /// <summary>The saved settings (defaults for a missing file or key); a broken file is an <see cref="InvalidDataException"/> naming it.</summary>
    public PanelSettings Load()
    {
        lock (_gate)
        {
            if (!File.Exists(Path)) return Defaults;
            var root = ReadRoot();
            var node = Section is null ? root : root[Section];
            if (node is null) return Defaults;
            if (node is not JsonObject obj) throw Invalid(Section ?? "(root)", "expected an object");
            return FromJson(obj);
        }
    }

    /// <summary>Every rule: values, the model package (it must load), and the caller's extra rules.</summary>
    public IReadOnlyDictionary<string, string> Validate(PanelSettings settings)
    {
        var errors = new Dictionary<string, string>(settings.ValidateValues());
        if (!errors.ContainsKey(PanelSettings.Fields.ModelPath) && CheckModel(settings.ModelPath) is { } modelError)
            errors[PanelSettings.Fields.ModelPath] = modelError;
        if (_extraRules is not null)
        {
            foreach (var (field, error) in _extraRules(settings)) errors.TryAdd(field, error);
        }
        return errors;
    }

    public SettingsSaveResult Save(PanelSettings settings)
    {
        var errors = Validate(settings);
        if (errors.Count > 0) return SettingsSaveResult.Failed(errors);
        lock (_gate)
        {
            JsonObject root;
            if (Section is null || !File.Exists(Path))
            {
                root = [];
            }
            else
            {
                try
                {
                    root = ReadRoot();
                }
                catch (InvalidDataException e)
                {
                    // Rewriting would lose the file's other sections: say so instead.
                    return new SettingsSaveResult(false, new Dictionary<string, string>(), $"not saved: {e.Message}");
                }
            }
            var values = ToJson(settings);
            if (Section is null) root = values;
            else root[Section] = values;
            try
            {
                AtomicFile.RemoveLeftovers(Path);
                AtomicFile.WriteAllBytes(Path, JsonSerializer.SerializeToUtf8Bytes(root, WriteOptions));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk or a read-only folder: the file keeps its previous content (the write is atomic).
                return new SettingsSaveResult(false, new Dictionary<string, string>(), $"not saved: {e.Message}");
            }
        }
        return new SettingsSaveResult(true, new Dictionary<string, string>(), $"saved to {Path}; takes effect when the box next starts");
    }

    private JsonObject ReadRoot()
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllBytes(Path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path}: not valid JSON ({e.Message})", e);
        }
        return node as JsonObject ?? throw Invalid("(root)", "expected a JSON object");
    }

    private PanelSettings FromJson(JsonObject obj)
    {
        var s = Defaults;
        foreach (var (key, value) in obj)
        {
            switch (key.ToLowerInvariant())
            {
                case "midichannel":
                    s = s with { MidiChannel = ReadInt(key, value) ?? throw Invalid(key, "expected a whole number 0..16") };
                    break;
                case "ccmap":
                    s = s with { CcMap = ReadCcMap(key, value) };
                    break;
                case "audiodevice":
                    s = s with { AudioDevice = ReadString(key, value) };
                    break;
                case "modelpath":
                    s = s with { ModelPath = ReadString(key, value) };
                    break;
            }
        }
        return s;
    }

    private Dictionary<string, int?> ReadCcMap(string key, JsonNode? value)
    {
        if (value is not JsonObject map) throw Invalid(key, "expected an object of control name to CC number");
        var result = new Dictionary<string, int?>(Defaults.CcMap);
        foreach (var (target, cc) in map)
            result[target] = cc is null ? null : ReadInt($"{key}.{target}", cc) ?? throw Invalid($"{key}.{target}", "expected a CC number 0..119 or null");
        return result;
    }

    private int? ReadInt(string key, JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<int>(out var i) ? i : value is null ? null : throw Invalid(key, "expected a whole number");

    private string ReadString(string key, JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Invalid(key, "expected a string");

    private InvalidDataException Invalid(string key, string expected) =>
        new($"{Path}: {(Section is null ? key : $"{Section}.{key}")}: {expected}");

    private static JsonObject ToJson(PanelSettings s)
    {
        var map = new JsonObject();
        foreach (var target in PanelSettings.CcTargets) map[target] = s.CcMap.TryGetValue(target, out var cc) ? cc : null;
        return new JsonObject
        {
            ["MidiChannel"] = s.MidiChannel,
            ["CcMap"] = map,
            ["AudioDevice"] = s.AudioDevice,
            ["ModelPath"] = s.ModelPath,
        };
    }

    private string? CheckModel(string modelPath)
    {
        var dir = ResolveModelPath(modelPath);
        if (dir is null) return null;
        if (!Directory.Exists(dir)) return $"{dir}: no such folder (expected a model package folder holding manifest.json and decoder.onnx)";
        try
        {
            ModelPackage.Load(dir);
            return null;
        }
        catch (Exception e) when (e is ModelPackageException or IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
        {
            return e.Message;
        }
    }
}
