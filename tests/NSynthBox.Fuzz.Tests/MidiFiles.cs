using System.Text;
using CsCheck;
using NSynthBox.Midi;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Fuzz.Tests;

/// <summary>Generators, seeds and comparisons for Standard MIDI Files.</summary>
internal static class MidiFiles
{
    /// <summary>The csvmidi-written fixtures of the MIDI tests and the fuzz corpus's own.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> SeedCorpus { get; } = LoadSeeds();

    public static readonly Gen<MidiTimeDivision> Division = Gen.Frequency(
        (3, Gen.Int[1, 0x7FFF].Select(MidiTimeDivision.FromTicksPerQuarterNote)),
        (1, Gen.Select(Gen.OneOf(24, 25, 29, 30), Gen.Int[1, 255], MidiTimeDivision.FromSmpte)));

    private static readonly Gen<long> Delta = Gen.Frequency(
        (6, Gen.Long[0, 127]),
        (3, Gen.Long[128, 20_000]),
        (1, Gen.Long[0, 0x0FFFFFFF]));

    private enum SpecKind
    {
        Channel,
        SysEx,
        RawMeta,
        Tempo,
        TimeSignature,
        TrackName,
    }

    // Repeat: reuse the previous channel message's status, so the writer uses running status.
    private sealed record Spec(SpecKind Kind, long Delta, byte Status, byte Data1, byte Data2, bool Repeat, byte[] Bytes, int Number, string Text);

    private static readonly Gen<Spec> EventSpec = Gen.Frequency(
        (10, Gen.Select(Delta, Gen.Byte[0x80, 0xEF], Gen.Byte[0, 0x7F], Gen.Byte[0, 0x7F], Gen.Frequency((2, Gen.Const(true)), (1, Gen.Const(false))),
            (delta, status, d1, d2, repeat) => new Spec(SpecKind.Channel, delta, status, d1, d2, repeat, [], 0, ""))),
        (1, Gen.Select(Delta, Gen.Byte.Array[0, 40], Gen.Bool,
            (delta, data, escape) => new Spec(SpecKind.SysEx, delta, 0, 0, 0, escape, data, 0, ""))),
        (1, Gen.Select(Delta, Gen.Byte[0, 0x7F].Where(t => t != 0x2F), Gen.Byte.Array[0, 20],
            (delta, type, data) => new Spec(SpecKind.RawMeta, delta, type, 0, 0, false, data, 0, ""))),
        (1, Gen.Select(Delta, Gen.Int[1, 0xFFFFFF], (delta, tempo) => new Spec(SpecKind.Tempo, delta, 0, 0, 0, false, [], tempo, ""))),
        (1, Gen.Select(Delta, Gen.Byte[1, 255], Gen.Byte[0, 30], Gen.Byte, Gen.Byte,
            (delta, n, log2d, clocks, t32) => new Spec(SpecKind.TimeSignature, delta, n, clocks, t32, false, [], log2d, ""))),
        (1, Gen.Select(Delta, Gen.Char[(char)0, (char)255].Array[0, 16],
            (delta, name) => new Spec(SpecKind.TrackName, delta, 0, 0, 0, false, [], 0, new string(name)))));

    public static readonly Gen<MidiTrack> Track = Gen.Select(EventSpec.Array[0, 40], Gen.Bool, Delta, (specs, endOfTrack, endDelta) =>
    {
        var track = new MidiTrack();
        long tick = 0;
        byte previousStatus = 0;
        foreach (var s in specs)
        {
            tick += s.Delta;
            MidiEvent e = s.Kind switch
            {
                SpecKind.Channel => new ChannelMessageEvent(tick, Message(s.Repeat && previousStatus != 0 ? previousStatus : s.Status, s.Data1, s.Data2)),
                SpecKind.SysEx => new SysExEvent(tick, s.Bytes, isEscape: s.Repeat),
                SpecKind.RawMeta => new MetaEvent(tick, s.Status, s.Bytes),
                SpecKind.Tempo => new TempoChangeEvent(tick, s.Number),
                SpecKind.TimeSignature => new TimeSignatureEvent(tick, s.Status, 1 << s.Number, s.Data1, s.Data2),
                _ => new TrackNameEvent(tick, s.Text),
            };
            if (e is ChannelMessageEvent c)
            {
                previousStatus = c.Message.Status;
            }

            track.Events.Add(e);
        }

        if (endOfTrack)
        {
            track.Events.Add(new EndOfTrackEvent(tick + endDelta));
        }

        return track;
    });

    public static readonly Gen<MidiFile> File = Gen.Select(Gen.Int[0, 2], Division, Track.Array[0, 4], (format, division, tracks) =>
    {
        var file = new MidiFile(division, format);
        file.Tracks.AddRange(format == 0 ? tracks.Take(1).DefaultIfEmpty(new MidiTrack()) : tracks);
        return file;
    });

    /// <summary>Random chunk-shaped bytes: a plausible or broken header, then MTrk and other chunks of
    /// event-like bytes whose declared lengths are right, wrong or huge.</summary>
    public static readonly Gen<byte[]> ChunkedBytes = Gen.Select(
        Gen.Int[0, 3], Gen.Frequency((4, Gen.Int[0, 4]), (1, Gen.Int[0, 0xFFFF])), Gen.Frequency((3, Gen.Int[1, 960]), (1, Gen.Int[0, 0xFFFF])),
        Gen.Select(Gen.Frequency((5, Gen.Const("MTrk")), (1, Gen.Const("XFIH")), (1, Gen.Char.AlphaNumeric.Array[4].Select(c => new string(c)))),
            Gen.Frequency((5, Gen.Const(-1L)), (1, Gen.Long[0, 200]), (1, Gen.Long[0, uint.MaxValue])),
            Gen.Frequency((3, Gen.Byte[0, 0x7F]), (2, Gen.Byte[0x80, 0xEF]), (1, Gen.Byte[0xF0, 0xFF]), (1, Gen.Byte)).Array[0, 64]).Array[0, 4],
        (format, tracks, division, chunks) =>
        {
            var output = new List<byte>();
            output.AddRange(Chunk("MThd", [(byte)(format >> 8), (byte)format, (byte)(tracks >> 8), (byte)tracks, (byte)(division >> 8), (byte)division], -1));
            foreach (var (id, length, body) in chunks)
            {
                output.AddRange(Chunk(id, body, length));
            }

            return output.ToArray();
        });

    /// <summary>What the reader must give back for a track the writer wrote: the same events, with an
    /// End of Track added at the last tick when the track did not end with one.</summary>
    public static List<string> ExpectedAfterWrite(MidiTrack track)
    {
        var keys = track.Events.Select(Key).ToList();
        if (track.Events.Count == 0 || track.Events[^1] is not MetaEvent { MetaType: 0x2F })
        {
            keys.Add(Key(new EndOfTrackEvent(track.Events.Count == 0 ? 0 : track.Events[^1].Tick)));
        }

        return keys;
    }

    public static string Key(MidiEvent e) => e switch
    {
        ChannelMessageEvent c => $"@{c.Tick} {c.Message.Status:X2} {c.Message.Data1:X2} {c.Message.Data2:X2}",
        SysExEvent s => $"@{s.Tick} SysEx {(s.IsEscape ? "F7" : "F0")} {Convert.ToHexString(s.Data.Span)}",
        MetaEvent m => $"@{m.Tick} Meta {m.MetaType:X2} {Convert.ToHexString(m.Data.Span)}",
        _ => throw new ArgumentException(e.GetType().Name),
    };

    /// <summary>The size the writer must produce, running status included: a channel message
    /// leaves out its status when it equals the previous one and no SysEx or meta event came between.</summary>
    public static long ExpectedWrittenLength(MidiFile file)
    {
        long length = 14;
        foreach (var track in file.Tracks)
        {
            length += 8;
            long previousTick = 0;
            byte running = 0;
            foreach (var e in track.Events)
            {
                length += VlqLength(e.Tick - previousTick);
                previousTick = e.Tick;
                switch (e)
                {
                    case ChannelMessageEvent c:
                        length += (c.Message.Status == running ? 0 : 1) + c.Message.Length - 1;
                        running = c.Message.Status;
                        break;
                    case SysExEvent s:
                        length += 1 + VlqLength(s.Data.Length) + s.Data.Length;
                        running = 0;
                        break;
                    case MetaEvent m:
                        length += 2 + VlqLength(m.Data.Length) + m.Data.Length;
                        running = 0;
                        break;
                }
            }

            if (track.Events.Count == 0 || track.Events[^1] is not MetaEvent { MetaType: 0x2F })
            {
                length += 4;
            }
        }

        return length;
    }

    public static string Describe(MidiFile file) =>
        $"format {file.Format}, {file.Division}: " + string.Join(" / ", file.Tracks.Select(t => string.Join(", ", t.Events.Select(Key))));

    private static int VlqLength(long value) => value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : 4;

    private static MidiMessage Message(byte status, byte data1, byte data2) =>
        new(status, data1, status is >= 0xC0 and < 0xE0 ? (byte)0 : data2);

    private static byte[] Chunk(string id, byte[] body, long declaredLength)
    {
        uint length = declaredLength < 0 ? (uint)body.Length : (uint)declaredLength;
        return [.. Encoding.Latin1.GetBytes(id), (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, .. body];
    }

    private static List<(string, byte[])> LoadSeeds()
    {
        var files = Directory.GetFiles(RepoPaths.Combine("tests", "NSynthBox.Midi.Tests", "Fixtures"), "*.mid")
            .Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Corpus", "midi"), "*.mid"))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), System.IO.File.ReadAllBytes(path)))
            .ToList();
        Assert.True(files.Count >= 7, $"expected the MIDI seed corpus, found {files.Count} files");
        return files;
    }
}
