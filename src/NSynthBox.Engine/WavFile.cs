using System.Buffers.Binary;
using System.Text;

namespace NSynthBox.Engine;

/// <summary>RIFF/WAVE files. Written as 16-bit PCM or 32-bit float, atomically; read as 8/16/24/32-bit PCM or 32/64-bit float, plain or WAVE_FORMAT_EXTENSIBLE.</summary>
public static class WavFile
{
    /// <summary>Writes <paramref name="samples"/> (interleaved when channels &gt; 1) to <paramref name="path"/> via a temporary file and a rename.</summary>
    public static void Write(string path, ReadOnlySpan<float> samples, int sampleRate, int channels = 1, bool float32 = false)
    {
        var full = Path.GetFullPath(path);
        var tmp = full + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Write(stream, samples, sampleRate, channels, float32);
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, full, overwrite: true);
    }

    public static void Write(Stream stream, ReadOnlySpan<float> samples, int sampleRate, int channels = 1, bool float32 = false)
    {
        var bytesPerSample = float32 ? 4 : 2;
        var dataBytes = samples.Length * bytesPerSample;
        var header = new byte[44];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(header, 0);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 36 + dataBytes);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(header, 8);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(20), (short)(float32 ? 3 : 1));
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(22), (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), sampleRate * channels * bytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(32), (short)(channels * bytesPerSample));
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(34), (short)(bytesPerSample * 8));
        Encoding.ASCII.GetBytes("data").CopyTo(header, 36);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), dataBytes);
        stream.Write(header);
        var buffer = new byte[4096 * bytesPerSample];
        for (var start = 0; start < samples.Length; start += 4096)
        {
            var chunk = samples.Slice(start, Math.Min(4096, samples.Length - start));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (float32) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), chunk[i]);
                else BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(i * 2), (short)Math.Round(Math.Clamp(chunk[i], -1f, 1f) * 32767f));
            }
            stream.Write(buffer, 0, chunk.Length * bytesPerSample);
        }
    }

    private const int FormatPcm = 1;
    private const int FormatFloat = 3;
    private const int FormatExtensible = 0xFFFE;

    /// <summary>The largest file <see cref="Read"/> reads (256 MiB: 12 minutes of 96 kHz 24-bit stereo; a note to import is seconds).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>Reads a PCM (8, 16, 24 or 32-bit) or float (32 or 64-bit) WAV, plain or extensible; returns interleaved samples in [-1, 1].</summary>
    public static float[] Read(string path, out int sampleRate, out int channels)
    {
        // Read whole: a FIFO or device (size 0) would block or never end, a huge file would take the memory.
        var length = new FileInfo(path).Length;
        if (length == 0) throw new InvalidDataException($"{path}: empty or not a regular file (a FIFO or device?): expected a WAV file");
        if (length > MaxFileBytes) throw new InvalidDataException($"{path}: {length} bytes, larger than the {MaxFileBytes / (1024 * 1024)} MiB a WAV file read here may be");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || Encoding.ASCII.GetString(bytes, 0, 4) != "RIFF" || Encoding.ASCII.GetString(bytes, 8, 4) != "WAVE")
            throw new InvalidDataException($"{path}: not a WAV file (expected 'RIFF....WAVE' at offset 0)");
        int format = 0, bits = 0;
        sampleRate = channels = 0;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = offset + 8;
            // Written as a subtraction: body + size can overflow int for a size near 2^31.
            if (size < 0 || size > bytes.Length - body)
                throw new InvalidDataException($"{path}: offset {offset}: chunk '{id}' of {(uint)size} bytes runs past the end of the file");
            if (id == "fmt ")
            {
                if (size < 16)
                    throw new InvalidDataException($"{path}: offset {offset}: 'fmt ' chunk of {size} bytes, expected at least 16");
                format = (ushort)BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body));
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 14));
                if (channels <= 0 || sampleRate <= 0)
                    throw new InvalidDataException($"{path}: offset {offset}: 'fmt ' chunk gives {channels} channels at {sampleRate} Hz, expected at least 1 channel and a positive sample rate");
                if (format == FormatExtensible)
                {
                    // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID (offset 24 of the chunk).
                    if (size < 40)
                        throw new InvalidDataException($"{path}: offset {offset}: WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of {size} bytes, expected 40");
                    format = (ushort)BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 24));
                }
            }
            else if (id == "data")
            {
                if (channels <= 0) throw new InvalidDataException($"{path}: offset {offset}: 'data' chunk before a valid 'fmt ' chunk");
                return Decode(path, bytes.AsSpan(body, size), format, bits);
            }
            offset = body + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no 'data' chunk found");
    }

    private static float[] Decode(string path, ReadOnlySpan<byte> data, int format, int bits)
    {
        var supported = format switch
        {
            FormatPcm => bits is 8 or 16 or 24 or 32,
            FormatFloat => bits is 32 or 64,
            _ => false,
        };
        if (!supported)
        {
            var name = format switch { FormatPcm => "PCM", FormatFloat => "float", _ => $"format 0x{format:X4}" };
            throw new InvalidDataException($"{path}: {name} with {bits} bits: expected PCM of 8, 16, 24 or 32 bits or float of 32 or 64 bits");
        }
        var width = bits / 8;
        var count = data.Length / width;
        var result = new float[count];
        for (var i = 0; i < count; i++)
        {
            var s = data.Slice(i * width, width);
            result[i] = (format, width) switch
            {
                (FormatFloat, 8) => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
                (FormatFloat, _) => BinaryPrimitives.ReadSingleLittleEndian(s),
                (_, 1) => (s[0] - 128) / 128f,
                (_, 2) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768f,
                (_, 3) => ((s[0] << 8) | (s[1] << 16) | (s[2] << 24)) / 2147483648f,
                _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648f,
            };
        }
        return result;
    }
}
