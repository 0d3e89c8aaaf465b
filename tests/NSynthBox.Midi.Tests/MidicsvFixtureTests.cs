namespace NSynthBox.Midi.Tests;

/// <summary>Files written by another tool (csvmidi), read by us and compared with the CSV
/// they were made from; and files written by us, read by midicsv.</summary>
public class MidicsvFixtureTests
{
    public static TheoryData<string> FixtureFiles =>
    [
        "format0_scale.mid",
        "format1_tempo_change.mid",
        "format1_tempo_change_no_running_status.mid",
        "format2_patterns.mid",
        "smpte_25fps.mid",
    ];

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Reading_a_file_written_by_csvmidi_gives_every_record_of_its_csv_source(string name)
    {
        string csvName = name.Replace("_no_running_status", "");

        var file = MidiFile.Read(Fixtures.Path(name));

        Assert.Equal(MidicsvFormat.Normalize(Fixtures.CsvLines(csvName)), MidicsvFormat.Render(file));
    }

    [Fact]
    public void Csvmidi_fixture_really_uses_running_status()
    {
        byte[] bytes = File.ReadAllBytes(Fixtures.Path("format0_scale.mid"));

        // Delta 0x60, then note 0x3C velocity 0 and delta 0, note 0x3E: no 0x90 status bytes.
        byte[] runningStatusNotes = [0x60, 0x3C, 0x00, 0x00, 0x3E];
        Assert.True(bytes.AsSpan().IndexOf(runningStatusNotes) > 0);
    }

    [Fact]
    public void Scale_fixture_has_the_notes_and_ticks_of_its_csv()
    {
        var file = MidiFile.Read(Fixtures.Path("format0_scale.mid"));
        var track = Assert.Single(file.Tracks);
        var noteOns = track.Events.OfType<ChannelMessageEvent>()
            .Where(e => e.Message.Type == MidiMessageType.NoteOn && e.Message.Data2 > 0)
            .ToList();

        Assert.Equal(96, file.Division.TicksPerQuarterNote);
        Assert.Equal("C major scale", track.Name);
        Assert.Equal([60, 62, 64, 65, 67, 69, 71, 72], noteOns.Select(e => (int)e.Message.Data1));
        Assert.Equal([0L, 96, 192, 288, 384, 480, 576, 672], noteOns.Select(e => e.Tick));
        Assert.Equal(600000, track.Events.OfType<TempoChangeEvent>().Single().MicrosecondsPerQuarterNote);
        var timeSignature = track.Events.OfType<TimeSignatureEvent>().Single();
        Assert.Equal((3, 4), (timeSignature.Numerator, timeSignature.Denominator));
        Assert.Equal([0, 4096, 8191, 0], track.Events.OfType<ChannelMessageEvent>()
            .Where(e => e.Message.Type == MidiMessageType.PitchBend).Select(e => e.Message.PitchBendValue));
    }

    [Fact]
    public void Tempo_changes_in_the_csvmidi_fixture_give_the_expected_seconds()
    {
        var file = MidiFile.Read(Fixtures.Path("format1_tempo_change.mid"));
        var tempoMap = TempoMap.FromFile(file);

        // 480 ticks per quarter: 4 quarters at 0.5 s, 4 at 0.25 s, then 1 s per quarter.
        Assert.Equal(2.0, tempoMap.TicksToSeconds(1920), 9);
        Assert.Equal(3.0, tempoMap.TicksToSeconds(3840), 9);
        Assert.Equal(5.0, tempoMap.TicksToSeconds(4800), 9);

        var playback = file.GetPlaybackMessages();
        var lastNoteOn = playback.Last(m => m.Message.Type == MidiMessageType.NoteOn && m.Message.Data2 > 0);
        Assert.Equal((3.0, 1, 72), (Math.Round(lastNoteOn.Seconds, 9), lastNoteOn.Track, (int)lastNoteOn.Message.Data1));
    }

    [Fact]
    public void Smpte_fixture_times_ignore_the_tempo_event()
    {
        var file = MidiFile.Read(Fixtures.Path("smpte_25fps.mid"));

        Assert.True(file.Division.IsSmpte);
        Assert.Equal((25, 40), (file.Division.SmpteFramesPerSecond, file.Division.TicksPerFrame));
        Assert.Equal([0.0, 1.0], file.GetPlaybackMessages().Select(m => m.Seconds));
    }

    [Fact]
    public void Format_2_fixture_reads_as_independent_tracks()
    {
        var file = MidiFile.Read(Fixtures.Path("format2_patterns.mid"));

        Assert.Equal(2, file.Format);
        Assert.Equal(["Pattern A", "Pattern B"], file.Tracks.Select(t => t.Name));
        Assert.Throws<NotSupportedException>(() => file.GetPlaybackMessages());
    }

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void Midicsv_reads_our_rewrite_of_each_fixture_as_the_same_csv(string name)
    {
        var file = MidiFile.Read(Fixtures.Path(name));
        using var temp = new TempDirectory();
        string path = temp.File("rewritten.mid");

        file.Write(path);

        Assert.Equal(MidicsvFormat.Render(file), MidicsvFormat.Normalize(Midicsv.Convert(path)));
    }

    [Fact]
    public void Our_writer_uses_running_status_as_compactly_as_csvmidi()
    {
        byte[] csvmidiBytes = File.ReadAllBytes(Fixtures.Path("format1_tempo_change.mid"));
        var ours = new MemoryStream();

        MidiFile.Read(new MemoryStream(csvmidiBytes)).Write(ours);

        Assert.Equal(csvmidiBytes, ours.ToArray());
    }

    [Fact]
    public void Midicsv_reads_a_file_built_in_code_as_the_events_we_put_in()
    {
        var file = new MidiFile(MidiTimeDivision.FromTicksPerQuarterNote(240), format: 1);
        file.Tracks.Add(new MidiTrack(
        [
            new TrackNameEvent(0, "Conductor"),
            new TempoChangeEvent(0, 400000),
            new TimeSignatureEvent(0, 7, 8),
            new TempoChangeEvent(960, 300000),
            new EndOfTrackEvent(960),
        ]));
        file.Tracks.Add(new MidiTrack(
        [
            new ChannelMessageEvent(0, MidiMessage.ControlChange(3, 64, 127)),
            new ChannelMessageEvent(0, MidiMessage.ControlChange(3, 1, 10)),
            new ChannelMessageEvent(0, MidiMessage.NoteOn(3, 40, 99)),
            new SysExEvent(10, [0x41, 0x10, 0xF7]),
            new ChannelMessageEvent(0x4000, MidiMessage.NoteOn(3, 40, 0)),
            new ChannelMessageEvent(0x4000, MidiMessage.PitchBend(3, -8192)),
            new MetaEvent(0x4000, 0x06, "cue"u8),
            new ChannelMessageEvent(0x200000, MidiMessage.NoteOff(3, 41, 12)),
            new EndOfTrackEvent(0x200000),
        ]));
        using var temp = new TempDirectory();
        string path = temp.File("built.mid");

        file.Write(path);

        Assert.Equal(MidicsvFormat.Render(file), MidicsvFormat.Normalize(Midicsv.Convert(path)));
    }
}
