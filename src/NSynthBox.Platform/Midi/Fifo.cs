using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Midi;

/// <summary>Named pipes (mkfifo): a MIDI input any program can write bytes into ('cat song.raw > /run/nsynthbox/midi').</summary>
public static class Fifo
{
    /// <summary>Creates a FIFO (mode 0600) unless one is already there.</summary>
    public static void Create(string path)
    {
        if (LibC.FileType(path) == LibC.S_IFIFO) return;
        if (LibC.MkFifo(path, 0x180) != 0)
            throw new IOException($"{path}: mkfifo failed ({LibC.ErrorText(Marshal.GetLastPInvokeError())})");
    }

    /// <summary>
    /// Opens a FIFO for writing without waiting for a reader (read-write open), unbuffered: each
    /// Write reaches the reader at once.
    /// </summary>
    public static Stream OpenWriter(string path)
    {
        var fd = LibC.Open(path, LibC.O_RDWR | LibC.O_CLOEXEC, 0);
        if (fd < 0) throw new IOException($"{path}: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
    }
}
