using System.Runtime.InteropServices;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Midi;

/// <summary>
/// Puts a terminal device into raw 8N1 mode through termios: no line editing, no echo, no
/// signal characters (0x03 must not become Ctrl+C), no CR/LF translation, so MIDI bytes pass
/// untouched. Standard rates use cfsetispeed/cfsetospeed; others (31250, DIN MIDI's own rate)
/// are asked of the driver with termios2 and BOTHER. On a Raspberry Pi the PL011 UART is more
/// reliably put at 31250 with the midi-uart0 overlay, which rescales the UART clock so that
/// 38400 becomes 31250: then configure 38400.
/// </summary>
public static unsafe class SerialLine
{
    // glibc's struct termios (60 bytes): c_iflag, c_oflag, c_cflag, c_lflag (u32 each), c_line, c_cc[32], c_ispeed, c_ospeed.
    private const int CflagOffset = 8, CcOffset = 17, VTIME = 5, VMIN = 6;
    private const uint CLOCAL = 0x800, CREAD = 0x80, CRTSCTS = 0x80000000;

    // The kernel's struct termios2 (44 bytes): c_cflag at 8, c_ispeed at 36, c_ospeed at 40.
    private const int Termios2Bytes = 44, T2Ispeed = 36, T2Ospeed = 40;
    private const uint CBAUD = 0x100F, BOTHER = 0x1000, IBSHIFT = 16;
    private const nuint TCGETS2 = 0x802C542A, TCSETS2 = 0x402C542B;

    private static readonly Dictionary<int, uint> StandardRates = new()
    {
        [1200] = 0x9, [2400] = 0xB, [4800] = 0xC, [9600] = 0xD, [19200] = 0xE, [38400] = 0xF,
        [57600] = 0x1001, [115200] = 0x1002, [230400] = 0x1003,
    };

    /// <summary>DIN MIDI's bit rate.</summary>
    public const int MidiBaud = 31250;

    public static bool IsTerminal(int fd) => LibC.IsATty(fd) == 1;

    /// <summary>Raw mode, and <paramref name="baud"/> when it is not 0 (0 keeps the line's rate: USB and pseudo-terminals ignore it).</summary>
    /// <exception cref="IOException">The line refused the setting; the message says what to do.</exception>
    public static void ConfigureRaw(int fd, int baud, string name)
    {
        var t = stackalloc byte[64];
        if (LibC.TcGetAttr(fd, t) != 0) throw Error(name, "tcgetattr");
        LibC.CfMakeRaw(t);
        ref var cflag = ref *(uint*)(t + CflagOffset);
        cflag |= CLOCAL | CREAD;
        cflag &= ~CRTSCTS;
        t[CcOffset + VMIN] = 1;
        t[CcOffset + VTIME] = 0;
        var custom = false;
        if (baud != 0)
        {
            if (StandardRates.TryGetValue(baud, out var code))
            {
                LibC.CfSetISpeed(t, code);
                LibC.CfSetOSpeed(t, code);
            }
            else
            {
                custom = true;
            }
        }
        if (LibC.TcSetAttr(fd, LibC.TCSANOW, t) != 0) throw Error(name, "tcsetattr");
        if (custom) SetCustomRate(fd, baud, name);
    }

    private static void SetCustomRate(int fd, int baud, string name)
    {
        var t2 = stackalloc byte[Termios2Bytes];
        if (LibC.Ioctl(fd, TCGETS2, t2) != 0) throw CustomRateError(name, baud, "TCGETS2");
        ref var cflag = ref *(uint*)(t2 + CflagOffset);
        cflag &= ~(CBAUD | (CBAUD << (int)IBSHIFT));
        cflag |= BOTHER | (BOTHER << (int)IBSHIFT);
        *(uint*)(t2 + T2Ispeed) = (uint)baud;
        *(uint*)(t2 + T2Ospeed) = (uint)baud;
        if (LibC.Ioctl(fd, TCSETS2, t2) != 0) throw CustomRateError(name, baud, "TCSETS2");
    }

    /// <summary>The line's input rate in bits per second (for checks and the log), or 0 when it is not a standard one.</summary>
    public static int ReadBaud(int fd)
    {
        var t = stackalloc byte[64];
        if (LibC.TcGetAttr(fd, t) != 0) return 0;
        var code = LibC.CfGetISpeed(t);
        foreach (var (rate, c) in StandardRates)
        {
            if (c == code) return rate;
        }
        if (code == BOTHER)
        {
            var t2 = stackalloc byte[Termios2Bytes];
            if (LibC.Ioctl(fd, TCGETS2, t2) == 0) return (int)*(uint*)(t2 + T2Ispeed);
        }
        return 0;
    }

    /// <summary>True when the line is in raw mode (no canonical input, echo or signals).</summary>
    public static bool IsRaw(int fd)
    {
        var t = stackalloc byte[64];
        if (LibC.TcGetAttr(fd, t) != 0) return false;
        var lflag = *(uint*)(t + 12);
        const uint ICANON = 0x2, ECHO = 0x8, ISIG = 0x1;
        return (lflag & (ICANON | ECHO | ISIG)) == 0;
    }

    private static IOException Error(string name, string call) =>
        new($"{name}: {call} failed ({LibC.ErrorText(Marshal.GetLastPInvokeError())}): expected a terminal device (serial port, USB-serial, pseudo-terminal)");

    private static IOException CustomRateError(string name, int baud, string call) =>
        new($"{name}: the driver refuses {baud} baud ({call}: {LibC.ErrorText(Marshal.GetLastPInvokeError())}); " +
            (baud == MidiBaud
                ? "on a Raspberry Pi add dtoverlay=midi-uart0 to /boot/firmware/config.txt (38400 then runs at 31250) and configure 38400"
                : "use a standard rate"));
}
