using System.Buffers.Binary;

namespace NSynthBox.Midi;

/// <summary>Serializes a <see cref="MidiFile"/>, using running status to save bytes.</summary>
internal static class MidiFileWriter
{
    public static byte[] ToBytes(MidiFile file)
    {
        if (file.Format == 0 && file.Tracks.Count != 1)
        {
            throw new InvalidOperationException($"A format 0 MIDI file has exactly one track; this one has {file.Tracks.Count}.");
        }

        if (file.Tracks.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException($"A MIDI file holds at most {ushort.MaxValue} tracks; this one has {file.Tracks.Count}.");
        }

        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)file.Format);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)file.Tracks.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], file.Division.RawValue);
        WriteChunk(output, "MThd"u8, header);

        using var trackData = new MemoryStream();
        for (int i = 0; i < file.Tracks.Count; i++)
        {
            trackData.SetLength(0);
            WriteTrack(trackData, file.Tracks[i], i);
            WriteChunk(output, "MTrk"u8, trackData.GetBuffer().AsSpan(0, (int)trackData.Length));
        }

        return output.ToArray();
    }

    private static void WriteTrack(Stream output, MidiTrack track, int trackIndex)
    {
        var events = track.Events;
        long previousTick = 0;
        byte runningStatus = 0;
        for (int i = 0; i < events.Count; i++)
        {
            var midiEvent = events[i];
            if (midiEvent.Tick < previousTick)
            {
                throw new InvalidOperationException(
                    $"Track {trackIndex}, event {i} is at tick {midiEvent.Tick}, before the previous event at tick {previousTick}; events must be in time order.");
            }

            if (IsEndOfTrack(midiEvent) && i != events.Count - 1)
            {
                throw new InvalidOperationException($"Track {trackIndex}, event {i} is End of Track but is not the last event.");
            }

            VariableLengthQuantity.Write(output, midiEvent.Tick - previousTick);
            previousTick = midiEvent.Tick;
            switch (midiEvent)
            {
                case ChannelMessageEvent channelEvent:
                    var message = channelEvent.Message;
                    if (message.Status != runningStatus)
                    {
                        output.WriteByte(message.Status);
                        runningStatus = message.Status;
                    }

                    output.WriteByte(message.Data1);
                    if (message.Length == 3)
                    {
                        output.WriteByte(message.Data2);
                    }

                    break;
                case SysExEvent sysEx:
                    output.WriteByte(sysEx.IsEscape ? (byte)0xF7 : (byte)0xF0);
                    WriteWithLength(output, sysEx.Data.Span);
                    runningStatus = 0; // SysEx and meta events cancel running status (SMF spec)
                    break;
                case MetaEvent meta:
                    output.WriteByte(0xFF);
                    output.WriteByte(meta.MetaType);
                    WriteWithLength(output, meta.Data.Span);
                    runningStatus = 0;
                    break;
            }
        }

        if (events.Count == 0 || !IsEndOfTrack(events[^1]))
        {
            output.Write([0x00, 0xFF, MetaEvent.EndOfTrackType, 0x00]);
        }
    }

    // Also matches a raw MetaEvent of that type, so a track never gets two.
    private static bool IsEndOfTrack(MidiEvent midiEvent) => midiEvent is MetaEvent { MetaType: MetaEvent.EndOfTrackType };

    private static void WriteWithLength(Stream output, ReadOnlySpan<byte> data)
    {
        VariableLengthQuantity.Write(output, data.Length);
        output.Write(data);
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> id, ReadOnlySpan<byte> body)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)body.Length);
        output.Write(id);
        output.Write(length);
        output.Write(body);
    }
}
