using NSynthBox.Tests.Shared;
using CsCheck;
using NSynthBox.Midi;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// The live MIDI input parser against any bytes a device or a loose cable can send: it never
/// throws, only delivers valid MIDI 1.0, delivers every real-time byte where it occurs, counts
/// what it skips, gives the same result however the stream is split into reads, and does not
/// allocate once warm.
/// </summary>
public sealed class MidiStreamParserFuzzTests
{
    private const int SmallSysExLimit = 16;

    private static readonly byte[] RealTimeBytes = [0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF];

    /// <summary>Bytes weighted towards the interesting ones: data, channel status, system and SysEx.</summary>
    private static readonly Gen<byte> MidiByte = Gen.Frequency(
        (4, Gen.Byte[0x00, 0x7F]),
        (3, Gen.Byte[0x80, 0xEF]),
        (1, Gen.Byte[0xF0, 0xFF]),
        (1, Gen.OneOf<byte>(0xF0, 0xF7)),
        (1, Gen.Byte));

    private static readonly Gen<byte[]> AnyStream = MidiByte.Array[0, 300];

    [Fact]
    public void Any_bytes_never_throw_and_only_valid_MIDI_is_delivered()
    {
        Fuzz.Check(Gen.Select(AnyStream, Gen.Bool), c =>
        {
            var (bytes, smallSysEx) = c;
            var handler = new RecordingHandler();
            var parser = new MidiStreamParser(handler, smallSysEx ? SmallSysExLimit : MidiStreamParser.DefaultMaxSysExLength);

            parser.Parse(bytes);

            foreach (var message in handler.Messages)
            {
                // The public constructor validates status, data ranges and unused bytes.
                Assert.Equal(message, new MidiMessage(message.Status, message.Data1, message.Data2));
            }

            foreach (var sysEx in handler.SysEx)
            {
                Assert.True(sysEx.Length >= 2 && sysEx.Length <= parser.MaxSysExLength, $"SysEx of {sysEx.Length} bytes");
                Assert.Equal(0xF0, sysEx[0]);
                Assert.Equal(0xF7, sysEx[^1]);
                Assert.All(sysEx[1..^1], b => Assert.True(b < 0x80, $"0x{b:X2} inside a SysEx"));
            }

            // Every real-time byte is delivered, in order, wherever it was.
            Assert.Equal(bytes.Where(RealTimeBytes.Contains), handler.Messages.Where(m => m.IsRealTime).Select(m => m.Status));
            Assert.InRange(parser.MalformedBytes, bytes.Count(b => b is 0xF9 or 0xFD), bytes.Length);
            Assert.InRange(parser.DroppedSysEx, 0, bytes.Count(b => b == 0xF0));
        }, ciIterations: 3000, print: c => Fuzz.Hex(c.Item1));
    }

    [Fact]
    public void Splitting_a_stream_into_reads_anywhere_gives_the_same_messages_and_counts()
    {
        var gen = Gen.Select(AnyStream, Gen.Double.Unit.Array[0, 12], Gen.Bool);
        Fuzz.Check(gen, c =>
        {
            var (bytes, cuts, smallSysEx) = c;
            int limit = smallSysEx ? SmallSysExLimit : MidiStreamParser.DefaultMaxSysExLength;
            var whole = new RecordingHandler();
            var wholeParser = new MidiStreamParser(whole, limit);
            wholeParser.Parse(bytes);

            var split = new RecordingHandler();
            var splitParser = new MidiStreamParser(split, limit);
            int start = 0;
            foreach (int cut in cuts.Select(f => (int)(f * bytes.Length)).Order())
            {
                splitParser.Parse(bytes.AsSpan(start, cut - start));
                start = cut;
            }

            splitParser.Parse(bytes.AsSpan(start));

            Assert.Equal(whole.Log, split.Log);
            Assert.Equal(wholeParser.MalformedBytes, splitParser.MalformedBytes);
            Assert.Equal(wholeParser.DroppedSysEx, splitParser.DroppedSysEx);
        }, ciIterations: 2000, print: c => $"cuts at {string.Join(",", c.Item2.Select(f => (int)(f * c.Item1.Length)).Order())} of {Fuzz.Hex(c.Item1)}");
    }

    /// <summary>
    /// A stream built from known messages, with running status where it applies, real-time bytes
    /// dropped in at any byte (inside messages and SysEx too) and known garbage between messages,
    /// parses back to exactly those messages, and the skipped bytes and SysEx are counted exactly.
    /// </summary>
    [Fact]
    public void A_stream_of_known_messages_and_known_garbage_parses_back_exactly()
    {
        var gen = Gen.Select(MidiStreams.Items.Array[0, 40], Gen.Bool, Gen.Double.Unit.Array[0, 8], RealTime.Array[8]);
        Fuzz.Check(gen, c =>
        {
            var (items, smallSysEx, realTimeAt, realTime) = c;
            int limit = smallSysEx ? SmallSysExLimit : MidiStreamParser.DefaultMaxSysExLength;
            var expected = MidiStreams.Build(items, limit, realTimeAt, realTime);
            var handler = new RecordingHandler();
            var parser = new MidiStreamParser(handler, limit);

            parser.Parse(expected.Bytes);

            Assert.Equal(expected.Log, handler.Log);
            Assert.Equal(expected.MalformedBytes, parser.MalformedBytes);
            Assert.Equal(expected.DroppedSysEx, parser.DroppedSysEx);
        }, ciIterations: 2000, print: c => $"{string.Join(" | ", c.Item1)}; smallSysEx={c.Item2}; {Fuzz.Hex(MidiStreams.Build(c.Item1, c.Item2 ? SmallSysExLimit : MidiStreamParser.DefaultMaxSysExLength, c.Item3, c.Item4).Bytes)}");
    }

    [Fact]
    public void Parsing_any_bytes_does_not_allocate_after_warm_up()
    {
        Fuzz.Check(AnyStream, bytes =>
        {
            var handler = new CountingHandler();
            var parser = new MidiStreamParser(handler, SmallSysExLimit);
            parser.Parse(bytes); // warm-up: JIT, first use

            AllocationWindows.AssertClean(AllocationWindows.UntilClean(() =>
            {
                parser.Parse(bytes);
                parser.Parse(bytes.AsSpan(0, bytes.Length / 2));
                parser.Parse(bytes.AsSpan(bytes.Length / 2));
            }), "parsing");
        }, ciIterations: 500, print: Fuzz.Hex);
    }

    private static readonly Gen<byte> RealTime = Gen.OneOf(RealTimeBytes);

    private sealed class CountingHandler : IMidiMessageHandler
    {
        public long Messages { get; private set; }

        public void OnMessage(in MidiMessage message) => Messages++;

        public void OnSysEx(ReadOnlySpan<byte> message) => Messages++;
    }
}
