using System.Runtime.InteropServices;

namespace NSynthBox.Platform.Native;

/// <summary>
/// The few C library calls the platform layer needs: file descriptors with poll (MIDI devices,
/// FIFOs, terminals), termios, pseudo-terminals, real-time scheduling and memory locking.
/// Constants are Linux's (identical on x86-64 and AArch64).
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_NOCTTY = 0x100, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public const short POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
    public const int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    public const int SCHED_OTHER = 0, SCHED_FIFO = 1;
    public const int RLIMIT_MEMLOCK = 8, RLIMIT_RTPRIO = 14;
    public const int MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4;
    public const int TCSANOW = 0;
    public const int AT_FDCWD = -100;
    public const uint STATX_TYPE = 1, STATX_INO = 0x100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const uint S_IFMT = 0xF000, S_IFIFO = 0x1000, S_IFCHR = 0x2000, S_IFREG = 0x8000;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    public const int CLOCK_MONOTONIC = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    /// <summary>pid 0: the calling thread. mask: one bit per CPU.</summary>
    [LibraryImport(Lib, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nuint cpuSetSize, ulong* mask);

    /// <summary>Returns 0 or the error number itself (EINTR when a signal woke it), not -1 and errno.</summary>
    [LibraryImport(Lib, EntryPoint = "clock_nanosleep")]
    public static partial int ClockNanosleep(int clock, int flags, TimeSpec* request, TimeSpec* remain);

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Lib, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Lib, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport(Lib, EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkFifo(string path, uint mode);

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int dirFd, string path, int flags, uint mask, byte* statxBuffer);

    [LibraryImport(Lib, EntryPoint = "isatty")]
    public static partial int IsATty(int fd);

    [LibraryImport(Lib, EntryPoint = "tcgetattr", SetLastError = true)]
    public static partial int TcGetAttr(int fd, byte* termios);

    [LibraryImport(Lib, EntryPoint = "tcsetattr", SetLastError = true)]
    public static partial int TcSetAttr(int fd, int optionalActions, byte* termios);

    [LibraryImport(Lib, EntryPoint = "cfmakeraw")]
    public static partial void CfMakeRaw(byte* termios);

    [LibraryImport(Lib, EntryPoint = "cfsetispeed", SetLastError = true)]
    public static partial int CfSetISpeed(byte* termios, uint speed);

    [LibraryImport(Lib, EntryPoint = "cfsetospeed", SetLastError = true)]
    public static partial int CfSetOSpeed(byte* termios, uint speed);

    [LibraryImport(Lib, EntryPoint = "cfgetispeed")]
    public static partial uint CfGetISpeed(byte* termios);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Lib, EntryPoint = "posix_openpt", SetLastError = true)]
    public static partial int PosixOpenPt(int flags);

    [LibraryImport(Lib, EntryPoint = "grantpt", SetLastError = true)]
    public static partial int GrantPt(int fd);

    [LibraryImport(Lib, EntryPoint = "unlockpt", SetLastError = true)]
    public static partial int UnlockPt(int fd);

    [LibraryImport(Lib, EntryPoint = "ptsname_r")]
    public static partial int PtsNameR(int fd, byte* buffer, nuint length);

    [LibraryImport(Lib, EntryPoint = "pthread_self")]
    public static partial nuint PthreadSelf();

    /// <summary>Returns an errno value (0 on success), not -1.</summary>
    [LibraryImport(Lib, EntryPoint = "pthread_setschedparam")]
    public static partial int PthreadSetSchedParam(nuint thread, int policy, int* schedParam);

    [LibraryImport(Lib, EntryPoint = "pthread_getschedparam")]
    public static partial int PthreadGetSchedParam(nuint thread, int* policy, int* schedParam);

    [LibraryImport(Lib, EntryPoint = "sched_get_priority_max")]
    public static partial int SchedGetPriorityMax(int policy);

    [LibraryImport(Lib, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRLimit(int resource, RLimit* limit);

    [LibraryImport(Lib, EntryPoint = "mlockall", SetLastError = true)]
    public static partial int MLockAll(int flags);

    [LibraryImport(Lib, EntryPoint = "free")]
    public static partial void Free(nint pointer);

    [LibraryImport(Lib, EntryPoint = "geteuid")]
    public static partial uint GetEUid();

    /// <summary>The file type bits (S_IFIFO, S_IFCHR, S_IFREG...) of a path, or 0 when it cannot be read.</summary>
    public static uint FileType(string path)
    {
        // struct statx is the same on every Linux architecture (unlike struct stat): stx_mode is a u16 at offset 28.
        byte* buffer = stackalloc byte[256];
        return Statx(AT_FDCWD, path, 0, STATX_TYPE, buffer) == 0 ? *(ushort*)(buffer + 28) & S_IFMT : 0;
    }

    /// <summary>
    /// Which file a path names now (device and inode, following symbolic links), or (0, 0) when it
    /// cannot be read; with <paramref name="fd"/> set, which file that open descriptor is.
    /// </summary>
    public static (ulong Device, ulong Inode) FileIdentity(string path, int fd = AT_FDCWD)
    {
        // struct statx: stx_ino is a u64 at offset 32, stx_dev_major and stx_dev_minor u32 at 136 and 140.
        byte* buffer = stackalloc byte[256];
        var flags = fd == AT_FDCWD ? 0 : AT_EMPTY_PATH;
        if (Statx(fd, fd == AT_FDCWD ? path : "", flags, STATX_INO, buffer) != 0) return (0, 0);
        return (((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140), *(ulong*)(buffer + 32));
    }

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
