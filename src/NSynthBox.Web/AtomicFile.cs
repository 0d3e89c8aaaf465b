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
        catch (Exception e) when (e is IOException or ArgumentOutOfRangeException)
        {
            // ENOSPC arrives as IOException, EFBIG (a file size limit) as ArgumentOutOfRangeException: one clear error for both.
            TryDelete(temp);
            var reason = e is ArgumentOutOfRangeException ? "file too large for the file system: a size limit or a full disk" : e.Message.TrimEnd('.');
            throw new IOException($"{full}: not written ({reason}); the previous version is kept", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        SyncDirectory(dir);
    }

    /// <summary>
    /// Deletes the temporary files that writers of <paramref name="path"/> killed mid-write (kill -9,
    /// power cut) left beside it: <c>.NAME.PID.*.tmp</c> whose process is gone. The target itself
    /// never needs repair: it holds the last complete version.
    /// </summary>
    public static void RemoveLeftovers(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        if (!Directory.Exists(dir)) return;
        foreach (var temp in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            var parts = Path.GetFileName(temp)[(name.Length + 2)..].Split('.');
            if (!int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)) continue;
            if (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")) continue; // a writer still running
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next start; it never shadows the target.
            }
        }
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
