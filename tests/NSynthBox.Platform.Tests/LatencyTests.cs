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
    }
}
