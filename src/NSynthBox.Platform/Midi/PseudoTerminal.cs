using System.Runtime.InteropServices;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Midi;

/// <summary>
/// A pseudo-terminal pair (posix_openpt, grantpt, unlockpt, ptsname): bytes written to the master
/// come out of the slave device, a terminal like a USB-serial or UART MIDI port. For tests and
/// for bridging programs that speak MIDI on a terminal.
/// </summary>
public sealed unsafe class PseudoTerminal : IDisposable
{
    private int _master;

    private PseudoTerminal(int master, string slavePath)
    {
        _master = master;
        SlavePath = slavePath;
    }

    /// <summary>The slave's device path, e.g. /dev/pts/3: give this to a <see cref="RawMidiInput"/>.</summary>
    public string SlavePath { get; }

    public static PseudoTerminal Open()
    {
        var fd = LibC.PosixOpenPt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (fd < 0) throw new IOException($"posix_openpt failed: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
        var name = stackalloc byte[128];
        if (LibC.GrantPt(fd) != 0 || LibC.UnlockPt(fd) != 0 || LibC.PtsNameR(fd, name, 128) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            LibC.Close(fd);
            throw new IOException($"pseudo-terminal setup failed: {LibC.ErrorText(error)}");
        }
        return new PseudoTerminal(fd, Marshal.PtrToStringUTF8((nint)name)!);
    }

    /// <summary>Writes bytes into the master side (they arrive at the slave).</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = LibC.Write(_master, p + done, data.Length - done);
                if (n < 0) throw new IOException($"pseudo-terminal write failed: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
                done += (int)n;
            }
        }
    }

    /// <summary>Reads what the slave side wrote (a program's MIDI out), waiting up to <paramref name="timeoutMs"/> for the first byte; 0 = nothing came.</summary>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        var poll = new LibC.PollFd { Fd = _master, Events = LibC.POLLIN };
        if (LibC.Poll(&poll, 1, timeoutMs) <= 0 || (poll.Revents & LibC.POLLIN) == 0) return 0;
        fixed (byte* p = buffer)
        {
            var n = LibC.Read(_master, p, buffer.Length);
            if (n < 0) throw new IOException($"pseudo-terminal read failed: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
            return (int)n;
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _master, -1);
        if (fd >= 0) LibC.Close(fd);
    }
}
