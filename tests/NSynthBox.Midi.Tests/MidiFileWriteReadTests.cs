namespace NSynthBox.Midi.Tests;

public class MidiFileWriteReadTests
{
    private static readonly MidiTimeDivision Ppq480 = MidiTimeDivision.FromTicksPerQuarterNote(480);

    private static MidiFile RoundTrip(MidiFile file)
    {
        var stream = new MemoryStream();
        file.Write(stream);
        stream.Position = 0;
        return MidiFile.Read(stream);
    }

    [Fact]
    public void Format_0_file_round_trips_with_every_event_kind()
    {
        var file = new MidiFile(Ppq480, format: 0);
        file.Tracks.Add(new MidiTrack(
        [
            new TrackNameEvent(0, "Lead ü"),
            new TempoChangeEvent(0, 454545),
            new TimeSignatureEvent(0, 6, 8, 36, 8),
            new SysExEvent(0, [0x7E, 0x7F, 0x09, 0x01, 0xF7]),
            new SysExEvent(5, [0x01, 0x02], isEscape: true),
            new ChannelMessageEvent(10, MidiMessage.NoteOn(0, 60, 100)),
            new ChannelMessageEvent(10, MidiMessage.PolyPressure(0, 60, 20)),
            new ChannelMessageEvent(20, MidiMessage.ProgramChange(1, 127)),
            new ChannelMessageEvent(20, MidiMessage.ChannelPressure(1, 3)),
            new ChannelMessageEvent(30, MidiMessage.PitchBend(1, 8191)),
            new MetaEvent(40, 0x7F, [1, 2, 3]),
            new ChannelMessageEvent(480, MidiMessage.NoteOff(0, 60, 64)),
            new EndOfTrackEvent(500),
        ]));

        var read = RoundTrip(file);

        Assert.Equal(0, read.Format);
        Assert.Equal(480, read.Division.TicksPerQuarterNote);
        Assert.Equal(MidicsvFormat.Render(file), MidicsvFormat.Render(read));
        Assert.Equal("Lead ü", read.Tracks[0].Name);
        Assert.True(read.Tracks[0].Events[4] is SysExEvent { IsEscape: true });
    }

    [Fact]
    public void Format_1_file_round_trips_with_several_tracks()
    {
        var file = new MidiFile(Ppq480, format: 1);
        file.Tracks.Add(new MidiTrack([new TempoChangeEvent(0, 500000), new TempoChangeEvent(960, 250000), new EndOfTrackEvent(960)]));
        for (int channel = 0; channel < 3; channel++)
        {
            file.Tracks.Add(new MidiTrack(
            [
                new TrackNameEvent(0, $"Voice {channel}"),
                new ChannelMessageEvent(channel * 10, MidiMessage.NoteOn(channel, 60 + channel, 90)),
                new ChannelMessageEvent(480, MidiMessage.NoteOn(channel, 60 + channel, 0)),
                new EndOfTrackEvent(480),
            ]));
        }

        var read = RoundTrip(file);

        Assert.Equal(1, read.Format);
        Assert.Equal(4, read.Tracks.Count);
        Assert.Equal(MidicsvFormat.Render(file), MidicsvFormat.Render(read));
    }

    [Fact]
    public void Smpte_division_round_trips()
    {
        var file = new MidiFile(MidiTimeDivision.FromSmpte(29, 80), format: 0);
        file.Tracks.Add(new MidiTrack());

        var read = RoundTrip(file);

        Assert.True(read.Division.IsSmpte);
        Assert.Equal((29, 80), (read.Division.SmpteFramesPerSecond, read.Division.TicksPerFrame));
    }

    [Fact]
    public void Writer_omits_repeated_status_bytes_and_repeats_them_after_a_meta_event()
    {
        var file = new MidiFile(Ppq480, format: 0);
        file.Tracks.Add(new MidiTrack(
        [
            new ChannelMessageEvent(0, MidiMessage.NoteOn(0, 60, 100)),
            new ChannelMessageEvent(0, MidiMessage.NoteOn(0, 64, 100)),
            new ChannelMessageEvent(0, MidiMessage.NoteOn(1, 67, 100)),
            new MetaEvent(0, 0x01, "x"u8),
            new ChannelMessageEvent(96, MidiMessage.NoteOn(1, 67, 0)),
        ]));
        var stream = new MemoryStream();

        file.Write(stream);

        Assert.Equal(
            [
                0x00, 0x90, 60, 100,
                0x00, 64, 100, // running status
                0x00, 0x91, 67, 100,
                0x00, 0xFF, 0x01, 0x01, (byte)'x',
                0x60, 0x91, 67, 0, // meta events cancel running status
                0x00, 0xFF, 0x2F, 0x00, // End of Track added by the writer
            ],
            SmfBytes.FirstTrackBody(stream.ToArray()));
    }

    [Theory]
    [InlineData(0x7F, new byte[] { 0x7F })]
    [InlineData(0x80, new byte[] { 0x81, 0x00 })]
    [InlineData(0x3FFF, new byte[] { 0xFF, 0x7F })]
    [InlineData(0x4000, new byte[] { 0x81, 0x80, 0x00 })]
    [InlineData(0x1FFFFF, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(0x200000, new byte[] { 0x81, 0x80, 0x80, 0x00 })]
    [InlineData(0x0FFFFFFF, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Delta_times_are_written_as_variable_length_quantities_and_read_back(int delta, byte[] encoded)
    {
        var file = new MidiFile(Ppq480, format: 0);
        file.Tracks.Add(new MidiTrack([new EndOfTrackEvent(delta)]));
        var stream = new MemoryStream();

        file.Write(stream);

        Assert.Equal([.. encoded, 0xFF, 0x2F, 0x00], SmfBytes.FirstTrackBody(stream.ToArray()));
        stream.Position = 0;
        Assert.Equal(delta, MidiFile.Read(stream).Tracks[0].Events.Single().Tick);
    }

    [Fact]
    public void Writer_rejects_a_delta_time_too_large_for_a_variable_length_quantity()
    {
        var file = new MidiFile(Ppq480, format: 0);
        file.Tracks.Add(new MidiTrack([new EndOfTrackEvent(0x10000000)]));

        Assert.Throws<InvalidOperationException>(() => file.Write(new MemoryStream()));
    }

    [Fact]
    public void Writer_rejects_events_out_of_time_order_naming_track_and_event()
    {
        var file = new MidiFile(Ppq480);
        file.Tracks.Add(new MidiTrack());
        file.Tracks.Add(new MidiTrack([new TempoChangeEvent(10, 1), new TempoChangeEvent(5, 1)]));

        var error = Assert.Throws<InvalidOperationException>(() => file.Write(new MemoryStream()));

        Assert.Contains("Track 1, event 1 is at tick 5", error.Message);
    }

    [Fact]
    public void Writer_rejects_end_of_track_before_the_last_event()
    {
        var file = new MidiFile(Ppq480, format: 0);
        file.Tracks.Add(new MidiTrack([new EndOfTrackEvent(0), new TempoChangeEvent(0, 1)]));

        Assert.Throws<InvalidOperationException>(() => file.Write(new MemoryStream()));
    }

    [Fact]
    public void Writer_treats_a_raw_end_of_track_meta_event_like_the_typed_one()
    {
        var file = new MidiFile(Ppq480, format: 0);
        file.Tracks.Add(new MidiTrack([new MetaEvent(7, 0x2F, [])]));
        var stream = new MemoryStream();

        file.Write(stream);

        Assert.Equal([0x07, 0xFF, 0x2F, 0x00], SmfBytes.FirstTrackBody(stream.ToArray()));
        file.Tracks[0].Events.Add(new TempoChangeEvent(7, 1));
        Assert.Throws<InvalidOperationException>(() => file.Write(new MemoryStream()));
    }

    [Fact]
    public void Track_name_outside_latin_1_shows_the_text_that_will_be_stored()
    {
        Assert.Equal("Piano ?", new TrackNameEvent(0, "Piano \u266B").Name);
    }

    [Fact]
    public void Invalid_format_and_default_division_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MidiFile(Ppq480, format: 3));
        Assert.Throws<ArgumentException>(() => new MidiFile(default));
        Assert.Throws<ArgumentException>(() => new TempoMap(default, []));
    }

    [Fact]
    public void Meta_event_constructors_validate_their_values()
    {
        Assert.Equal("microsecondsPerQuarterNote", Assert.Throws<ArgumentOutOfRangeException>(() => new TempoChangeEvent(0, 0)).ParamName);
        Assert.Equal("denominator", Assert.Throws<ArgumentOutOfRangeException>(() => new TimeSignatureEvent(0, 3, 3)).ParamName);
        Assert.Equal("metaType", Assert.Throws<ArgumentOutOfRangeException>(() => new MetaEvent(0, 0x80, [])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EndOfTrackEvent(-1));
        Assert.Throws<ArgumentException>(() => new ChannelMessageEvent(0, new MidiMessage(0xF8)));
    }

    [Fact]
    public void Writer_rejects_format_0_with_more_than_one_track()
    {
        var file = new MidiFile(Ppq480, format: 0);
        file.Tracks.Add(new MidiTrack());
        file.Tracks.Add(new MidiTrack());

        Assert.Throws<InvalidOperationException>(() => file.Write(new MemoryStream()));
    }

    [Fact]
    public void Writing_to_a_path_replaces_the_file_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        string path = temp.File("song.mid");
        File.WriteAllText(path, "old contents");
        var file = new MidiFile(Ppq480, format: 0);
        file.Tracks.Add(new MidiTrack([new ChannelMessageEvent(0, MidiMessage.NoteOn(0, 60, 1))]));

        file.Write(path);

        Assert.Equal(["song.mid"], Directory.GetFiles(temp.FullPath).Select(Path.GetFileName));
        Assert.Equal(60, ((ChannelMessageEvent)MidiFile.Read(path).Tracks[0].Events[0]).Message.Data1);
    }

    [Fact]
    public void Failed_write_to_a_path_keeps_the_old_file_and_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        string path = temp.File("song.mid");
        File.WriteAllText(path, "old contents");
        var file = new MidiFile(Ppq480, format: 0); // no tracks: invalid for format 0

        Assert.Throws<InvalidOperationException>(() => file.Write(path));

        Assert.Equal("old contents", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.FullPath));
    }

    [Fact]
    public void Unknown_chunks_are_skipped()
    {
        byte[] bytes =
        [
            .. SmfBytes.Header(1, 1, 96),
            .. SmfBytes.Chunk("XFIH", [1, 2, 3]),
            .. SmfBytes.Chunk("MTrk", [0x00, 0x90, 0x3C, 0x40, 0x00, 0xFF, 0x2F, 0x00]),
        ];

        var file = MidiFile.Read(new MemoryStream(bytes));

        Assert.Equal(MidiMessage.NoteOn(0, 60, 64), ((ChannelMessageEvent)file.Tracks.Single().Events[0]).Message);
    }

    // Hand-written track (documented byte by byte) with running status that continues
    // across a one-data-byte message and, as some writers do, across a meta event.
    [Fact]
    public void Running_status_from_a_hand_written_file_is_read()
    {
        byte[] track =
        [
            0x00, 0x90, 0x3C, 0x40, // tick 0: Note On ch0 60 64
            0x60, 0x3C, 0x00, // tick 96: running status Note On 60 velocity 0
            0x00, 0x3E, 0x50, // tick 96: running status Note On 62 80
            0x00, 0xC1, 0x05, // tick 96: Program Change ch1 5
            0x10, 0x06, // tick 112: running status Program Change 6
            0x00, 0xFF, 0x01, 0x01, 0x41, // tick 112: Text "A"
            0x00, 0x07, // tick 112: running status kept across the meta event: Program Change 7
            0x00, 0xFF, 0x2F, 0x00, // End of Track
        ];

        var file = MidiFile.Read(new MemoryStream(SmfBytes.File(0, 1, 96, track)));

        Assert.Equal(
            ["@0 NoteOn ch0 60 64", "@96 NoteOn ch0 60 0", "@96 NoteOn ch0 62 80", "@96 ProgramChange ch1 5",
             "@112 ProgramChange ch1 6", "@112 Meta 0x01 41", "@112 ProgramChange ch1 7", "@112 EndOfTrack"],
            file.Tracks[0].Events.Select(e => e.ToString()));
    }

    [Fact]
    public void Known_meta_types_with_a_malformed_payload_are_kept_raw()
    {
        byte[] track = [0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1, 0x00, 0xFF, 0x2F, 0x00];

        var file = MidiFile.Read(new MemoryStream(SmfBytes.File(0, 1, 96, track)));

        var meta = file.Tracks[0].Events[0];
        Assert.IsNotType<TempoChangeEvent>(meta);
        Assert.Equal(0x51, ((MetaEvent)meta).MetaType);
    }

    [Fact]
    public void Track_without_end_of_track_is_accepted()
    {
        var file = MidiFile.Read(new MemoryStream(SmfBytes.File(0, 1, 96, [0x00, 0x90, 0x3C, 0x40])));

        Assert.IsType<ChannelMessageEvent>(Assert.Single(file.Tracks[0].Events));
    }
}
