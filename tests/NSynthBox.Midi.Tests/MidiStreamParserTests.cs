using NSynthBox.Tests.Shared;
namespace NSynthBox.Midi.Tests;

public class MidiStreamParserTests
{
    private readonly RecordingHandler _handler = new();
    private readonly MidiStreamParser _parser;

    public MidiStreamParserTests() => _parser = new MidiStreamParser(_handler);

    private List<string> Parse(params byte[] bytes)
    {
        _parser.Parse(bytes);
        return _handler.Log;
    }

    [Fact]
    public void Note_on_is_delivered_when_its_last_data_byte_arrives()
    {
        Assert.Empty(Parse(0x90, 0x3C));
        Assert.Equal(["NoteOn ch0 60 64"], Parse(0x40));
    }

    [Fact]
    public void Running_status_repeats_the_previous_channel_status()
    {
        Assert.Equal(["NoteOn ch2 60 64", "NoteOn ch2 62 65", "NoteOn ch2 64 66"],
            Parse(0x92, 0x3C, 0x40, 0x3E, 0x41, 0x40, 0x42));
        Assert.Equal(0, _parser.MalformedBytes);
    }

    [Fact]
    public void Running_status_note_on_after_realtime_byte_is_parsed()
    {
        Assert.Equal(["NoteOn ch0 60 64", "TimingClock", "NoteOn ch0 62 64"],
            Parse(0x90, 0x3C, 0x40, 0xF8, 0x3E, 0x40));
    }

    [Fact]
    public void Realtime_byte_in_the_middle_of_a_note_message_is_delivered_first_without_breaking_it()
    {
        Assert.Equal(["TimingClock", "Start", "NoteOn ch0 60 64"], Parse(0x90, 0xF8, 0x3C, 0xFA, 0x40));
        Assert.Equal(0, _parser.MalformedBytes);
    }

    [Fact]
    public void Realtime_byte_inside_sysex_is_delivered_immediately_and_the_sysex_stays_intact()
    {
        Assert.Equal(["TimingClock", "ActiveSensing", "SysEx F07E7F0901F7"],
            Parse(0xF0, 0x7E, 0x7F, 0xF8, 0x09, 0xFE, 0x01, 0xF7));
    }

    [Fact]
    public void Note_on_with_velocity_zero_is_reported_as_note_off_by_default()
    {
        var messages = Parse(0x95, 0x3C, 0x00);

        Assert.Equal(["NoteOff ch5 60 0"], messages);
        Assert.Equal(MidiMessage.NoteOff(5, 60), _handler.Messages[0]);
    }

    [Fact]
    public void Note_on_with_velocity_zero_stays_note_on_when_conversion_is_turned_off()
    {
        _parser.NoteOnZeroVelocityAsNoteOff = false;

        Assert.Equal(["NoteOn ch5 60 0"], Parse(0x95, 0x3C, 0x00));
    }

    [Fact]
    public void Running_status_stays_note_on_after_a_velocity_zero_note_on_is_reported_as_note_off()
    {
        Assert.Equal(["NoteOn ch0 60 64", "NoteOff ch0 60 0", "NoteOn ch0 62 64"],
            Parse(0x90, 0x3C, 0x40, 0x3C, 0x00, 0x3E, 0x40));
    }

    [Fact]
    public void Running_status_works_for_messages_with_one_data_byte()
    {
        Assert.Equal(["ProgramChange ch1 5", "ProgramChange ch1 6", "ChannelPressure ch1 7"],
            Parse(0xC1, 0x05, 0x06, 0xD1, 0x07));
    }

    [Fact]
    public void Message_split_across_parse_calls_is_assembled()
    {
        _parser.Parse([0xB0]);
        _parser.Parse([0x07]);
        _parser.Parse([0x64, 0x0A]);

        Assert.Equal(["ControlChange ch0 7 100", "ControlChange ch0 10 32"], Parse(0x20));
    }

    [Fact]
    public void Pitch_bend_is_assembled_from_both_data_bytes()
    {
        Parse(0xE0, 0x00, 0x60);

        Assert.Equal(4096, _handler.Messages.Single().PitchBendValue);
    }

    [Fact]
    public void Sysex_is_delivered_with_its_framing_bytes()
    {
        Parse(0xF0, 0x43, 0x10, 0x4C, 0xF7);

        Assert.Equal([0xF0, 0x43, 0x10, 0x4C, 0xF7], _handler.SysEx.Single());
    }

    [Fact]
    public void Sysex_split_across_parse_calls_is_assembled()
    {
        Parse(0xF0, 0x01);
        Parse(0x02);
        Parse(0x03, 0xF7);

        Assert.Equal([0xF0, 0x01, 0x02, 0x03, 0xF7], _handler.SysEx.Single());
    }

    [Fact]
    public void Sysex_longer_than_the_buffer_is_dropped_and_counted_and_parsing_continues()
    {
        var parser = new MidiStreamParser(_handler, maxSysExLength: 4);

        parser.Parse([0xF0, 0x01, 0x02, 0xF7]); // exactly 4 bytes: fits
        parser.Parse([0xF0, 0x01, 0x02, 0x03, 0xF7, 0x90, 0x3C, 0x40]);

        Assert.Equal(["SysEx F00102F7", "NoteOn ch0 60 64"], _handler.Log);
        Assert.Equal(1, parser.DroppedSysEx);
        Assert.Equal(0, parser.MalformedBytes);
    }

    [Fact]
    public void Sysex_cut_short_by_a_status_byte_is_dropped_and_the_new_message_is_parsed()
    {
        Assert.Equal(["NoteOn ch0 60 64"], Parse(0xF0, 0x7E, 0x01, 0x90, 0x3C, 0x40));
        Assert.Equal(1, _parser.DroppedSysEx);
        Assert.Empty(_handler.SysEx);
    }

    [Fact]
    public void System_common_messages_are_delivered_with_their_data()
    {
        Assert.Equal(["TimeCodeQuarterFrame 35", "SongPosition 1 2", "SongSelect 9", "TuneRequest"],
            Parse(0xF1, 0x23, 0xF2, 0x01, 0x02, 0xF3, 0x09, 0xF6));
    }

    [Fact]
    public void System_common_message_cancels_running_status()
    {
        Assert.Equal(["NoteOn ch0 60 64", "TuneRequest"], Parse(0x90, 0x3C, 0x40, 0xF6, 0x3E, 0x40));
        Assert.Equal(2, _parser.MalformedBytes);
    }

    [Fact]
    public void System_common_message_has_no_running_status_of_its_own()
    {
        Assert.Equal(["SongSelect 9"], Parse(0xF3, 0x09, 0x0A));
        Assert.Equal(1, _parser.MalformedBytes);
    }

    [Fact]
    public void Sysex_cancels_running_status()
    {
        Assert.Equal(["NoteOn ch0 60 64", "SysEx F001F7"], Parse(0x90, 0x3C, 0x40, 0xF0, 0x01, 0xF7, 0x3E, 0x40));
        Assert.Equal(2, _parser.MalformedBytes);
    }

    [Fact]
    public void Stray_data_bytes_without_a_status_are_skipped_and_counted()
    {
        Assert.Equal(["NoteOn ch0 60 64"], Parse(0x3C, 0x40, 0x90, 0x3C, 0x40));
        Assert.Equal(2, _parser.MalformedBytes);
    }

    [Fact]
    public void Status_byte_interrupting_an_incomplete_message_counts_the_lost_bytes_as_malformed()
    {
        Assert.Equal(["ControlChange ch0 7 100"], Parse(0x90, 0x3C, 0xB0, 0x07, 0x64));
        Assert.Equal(2, _parser.MalformedBytes);
    }

    [Fact]
    public void Incomplete_running_status_message_interrupted_by_a_status_counts_its_data_byte()
    {
        Parse(0x90, 0x3C, 0x40, 0x3E, 0x80, 0x3E, 0x00);

        Assert.Equal(["NoteOn ch0 60 64", "NoteOff ch0 62 0"], _handler.Log);
        Assert.Equal(1, _parser.MalformedBytes);
    }

    [Fact]
    public void End_of_exclusive_without_a_sysex_is_malformed()
    {
        Assert.Empty(Parse(0xF7));
        Assert.Equal(1, _parser.MalformedBytes);
        Assert.Equal(0, _parser.DroppedSysEx);
    }

    [Fact]
    public void Undefined_realtime_byte_is_counted_and_leaves_running_status_alone()
    {
        Assert.Equal(["NoteOn ch0 60 64", "NoteOn ch0 62 64"], Parse(0x90, 0x3C, 0x40, 0xF9, 0x3E, 0xFD, 0x40));
        Assert.Equal(2, _parser.MalformedBytes);
    }

    [Fact]
    public void Undefined_system_common_byte_is_counted_and_cancels_running_status()
    {
        Assert.Equal(["NoteOn ch0 60 64"], Parse(0x90, 0x3C, 0x40, 0xF5, 0x3E, 0x40));
        Assert.Equal(3, _parser.MalformedBytes);
    }

    [Fact]
    public void Reset_forgets_a_partial_message_and_running_status()
    {
        Parse(0x90, 0x3C, 0x40, 0x3E);
        _parser.Reset();

        Assert.Equal(["NoteOn ch0 60 64"], Parse(0x3E, 0x40));
        Assert.Equal(2, _parser.MalformedBytes);
    }

    [Fact]
    public void Sysex_buffer_must_hold_at_least_the_framing_bytes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MidiStreamParser(_handler, maxSysExLength: 1));
        Assert.Throws<ArgumentNullException>(() => new MidiStreamParser(null!));
    }

    [Fact]
    public void Parse_does_not_allocate_after_warm_up()
    {
        var handler = new CountingHandler();
        var parser = new MidiStreamParser(handler, maxSysExLength: 64);
        byte[] stream = BuildBusyStream(repeats: 10_000);
        parser.Parse(stream); // JIT and any one-time setup

        var readings = AllocationWindows.UntilClean(() => parser.Parse(stream));

        AllocationWindows.AssertClean(readings, "parsing the stream");
        Assert.Equal((1 + readings.Length) * 10_000 * 9, handler.Messages);
        Assert.Equal((1 + readings.Length) * 10_000, handler.SysEx);
        Assert.Equal(2 * 10_000, parser.DroppedSysEx);
        Assert.Equal(2 * 10_000, parser.MalformedBytes);
    }

    // Per repeat: 9 messages (one NoteOff from velocity 0), 1 SysEx kept, 1 dropped as too
    // long, 1 malformed byte; with real-time bytes inside a note and inside the SysEx.
    private static byte[] BuildBusyStream(int repeats)
    {
        byte[] pattern =
        [
            0x90, 0x3C, 0xF8, 0x40, 0x3E, 0x40, 0x3C, 0x00,
            0xB3, 0x07, 0x64,
            0xE0, 0x00, 0x40,
            0xF0, 0x7E, 0xFE, 0x01, 0xF7,
            0xF0, .. Enumerable.Repeat((byte)0x11, 100), 0xF7,
            0x55,
            0xC2, 0x01, 0xF2, 0x01, 0x02,
        ];
        return [.. Enumerable.Repeat(pattern, repeats).SelectMany(p => p)];
    }

    private sealed class CountingHandler : IMidiMessageHandler
    {
        public int Messages { get; private set; }

        public int SysEx { get; private set; }

        public void OnMessage(in MidiMessage message) => Messages++;

        public void OnSysEx(ReadOnlySpan<byte> message) => SysEx++;
    }
}
