namespace NSynthBox.Midi;

/// <summary>
/// Decodes a live MIDI 1.0 byte stream (e.g. from a MIDI input port) into messages.
/// Handles running status, real-time bytes interleaved anywhere, SysEx and system common
/// messages. After construction it does not allocate, so it is safe to call from a MIDI
/// input callback. Not thread-safe: use one parser per input stream.
/// </summary>
public sealed class MidiStreamParser
{
    public const int DefaultMaxSysExLength = 4096;

    private readonly IMidiMessageHandler _handler;
    private readonly byte[] _sysEx;

    // Message being assembled. _status is 0 when there is no status to apply to data
    // bytes; it stays set after a channel message completes, which is running status.
    private byte _status;
    private int _expectedData;
    private int _receivedData;
    private byte _data1;

    // Bytes taken for the incomplete message, counted as malformed if it gets interrupted.
    private int _pendingBytes;

    private bool _inSysEx;
    private bool _sysExOverflowed;
    private int _sysExLength;

    /// <param name="handler">Receives decoded messages on the thread that calls <see cref="Parse"/>.</param>
    /// <param name="maxSysExLength">Largest SysEx kept, counting the 0xF0 and 0xF7 bytes; longer ones are
    /// dropped (and counted in <see cref="DroppedSysEx"/>) rather than growing the buffer on the input thread.</param>
    public MidiStreamParser(IMidiMessageHandler handler, int maxSysExLength = DefaultMaxSysExLength)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSysExLength, 2);
        _handler = handler;
        _sysEx = new byte[maxSysExLength];
    }

    /// <summary>Report Note On with velocity 0 as Note Off (velocity 0), as MIDI 1.0 defines
    /// it, so consumers only handle one kind of note release. Default true.</summary>
    public bool NoteOnZeroVelocityAsNoteOff { get; set; } = true;

    public int MaxSysExLength => _sysEx.Length;

    /// <summary>Bytes skipped because they could not belong to a message: data bytes with no
    /// status to apply to, parts of a message cut short by a new status byte, a stray 0xF7,
    /// and undefined status bytes (0xF4, 0xF5, 0xF9, 0xFD).</summary>
    public long MalformedBytes { get; private set; }

    /// <summary>SysEx messages not delivered: longer than <see cref="MaxSysExLength"/>, or
    /// cut short by a status byte other than 0xF7 (a partial SysEx could be misapplied).</summary>
    public long DroppedSysEx { get; private set; }

    public void Parse(ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            if (b >= 0xF8)
            {
                ParseRealTime(b);
            }
            else if (b >= 0x80)
            {
                ParseStatus(b);
            }
            else
            {
                ParseData(b);
            }
        }
    }

    /// <summary>Forgets any partial message, SysEx and running status (e.g. after the input
    /// port was reopened). Counters are kept.</summary>
    public void Reset()
    {
        _status = 0;
        _receivedData = 0;
        _pendingBytes = 0;
        _inSysEx = false;
    }

    // Real-time bytes are delivered immediately and leave every other state untouched,
    // because a sender may interleave them inside any message, including SysEx.
    private void ParseRealTime(byte b)
    {
        if (b is 0xF9 or 0xFD)
        {
            MalformedBytes++;
            return;
        }

        var message = MidiMessage.CreateUnchecked(b, 0, 0);
        _handler.OnMessage(in message);
    }

    private void ParseStatus(byte b)
    {
        if (_inSysEx)
        {
            _inSysEx = false;
            if (b == 0xF7)
            {
                FinishSysEx();
                return;
            }

            DroppedSysEx++;
        }

        MalformedBytes += _pendingBytes;
        _pendingBytes = 0;
        _receivedData = 0;

        int dataLength = MidiMessage.GetDataLength(b);
        if (b == 0xF0)
        {
            _status = 0;
            _inSysEx = true;
            _sysExOverflowed = false;
            _sysEx[0] = b;
            _sysExLength = 1;
        }
        else if (dataLength < 0)
        {
            // Stray 0xF7 or undefined system common: still cancels running status.
            _status = 0;
            MalformedBytes++;
        }
        else if (dataLength == 0)
        {
            _status = 0;
            Deliver(b, 0, 0);
        }
        else
        {
            _status = b;
            _expectedData = dataLength;
            _pendingBytes = 1;
        }
    }

    private void ParseData(byte b)
    {
        if (_inSysEx)
        {
            // Keep one byte free for the closing 0xF7.
            if (_sysExLength < _sysEx.Length - 1)
            {
                _sysEx[_sysExLength++] = b;
            }
            else
            {
                _sysExOverflowed = true;
            }

            return;
        }

        if (_status == 0)
        {
            MalformedBytes++;
            return;
        }

        if (_receivedData == 0 && _expectedData == 2)
        {
            _data1 = b;
            _receivedData = 1;
            _pendingBytes++;
            return;
        }

        byte status = _status;
        byte data1 = _receivedData == 1 ? _data1 : b;
        byte data2 = _receivedData == 1 ? b : (byte)0;
        _receivedData = 0;
        _pendingBytes = 0;
        if (status >= 0xF0)
        {
            _status = 0; // system common messages have no running status
        }

        Deliver(status, data1, data2);
    }

    private void FinishSysEx()
    {
        if (_sysExOverflowed)
        {
            DroppedSysEx++;
            return;
        }

        _sysEx[_sysExLength++] = 0xF7;
        _handler.OnSysEx(new ReadOnlySpan<byte>(_sysEx, 0, _sysExLength));
    }

    private void Deliver(byte status, byte data1, byte data2)
    {
        if (data2 == 0 && (status & 0xF0) == 0x90 && NoteOnZeroVelocityAsNoteOff)
        {
            status = (byte)(0x80 | (status & 0x0F));
        }

        var message = MidiMessage.CreateUnchecked(status, data1, data2);
        _handler.OnMessage(in message);
    }
}
