using System.Runtime.InteropServices;
using System.Text;

namespace NSynthBox.Engine.Storage;

/// <summary>
/// Writes a file so that a reader (or a power cut) sees either the old content or the new, never
/// a mix: a temporary file in the same folder, flushed to disk (fsync), renamed over the target,
/// then the folder itself fsynced so the rename survives a power cut. One implementation for every
/// state file of the box (patches, settings, MIDI learn, the sound library, the web PIN).
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text, UnixFileMode? mode = null) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text), mode);

    /// <param name="mode">Permissions of the new file from its creation (e.g. owner-only for a secret); null: the umask's.</param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> data, UnixFileMode? mode = null)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"{path}: not a file path");
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            // A new temporary file every time, so the mode always applies from its creation.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (mode is { } m && !OperatingSystem.IsWindows()) options.UnixCreateMode = m;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(data);
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
            TryDelete(temp); // else left for the next start; it never shadows the target
        }
    }

    /// <summary>Makes renames and creations in <paramref name="dir"/> durable (fsync of the folder; Linux only).</summary>
    public static void SyncDirectory(string dir)
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
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
