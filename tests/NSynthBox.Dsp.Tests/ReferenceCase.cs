using System.Text.Json;

namespace NSynthBox.Dsp.Tests;

/// <summary>A reference case rendered by models/pipeline/hpn_synth.py (float64).</summary>
internal sealed record ReferenceCase(
    string Name,
    int SampleRate,
    int FrameRate,
    double Phase0,
    uint NoiseSeed,
    float[] F0,
    float[,] Harmonics,
    float[,] Noise,
    double[] ExpectedAudio,
    SynthControls Controls)
{
    public static ReferenceCase Load(string name)
    {
        string path = Path.Combine(RepositoryRoot.Path, "models", "hpn-v1", "reference", $"synth_{name}.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        return new ReferenceCase(
            name,
            root.GetProperty("sample_rate").GetInt32(),
            root.GetProperty("frame_rate").GetInt32(),
            root.GetProperty("phase0").GetDouble(),
            root.GetProperty("noise_seed").GetUInt32(),
            root.GetProperty("f0").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray(),
            Matrix(root.GetProperty("harmonics")),
            Matrix(root.GetProperty("noise")),
            root.GetProperty("expected_audio").EnumerateArray().Select(e => e.GetDouble()).ToArray(),
            new SynthControls
            {
                Stretch = root.TryGetProperty("stretch", out var stretch) ? Vector(stretch) : null,
                SubPartials = root.TryGetProperty("sub", out var sub) ? Matrix(sub) : null,
                Transient = root.TryGetProperty("transient", out var transient) ? Vector(transient) : null,
                Modulation = root.TryGetProperty("modulation", out var modulation) ? Matrix(modulation) : null,
                Layer = root.TryGetProperty("layer", out var layer) ? Matrix(layer) : null,
            });
    }

    private static float[] Vector(JsonElement values) => values.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

    private static float[,] Matrix(JsonElement rows)
    {
        var list = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(e => (float)e.GetDouble()).ToArray()).ToList();
        var matrix = new float[list.Count, list[0].Length];
        for (int i = 0; i < list.Count; i++)
        {
            for (int j = 0; j < list[i].Length; j++)
            {
                matrix[i, j] = list[i][j];
            }
        }

        return matrix;
    }
}

/// <summary>Finds the checkout by walking up from the test binaries to NSynthBox.sln.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NSynthBox.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"NSynthBox.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Path => Root.Value;
}
