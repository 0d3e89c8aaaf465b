using System.Text.Json;
using System.Text.Json.Nodes;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Neural.Tests;

/// <summary>A copy of the committed model package in a temporary folder, to break on purpose.</summary>
internal sealed class PackageCopy : IDisposable
{
    /// <param name="source">The package to copy (default: the committed model).</param>
    public PackageCopy(string? source = null)
    {
        source ??= RepoPaths.Model;
        Dir = Directory.CreateTempSubdirectory("nsynthbox-model-").FullName;
        foreach (var f in new[] { "manifest.json", "decoder.onnx", "encoder.onnx" }.Where(f => File.Exists(Path.Combine(source, f))))
            File.Copy(Path.Combine(source, f), Path.Combine(Dir, f));
    }

    public string Dir { get; }

    public void EditManifest(Action<JsonNode> edit)
    {
        var path = Path.Combine(Dir, "manifest.json");
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        edit(node);
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
