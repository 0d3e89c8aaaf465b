using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NSynthBox.Hardware.Tests;

/// <summary>
/// Decodes the grayscale PNGs the snapshots are stored as (1 or 8 bits, any filter type, so a
/// snapshot re-saved by an image editor still compares), to a brightness per pixel.
/// </summary>
internal static class PngReader
{
    public static byte[,] ReadGray(Stream stream, out int width, out int height)
    {
        var signature = new byte[8];
        stream.ReadExactly(signature);
        if (signature[1] != 'P' || signature[2] != 'N' || signature[3] != 'G')
        {
            throw new InvalidDataException("Not a PNG.");
        }

        width = height = 0;
        int bitDepth = 0, colorType = -1;
        using var idat = new MemoryStream();
        var word = new byte[4];
        while (true)
        {
            stream.ReadExactly(word);
            int length = BinaryPrimitives.ReadInt32BigEndian(word);
            stream.ReadExactly(word);
            string type = Encoding.ASCII.GetString(word);
            var data = new byte[length];
            stream.ReadExactly(data);
            stream.ReadExactly(word); // CRC
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
                bitDepth = data[8];
                colorType = data[9];
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }
        }

        if (colorType != 0 || bitDepth is not (1 or 8))
        {
            throw new InvalidDataException($"Only 1- or 8-bit grayscale PNGs are supported (got color type {colorType}, {bitDepth} bits).");
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        byte[] raw = inflated.ToArray();
        int rowBytes = (width * bitDepth + 7) / 8;
        int bpp = Math.Max(1, bitDepth / 8);
        var previous = new byte[rowBytes];
        var current = new byte[rowBytes];
        var pixels = new byte[width, height];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (rowBytes + 1)];
            Array.Copy(raw, y * (rowBytes + 1) + 1, current, 0, rowBytes);
            for (int i = 0; i < rowBytes; i++)
            {
                int a = i >= bpp ? current[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Unknown filter {filter}."),
                });
            }

            for (int x = 0; x < width; x++)
            {
                pixels[x, y] = bitDepth == 8 ? current[x] : (byte)((current[x / 8] >> (7 - (x & 7)) & 1) * 255);
            }

            (previous, current) = (current, previous);
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
