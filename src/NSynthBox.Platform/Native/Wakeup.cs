using System.Runtime.InteropServices;

namespace NSynthBox.Platform.Native;

/// <summary>
/// An eventfd that input threads poll beside their device, so <see cref="Signal"/> wakes a thread
/// blocked in poll() at once (to stop it) instead of waiting for a timeout.
/// </summary>
internal sealed unsafe class Wakeup : IDisposable
{
    private int _fd;

    public Wakeup()
    {
        _fd = LibC.EventFd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (_fd < 0) throw new IOException($"eventfd failed: {LibC.ErrorText(Marshal.GetLastPInvokeError())}");
    }

    public int Fd => _fd;

    public bool IsSet { get; private set; }

    public void Signal()
    {
        IsSet = true;
        ulong one = 1;
        _ = LibC.Write(_fd, (byte*)&one, 8);
    }

    /// <summary>Sleeps up to <paramref name="timeout"/>; true when <see cref="Signal"/> was called.</summary>
    public bool Wait(TimeSpan timeout)
    {
        if (IsSet) return true;
        var fds = new LibC.PollFd { Fd = _fd, Events = LibC.POLLIN };
        LibC.Poll(&fds, 1, (int)Math.Clamp(timeout.TotalMilliseconds, 0, int.MaxValue));
        return IsSet;
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) LibC.Close(fd);
    }
}
