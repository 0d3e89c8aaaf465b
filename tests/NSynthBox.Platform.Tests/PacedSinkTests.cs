using NSynthBox.Tests.Shared;
using System.Diagnostics;
using NSynthBox.Engine;
using NSynthBox.Platform.Audio;

namespace NSynthBox.Platform.Tests;

public sealed class PacedSinkTests
{
    [Fact]
    public void Null_sink_consumes_periods_no_faster_than_real_time()
    {
        using var sink = new NullSink(Options.Audio(period: 64, periods: 2));
        var renderThread = 0;
        var clock = Stopwatch.StartNew();
        sink.Start(mono =>
        {
            renderThread = Environment.CurrentManagedThreadId;
            mono.Clear();
        });
        Thread.Sleep(250);
        var periods = sink.Metrics.Periods;
        var elapsed = clock.Elapsed.TotalSeconds;
        sink.Stop();

        Assert.True(periods > 0);
        Assert.NotEqual(Environment.CurrentManagedThreadId, renderThread);
        Assert.True(periods <= elapsed * 48000 / 64 + 2 + 1, $"{periods} periods in {elapsed:0.000} s is faster than real time");
        Assert.Contains("null sink", sink.Description);
    }

    [Fact]
    public void Underrun_in_the_null_sink_is_counted_when_the_producer_sleeps()
    {
        var calls = 0;
        using var sink = new NullSink(Options.Audio(period: 64, periods: 2));
        // Three slow periods, 30 apart: on a busy machine the audio thread may also wake late around one of
        // them (then that underrun is rightly put down to the late wakeup); not around all three.
        sink.Start(mono =>
        {
            if (++calls is 10 or 40 or 70) Thread.Sleep(50);
            mono.Clear();
        });
        Assert.True(Wait.Until(() => sink.Metrics.Periods > 100));
        sink.Stop();
        Assert.True(sink.Metrics.Underruns >= 3);
        // The producer was slow (the audio thread did not have to sleep): not blamed on the machine.
        Assert.True(sink.Metrics.Underruns - sink.Metrics.UnderrunsAfterLateWakeup >= 1);
    }

    [Fact]
    public void Playback_clock_says_how_late_the_audio_thread_woke()
    {
        var ms = Stopwatch.Frequency / 1000;
        // Timestamps read: buffer full at 0; room needed at 0 (sleep for one 64-frame period, due at 1.33 ms); then the thread "wakes" at 5 ms.
        long[] times = [0, 0, 0, 5 * ms, 5 * ms];
        var read = 0;
        var clock = new PlaybackClock(48000, 128, () => times[Math.Min(read++, times.Length - 1)]);
        clock.Commit(128);
        var never = false;
        var late = clock.WaitForSpace(64, ref never);
        Assert.InRange(late / (double)ms, 5 - 64 / 48.0 - 0.01, 5 - 64 / 48.0 + 0.01);

        long[] noWait = [0, 0, 2 * ms]; // room already there: no sleep, nothing late
        read = 0;
        times = noWait;
        var clock2 = new PlaybackClock(48000, 128, () => times[Math.Min(read++, times.Length - 1)]);
        clock2.Commit(128);
        Assert.Equal(0, clock2.WaitForSpace(64, ref never));
    }

    [Fact]
    public void Null_sink_period_loop_allocates_nothing()
    {
        using var sink = new NullSink(Options.Audio(period: 64, periods: 2)) { Tap = (_, _, _) => { } };
        var phase = 0f;
        sink.Prepare(mono =>
        {
            for (var i = 0; i < mono.Length; i++) mono[i] = MathF.Sin(phase += 0.05f);
        });
        for (var i = 0; i < 20; i++) sink.RunPeriod();
        AllocationWindows.AssertClean(AllocationWindows.UntilClean(() =>
        {
            for (var i = 0; i < 100; i++) sink.RunPeriod();
        }), "100 periods");
    }

    [Fact]
    public void Wav_sink_writes_what_would_have_been_played()
    {
        using var dir = new TempDirectory();
        var path = dir.File("out.wav");
        var n = 0;
        using var sink = new WavFileSink(path, Options.Audio(period: 128, periods: 2));
        sink.Start(mono =>
        {
            for (var i = 0; i < mono.Length; i++, n++) mono[i] = 0.25f * MathF.Sin(2 * MathF.PI * 440 * n / 48000);
        });
        Assert.True(Wait.Until(() => sink.Metrics.Periods >= 40));
        Assert.False(File.Exists(path)); // the file appears complete, on stop
        sink.Stop();

        var samples = WavFile.Read(path, out var rate, out var channels);
        Assert.Equal(48000, rate);
        Assert.Equal(1, channels);
        Assert.Equal(sink.Metrics.Periods * 128, samples.Length);
        Assert.Equal(0, sink.Metrics.DroppedFrames);
        // Up to the fade-out it is the sine, to 16-bit precision; the file ends in silence.
        for (var i = 0; i < samples.Length - 512; i++) Assert.Equal(0.25f * MathF.Sin(2 * MathF.PI * 440 * i / 48000), samples[i], 1e-4f);
        Assert.Equal(0f, samples[^1]);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Wav_sink_into_a_missing_folder_says_which()
    {
        using var sink = new WavFileSink("/nonexistent-folder/out.wav", Options.Audio());
        // One line before anything plays (OutputFile.Problem), an IOException like the other output problems.
        var e = Assert.ThrowsAny<IOException>(() => sink.Start(mono => mono.Clear()));
        Assert.Contains("folder /nonexistent-folder does not exist", e.Message);
    }
}
