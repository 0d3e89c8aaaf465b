using System.Buffers.Binary;
using System.Text;

namespace NSynthBox.Midi;

/// <summary>Parses a whole Standard MIDI File held in memory. Offsets in errors are from
/// the start of the file.</summary>
internal sealed class MidiFileReader
{
    private readonly byte[] _data;
    private readonly string? _sourceName;
    private int _position;

    private MidiFileReader(byte[] data, string? sourceName)
    {
        _data = data;
        _sourceName = sourceName;
    }

    public static MidiFile Read(byte[] data, string? sourceName) => new MidiFileReader(data, sourceName).ReadFile();

    private MidiFile ReadFile()
    {
        if (_data.Length < 8)
        {
            throw Error(0, $"expected 'MThd' chunk, found end of file (file is {_data.Length} bytes)");
        }

        if (ChunkId(0) != "MThd")
        {
            throw Error(0, $"expected 'MThd' chunk, found {DescribeChunkId(0)}");
        }

        int headerEnd = ChunkEnd(0, "MThd");
        uint headerLength = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(4));
        if (headerLength < 6)
        {
            throw Error(4, $"expected 'MThd' chunk length of at least 6, found {headerLength}");
        }

        int format = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(8));
        int trackCount = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(10));
        ushort rawDivision = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(12));
        if (format > 2)
        {
            throw Error(8, $"expected format 0, 1 or 2, found {format}");
        }

        if (format == 0 && trackCount != 1)
        {
            throw Error(10, $"expected 1 track in a format 0 file, found {trackCount}");
        }

        var division = MidiTimeDivision.FromRaw(rawDivision)
            ?? throw Error(12, $"expected a time division of 1..32767 ticks per quarter note or SMPTE 24/25/29/30 fps with ticks per frame > 0, found 0x{rawDivision:X4}");

        var file = new MidiFile(division, format);
        _position = headerEnd;
        while (file.Tracks.Count < trackCount)
        {
            int chunkStart = _position;
            if (_data.Length - chunkStart < 8)
            {
                throw Error(chunkStart, $"expected 'MTrk' chunk, found end of file ({file.Tracks.Count} of {trackCount} tracks read)");
            }

            string id = ChunkId(chunkStart);
            if (!id.All(c => c is >= ' ' and <= '~'))
            {
                throw Error(chunkStart, $"expected 'MTrk' chunk, found {DescribeChunkId(chunkStart)}");
            }

            int chunkEnd = ChunkEnd(chunkStart, id);

            // Other chunk types are allowed by the spec and must be skipped.
            if (id == "MTrk")
            {
                _position = chunkStart + 8;
                file.Tracks.Add(ReadTrack(chunkEnd));
            }

            _position = chunkEnd;
        }

        // Anything after the declared tracks is ignored: some tools pad files.
        return file;
    }

    private MidiTrack ReadTrack(int end)
    {
        var track = new MidiTrack();
        long tick = 0;

        // Running status is kept across meta and SysEx events, though the spec says they
        // cancel it: some writers rely on that, and it is never ambiguous for a reader.
        byte runningStatus = 0;
        while (_position < end)
        {
            tick += ReadVariableLength(end, "delta time");
            int statusOffset = _position;
            byte b = ReadByte(end, "event status");
            if (b == 0xFF)
            {
                byte type = ReadByte(end, "meta event type");
                if (type > 0x7F)
                {
                    throw Error(_position - 1, $"expected meta event type 0x00..0x7F, found 0x{type:X2}");
                }

                int length = ReadVariableLength(end, "meta event length");
                var metaEvent = CreateMetaEvent(tick, type, ReadBytes(length, end, "meta event data"));
                track.Events.Add(metaEvent);
                if (metaEvent is EndOfTrackEvent)
                {
                    break; // bytes after End of Track are not part of the track
                }
            }
            else if (b is 0xF0 or 0xF7)
            {
                int length = ReadVariableLength(end, "SysEx length");
                track.Events.Add(new SysExEvent(tick, ReadBytes(length, end, "SysEx data"), isEscape: b == 0xF7));
            }
            else if (b > 0xF0)
            {
                throw Error(statusOffset, $"expected channel, SysEx or meta event status, found system message status 0x{b:X2} (not allowed in a MIDI file)");
            }
            else
            {
                byte status = b;
                byte data1;
                if (b >= 0x80)
                {
                    runningStatus = b;
                    data1 = ReadDataByte(end);
                }
                else if (runningStatus == 0)
                {
                    throw Error(statusOffset, $"expected status byte, found data byte 0x{b:X2} (running status without a previous status in this track)");
                }
                else
                {
                    status = runningStatus;
                    data1 = b;
                }

                byte data2 = MidiMessage.GetDataLength(status) == 2 ? ReadDataByte(end) : (byte)0;
                track.Events.Add(new ChannelMessageEvent(tick, MidiMessage.CreateUnchecked(status, data1, data2)));
            }
        }

        return track;
    }

    private static MetaEvent CreateMetaEvent(long tick, byte type, ReadOnlySpan<byte> data)
    {
        // Known types with a malformed payload are kept raw instead of rejecting the file.
        switch (type)
        {
            case MetaEvent.EndOfTrackType:
                return new EndOfTrackEvent(tick);
            case MetaEvent.TrackNameType:
                return new TrackNameEvent(tick, data);
            case MetaEvent.TempoType when data.Length == 3 && (data[0] | data[1] | data[2]) != 0:
                return new TempoChangeEvent(tick, (data[0] << 16) | (data[1] << 8) | data[2]);
            case MetaEvent.TimeSignatureType when data.Length == 4 && data[0] > 0 && data[1] <= 30:
                return new TimeSignatureEvent(tick, data[0], 1 << data[1], data[2], data[3]);
            default:
                return new MetaEvent(tick, type, data);
        }
    }

    private int ReadVariableLength(int end, string what)
    {
        int start = _position;
        int value = 0;
        for (int i = 0; i < 4; i++)
        {
            byte b = ReadByte(end, what);
            value = (value << 7) | (b & 0x7F);
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Error(start, $"{what}: variable-length quantity longer than 4 bytes");
    }

    private byte ReadDataByte(int end)
    {
        byte b = ReadByte(end, "data byte");
        if (b >= 0x80)
        {
            throw Error(_position - 1, $"expected data byte, found status byte 0x{b:X2}");
        }

        return b;
    }

    private byte ReadByte(int end, string what)
    {
        if (_position >= end)
        {
            throw Error(_position, $"truncated track: expected {what}, found end of 'MTrk' chunk");
        }

        return _data[_position++];
    }

    private ReadOnlySpan<byte> ReadBytes(int length, int end, string what)
    {
        if (length > end - _position)
        {
            throw Error(_position, $"truncated track: {what} needs {length} bytes, found {end - _position} before end of 'MTrk' chunk");
        }

        var span = _data.AsSpan(_position, length);
        _position += length;
        return span;
    }

    private int ChunkEnd(int chunkStart, string id)
    {
        uint length = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(chunkStart + 4));
        long available = _data.Length - (chunkStart + 8L);
        if (length > available)
        {
            throw Error(chunkStart + 4, $"'{id}' chunk length {length} goes beyond end of file ({available} bytes left)");
        }

        return chunkStart + 8 + (int)length;
    }

    private string ChunkId(int offset) => Encoding.Latin1.GetString(_data, offset, 4);

    private string DescribeChunkId(int offset)
    {
        string id = ChunkId(offset);
        return id.All(c => c is >= ' ' and <= '~') ? $"'{id}'" : $"bytes {Convert.ToHexString(_data, offset, 4)}";
    }

    private MidiFileFormatException Error(long offset, string problem) => new(_sourceName, offset, problem);
}
