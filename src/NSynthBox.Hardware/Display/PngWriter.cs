using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NSynthBox.Hardware;

/// <summary>
/// A tiny PNG encoder for grayscale images (1 or 8 bits per pixel): signature, IHDR, one zlib
/// IDAT with filter type 0 on every row, IEND. Enough for OLED screenshots and test snapshots.
/// </summary>
internal static class PngWriter
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <param name="rows">Packed rows, top first: (width * bitDepth + 7) / 8 bytes each, MSB = leftmost pixel.</param>
    public static void WriteGrayscale(Stream stream, int width, int height, int bitDepth, ReadOnlySpan<byte> rows)
    {
        if (bitDepth is not (1 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(bitDepth), "1 or 8 bits per pixel.");
        }

        int rowBytes = (width * bitDepth + 7) / 8;
        if (rows.Length != rowBytes * height)
        {
            throw new ArgumentException($"Expected {rowBytes * height} bytes of rows.", nameof(rows));
        }

        stream.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = (byte)bitDepth;
        header[9] = 0;  // grayscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering (we use filter 0 on every row)
        header[12] = 0; // no interlace
        WriteChunk(stream, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(rows.Slice(y * rowBytes, rowBytes));
            }
        }

        WriteChunk(stream, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(stream, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        stream.Write(typeBytes);
        stream.Write(data);
        uint crc = Crc32(Crc32(0xFFFFFFFF, typeBytes), data) ^ 0xFFFFFFFF;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    /// <summary>CRC-32 (ISO 3309, as PNG uses) continued from <paramref name="crc"/>; start with 0xFFFFFFFF and invert at the end.</summary>
    internal static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
