using NSynthBox.Engine.Storage;
using System.Security.Cryptography;
using NSynthBox.Neural;

namespace NSynthBox.Platform.State;

/// <summary>
/// A copy, in the state folder, of the last model package that loaded and started an engine
/// (<c>last-good-model/</c>: manifest.json and the decoder), so that a package that is corrupt or
/// mismatched at the next start (a failed update, a bad SD card sector, a hand edit) still leaves a
/// playing box. The copy is checked like any package when it is used (the manifest's sha256 of the
/// decoder), so a copy that rotted is refused too.
/// </summary>
/// <remarks>
/// Replacing the copy: the new one is written into <c>.last-good-model.new</c> (files fsynced), the
/// old folder renamed to <c>.last-good-model.old</c>, the new one renamed into place, the old one
/// deleted. A power cut between the renames leaves the old copy, which <see cref="TryLoad"/> uses.
/// </remarks>
public sealed class LastGoodModel
{
    public const string FolderName = "last-good-model";
    private readonly string _state;

    public LastGoodModel(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        _state = Path.GetFullPath(stateDirectory);
    }

    /// <summary>The copy's folder.</summary>
    public string Directory => Path.Combine(_state, FolderName);

    private string NewDirectory => Path.Combine(_state, $".{FolderName}.new");

    private string OldDirectory => Path.Combine(_state, $".{FolderName}.old");

    /// <summary>
    /// Makes <paramref name="model"/> the last good one: copies its manifest, decoder and encoder unless the copy
    /// already holds the same files. Returns true when it copied.
    /// </summary>
    /// <exception cref="IOException">The state folder could not be written; the previous copy is kept.</exception>
    public bool Remember(ModelPackage model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var manifest = Path.Combine(model.Directory, "manifest.json");
        // Every file the manifest names: the decoder, and the sound encoder when the package has one.
        string[] files = model.Encoder is { } encoder ? [model.DecoderPath, encoder.Path] : [model.DecoderPath];
        if (Path.GetFullPath(model.Directory) == Directory || SameFiles(manifest, Path.Combine(Directory, "manifest.json")) &&
            files.All(f => SameFiles(f, Path.Combine(Directory, Path.GetFileName(f)))))
        {
            return false;
        }

        RemoveLeftovers();
        try
        {
            System.IO.Directory.CreateDirectory(NewDirectory);
            CopyDurably(manifest, Path.Combine(NewDirectory, "manifest.json"));
            foreach (var file in files) CopyDurably(file, Path.Combine(NewDirectory, Path.GetFileName(file)));
            AtomicFile.SyncDirectory(NewDirectory);
        }
        catch
        {
            // A nearly full disk: the part-copy would keep it full, and patch and settings saves would then fail too.
            RemoveLeftovers();
            throw;
        }
        if (System.IO.Directory.Exists(OldDirectory)) System.IO.Directory.Delete(OldDirectory, recursive: true);
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Move(Directory, OldDirectory);
        System.IO.Directory.Move(NewDirectory, Directory);
        if (System.IO.Directory.Exists(OldDirectory)) System.IO.Directory.Delete(OldDirectory, recursive: true);
        AtomicFile.SyncDirectory(_state);
        return true;
    }

    /// <summary>Removes a part-made copy (<c>.last-good-model.new</c>) that a failed or killed copy left; never the copy in use.</summary>
    public void RemoveLeftovers()
    {
        try
        {
            if (System.IO.Directory.Exists(NewDirectory)) System.IO.Directory.Delete(NewDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Tried again at the next copy; nothing depends on it.
        }
    }

    /// <summary>
    /// The last good package, loaded and verified; null when there is none or it does not load
    /// (<paramref name="problem"/> then says why, or is null when there simply is none).
    /// </summary>
    public ModelPackage? TryLoad(out string? problem)
    {
        problem = null;
        // After a power cut between Remember's two renames only the old copy is there.
        var folder = System.IO.Directory.Exists(Directory) ? Directory : System.IO.Directory.Exists(OldDirectory) ? OldDirectory : null;
        if (folder is null) return null;
        try
        {
            return ModelPackage.Load(folder);
        }
        catch (Exception e) when (e is ModelPackageException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }
    }

    private static bool SameFiles(string a, string b)
    {
        if (!File.Exists(b)) return false;
        var infoA = new FileInfo(a);
        var infoB = new FileInfo(b);
        if (infoA.Length != infoB.Length) return false;
        return SHA256.HashData(File.ReadAllBytes(a)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(b)));
    }

    private static void CopyDurably(string from, string to)
    {
        using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var target = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        source.CopyTo(target);
        target.Flush(flushToDisk: true);
    }
}
