using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSynthBox.Midi;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Midi;

/// <summary>
/// MIDI bytes to a path: an ALSA raw MIDI device, a UART or USB-serial port (raw mode, optional
/// baud), a FIFO, or a file (created). Writes never block: when the destination is full the message
/// is dropped and counted; a destination that is missing or disappears is retried every few seconds.
/// </summary>
public sealed unsafe class RawMidiOutput : IMidiOutput
{
    private const int O_CREAT = 0x40, O_TRUNC = 0x200;
    private static readonly long RetryTicks = Stopwatch.Frequency * 2;

    private readonly string _path;
    private readonly int _baud;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private int _fd = -1;
    private long _nextOpen;
    private string? _lastError;
    private long _dropped;
    private long _sent;

    public RawMidiOutput(string path, ILogger? logger = null, int baud = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _baud = baud;
        _logger = logger ?? NullLogger.Instance;
        lock (_lock) TryOpen();
    }

    public string Name => _baud == 0 ? _path : $"{_path} ({_baud} baud)";

    public long Sent => Volatile.Read(ref _sent);

    public long Dropped => Volatile.Read(ref _dropped);

    public void Send(in MidiMessage message)
    {
        var bytes = stackalloc byte[MidiMessage.MaxLength];
        var length = message.ToBytes(new Span<byte>(bytes, MidiMessage.MaxLength));
        lock (_lock)
        {
            if (_fd < 0 && !TryOpen())
            {
                _dropped++;
                return;
            }
            var n = LibC.Write(_fd, bytes, length);
            if (n == length)
            {
                _sent++;
                return;
            }
            _dropped++;
            var error = n < 0 ? Marshal.GetLastPInvokeError() : Errno.EAGAIN;
            if (error is Errno.EAGAIN or Errno.EINTR) return;
            _logger.LogWarning("MIDI output {Name} failed ({Error}); retrying", Name, LibC.ErrorText(error));
            LibC.Close(_fd);
            _fd = -1;
            _nextOpen = Stopwatch.GetTimestamp() + RetryTicks;
        }
    }

    private bool TryOpen()
    {
        if (Stopwatch.GetTimestamp() < _nextOpen) return false;
        var type = LibC.FileType(_path);
        // A FIFO opened read-write accepts data before a reader is there (the kernel buffers 64 KiB).
        var flags = type switch
        {
            LibC.S_IFIFO => LibC.O_RDWR,
            0 or LibC.S_IFREG => LibC.O_WRONLY | O_CREAT | O_TRUNC,
            _ => LibC.O_WRONLY,
        };
        var fd = LibC.Open(_path, flags | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC, 0x1A4 /* 0644 */);
        if (fd < 0)
        {
            var message = $"MIDI output {_path}: {LibC.ErrorText(Marshal.GetLastPInvokeError())}";
            if (message != _lastError) _logger.LogWarning("{Error}; retrying every 2 s", message);
            _lastError = message;
            _nextOpen = Stopwatch.GetTimestamp() + RetryTicks;
            return false;
        }
        try
        {
            if (SerialLine.IsTerminal(fd)) SerialLine.ConfigureRaw(fd, _baud, _path);
        }
        catch (IOException e)
        {
            _logger.LogWarning("{Error}", e.Message);
        }
        if (_lastError is not null) _logger.LogInformation("MIDI output {Name} is open", Name);
        _lastError = null;
        _fd = fd;
        return true;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_fd >= 0) LibC.Close(_fd);
            _fd = -1;
        }
    }
}
