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

    public string String(string key)
    {
        var value = Get(key, JsonValueKind.String);
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 or a lone surrogate escape: JsonDocument.Parse does not check string contents.
            throw Error(key, "expected a string of valid Unicode text");
        }
    }

    public double Double(string key) =>
        Get(key, JsonValueKind.Number).TryGetDouble(out var v) && double.IsFinite(v) ? v : throw Error(key, "expected a finite number");

    public long Long(string key) => Get(key, JsonValueKind.Number).TryGetInt64(out var v) ? v : throw Error(key, "expected an integer");

    public int Int(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        var v = Long(key);
        if (v < min || v > max) throw Error(key, $"expected {min}..{max}, found {v}");
        return (int)v;
    }

    public bool Has(string key) => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(key, out _);

    public double[] Doubles(string key, int count)
    {
        var values = Get(key, JsonValueKind.Array).EnumerateArray().ToArray();
        if (values.Length != count) throw Error(key, $"expected {count} numbers, found {values.Length}");
        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (values[i].ValueKind != JsonValueKind.Number || !values[i].TryGetDouble(out result[i]) || !double.IsFinite(result[i]))
                throw Error(key, $"expected finite numbers (item {i} is not)");
        }
        return result;
    }

    /// <summary>A rows x columns array of arrays of numbers, row-major.</summary>
    public double[] Matrix(string key, int rows, int columns)
    {
        var items = Get(key, JsonValueKind.Array).EnumerateArray().ToArray();
        if (items.Length != rows) throw Error(key, $"expected {rows} rows, found {items.Length}");
        var result = new double[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            var values = items[r].ValueKind == JsonValueKind.Array ? items[r].EnumerateArray().ToArray() : [];
            if (values.Length != columns) throw Error(key, $"expected row {r} to hold {columns} numbers, found {values.Length}");
            for (var c = 0; c < columns; c++)
            {
                if (values[c].ValueKind != JsonValueKind.Number || !values[c].TryGetDouble(out result[r * columns + c]) || !double.IsFinite(result[r * columns + c]))
                    throw Error(key, $"expected finite numbers (row {r}, item {c} is not)");
            }
        }
        return result;
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
            if (shape.Length != 2 || shape[1].ValueKind != JsonValueKind.Number || !shape[1].TryGetInt32(out var width))
                throw item.Error("shape", "expected [\"batch\", width]");
            list.Add(new TensorSpec(item.String("name"), width));
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
            var codeValues = item.Get("code", JsonValueKind.Array).EnumerateArray().ToArray();
            if (codeValues.Length != latent) throw item.Error("code", $"expected {latent} numbers (latentSize), found {codeValues.Length}");
            var code = new float[latent];
            for (var k = 0; k < latent; k++)
            {
                if (codeValues[k].ValueKind != JsonValueKind.Number || !codeValues[k].TryGetSingle(out code[k]) || !float.IsFinite(code[k]))
                    throw item.Error("code", "expected finite numbers");
            }
            var range = item.Get("range", JsonValueKind.Array).EnumerateArray().ToArray();
            if (range.Length != 2 || !IsNote(range[0], out var low) || !IsNote(range[1], out var high) || low > high)
                throw item.Error("range", "expected [low, high] MIDI notes (0..127, low <= high)");
            list.Add(new InstrumentInfo(i, item.Int("program", 0, 127), item.String("name"), item.String("family"), low, high, code));
            i++;
        }
        return list;
    }

    private static bool IsNote(JsonElement value, out int note)
    {
        note = -1;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out note) && note is >= 0 and <= 127;
    }
}
