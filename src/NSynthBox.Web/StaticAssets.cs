using System.Reflection;
using System.Security.Cryptography;

namespace NSynthBox.Web;

/// <summary>One file of the page, served from memory.</summary>
internal sealed record Asset(byte[] Content, string ContentType, string ETag);

/// <summary>
/// The page's files, embedded in this assembly (wwwroot/). A request is answered only when its
/// path is exactly one of these names, so no path, however encoded, can reach the file system.
/// </summary>
internal sealed class StaticAssets
{
    private const string Prefix = "wwwroot/";
    private readonly Dictionary<string, Asset> _assets;

    private StaticAssets(Dictionary<string, Asset> assets) => _assets = assets;

    public IEnumerable<string> Paths => _assets.Keys;

    public static StaticAssets Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"";
            assets["/" + name[Prefix.Length..].Replace('\\', '/')] = new Asset(content, ContentType(name), etag);
        }
        if (!assets.ContainsKey("/index.html")) throw new InvalidOperationException($"{assembly.GetName().Name}: the page (wwwroot/index.html) is not embedded");
        return new StaticAssets(assets);
    }

    public bool TryGet(string path, out Asset asset) => _assets.TryGetValue(path == "/" ? "/index.html" : path, out asset!);

    private static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        ".webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    };
}
