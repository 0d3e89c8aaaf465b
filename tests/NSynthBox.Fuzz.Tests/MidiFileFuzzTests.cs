using CsCheck;
using NSynthBox.Midi;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// Standard MIDI Files from anywhere: any bytes either read or fail with a
/// <see cref="MidiFileFormatException"/> that names the file and an offset, never another
/// exception or a hang; what reads can be written, read again and played; and every file our
/// writer writes reads back the same.
/// </summary>
public sealed class MidiFileFuzzTests
{
    private const string SourceName = "fuzz.mid";

    [Fact]
    public void Any_bytes_read_or_fail_with_a_format_error_naming_source_and_offset()
    {
        var gen = Gen.Frequency(
            (1, Gen.Byte.Array[0, 64]),
            (1, Gen.Byte.Array[0, 64].Select(tail => (byte[])[.. "MThd"u8, 0, 0, 0, 6, .. tail])),
            (4, MidiFiles.ChunkedBytes));
        Fuzz.Check(gen, bytes => ReadOrReject(bytes, () => MidiFile.Read(new MemoryStream(bytes), SourceName), SourceName),
            ciIterations: 3000, print: Fuzz.Hex);
    }

    [Fact]
    public void Mutated_real_files_read_or_fail_with_a_format_error_naming_path_and_offset()
    {
        using var temp = new TempFolder("midi");
        Fuzz.Check(ByteMutations.Of(MidiFiles.SeedCorpus), c =>
        {
            string path = temp.FileForThisThread(".mid");
            File.WriteAllBytes(path, c.Bytes);
            ReadOrReject(c.Bytes, () => MidiFile.Read(path), path);
        }, ciIterations: 3000, print: ByteMutations.Describe);
    }

    [Fact]
    public void The_seed_corpus_reads_and_survives_a_write_read_cycle()
    {
        foreach (var (name, bytes) in MidiFiles.SeedCorpus)
        {
            var file = MidiFile.Read(new MemoryStream(bytes), name);
            Assert.NotEmpty(file.Tracks);
            CheckUsable(file);
        }
    }

    /// <summary>Any file the writer writes reads back with the same format, division and events
    /// (plus the End of Track the writer adds), and is exactly as long as running status makes it.</summary>
    [Fact]
    public void Files_our_writer_writes_read_back_equal_with_running_status()
    {
        Fuzz.Check(MidiFiles.File, original =>
        {
            var stream = new MemoryStream();
            original.Write(stream);
            byte[] bytes = stream.ToArray();

            Assert.Equal(MidiFiles.ExpectedWrittenLength(original), bytes.Length);
            var read = MidiFile.Read(new MemoryStream(bytes), SourceName);
            Assert.Equal(original.Format, read.Format);
            Assert.Equal(original.Division, read.Division);
            Assert.Equal(original.Tracks.Count, read.Tracks.Count);
            for (int t = 0; t < original.Tracks.Count; t++)
            {
                Assert.Equal(MidiFiles.ExpectedAfterWrite(original.Tracks[t]), read.Tracks[t].Events.Select(MidiFiles.Key));
                for (int i = 0; i < original.Tracks[t].Events.Count; i++)
                {
                    // Typed meta events come back typed, with the same values.
                    var before = original.Tracks[t].Events[i];
                    var after = read.Tracks[t].Events[i];
                    if (before is TempoChangeEvent or TimeSignatureEvent or TrackNameEvent or EndOfTrackEvent)
                    {
                        Assert.IsType(before.GetType(), after);
                        Assert.Equal(before.ToString(), after.ToString());
                    }
                }
            }
        }, ciIterations: 1000, print: MidiFiles.Describe);
    }

    private static void ReadOrReject(byte[] bytes, Func<MidiFile> read, string source)
    {
        MidiFile file;
        try
        {
            file = read();
        }
        catch (MidiFileFormatException e)
        {
            Assert.StartsWith($"{source}: offset 0x", e.Message);
            Assert.Equal(source, e.SourceName);
            Assert.InRange(e.Offset, 0, bytes.Length);
            return;
        }

        CheckUsable(file);
    }

    /// <summary>What the box does with a file it read: write it back (the writer accepts everything the
    /// reader gives) and, for formats 0 and 1, turn it into timed playback messages.</summary>
    private static void CheckUsable(MidiFile file)
    {
        var stream = new MemoryStream();
        file.Write(stream);
        var again = MidiFile.Read(new MemoryStream(stream.ToArray()), SourceName);
        Assert.Equal(file.Tracks.Count, again.Tracks.Count);
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            Assert.Equal(MidiFiles.ExpectedAfterWrite(file.Tracks[t]), again.Tracks[t].Events.Select(MidiFiles.Key));
        }

        if (file.Format != 2)
        {
            double previous = 0;
            foreach (var message in file.GetPlaybackMessages())
            {
                Assert.True(double.IsFinite(message.Seconds) && message.Seconds >= previous, $"{message.Seconds} s after {previous} s");
                previous = message.Seconds;
            }
        }
    }
}
