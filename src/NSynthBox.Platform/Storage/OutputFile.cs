using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Storage;

/// <summary>
/// Checks a path the box is asked to write a file to (a WAV, a take, a render) before anything is played or rendered,
/// so a wrong path is one line at the start and never a stack trace at the end. Outputs are written to a temporary
/// file and renamed into place, so an existing device node or FIFO at the path would be replaced by a regular file
/// (as root, /dev/full was): anything but a regular file there is refused.
/// </summary>
public static class OutputFile
{
    /// <summary>What is wrong with writing <paramref name="path"/>, or null when it can be written.</summary>
    public static string? Problem(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return $"{path} is a folder: expected a file name, e.g. {Path.Combine(path, "take.wav")}";
        var type = LibC.FileType(full);
        if (type != 0 && type != LibC.S_IFREG)
            return $"{path} is a device or special file, not a regular file: the box never writes over one";
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) return $"{path}: folder {folder} does not exist";
        // The output's temporary file goes into the same folder: try creating one now, not after a long take.
        var probe = Path.Combine(folder, $".nsynthbox-write-test-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{path}: folder {folder} cannot be written ({e.Message})";
        }
    }
}
