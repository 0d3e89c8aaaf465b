using System.Buffers.Binary;

namespace NSynthBox.Midi.Tests;

/// <summary>Builds Standard MIDI File bytes by hand, so tests control every byte. The
/// header chunk is 14 bytes, so the first track chunk starts at offset 0x0E and its
/// events at 0x16.</summary>
internal static class SmfBytes
{
    public const int FirstTrackEventsOffset = 0x16;

    public static byte[] File(int format, int trackCount, ushort division, params byte[][] trackBodies) =>
        [.. Header(format, trackCount, division), .. trackBodies.SelectMany(body => Chunk("MTrk", body))];

    public static byte[] Header(int format, int trackCount, ushort division)
    {
        var body = new byte[6];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)format);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), (ushort)trackCount);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(4), division);
        return Chunk("MThd", body);
    }

    public static byte[] Chunk(string id, byte[] body, uint? declaredLength = null)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, declaredLength ?? (uint)body.Length);
        return [.. System.Text.Encoding.ASCII.GetBytes(id), .. length, .. body];
    }

    /// <summary>The body of the first MTrk chunk of a file.</summary>
    public static byte[] FirstTrackBody(byte[] file)
    {
        int length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(0x12));
        return file.AsSpan(FirstTrackEventsOffset, length).ToArray();
    }
}
