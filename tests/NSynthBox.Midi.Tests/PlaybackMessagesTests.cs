namespace NSynthBox.Midi.Tests;

public class PlaybackMessagesTests
{
    private static readonly MidiTimeDivision Ppq480 = MidiTimeDivision.FromTicksPerQuarterNote(480);

    private static ChannelMessageEvent At(long tick, MidiMessage message) => new(tick, message);

    [Fact]
    public void Messages_of_all_tracks_are_merged_in_time_order_with_seconds()
    {
        var file = new MidiFile(Ppq480);
        file.Tracks.Add(new MidiTrack([new TempoChangeEvent(0, 1000000), new TrackNameEvent(0, "meta only")]));
        file.Tracks.Add(new MidiTrack([At(0, MidiMessage.NoteOn(0, 60, 90)), At(960, MidiMessage.NoteOff(0, 60))]));
        file.Tracks.Add(new MidiTrack([At(480, MidiMessage.NoteOn(1, 64, 90)), new SysExEvent(500, [0xF7]), At(1440, MidiMessage.NoteOff(1, 64))]));

        var playback = file.GetPlaybackMessages();

        Assert.Equal(
            [
                new TimedMidiMessage(0.0, 0, 1, MidiMessage.NoteOn(0, 60, 90)),
                new TimedMidiMessage(1.0, 480, 2, MidiMessage.NoteOn(1, 64, 90)),
                new TimedMidiMessage(2.0, 960, 1, MidiMessage.NoteOff(0, 60)),
                new TimedMidiMessage(3.0, 1440, 2, MidiMessage.NoteOff(1, 64)),
            ],
            playback);
    }

    [Fact]
    public void Messages_at_the_same_tick_keep_file_order_across_tracks()
    {
        var file = new MidiFile(Ppq480);
        file.Tracks.Add(new MidiTrack([At(0, MidiMessage.NoteOn(0, 60, 90)), At(480, MidiMessage.NoteOff(0, 60))]));
        file.Tracks.Add(new MidiTrack([At(480, MidiMessage.NoteOn(0, 60, 80))]));

        var atTick480 = file.GetPlaybackMessages().Where(m => m.Tick == 480).Select(m => m.Message);

        // The note is released by track 0 before track 1 strikes it again.
        Assert.Equal([MidiMessage.NoteOff(0, 60), MidiMessage.NoteOn(0, 60, 80)], atTick480);
    }

    [Fact]
    public void Note_off_after_note_on_at_the_same_tick_is_not_moved_before_it()
    {
        var file = new MidiFile(Ppq480, format: 0);
        var events = Enumerable.Range(0, 20)
            .SelectMany(i => new[] { At(100, MidiMessage.NoteOn(0, i, 1)), At(100, MidiMessage.NoteOff(0, i)) });
        file.Tracks.Add(new MidiTrack(events));

        var playback = file.GetPlaybackMessages();

        Assert.Equal(file.Tracks[0].Events.Cast<ChannelMessageEvent>().Select(e => e.Message), playback.Select(m => m.Message));
    }
}
