using NSynthBox.Tests.Shared;
using System.Diagnostics;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Tests;

public sealed class AlsaSinkTests
{
    private static AudioRenderCallback Sine(double hz = 440)
    {
        var phase = 0.0;
        return mono =>
        {
            for (var i = 0; i < mono.Length; i++)
            {
                mono[i] = 0.5f * (float)Math.Sin(phase);
                phase += 2 * Math.PI * hz / 48000;
            }
        };
    }

    [Fact]
    public void Alsa_null_device_plays_periods_without_underrun()
    {
        using var sink = new AlsaSink(Options.Audio("null", period: 64, periods: 2));
        sink.Start(Sine());
        Assert.True(Wait.Until(() => sink.Metrics.Periods >= 150), $"only {sink.Metrics.Periods} periods played");
        Assert.True(sink.Metrics.Playing);
        sink.Stop();

        Assert.Equal(0, sink.Metrics.Underruns);
        Assert.Equal(0, sink.Metrics.Reopens);
        Assert.Equal(64, sink.Format.PeriodFrames);
        Assert.Equal(48000, sink.Format.SampleRate);
        Assert.Equal(SampleFormat.Float32, sink.Format.SampleFormat); // null takes anything: the first choice wins
        Assert.Contains("'null'", sink.Description);
        Assert.False(sink.Metrics.Playing);
    }

    [Fact]
    public void Alsa_null_device_is_paced_no_faster_than_real_time()
    {
        // The null PCM takes samples as fast as they come; the sink paces it like a card, so an
        // audio thread can never spin. Only an upper bound is checked: a slow machine plays fewer.
        using var sink = new AlsaSink(Options.Audio("null", period: 64, periods: 2));
        var clock = Stopwatch.StartNew();
        sink.Start(Sine());
        Thread.Sleep(300);
        var periods = sink.Metrics.Periods;
        var elapsed = clock.Elapsed.TotalSeconds;
        sink.Stop();
        var realTime = elapsed * 48000 / 64;
        Assert.True(periods <= realTime + 2 + 1, $"{periods} periods in {elapsed:0.000} s: faster than real time ({realTime:0})");
    }

    [Theory]
    [InlineData(SampleFormat.S16)]
    [InlineData(SampleFormat.S32)]
    [InlineData(SampleFormat.Float32)]
    public void Alsa_null_device_takes_the_asked_format(SampleFormat format)
    {
        using var device = AlsaPcmDevice.Open(Options.Audio() with { Format = format, Channels = 2 });
        Assert.Equal(format, device.Format.SampleFormat);
        Assert.Equal(2, device.Format.Channels);
        Assert.True(device.NeedsPacing);
    }

    [Fact]
    public void Alsa_period_loop_allocates_nothing()
    {
        using var engine = TestModel.NewEngine();
        engine.Post(Engine.ControlEvent.NoteOn(60, 0.8f));
        engine.Post(Engine.ControlEvent.NoteOn(64, 0.8f));
        engine.StartWorker(64);
        var peak = 0f;
        using var sink = new AlsaSink(Options.Audio("null", period: 64) with { Format = SampleFormat.S16 })
        {
            Tap = (mono, _, _) =>
            {
                foreach (var s in mono) peak = MathF.Max(peak, MathF.Abs(s));
            },
        };
        using var device = AlsaPcmDevice.Open(Options.Audio("null", period: 64) with { Format = SampleFormat.S16 });
        sink.UseRenderer(engine.Render);
        sink.Prepare(device);
        // Paced at real time as the box runs it (ALSA's null device consumes instantly): the just-in-time
        // control worker decodes against the audio position, so an unpaced loop can outrun it and play
        // held or silent frames on a busy machine.
        var clock = new PlaybackClock(device.Format.SampleRate, device.Format.BufferFrames);
        for (var i = 0; i < 100; i++) Assert.Equal(0, sink.RunPeriod(device, clock)); // JIT and first-use warm-up

        var readings = AllocationWindows.UntilClean(() =>
        {
            for (var i = 0; i < 1000; i++) sink.RunPeriod(device, clock);
        });
        engine.StopWorker();

        AllocationWindows.AssertClean(readings, "1000 periods");
        Assert.Equal(100 + 1000 * readings.Length, sink.Metrics.Periods);
        Assert.True(peak > 0.01f, "the engine played nothing");
    }

    [Fact]
    public void Underrun_is_recovered_and_counted()
    {
        var format = new AudioStreamFormat(48000, 64, 2, 2, SampleFormat.S16);
        var card = new SimulatedCard(format);
        var calls = 0;
        AudioRenderCallback producer = mono =>
        {
            // The producer stalls once for far longer than the 2.7 ms buffer lasts.
            if (++calls == 20) Thread.Sleep(60);
            mono.Fill(0.1f);
        };
        using var sink = new AlsaSink(Options.Audio("simulated"), null, _ => card);
        sink.Start(producer);
        Assert.True(Wait.Until(() => sink.Metrics.Periods >= 60), $"{sink.Metrics.Periods} periods");
        sink.Stop();

        Assert.True(sink.Metrics.Underruns >= 1, "the underrun was not counted");
        Assert.Equal(sink.Metrics.Underruns, card.Recovered);
        Assert.Equal(0, sink.Metrics.Reopens); // recovered in place, not reopened
        Assert.True(card.FramesPlayed >= 60 * 64);
    }

    [Fact]
    public void Device_that_disappears_is_opened_again_and_playing_resumes()
    {
        var format = new AudioStreamFormat(48000, 64, 2, 2, SampleFormat.S16);
        var first = new SimulatedCard(format, vanishAfterPeriods: 10);
        var second = new SimulatedCard(format);
        var opens = 0;
        IPcmDevice Open(AudioOptions _)
        {
            opens++;
            return opens switch
            {
                1 => first,
                2 or 3 => throw new AudioDeviceException("ALSA device 'simulated': No such device"), // still unplugged
                _ => second,
            };
        }
        var logger = new ListLogger();
        using var sink = new AlsaSink(Options.Audio("simulated"), logger, Open, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
        sink.Start(mono => mono.Fill(0.1f));
        Assert.True(Wait.Until(() => second.FramesPlayed >= 20 * 64), "playing did not resume on the returning device");
        sink.Stop();

        Assert.Equal(1, sink.Metrics.Reopens);
        Assert.True(first.Disposed);
        Assert.Contains(logger.Lines, l => l.Contains("lost") && l.Contains("reopening"));
        Assert.Contains(logger.Lines, l => l.Contains("No such device") && l.Contains("trying again"));
        Assert.Contains(logger.Lines, l => l.Contains("audio device is back"));
    }

    [Fact]
    public void Missing_alsa_device_is_reported_and_retried_without_crashing()
    {
        var logger = new ListLogger();
        var sink = new AlsaSink(Options.Audio("hw:CARD=NoSuchCard"), logger, AlsaPcmDevice.Open, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
        sink.Start(mono => mono.Clear());
        Assert.True(Wait.Until(() => logger.Lines.Count > 0));
        Thread.Sleep(50); // a few retries
        sink.Stop();
        sink.Dispose();

        var line = Assert.Single(logger.Lines); // said once, not once per retry
        Assert.Contains("hw:CARD=NoSuchCard", line);
        Assert.Contains("trying again", line);
        Assert.False(sink.Metrics.Playing);
        Assert.Equal(0, sink.Metrics.Periods);
    }

    [Fact]
    public void Stop_fades_out_to_silence_without_a_click()
    {
        var format = new AudioStreamFormat(48000, 64, 2, 1, SampleFormat.Float32);
        var card = new SimulatedCard(format);
        var last = new float[64];
        using var sink = new AlsaSink(Options.Audio("simulated"), null, _ => card) { Tap = (mono, _, _) => mono.CopyTo(last) };
        sink.Start(mono => mono.Fill(0.8f)); // a loud DC level: stopping it abruptly would click
        Assert.True(Wait.Until(() => sink.Metrics.Periods > 10));
        sink.Stop();

        Assert.Equal(0f, last[^1]);
        // 5 ms fade: no step between samples bigger than a 0.8 ramp over 240 samples allows.
        for (var i = 1; i < last.Length; i++) Assert.True(MathF.Abs(last[i] - last[i - 1]) <= 0.8f / 240 + 1e-6f);
    }

    [Fact]
    public void Samples_convert_to_the_cards_integer_formats()
    {
        float[] mono = [0f, 1f, -1f, 0.5f, 2f];
        var s16 = new byte[SampleConverter.BytesNeeded(5, 2, SampleFormat.S16)];
        SampleConverter.Convert(mono, s16, 2, SampleFormat.S16);
        var shorts = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(s16).ToArray();
        Assert.Equal(new short[] { 0, 0, 32767, 32767, -32767, -32767, 16384, 16384, 32767, 32767 }, shorts);

        var s32 = new byte[SampleConverter.BytesNeeded(5, 1, SampleFormat.S32)];
        SampleConverter.Convert(mono, s32, 1, SampleFormat.S32);
        var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(s32).ToArray();
        Assert.Equal(new[] { 0, int.MaxValue, -int.MaxValue, 1073741824, int.MaxValue }, ints);
    }

    [Fact]
    public void Realtime_priority_attempt_says_what_happened()
    {
        RealtimeResult? result = null;
        (int Policy, int Priority) after = default;
        var thread = new Thread(() =>
        {
            result = RealtimeScheduling.TryRaiseCurrentThread(10);
            after = RealtimeScheduling.CurrentThread();
            RealtimeScheduling.LowerCurrentThread();
        });
        thread.Start();
        thread.Join();

        if (result!.Granted)
        {
            Assert.Equal(LibC.SCHED_FIFO, after.Policy);
            Assert.Contains("SCHED_FIFO", result.Message);
        }
        else
        {
            Assert.Contains("audio group", result.Message);
            Assert.Contains("LimitRTPRIO", result.Message);
        }
        Assert.False(RealtimeScheduling.TryRaiseCurrentThread(0).Granted);
    }
}
