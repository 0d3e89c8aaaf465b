using NSynthBox.Engine;

namespace NSynthBox.Fuzz.Tests.Regressions;

/// <summary>WAV files the fuzz tests found that WavFile.Read did not refuse cleanly.</summary>
public sealed class WavFileRegressionTests : IDisposable
{
    private readonly TempFolder _temp = new("wav-regression");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Fmt_chunk_shorter_than_16_bytes_is_refused()
    {
        // Was ArgumentOutOfRangeException: the fields were read past the end of the file.
        byte[] bytes = Convert.FromHexString("524946460000000057415645666D7420070000000000000002000200401F00");

        var e = ReadFails(bytes);

        Assert.Contains("offset 12: 'fmt ' chunk of 7 bytes, expected at least 16", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x7FFFFFF8)]
    [InlineData(0x7FFFFFFF)]
    public void Chunk_size_near_2GiB_is_refused(int size)
    {
        // Was ArgumentOutOfRangeException: offset + size overflowed int and passed the bounds check.
        byte[] bytes = [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8, .. "JUNK"u8, .. BitConverter.GetBytes(size), 1, 2, 3, 4];

        var e = ReadFails(bytes);

        Assert.Contains($"chunk 'JUNK' of {size} bytes runs past the end of the file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-16729216)]
    public void Sample_rate_that_is_not_positive_is_refused(int rate)
    {
        // Was read as a valid file with that rate: frames / rate downstream is infinite or negative.
        var stream = new MemoryStream();
        WavFile.Write(stream, [0.1f, 0.2f], 48000);
        byte[] bytes = stream.ToArray();
        BitConverter.GetBytes(rate).CopyTo(bytes, 24);

        var e = ReadFails(bytes);

        Assert.Contains($"'fmt ' chunk gives 1 channels at {rate} Hz", e.Message, StringComparison.Ordinal);
    }

    private InvalidDataException ReadFails(byte[] bytes)
    {
        string path = _temp.FileForThisThread(".wav");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => WavFile.Read(path, out _, out _));
        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        return e;
    }
}
