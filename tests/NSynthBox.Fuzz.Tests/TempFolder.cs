namespace NSynthBox.Fuzz.Tests;

/// <summary>A fresh folder per test, deleted afterwards. Fuzz cases run on several threads at
/// once, so each thread writes its case to its own file.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose)
    {
        FullPath = Path.Combine(Path.GetTempPath(), $"nsynthbox-fuzz-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string FileForThisThread(string extension) => Path.Combine(FullPath, $"case-{Environment.CurrentManagedThreadId}{extension}");

    /// <summary>A new empty folder inside this one.</summary>
    public string NewFolder()
    {
        var path = Path.Combine(FullPath, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => Directory.Delete(FullPath, recursive: true);
}
