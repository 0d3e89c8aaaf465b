namespace NSynthBox.Midi.Tests;

public class TempoMapTests
{
    private static readonly MidiTimeDivision Ppq480 = MidiTimeDivision.FromTicksPerQuarterNote(480);

    [Fact]
    public void Without_tempo_events_the_tempo_is_120_bpm()
    {
        var map = new TempoMap(Ppq480, []);

        Assert.Equal(0.5, map.TicksToSeconds(480), 12);
        Assert.Equal(960, map.SecondsToTicks(1.0), 9);
        Assert.Equal(500000, map.MicrosecondsPerQuarterNoteAt(12345));
    }

    [Fact]
    public void Seconds_follow_a_tempo_change()
    {
        // 120 bpm for two quarters (1 s), then 240 bpm.
        var map = new TempoMap(Ppq480, [new TempoChangeEvent(960, 250000)]);

        Assert.Equal(1.0, map.TicksToSeconds(960), 12);
        Assert.Equal(1.25, map.TicksToSeconds(1440), 12);
        Assert.Equal(0.25, map.TicksToSeconds(240), 12);
        Assert.Equal(1440, map.SecondsToTicks(1.25), 9);
        Assert.Equal(240, map.SecondsToTicks(0.25), 9);
        Assert.Equal(250000, map.MicrosecondsPerQuarterNoteAt(960));
        Assert.Equal(500000, map.MicrosecondsPerQuarterNoteAt(959));
    }

    [Fact]
    public void Ticks_and_seconds_convert_back_and_forth_across_several_changes()
    {
        var map = new TempoMap(Ppq480, [new TempoChangeEvent(0, 600000), new TempoChangeEvent(100, 300001), new TempoChangeEvent(5000, 2000000)]);

        foreach (long tick in new long[] { 0, 1, 99, 100, 101, 4999, 5000, 123456 })
        {
            Assert.Equal(tick, map.SecondsToTicks(map.TicksToSeconds(tick)), 6);
        }
    }

    [Fact]
    public void Tempo_event_at_tick_0_replaces_the_default()
    {
        var map = new TempoMap(Ppq480, [new TempoChangeEvent(0, 1000000)]);

        Assert.Equal(1.0, map.TicksToSeconds(480), 12);
    }

    [Fact]
    public void Of_two_tempo_events_at_one_tick_the_later_one_wins()
    {
        var map = new TempoMap(Ppq480, [new TempoChangeEvent(480, 1000000), new TempoChangeEvent(480, 250000)]);

        Assert.Equal(0.75, map.TicksToSeconds(960), 12);
    }

    [Fact]
    public void Tempo_events_from_several_tracks_are_ordered_by_tick()
    {
        var file = new MidiFile(Ppq480);
        file.Tracks.Add(new MidiTrack([new TempoChangeEvent(960, 250000)]));
        file.Tracks.Add(new MidiTrack([new TempoChangeEvent(480, 1000000)]));

        var map = TempoMap.FromFile(file);

        // 0.5 s at 120 bpm, 1 s at 60 bpm, then 0.25 s per quarter.
        Assert.Equal(1.75, map.TicksToSeconds(1440), 12);
    }

    [Theory]
    [InlineData(24, 10, 0.1 / 24)]
    [InlineData(25, 40, 0.001)]
    [InlineData(29, 1, 1001.0 / 30000.0)]
    [InlineData(30, 100, 1.0 / 3000)]
    public void Smpte_division_has_fixed_seconds_per_tick_whatever_the_tempo(int fps, int ticksPerFrame, double secondsPerTick)
    {
        var map = new TempoMap(MidiTimeDivision.FromSmpte(fps, ticksPerFrame), [new TempoChangeEvent(0, 100)]);

        Assert.Equal(1000 * secondsPerTick, map.TicksToSeconds(1000), 12);
        Assert.Equal(1000, map.SecondsToTicks(1000 * secondsPerTick), 9);
    }

    [Fact]
    public void Negative_times_are_rejected()
    {
        var map = new TempoMap(Ppq480, []);

        Assert.Throws<ArgumentOutOfRangeException>(() => map.TicksToSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.SecondsToTicks(-0.1));
    }
}
