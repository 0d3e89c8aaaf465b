namespace NSynthBox.Neural;

/// <summary>
/// Reads a file of a model package with a size limit, so that nothing a package folder holds can hang or exhaust
/// the start: a FIFO or device (size 0: reading one would block or never end), a symbolic link loop, a file larger
/// than any real graph or manifest is a <see cref="ModelPackageException"/> naming it.
/// </summary>
internal static class PackageFile
{
    /// <summary>Largest manifest.json read (the real one is 64 KB: 112 instruments and their codes).</summary>
    public const long MaxManifestBytes = 16L * 1024 * 1024;

    /// <summary>Largest ONNX graph read (the real decoder and encoder are under 1 MB each; a Pi has 1-8 GB).</summary>
    public const long MaxGraphBytes = 256L * 1024 * 1024;

    public static byte[] ReadAll(string path, long maxBytes)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new ModelPackageException($"{path}: not found");
            // A FIFO, a device or an empty file all read as size 0: none is a graph or a manifest.
            if (info.Length == 0) throw new ModelPackageException($"{path}: empty or not a regular file (a FIFO or device?): expected a file of the package");
            if (info.Length > maxBytes) throw new ModelPackageException($"{path}: {info.Length} bytes, larger than the {maxBytes / (1024 * 1024)} MiB a package file may be");
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelPackageException($"{path}: cannot be read ({e.Message})", e);
        }
    }
}
