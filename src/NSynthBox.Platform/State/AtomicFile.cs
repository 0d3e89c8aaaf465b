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
    public static void WriteAllText(string path, string text, UnixFileMode? mode = null) => WriteAllBytes(path, Encoding.UTF8.GetBytes(text), mode);

    /// <param name="mode">Permissions of the new file from its creation (e.g. owner-only for a secret); null: the umask's.</param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> data, UnixFileMode? mode = null)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp");
        try
        {
            if (mode is not null && File.Exists(temp)) File.Delete(temp); // the mode applies only to a file being created
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
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
            TryDeleteTemporary(temp);
            var reason = e is ArgumentOutOfRangeException ? "file too large for the file system: a size limit or a full disk" : e.Message.TrimEnd('.');
            throw new IOException($"{full}: not written ({reason}); the previous version is kept", e);
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

    /// <summary>Makes renames and creations in <paramref name="dir"/> durable (fsync of the folder).</summary>
    internal static void SyncDirectory(string dir)
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

    private static void TryDeleteTemporary(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
