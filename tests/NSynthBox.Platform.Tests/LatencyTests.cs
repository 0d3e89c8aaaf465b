using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Latency;
using Xunit.Abstractions;

namespace NSynthBox.Platform.Tests;

/// <summary>A benchmark, not a timed assertion: it reports MIDI-to-sound latency; it only checks every note was heard.</summary>
public sealed class LatencyTests(ITestOutputHelper output)
{
    [Fact]
    public void Note_on_from_a_fifo_to_the_null_sink_latency_is_reported()
    {
        using var dir = new TempDirectory();
        using var engine = TestModel.NewEngine(polyphony: 4);
        using var sink = new NullSink(Options.Audio(period: 64, periods: 2));
        var report = LatencyMeasurement.Run(engine, sink, dir.File("midi"), notes: 12);
        output.WriteLine(report.ToText());

        Assert.Equal(0, report.Missed);
        Assert.Equal(12, report.Samples.Count);
        Assert.All(report.Samples, s =>
        {
            Assert.True(s.MidiReadMs >= 0 && s.ToSinkMs >= s.MidiReadMs && s.ToOutputMs >= s.ToSinkMs, s.ToString());
        });
        Assert.Contains("MIDI to output", report.ToText());
        Assert.True(report.EarlyOnsets > 0, "notes on free voices start at the next period, not the next frame boundary");
    }

    [Fact]
    public void Finger_move_to_timbre_change_is_reported_for_every_move()
    {
        using var engine = TestModel.NewEngine(polyphony: 4);
        using var sink = new NullSink(Options.Audio(period: 64, periods: 2));
        var report = TimbreLatencyMeasurement.Run(engine, sink, moves: 4);
        output.WriteLine(report.ToText());

        Assert.Equal(0, report.Missed);
        Assert.Equal(4, report.Samples.Count);
        Assert.All(report.Samples, s =>
        {
            // Moving between flute and distortion guitar moves the centroid by hundreds of hertz, in steps of 10 %, 50 %, 90 % in that order.
            Assert.True(Math.Abs(s.CentroidAfterHz - s.CentroidBeforeHz) > 200, s.ToString());
            Assert.True(s.FirstChangeMs >= 0 && s.FirstChangeMs <= s.HalfwayMs && s.HalfwayMs <= s.NearlyDoneMs, s.ToString());
        });
        Assert.Contains("50 % of the change", report.ToText());
    }

    [Fact]
    public void Dense_playing_on_the_null_sink_reports_late_frames_underruns_and_memory()
    {
        using var engine = TestModel.NewEngine(polyphony: 4);
        using var sink = new NullSink(Options.Audio(period: 128, periods: 2));
        var report = LiveSoak.Run(engine, sink, TimeSpan.FromSeconds(1.5));
        output.WriteLine(report.ToText());

        Assert.True(report.NotesPlayed >= 4 && report.NotesPlayed % 4 == 0, $"{report.NotesPlayed} notes: expected whole 4-voice chords");
        Assert.True(report.Periods > 0);
        Assert.Contains("late control frames", report.ToText());
    }
}
