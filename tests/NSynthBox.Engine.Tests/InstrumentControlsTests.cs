using NSynthBox.Tests.Shared;

namespace NSynthBox.Engine.Tests;

/// <summary>
/// What a v2 model's controls sound like through the whole engine (the synthetic v2 package, whose
/// decoder outputs fixed values: see <see cref="SyntheticV2Fixture"/>).
/// </summary>
public sealed class InstrumentControlsTests(SyntheticV2Fixture fixture) : IClassFixture<SyntheticV2Fixture>
{
    private const int Rate = 48000;

    private static TimedControlEvent At(double seconds, ControlEvent e) => new(seconds, e);

    private float[] Play(string instrument, int note, double holdSeconds, double tailSeconds, float? releaseKnob = null, Neural.ModelPackage? model = null)
    {
        using var engine = fixture.NewEngine(instrument, model: model);
        if (releaseKnob is { } knob) engine.Post(ControlEvent.SetKnob(Knob.Release, knob));
        return OfflineRenderer.Render(engine, [At(0, ControlEvent.NoteOn(note, 0.8f)), At(holdSeconds, ControlEvent.NoteOff(note))], tailSeconds);
    }

    private static double RmsDb(float[] audio, double from, double seconds) => Signal.Db(Signal.Rms(audio.AsSpan((int)(from * Rate), (int)(seconds * Rate))));

    [Fact]
    public void A_held_violin_like_note_wobbles_in_pitch_at_its_codes_rate_and_depth()
    {
        var audio = Play("Violin-like", 69, holdSeconds: 2.0, tailSeconds: 0.1);
        // Pitch every 5 ms over 20 ms windows from 0.3 s to 1.8 s.
        var contour = new List<double>();
        for (var t = 0.3; t < 1.8; t += 0.005) contour.Add(Signal.Cents(Signal.PitchHz(audio.AsSpan((int)(t * Rate), Rate / 50), Rate, 440), 440));
        var mean = contour.Average();
        var peakToPeak = contour.Max() - contour.Min();
        var upward = Enumerable.Range(1, contour.Count - 1).Where(i => contour[i - 1] < mean && contour[i] >= mean).ToList();
        var rate = (upward.Count - 1) / ((upward[^1] - upward[0]) * 0.005);
        Assert.InRange(peakToPeak, 2 * SyntheticV2Fixture.VibratoCents * 0.85, 2 * SyntheticV2Fixture.VibratoCents * 1.1);
        Assert.InRange(rate, SyntheticV2Fixture.VibratoHz - 0.3, SyntheticV2Fixture.VibratoHz + 0.3);
        Assert.InRange(mean, -2, 2);
    }

    [Fact]
    public void A_note_held_8_seconds_keeps_decaying_past_the_3_second_training_hold()
    {
        var audio = Play("Plain", 60, holdSeconds: 8.0, tailSeconds: 0.1);
        var fall = RmsDb(audio, 3.5, 0.1) - RmsDb(audio, 7.5, 0.1);
        var expected = 20 * Math.Log10(Math.E) * 4.0 / SyntheticV2Fixture.HoldDecaySeconds; // the decoder's own decay over those 4 s
        Assert.InRange(fall, expected - 1, expected + 1);
    }

    [Theory]
    [InlineData(ControlProcessor.DefaultReleaseKnob, 1.0)]  // default: the instrument's own release
    [InlineData(0f, 8.0)]                                  // knob down: 8x faster
    [InlineData(1f, 0.25)]                                 // knob up: 4x slower
    public void The_release_knob_at_its_default_lets_the_instruments_own_tail_through_and_turning_it_scales_it(float knob, double speed)
    {
        const double release = 1.0;
        // The decoder's level falls as exp(-t_onset / 4 s - 2 t_release): 40 dB (4.6 nepers) after note-off in
        // 4.6 / (2 speed + 1/4) seconds (the hold decay goes on at real time).
        var expected = Math.Log(100) / (SyntheticV2Fixture.ReleaseRate * speed + 1 / SyntheticV2Fixture.HoldDecaySeconds);
        using var engine = fixture.NewEngine("Plain");
        engine.Post(ControlEvent.SetKnob(Knob.Release, knob));
        var audio = OfflineRenderer.Render(engine, [At(0, ControlEvent.NoteOn(60, 0.8f)), At(release, ControlEvent.NoteOff(60))], tailSeconds: 2.2 * expected);
        var before = RmsDb(audio, release - 0.02, 0.02);
        var t = release;
        while (RmsDb(audio, t, 0.02) > before - 40) t += 0.005;
        Assert.InRange(t - release, 0.85 * expected, 1.15 * expected);
        // Freed at -80 dB (2 x the 40 dB time here), not held to the 20 s cap.
        Assert.Equal(0, engine.Snapshot.ActiveVoices);
    }

    [Fact]
    public void Attack_and_decay_knobs_at_their_defaults_leave_the_instruments_own_onset_alone()
    {
        var audio = Play("Plain", 60, holdSeconds: 1.0, tailSeconds: 0.1);
        // The decoder is at full level from its first frame; the default envelope must not add a rise or a dip.
        var early = RmsDb(audio, 0.006, 0.02);
        var later = RmsDb(audio, 0.2, 0.02);
        var decoderFall = 20 * Math.Log10(Math.E) * (0.2 - 0.006) / SyntheticV2Fixture.HoldDecaySeconds;
        Assert.InRange(early - later, decoderFall - 0.3, decoderFall + 0.3);
    }

    [Fact]
    public void A_stretched_codes_tenth_partial_is_sharp_by_the_stretch()
    {
        var audio = Play("Stretched", 57, holdSeconds: 1.5, tailSeconds: 0.1);
        var window = audio.AsSpan((int)(0.5 * Rate), Rate / 2);
        var tenth = Signal.PeakHz(window, Rate, 2200 * Math.Pow(2, -10 / 1200.0), 2200 * Math.Pow(2, 60 / 1200.0));
        var expectedCents = 1200 * Math.Log2(Math.Sqrt(1 + SyntheticV2Fixture.Stretch * 100)); // +34 cents
        Assert.InRange(Signal.Cents(tenth, 2200), expectedCents - 1, expectedCents + 1);
        var first = Signal.PeakHz(window, Rate, 215, 225);
        Assert.InRange(Signal.Cents(first, 220), -1, 1.5); // partial 1 barely moves (+0.35 cents)
    }

    [Fact]
    public void A_sub_partial_sounds_at_half_the_fundamental()
    {
        var audio = Play("Organ-like", 57, holdSeconds: 1.5, tailSeconds: 0.1);
        var window = audio.AsSpan((int)(0.5 * Rate), Rate / 2);
        var sub = Signal.PeakHz(window, Rate, 100, 120);
        Assert.InRange(Signal.Cents(sub, 110), -1, 1);
        // As loud as the fundamental (both 0.2 in the decoder's output), and absent from the plain code.
        var subDb = Signal.Db(Signal.AmplitudeAt(window, Rate, 110)) - Signal.Db(Signal.AmplitudeAt(window, Rate, 220));
        Assert.InRange(subDb, -1, 1);
        var plain = Play("Plain", 57, holdSeconds: 1.5, tailSeconds: 0.1).AsSpan((int)(0.5 * Rate), Rate / 2);
        Assert.True(Signal.Db(Signal.AmplitudeAt(plain, Rate, 110)) - Signal.Db(Signal.AmplitudeAt(plain, Rate, 220)) < -60, "no f0/2 without the sub-partial");
    }

    [Fact]
    public void A_detuned_layer_makes_its_partial_beat_at_the_detune_and_dip_deeply()
    {
        // Harmonic 5 of A3 (1100 Hz) and its copy 12 cents sharp: the level swells and cancels 1100 (2^(12/1200) - 1) = 7.65 times a second.
        var audio = Play("Beating", 57, holdSeconds: 2.0, tailSeconds: 0.1);
        var partialHz = SyntheticV2Fixture.LayerHarmonic * 220.0;
        var expectedBeatHz = partialHz * (Math.Pow(2, SyntheticV2Fixture.LayerCents / 1200) - 1);
        var hop = Rate / 200;
        var envelope = Enumerable.Range((int)(0.2 * Rate) / hop, (int)(1.6 * Rate) / hop)
            .Select(w => (double)audio.AsSpan(w * hop, hop).ToArray().Max(MathF.Abs)).ToArray(); // the peak of every 5 ms
        var mean = envelope.Average();
        double Power(double hz)
        {
            double re = 0, im = 0;
            for (var i = 0; i < envelope.Length; i++)
            {
                re += (envelope[i] - mean) * Math.Cos(2 * Math.PI * hz * i / 200);
                im += (envelope[i] - mean) * Math.Sin(2 * Math.PI * hz * i / 200);
            }
            return re * re + im * im;
        }
        var beatHz = Enumerable.Range(0, 851).Select(i => 3 + i * 0.02).MaxBy(Power); // the strongest fluctuation from 3 to 20 Hz
        Assert.InRange(beatHz, expectedBeatHz - 0.3, expectedBeatHz + 0.3);
        Assert.True(envelope.Min() < 0.1 * envelope.Max(), $"the two equal copies cancel at the beat's trough (envelope {envelope.Min():0.0000} .. {envelope.Max():0.0000})");
    }

    [Fact]
    public void A_layer_at_gain_zero_sounds_exactly_as_a_model_without_a_layer()
    {
        // Through note-off and release: the silent layer renders nothing and does not change the voice's level either.
        var withoutLayer = Play("Plain", 60, holdSeconds: 0.5, tailSeconds: 0.5, model: fixture.WithoutLayer);
        Assert.Equal(withoutLayer, Play("Silent layer", 60, holdSeconds: 0.5, tailSeconds: 0.5));
        Assert.Equal(withoutLayer, Play("Plain", 60, holdSeconds: 0.5, tailSeconds: 0.5));
        Assert.True(Signal.Rms(withoutLayer) > 0.01, "the note sounds");
    }

    [Fact]
    public void The_onset_transient_raises_the_first_milliseconds_and_is_gone_after_ten_time_constants()
    {
        var struck = Play("Struck", 60, holdSeconds: 0.5, tailSeconds: 0.1);
        var plain = Play("Plain", 60, holdSeconds: 0.5, tailSeconds: 0.1);
        var burst = struck.Zip(plain, (a, b) => a - b).ToArray(); // the codes differ only in the burst
        var first = Signal.Rms(burst.AsSpan(0, Rate / 500));
        Assert.True(Signal.Db(first) - Signal.Db(Signal.Rms(plain.AsSpan(0, Rate / 500))) > 6, $"the first 2 ms are louder with the burst (burst rms {first:0.000})");
        var tenTau = (int)(10 * SyntheticV2Fixture.BurstTau * Rate);
        var after = burst.AsSpan(tenTau).ToArray().Max(MathF.Abs);
        Assert.True(after == 0, $"10 time constants on the burst is gone (largest difference {after:E2})");
    }

    [Fact]
    public void Stealing_a_voice_that_started_with_a_transient_does_not_click()
    {
        using var engine = fixture.NewEngine("Struck", polyphony: 1);
        var audio = OfflineRenderer.Render(engine, [At(0, ControlEvent.NoteOn(69, 0.9f)), At(0.5, ControlEvent.NoteOn(57, 0.9f)), At(1.0, ControlEvent.NoteOff(57))], tailSeconds: 0.1);
        var steady = Signal.MaxStep(audio.AsSpan((int)(0.3 * Rate), Rate / 10));
        // The Note On lands in the frame from 0.500 s, over which the old voice fades; the new note (and its burst) starts at 0.505 s.
        var aroundSteal = Signal.MaxStep(audio.AsSpan((int)(0.49 * Rate), (int)(0.015 * Rate)));
        Assert.True(aroundSteal <= steady * 1.5, $"largest sample step at the steal {aroundSteal:0.0000} vs steady {steady:0.0000}");
        Assert.True(Signal.Rms(audio.AsSpan((int)(0.505 * Rate), Rate / 500)) > 0.05, "the new note's burst starts with it");
    }

    [Fact]
    public void A_note_started_ahead_of_its_frame_starts_its_burst_once_with_its_first_sample()
    {
        const int period = 64;
        using var engine = fixture.NewEngine("Struck");
        var block = RenderOnsetPeriod(engine, period, 60);
        var early = engine.EarlyOnsets;
        var afterOnset = engine.ActiveBursts;
        var onsetRms = Signal.Rms(block);
        // On to the note's own frame and past it (4 frames, well inside the burst's 37 ms): it must not start a second burst.
        void Paced(int periods)
        {
            var pace = System.Diagnostics.Stopwatch.StartNew();
            for (var p = 0; p < periods; p++)
            {
                while (pace.Elapsed.TotalSeconds < p * (double)period / Rate) Thread.Sleep(0); // like a sound card, so the worker's frames arrive
                engine.Render(block);
            }
        }
        Paced(4 * engine.Hop / period);
        var afterFrame = engine.ActiveBursts;
        Paced(Rate / 20 / period); // 50 ms more
        engine.StopWorker();
        Assert.Equal(1, early);
        Assert.Equal(1, afterOnset);
        Assert.True(onsetRms > 0.01, $"the burst sounds in the note's first period (rms {onsetRms:0.0000})");
        Assert.Equal(1, afterFrame);
        Assert.Equal(0, engine.ActiveBursts);
    }

    [Fact]
    public void A_layered_note_started_ahead_of_its_frame_starts_its_layer_with_it_in_phase()
    {
        // Live, a new note starts at the next audio period: its layer starts there too, at phase 0 like the note,
        // so the two equal copies add up (twice the level) before they drift apart.
        (double Rms, long Early) FirstPeriod(Neural.ModelPackage model)
        {
            using var engine = fixture.NewEngine("Beating", model: model);
            var block = RenderOnsetPeriod(engine, 64, 57);
            engine.StopWorker();
            return (Signal.Rms(block), engine.EarlyOnsets);
        }
        var layered = FirstPeriod(fixture.Model);
        var single = FirstPeriod(fixture.WithoutLayer);
        Assert.Equal(1, layered.Early);
        Assert.Equal(1, single.Early);
        Assert.InRange(layered.Rms / single.Rms, 1.95, 2.05);
    }

    [Fact]
    public void Rendering_with_every_control_active_allocates_nothing()
    {
        using var engine = fixture.NewEngine("Everything", polyphony: 16);
        var block = new float[engine.Hop];
        var f = 0;
        long Frames(int count)
        {
            long allocated = 0;
            for (var end = f + count; f < end; f++)
            {
                // A new note every 10 frames keeps bursts starting, and more notes than voices keeps stealing.
                if (f % 10 == 0) engine.Post(ControlEvent.NoteOn(40 + (f / 10 % 30), 0.7f));
                if (f % 10 == 5) engine.Post(ControlEvent.NoteOff(40 + (f / 10 % 30)));
                engine.StepControl();
                var before = GC.GetAllocatedBytesForCurrentThread();
                engine.Render(block);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            return allocated;
        }
        Frames(100);
        // Windows of 200 frames: the runtime retiring the thread's allocation context reads non-zero once (see AllocationWindows).
        AllocationWindows.AssertClean(AllocationWindows.UntilClean(() => Frames(200)), "200 frames with every control");
    }

    /// <summary>Live playing with the worker running: renders one audio period, posts a note (velocity 0.9), waits until
    /// its onset is sent ahead of its frame and renders the period it starts in, which it returns.</summary>
    private static float[] RenderOnsetPeriod(SynthEngine engine, int period, int note)
    {
        engine.StartWorker(period);
        var block = new float[period];
        engine.Render(block);
        engine.Post(ControlEvent.NoteOn(note, 0.9f));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (engine.OnsetsSent == 0) Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "timed out waiting for the onset");
        engine.Render(block);
        return block;
    }
}
