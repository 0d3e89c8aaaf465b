using System.Text.Json;

namespace NSynthBox.Neural;

/// <summary>Typed access to manifest.json whose errors name the file, the JSON path and what was expected.</summary>
internal sealed class ManifestReader(string file, JsonElement element, string path = "$")
{
    public ModelPackageException Error(string key, string what) => new($"{file}: {path}.{key}: {what}");

    private JsonElement Get(string key, JsonValueKind kind)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out var value))
            throw Error(key, $"missing (expected a {Describe(kind)})");
        if (value.ValueKind != kind && !(kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False))
            throw Error(key, $"expected a {Describe(kind)}, found {value.ValueKind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public string String(string key) => Get(key, JsonValueKind.String).GetString()!;

    public double Double(string key) => Get(key, JsonValueKind.Number).GetDouble();

    public long Long(string key) => Get(key, JsonValueKind.Number).TryGetInt64(out var v) ? v : throw Error(key, "expected an integer");

    public int Int(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        var v = Long(key);
        if (v < min || v > max) throw Error(key, $"expected {min}..{max}, found {v}");
        return (int)v;
    }

    public ManifestReader Object(string key) => new(file, Get(key, JsonValueKind.Object), $"{path}.{key}");

    public IReadOnlyList<TensorSpec> Tensors(string key)
    {
        var list = new List<TensorSpec>();
        var i = 0;
        foreach (var t in Get(key, JsonValueKind.Array).EnumerateArray())
        {
            var item = new ManifestReader(file, t, $"{path}.{key}[{i++}]");
            var shape = item.Get("shape", JsonValueKind.Array).EnumerateArray().ToArray();
            if (shape.Length != 2 || shape[1].ValueKind != JsonValueKind.Number)
                throw item.Error("shape", "expected [\"batch\", width]");
            list.Add(new TensorSpec(item.String("name"), shape[1].GetInt32()));
        }
        return list;
    }

    public IReadOnlyList<InstrumentInfo> Instruments(int latent)
    {
        var list = new List<InstrumentInfo>();
        var i = 0;
        foreach (var e in Get("instruments", JsonValueKind.Array).EnumerateArray())
        {
            var item = new ManifestReader(file, e, $"{path}.instruments[{i}]");
            var code = item.Get("code", JsonValueKind.Array).EnumerateArray().Select(v => v.GetSingle()).ToArray();
            if (code.Length != latent) throw item.Error("code", $"expected {latent} numbers (latentSize), found {code.Length}");
            if (code.Any(v => !float.IsFinite(v))) throw item.Error("code", "expected finite numbers");
            var range = item.Get("range", JsonValueKind.Array).EnumerateArray().Select(v => v.GetInt32()).ToArray();
            if (range.Length != 2) throw item.Error("range", "expected [low, high] MIDI notes");
            list.Add(new InstrumentInfo(i, item.Int("program", 0, 127), item.String("name"), item.String("family"), range[0], range[1], code));
            i++;
        }
        return list;
    }
}
