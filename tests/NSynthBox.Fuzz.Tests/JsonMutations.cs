using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// JSON-level mutations of a document, as a hand edit, a buggy exporter or a newer/older tool
/// would make them: keys removed or renamed, values of the wrong type, numbers out of range or
/// not integers, NaN-like strings, huge arrays, deep nesting, raw tokens that are not JSON.
/// Values are spliced in as raw text, so any token can be tried.
/// </summary>
internal static class JsonMutations
{
    public enum Kind
    {
        Remove,
        Replace,
        RenameKey,
        DuplicateElement,
    }

    /// <summary><see cref="Target"/> picks a node as a fraction of the node list; <see cref="Structural"/>
    /// restricts it to nodes outside the long instrument list, where the interesting keys are.</summary>
    public readonly record struct Mutation(Kind Kind, double Target, bool Structural, int Value)
    {
        public override string ToString() => Kind == Kind.Replace ? $"{Kind}@{Target:0.###}{(Structural ? "s" : "")} with {Raw(Value)}" : $"{Kind}@{Target:0.###}{(Structural ? "s" : "")}";
    }

    private static readonly string[] RawValues =
    [
        "null", "true", "false", "\"\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e999\"", "\"-0\"", "\"null\"", "\"16\"", "\"0x10\"",
        "\"decoder.onnx\"", "\"../hpn-v1/decoder.onnx\"", "\"/etc/passwd\"", "\"/dev/zero\"", "\"reference\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "\"é\"",
        "0", "-1", "1", "2", "0.5", "-0.0", "16.0", "1E1", "1e308", "-1e308", "1e-320", "1e999", "-1e999",
        "127", "128", "255", "256", "512", "513", "65536", "2147483647", "2147483648", "-2147483649", "4294967295", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616", "123456789012345678901234567890",
        "{}", "[]", "[1, 2]", "[\"batch\"]", "[\"batch\", 16.5]", "[\"batch\", 1e999]", "[\"batch\", 99999999999]", "[24]", "[24, 105, 3]",
        "[1e999, 0]", "[\"a\", \"b\"]", "[null, null]", "{\"a\": 1}", "[[]]",
        "NaN", "Infinity", "-Infinity", "nul", "'x'", "01", "+1", ".5", "1.", "0x10",
        "HUGE_ARRAY", "HUGE_STRING_ARRAY", "DEEP",
    ];

    public static readonly Gen<Mutation> Mutation1 = Gen.Select(
        Gen.Frequency((2, Gen.Const(Kind.Remove)), (6, Gen.Const(Kind.Replace)), (1, Gen.Const(Kind.RenameKey)), (1, Gen.Const(Kind.DuplicateElement))),
        Gen.Double.Unit, Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false))), Gen.Int[0, RawValues.Length - 1],
        (kind, target, structural, value) => new Mutation(kind, target, structural, value));

    public static string Apply(string json, Mutation[] mutations) => Apply(json, mutations, []);

    /// <summary>The mutations with the JSON path each one hit, for failure reports.</summary>
    public static string Describe(string json, Mutation[] mutations)
    {
        var log = new List<string>();
        Apply(json, mutations, log);
        return string.Join("; ", mutations.Zip(log, (m, path) => $"{m} at {path}"));
    }

    private static string Apply(string json, Mutation[] mutations, List<string> log)
    {
        var root = JsonNode.Parse(json)!;
        var raw = new List<string>();
        foreach (var m in mutations)
        {
            log.Add(Apply(root, m, raw));
        }

        string text = root.ToJsonString();
        for (int i = 0; i < raw.Count; i++)
        {
            text = text.Replace($"\"@@RAW{i}@@\"", raw[i], StringComparison.Ordinal);
        }

        return text;
    }

    private static string Raw(int index) => RawValues[index] switch
    {
        "HUGE_ARRAY" => "[" + string.Join(",", Enumerable.Repeat("0.25", 100_000)) + "]",
        "HUGE_STRING_ARRAY" => "[" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"{{\"name\": \"x{i}\", \"shape\": [\"batch\", 1]}}")) + "]",
        "DEEP" => new string('[', 200) + new string(']', 200),
        var value => value,
    };

    private static string Apply(JsonNode root, Mutation m, List<string> raw)
    {
        var nodes = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        Collect(root, "$", nodes);
        if (m.Structural)
        {
            nodes = nodes.Where(n => !IsBulk(n.Path)).ToList();
        }

        if (nodes.Count == 0)
        {
            return "(nothing)";
        }

        var (parent, key, index, path) = nodes[Math.Clamp((int)(m.Target * nodes.Count), 0, nodes.Count - 1)];
        switch (m.Kind)
        {
            case Kind.Remove when parent is JsonObject o:
                o.Remove(key!);
                break;
            case Kind.Remove when parent is JsonArray a:
                a.RemoveAt(index);
                break;
            case Kind.RenameKey when parent is JsonObject o:
            {
                var value = o[key!];
                o.Remove(key!);
                string renamed = (m.Value % 3) switch { 0 => key!.ToUpperInvariant(), 1 => key + "_", _ => "" };
                if (!o.ContainsKey(renamed))
                {
                    o[renamed] = value;
                }

                break;
            }

            case Kind.DuplicateElement when parent is JsonArray a:
                a.Insert(index, a[index]?.DeepClone());
                break;
            default:
                string placeholder = $"@@RAW{raw.Count}@@";
                raw.Add(Raw(m.Value));
                if (parent is JsonObject obj)
                {
                    obj[key!] = placeholder;
                }
                else
                {
                    ((JsonArray)parent)[index] = placeholder;
                }

                break;
        }

        return path;
    }

    // The instrument list is most of the manifest; past the first two instruments and inside
    // latent codes every node is alike.
    private static bool IsBulk(string path) =>
        path.Contains(".code[", StringComparison.Ordinal) ||
        (path.StartsWith("$.instruments[", StringComparison.Ordinal) && !path.StartsWith("$.instruments[0]", StringComparison.Ordinal) &&
         !path.StartsWith("$.instruments[1]", StringComparison.Ordinal) && path != "$.instruments[2]");

    private static void Collect(JsonNode node, string path, List<(JsonNode, string?, int, string)> nodes)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    string childPath = $"{path}.{key}";
                    nodes.Add((o, key, -1, childPath));
                    if (child is not null)
                    {
                        Collect(child, childPath, nodes);
                    }
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    string childPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
                    nodes.Add((a, null, i, childPath));
                    if (a[i] is { } child)
                    {
                        Collect(child, childPath, nodes);
                    }
                }

                break;
        }
    }
}
