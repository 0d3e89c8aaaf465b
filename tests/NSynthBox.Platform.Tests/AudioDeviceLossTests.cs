using NSynthBox.Engine;
using NSynthBox.Platform.Audio;

namespace NSynthBox.Platform.Tests;

/// <summary>The sound card unplugged mid-performance and plugged back in, with the engine playing.</summary>
public sealed class AudioDeviceLossTests
{
    [Fact]
    public void Engine_plays_on_through_a_lost_card_onto_the_card_that_returns()
    {
        using var engine = TestModel.NewEngine(polyphony: 4);
        var format = new AudioStreamFormat(48000, 64, 2, 2, SampleFormat.S16);
        var lost = new SimulatedCard(format, vanishAfterPeriods: 100);
        var opens = 0;
        var unplugged = true;
        IPcmDevice Open(AudioOptions options)
        {
            // First the USB card, which vanishes (-ENODEV); then nothing while it is out; then ALSA's real null device.
            if (Interlocked.Increment(ref opens) == 1) return lost;
            if (Volatile.Read(ref unplugged)) throw new AudioDeviceException($"ALSA device '{options.Device}': No such device");
            return AlsaPcmDevice.Open(options with { Device = "null" });
        }
        var logger = new ListLogger();
        var peak = 0f;
        using var sink = new AlsaSink(Options.Audio("hw:CARD=USB"), logger, Open, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40))
        {
            Tap = (mono, _, _) =>
            {
                foreach (var s in mono) peak = MathF.Max(peak, MathF.Abs(s));
            },
        };
        engine.StartWorker(64);
        sink.Start(engine.Render);
        Assert.True(Wait.Until(() => lost.Disposed), "the card did not go away");
        Assert.True(Wait.Until(() => logger.Lines.Any(l => l.Contains("No such device"))));

        // While the card is out, a note arrives (MIDI and the panel keep running).
        engine.Post(ControlEvent.NoteOn(60, 0.9f));
        Thread.Sleep(100);
        Volatile.Write(ref unplugged, false);       // plugged back in
        Assert.True(Wait.Until(() => sink.Metrics.Reopens == 1 && sink.Metrics.Playing), "not reopened");
        Volatile.Write(ref peak, 0f);
        Assert.True(Wait.Until(() => Volatile.Read(ref peak) > 0.01f), "the note is not heard on the returned card");
        var periods = sink.Metrics.Periods;
        Assert.True(Wait.Until(() => sink.Metrics.Periods > periods + 50), "periods stopped flowing");
        sink.Stop();
        engine.StopWorker();

        Assert.Equal(1, sink.Metrics.Reopens);
        Assert.Contains("'null'", sink.Description);
        Assert.Single(logger.Lines, l => l.Contains("lost") && l.Contains("reopening"));
        Assert.Single(logger.Lines, l => l.Contains("No such device") && l.Contains("trying again")); // said once, however many retries
        Assert.Single(logger.Lines, l => l.Contains("audio device is back"));
    }
}
