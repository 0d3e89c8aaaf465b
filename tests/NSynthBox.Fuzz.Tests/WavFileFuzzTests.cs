using System.Text;
using CsCheck;
using NSynthBox.Engine;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// WAV files from anywhere (a sample dropped onto the box, a render from another program, a file
/// cut short): any bytes either read as samples with a usable rate and channel count, or fail
/// with an <see cref="InvalidDataException"/> naming the file, never another exception.
/// </summary>
public sealed class WavFileFuzzTests
{
    private static readonly IReadOnlyList<(string Name, byte[] Bytes)> Seeds = LoadSeeds();

    /// <summary>RIFF-shaped bytes: 'fmt ', 'data' and other chunks with plausible and broken
    /// fields, declared sizes right, wrong, odd, negative or huge, and bodies too short.</summary>
    private static readonly Gen<byte[]> ChunkedBytes = Gen.Select(
        Gen.Select(
            Gen.Frequency((4, Gen.Const("fmt ")), (4, Gen.Const("data")), (1, Gen.Const("fact")), (1, Gen.Const("LIST")), (1, Gen.Const("JUNK"))),
            Gen.Frequency((6, Gen.Const(-1L)), (1, Gen.Long[0, 64]), (1, Gen.OneOf(0x7FFFFFFFL, 0x7FFFFFF0L, 0x80000000L, 0xFFFFFFFFL))),
            Gen.Select(Gen.OneOf<short>(1, 3, -2, 0, 2), Gen.OneOf<short>(1, 2, 0, -1, 255), Gen.OneOf(8000, 48000, 0, -1, int.MaxValue), Gen.OneOf<short>(16, 32, 8, 24, 0)),
            Gen.Int[0, 40],
            Gen.Byte.Array[0, 64]).Array[0, 4],
        Gen.Bool,
        (chunks, riffSizeRight) =>
        {
            var body = new List<byte>("WAVE"u8.ToArray());
            foreach (var (id, declared, (format, channels, rate, bits), fmtLength, payload) in chunks)
            {
                byte[] content = id == "fmt " ? Fmt(format, channels, rate, bits).AsSpan(0, Math.Min(fmtLength, 18)).ToArray() : payload;
                body.AddRange(Encoding.ASCII.GetBytes(id));
                body.AddRange(BitConverter.GetBytes(declared < 0 ? content.Length : (uint)declared));
                body.AddRange(content);
            }

            return (byte[])[.. "RIFF"u8, .. BitConverter.GetBytes(riffSizeRight ? body.Count : 0), .. body];
        });

    [Fact]
    public void Any_bytes_read_or_fail_with_invalid_data_naming_the_file()
    {
        using var temp = new TempFolder("wav");
        var gen = Gen.Frequency(
            (1, Gen.Byte.Array[0, 64]),
            (1, Gen.Byte.Array[0, 64].Select(tail => (byte[])[.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8, .. tail])),
            (4, ChunkedBytes));
        Fuzz.Check(gen, bytes => ReadOrReject(temp, bytes), ciIterations: 3000, print: Fuzz.Hex);
    }

    [Fact]
    public void Mutated_real_files_read_or_fail_with_invalid_data_naming_the_file()
    {
        using var temp = new TempFolder("wav");
        Fuzz.Check(ByteMutations.Of(Seeds), c => ReadOrReject(temp, c.Bytes), ciIterations: 3000, print: ByteMutations.Describe);
    }

    [Fact]
    public void The_seed_corpus_reads_or_is_refused_as_expected()
    {
        using var temp = new TempFolder("wav");
        foreach (var (name, bytes) in Seeds)
        {
            // PCM of 8 to 32 bits and float, plain or WAVE_FORMAT_EXTENSIBLE (sox writes that for 24-bit and 4 channels); compressed formats are refused.
            bool supported = !name.Contains("_ima_adpcm", StringComparison.Ordinal) && !name.Contains("_ulaw", StringComparison.Ordinal);
            string path = temp.FileForThisThread(".wav");
            File.WriteAllBytes(path, bytes);
            if (supported)
            {
                var samples = WavFile.Read(path, out int rate, out int channels);
                Assert.True(samples.Length > 0 || name == "ours_empty.wav", name);
                Assert.True(rate is 8000 or 48000 && channels is >= 1 and <= 4, $"{name}: {rate} Hz, {channels} channels");
            }
            else
            {
                var e = Assert.Throws<InvalidDataException>(() => WavFile.Read(path, out _, out _));
                Assert.Contains(path, e.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void What_WavFile_writes_reads_back()
    {
        using var temp = new TempFolder("wav");
        var gen = Gen.Select(Gen.Float[-1.5f, 1.5f].Array[0, 300], Gen.Int[1, 2], Gen.OneOf(8000, 44100, 48000, 96000), Gen.Bool);
        Fuzz.Check(gen, c =>
        {
            var (samples, channels, rate, float32) = c;
            string path = temp.FileForThisThread(".wav");
            WavFile.Write(path, samples, rate, channels, float32);

            var read = WavFile.Read(path, out int readRate, out int readChannels);

            Assert.Equal((rate, channels), (readRate, readChannels));
            Assert.Equal(samples.Length, read.Length);
            for (int i = 0; i < samples.Length; i++)
            {
                float expected = float32 ? samples[i] : Math.Clamp(samples[i], -1f, 1f);
                Assert.True(Math.Abs(read[i] - expected) <= (float32 ? 0 : 1.5f / 32768), $"sample {i}: wrote {samples[i]}, read {read[i]}");
            }
        }, ciIterations: 300);
    }

    private static void ReadOrReject(TempFolder temp, byte[] bytes)
    {
        string path = temp.FileForThisThread(".wav");
        File.WriteAllBytes(path, bytes);
        float[] samples;
        int rate, channels;
        try
        {
            samples = WavFile.Read(path, out rate, out channels);
        }
        catch (InvalidDataException e)
        {
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            return;
        }

        // What a caller does next: frames = samples / channels, seconds = frames / rate.
        Assert.InRange(channels, 1, short.MaxValue);
        Assert.InRange(rate, 1, int.MaxValue);
        Assert.True(samples.Length <= bytes.Length, $"{samples.Length} samples from {bytes.Length} bytes");
    }

    private static byte[] Fmt(short format, short channels, int rate, short bits)
    {
        var fmt = new byte[18];
        BitConverter.GetBytes(format).CopyTo(fmt, 0);
        BitConverter.GetBytes(channels).CopyTo(fmt, 2);
        BitConverter.GetBytes(rate).CopyTo(fmt, 4);
        BitConverter.GetBytes(rate * channels * Math.Max(bits / 8, 1)).CopyTo(fmt, 8);
        BitConverter.GetBytes((short)(channels * Math.Max(bits / 8, 1))).CopyTo(fmt, 12);
        BitConverter.GetBytes(bits).CopyTo(fmt, 14);
        return fmt;
    }

    private static List<(string, byte[])> LoadSeeds()
    {
        var seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus", "wav"), "*.wav")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllBytes(path)))
            .ToList();
        Assert.True(seeds.Count >= 9, $"expected the WAV seed corpus, found {seeds.Count} files");

        // And what the box itself writes.
        float[] tone = [.. Enumerable.Range(0, 64).Select(i => 0.5f * MathF.Sin(i * 0.3f))];
        foreach (var (name, channels, float32) in new[] { ("ours_s16_mono.wav", 1, false), ("ours_s16_stereo.wav", 2, false), ("ours_f32_mono.wav", 1, true), ("ours_empty.wav", 1, false) })
        {
            var stream = new MemoryStream();
            WavFile.Write(stream, name == "ours_empty.wav" ? [] : tone, 48000, channels, float32);
            seeds.Add((name, stream.ToArray()));
        }

        return seeds;
    }
}
