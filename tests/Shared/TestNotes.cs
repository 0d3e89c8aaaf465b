using System.Buffers.Binary;

namespace NSynthBox.Tests.Shared;

/// <summary>Synthesized recordings for the import checks: harmonic notes, silence, noise, and WAV files in any layout.</summary>
internal static class TestNotes
{
    /// <summary>A plucked-then-sustained harmonic note (8 partials at 1/k) with a 15 ms attack and a slow decay, after <paramref name="leadSeconds"/> of silence.</summary>
    public static float[] Note(double hz, int sampleRate, double seconds = 1.5, double leadSeconds = 0.2, double amplitude = 0.5, double vibratoCents = 0)
    {
        var lead = (int)(leadSeconds * sampleRate);
        var x = new float[lead + (int)(seconds * sampleRate) + sampleRate / 10];
        AddNote(x, lead, hz, sampleRate, seconds, amplitude, vibratoCents);
        return x;
    }

    public static void AddNote(float[] x, int start, double hz, int sampleRate, double seconds, double amplitude, double vibratoCents = 0)
    {
        var length = (int)(seconds * sampleRate);
        var phase = 0.0;
        for (var n = 0; n < length && start + n < x.Length; n++)
        {
            var t = (double)n / sampleRate;
            var f = hz * Math.Pow(2, vibratoCents / 1200 * Math.Sin(2 * Math.PI * 5 * t));
            phase += 2 * Math.PI * f / sampleRate;
            var envelope = Math.Min(1, t / 0.015) * Math.Exp(-t * 1.2) * Math.Min(1, (seconds - t) / 0.02);
            double s = 0;
            for (var k = 1; k <= 8 && k * f < sampleRate / 2.0; k++) s += Math.Sin(k * phase) / k;
            x[start + n] += (float)(amplitude * envelope * s / 1.5);
        }
    }

    public static float[] Noise(int sampleRate, double seconds, double amplitude, int seed = 1)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * sampleRate)];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(amplitude * (random.NextDouble() * 2 - 1));
        return x;
    }

    /// <summary>Writes a WAV: PCM of 16, 24 or 32 bits or float of 32 bits, optionally as WAVE_FORMAT_EXTENSIBLE; samples interleaved.</summary>
    public static void WriteWav(string path, float[] samples, int sampleRate, int channels = 1, int bits = 16, bool isFloat = false, bool extensible = false)
    {
        var width = bits / 8;
        using var stream = new MemoryStream();
        var fmtSize = extensible ? 40 : 16;
        var data = samples.Length * width;
        void Write(ReadOnlySpan<byte> b) => stream.Write(b);
        void Int32(int v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); Write(b); }
        void Int16(int v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteInt16LittleEndian(b, (short)v); Write(b); }
        Write("RIFF"u8);
        Int32(4 + 8 + fmtSize + 8 + data);
        Write("WAVEfmt "u8);
        Int32(fmtSize);
        Int16(extensible ? 0xFFFE : isFloat ? 3 : 1);
        Int16(channels);
        Int32(sampleRate);
        Int32(sampleRate * channels * width);
        Int16(channels * width);
        Int16(bits);
        if (extensible)
        {
            Int16(22);
            Int16(bits);
            Int32(channels == 1 ? 4 : 3);
            Int16(isFloat ? 3 : 1);
            Write(new byte[] { 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71 });
        }
        Write("data"u8);
        Int32(data);
        foreach (var s in samples)
        {
            var v = Math.Clamp(s, -1f, 1f);
            switch (isFloat, bits)
            {
                case (true, _): { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, s); Write(b); break; }
                case (_, 16): Int16((int)Math.Round(v * 32767)); break;
                case (_, 24):
                {
                    var i = (int)Math.Round(v * 8388607);
                    Write(new[] { (byte)i, (byte)(i >> 8), (byte)(i >> 16) });
                    break;
                }
                default: Int32((int)Math.Round(v * 2147483647.0)); break;
            }
        }
        File.WriteAllBytes(path, stream.ToArray());
    }
}
