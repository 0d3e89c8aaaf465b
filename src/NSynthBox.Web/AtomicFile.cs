using System.Runtime.InteropServices;

namespace NSynthBox.Web;

/// <summary>
/// Replaces a file so that after a power cut it holds either the old or the new content, never
/// half of one: write a temporary file beside it, fsync it, rename it over the old one, fsync the folder.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{path}: not a file path");
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        SyncDirectory(dir);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Makes the rename itself durable (Linux; elsewhere the rename is left to the OS).</summary>
    private static void SyncDirectory(string dir)
    {
        if (!OperatingSystem.IsLinux()) return;
        const int ReadOnly = 0, Directory = 0x10000; // O_RDONLY | O_DIRECTORY
        var fd = Native.open(dir, ReadOnly | Directory);
        if (fd < 0) return;
        try
        {
            Native.fsync(fd);
        }
        finally
        {
            Native.close(fd);
        }
    }

    private static class Native
    {
#pragma warning disable SYSLIB1054 // a three-call P/Invoke; no marshalling generator needed
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc")]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054
    }
}
