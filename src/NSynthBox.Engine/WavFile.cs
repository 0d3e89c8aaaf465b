using System.Buffers.Binary;
using System.Text;

namespace NSynthBox.Engine;

/// <summary>RIFF/WAVE files: mono or stereo, 16-bit PCM or 32-bit float. Written atomically.</summary>
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

    /// <summary>Reads a 16-bit PCM or 32-bit float WAV; returns interleaved samples in [-1, 1].</summary>
    public static float[] Read(string path, out int sampleRate, out int channels)
    {
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
                throw new InvalidDataException($"{path}: offset {offset}: chunk '{id}' of {size} bytes runs past the end of the file");
            if (id == "fmt ")
            {
                if (size < 16)
                    throw new InvalidDataException($"{path}: offset {offset}: 'fmt ' chunk of {size} bytes, expected at least 16");
                format = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body));
                channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(body + 4));
                bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(body + 14));
                if (channels <= 0 || sampleRate <= 0)
                    throw new InvalidDataException($"{path}: offset {offset}: 'fmt ' chunk gives {channels} channels at {sampleRate} Hz, expected at least 1 channel and a positive sample rate");
            }
            else if (id == "data")
            {
                if (channels <= 0) throw new InvalidDataException($"{path}: offset {offset}: 'data' chunk before a valid 'fmt ' chunk");
                var data = bytes.AsSpan(body, size);
                if (format == 1 && bits == 16)
                {
                    var result = new float[size / 2];
                    for (var i = 0; i < result.Length; i++) result[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]) / 32768f;
                    return result;
                }
                if (format == 3 && bits == 32)
                {
                    var result = new float[size / 4];
                    for (var i = 0; i < result.Length; i++) result[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
                    return result;
                }
                throw new InvalidDataException($"{path}: format {format} with {bits} bits: expected 16-bit PCM or 32-bit float");
            }
            offset = body + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no 'data' chunk found");
    }
}
