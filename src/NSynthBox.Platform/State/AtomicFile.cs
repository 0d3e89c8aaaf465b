using System.Text;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.State;

/// <summary>
/// Writes a file so that a reader (or a power cut) sees either the old content or the new, never
/// a mix: a temporary file in the same folder, flushed to disk (fsync), renamed over the target,
/// then the folder itself fsynced so the rename survives a power cut.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> data)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
            throw;
        }
        SyncDirectory(dir);
    }

    private static void SyncDirectory(string dir)
    {
        try
        {
            var fd = LibC.Open(dir, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
            if (fd < 0) return;
            LibC.Fsync(fd);
            LibC.Close(fd);
        }
        catch (DllNotFoundException)
        {
            // Not Linux: the rename is as durable as the platform makes it.
        }
    }
}
