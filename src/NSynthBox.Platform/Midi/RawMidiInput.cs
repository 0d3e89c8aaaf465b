using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSynthBox.Midi;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Midi;

/// <summary>
/// A MIDI byte stream from any path: an ALSA raw MIDI device (/dev/snd/midiC1D0), a UART
/// (/dev/ttyAMA0, put into raw mode, see <see cref="SerialLine"/>), a USB-serial adapter, a
/// pseudo-terminal, a FIFO, or a plain file (read once). Read on its own thread with poll()
/// into a preallocated buffer and decoded by <see cref="MidiStreamParser"/> (running status,
/// real-time bytes, SysEx), so steady input allocates nothing. A device that is missing or
/// disappears (USB unplugged) is reopened with back-off; a FIFO stays open between writers. Once a
/// second the input checks that its path still names the file it has open: a device node or FIFO
/// that was removed and created again, or a symbolic link (/dev/serial/by-id/...) that now points
/// elsewhere, is opened anew, so a replugged keyboard plays again without a restart.
/// </summary>
public sealed unsafe class RawMidiInput : IMidiInput
{
    private readonly string _path;
    private readonly int _baud;
    private readonly ILogger _logger;
    private readonly MidiStreamParser _parser;
    private readonly byte[] _buffer = new byte[512];
    private readonly Wakeup _wakeup = new();
    private readonly TimeSpan _retryMin;
    private readonly TimeSpan _retryMax;
    private Thread? _thread;
    private long _bytes;
    private long _opens;

    /// <param name="path">The device, FIFO or file to read.</param>
    /// <param name="handler">Receives messages on this input's thread.</param>
    /// <param name="baud">For terminals: the line rate (31250 for DIN MIDI, 38400 with the Pi's midi-uart0 overlay); 0 leaves it.</param>
    public RawMidiInput(string path, IMidiMessageHandler handler, ILogger? logger = null, int baud = 0,
        TimeSpan? retryMin = null, TimeSpan? retryMax = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(handler);
        _path = path;
        _baud = baud;
        _logger = logger ?? NullLogger.Instance;
        _parser = new MidiStreamParser(handler);
        _retryMin = retryMin ?? TimeSpan.FromMilliseconds(250);
        _retryMax = retryMax ?? TimeSpan.FromSeconds(5);
    }

    public string Name => _baud == 0 ? _path : $"{_path} ({_baud} baud)";

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => Volatile.Read(ref _bytes);

    /// <summary>Times the path has been opened (more than 1 after a device came back).</summary>
    public long Opens => Volatile.Read(ref _opens);

    /// <summary>Bytes the parser skipped (see <see cref="MidiStreamParser.MalformedBytes"/>).</summary>
    public long MalformedBytes => _parser.MalformedBytes;

    private volatile bool _isOpen;

    /// <summary>Set once the input is open and being read.</summary>
    public bool IsOpen
    {
        get => _isOpen;
        private set => _isOpen = value;
    }

    public void Start()
    {
        if (_thread is not null) return;
        _thread = new Thread(Run) { IsBackground = true, Name = "nsynthbox-midi-in", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public void Stop()
    {
        _wakeup.Signal();
        _thread?.Join();
        _thread = null;
    }

    public void Dispose()
    {
        Stop();
        _wakeup.Dispose();
    }

    private enum ReadEnd
    {
        Stopped,
        EndOfFile,
        Gone,
    }

    private void Run()
    {
        var delay = _retryMin;
        string? lastError = null;
        while (!_wakeup.IsSet)
        {
            int fd;
            bool regularFile;
            try
            {
                fd = Open(out regularFile);
            }
            catch (IOException e)
            {
                if (e.Message != lastError)
                {
                    _logger.LogWarning("MIDI input {Error}; trying again every {Seconds:0.#} s", e.Message, _retryMax.TotalSeconds);
                    lastError = e.Message;
                }
                if (_wakeup.Wait(delay)) break;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _retryMax.Ticks));
                continue;
            }

            Interlocked.Increment(ref _opens);
            if (lastError is not null || _opens > 1) _logger.LogInformation("MIDI input {Name} is back", Name);
            lastError = null;
            delay = _retryMin;
            _parser.Reset();
            IsOpen = true;
            ReadEnd end;
            try
            {
                end = ReadUntilEnd(fd, out var error);
                // End of file on a device or terminal is a hang-up (a USB-serial adapter unplugged), not the end of a take.
                if (end == ReadEnd.Gone || end == ReadEnd.EndOfFile && !regularFile)
                    _logger.LogWarning("MIDI input {Name} disappeared ({Error}); reopening it when it returns", Name, error == 0 ? "hung up" : LibC.ErrorText(error));
            }
            finally
            {
                IsOpen = false;
                LibC.Close(fd);
            }
            if (end == ReadEnd.Stopped) break;
            if (end == ReadEnd.EndOfFile && regularFile)
            {
                _logger.LogInformation("MIDI input {Name}: end of file", Name);
                break;
            }
            if (_wakeup.Wait(delay)) break;
        }
    }

    private int Open(out bool regularFile)
    {
        var type = LibC.FileType(_path);
        regularFile = type == LibC.S_IFREG;
        if (type == 0) throw new IOException($"{_path}: not found (expected a MIDI device, serial port, FIFO or file)");
        // A FIFO opened read-write never reports end-of-file when a writer closes, and opens without waiting for one.
        var flags = type == LibC.S_IFIFO ? LibC.O_RDWR : LibC.O_RDONLY;
        var fd = LibC.Open(_path, flags | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            var hint = error is Errno.EACCES or Errno.EPERM
                ? " (add the user to the audio group for /dev/snd, dialout for serial ports)"
                : error == Errno.EBUSY ? " (in use by another program)" : "";
            throw new IOException($"{_path}: {LibC.ErrorText(error)}{hint}");
        }
        try
        {
            if (SerialLine.IsTerminal(fd)) SerialLine.ConfigureRaw(fd, _baud, _path);
        }
        catch
        {
            LibC.Close(fd);
            throw;
        }
        return fd;
    }

    private const int IdentityCheckMs = 1000;

    private ReadEnd ReadUntilEnd(int fd, out int error)
    {
        error = 0;
        var opened = LibC.FileIdentity(_path, fd);
        var nextCheck = Environment.TickCount64 + IdentityCheckMs;
        var fds = stackalloc LibC.PollFd[2];
        fds[0] = new LibC.PollFd { Fd = fd, Events = LibC.POLLIN };
        fds[1] = new LibC.PollFd { Fd = _wakeup.Fd, Events = LibC.POLLIN };
        fixed (byte* buffer = _buffer)
        {
            while (true)
            {
                fds[0].Revents = fds[1].Revents = 0;
                if (LibC.Poll(fds, 2, IdentityCheckMs) < 0)
                {
                    error = Marshal.GetLastPInvokeError();
                    if (error == Errno.EINTR) continue;
                    return ReadEnd.Gone;
                }
                if (fds[1].Revents != 0) return ReadEnd.Stopped;
                if (opened != (0, 0) && Environment.TickCount64 >= nextCheck)
                {
                    nextCheck = Environment.TickCount64 + IdentityCheckMs;
                    if (LibC.FileIdentity(_path) != opened)
                    {
                        error = Errno.ENODEV; // removed, or replaced by another file of the same name
                        return ReadEnd.Gone;
                    }
                }
                if ((fds[0].Revents & LibC.POLLIN) != 0)
                {
                    var n = LibC.Read(fd, buffer, _buffer.Length);
                    if (n > 0)
                    {
                        Volatile.Write(ref _bytes, _bytes + n);
                        try
                        {
                            _parser.Parse(new ReadOnlySpan<byte>(buffer, (int)n));
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            // A handler bug must not end the input (the keyboard would go dead).
                            _logger.LogError(e, "MIDI input {Name}: handling a message failed", Name);
                        }
                        continue;
                    }
                    if (n == 0) return ReadEnd.EndOfFile;
                    error = Marshal.GetLastPInvokeError();
                    if (error is Errno.EAGAIN or Errno.EINTR) continue;
                    return ReadEnd.Gone;
                }
                if ((fds[0].Revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0)
                {
                    error = Errno.ENODEV;
                    return ReadEnd.Gone;
                }
            }
        }
    }
}
