using NSynthBox.Tests.Shared;

namespace NSynthBox.Engine.Tests;

public sealed class EngineRenderTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private const int Rate = 48000;

    private float[] Render(SynthEngine engine, params TimedControlEvent[] events) => OfflineRenderer.Render(engine, events, tailSeconds: 0.5);

    private static TimedControlEvent At(double seconds, ControlEvent e) => new(seconds, e);

    [Theory]
    [InlineData("Flute")]
    [InlineData("Acoustic Grand Piano")]
    [InlineData("Cello")]
    public void A4_renders_at_440_hz(string instrument)
    {
        using var engine = fixture.NewEngine(allCorners: instrument);
        var audio = Render(engine, At(0, ControlEvent.NoteOn(69, 0.8f)), At(1.5, ControlEvent.NoteOff(69)));
        var pitch = Signal.PitchHz(audio.AsSpan(Rate / 4, Rate / 2), Rate, 440);
        Assert.InRange(Signal.Cents(pitch, 440), -2, 2);
    }

    [Fact]
    public void Pitch_bend_up_two_semitones_sounds_a_whole_tone_higher()
    {
        using var engine = fixture.NewEngine(allCorners: "Flute");
        var audio = Render(engine, At(0, ControlEvent.PitchBend(2f)), At(0, ControlEvent.NoteOn(69, 0.8f)), At(1, ControlEvent.NoteOff(69)));
        var pitch = Signal.PitchHz(audio.AsSpan(Rate / 4, Rate / 2), Rate, 440 * Math.Pow(2, 2 / 12.0));
        Assert.InRange(Signal.Cents(pitch, 440 * Math.Pow(2, 2 / 12.0)), -2, 2);
    }

    [Fact]
    public void Dense_fortissimo_chords_never_clip_and_never_produce_nan()
    {
        using var engine = fixture.NewEngine(polyphony: 32);
        var events = new List<TimedControlEvent>();
        for (var n = 0; n < 32; n++) events.Add(At(0, ControlEvent.NoteOn(30 + n * 2, 1f)));
        events.Add(At(0, ControlEvent.SetKnob(Knob.Volume, 1f)));
        for (var n = 0; n < 32; n++) events.Add(At(1.0, ControlEvent.NoteOff(30 + n * 2)));
        var audio = OfflineRenderer.Render(engine, events, tailSeconds: 0.5);
        Assert.All(audio, s => Assert.True(float.IsFinite(s)));
        var peakDb = Signal.Db(audio.Max(MathF.Abs));
        Assert.True(peakDb <= -0.1 + 1e-4, $"peak {peakDb:0.000} dBFS");
        Assert.True(peakDb > -40, "the chord should be clearly audible");
    }

    [Fact]
    public void Released_note_fades_to_silence()
    {
        using var engine = fixture.NewEngine(allCorners: "Flute");
        engine.Post(ControlEvent.SetKnob(Knob.Release, 0.2f));
        var audio = OfflineRenderer.Render(engine, [At(0, ControlEvent.NoteOn(60, 0.8f)), At(0.5, ControlEvent.NoteOff(60))], tailSeconds: 1.5);
        var sounding = Signal.Rms(audio.AsSpan(Rate / 4, Rate / 10));
        var after = Signal.Rms(audio.AsSpan(audio.Length - Rate / 10));
        Assert.True(sounding > 1e-3, $"the note should sound (rms {sounding})");
        Assert.True(after < 1e-5, $"a second after release the note should be gone (rms {after})");
    }

    [Fact]
    public void Sustain_pedal_holds_a_released_key_until_the_pedal_lifts()
    {
        using var engine = fixture.NewEngine(allCorners: "Flute");
        var audio = OfflineRenderer.Render(engine, [
            At(0, ControlEvent.Sustain(true)), At(0, ControlEvent.NoteOn(60, 0.8f)), At(0.3, ControlEvent.NoteOff(60)),
            At(1.5, ControlEvent.Sustain(false))], tailSeconds: 1.5);
        var held = Signal.Rms(audio.AsSpan((int)(1.2 * Rate), Rate / 10));
        var gone = Signal.Rms(audio.AsSpan(audio.Length - Rate / 10));
        Assert.True(held > 1e-3, $"held by the pedal: rms {held}");
        Assert.True(gone < 1e-5, $"after the pedal lifts: rms {gone}");
    }

    [Fact]
    public void Timbre_follows_the_finger_while_a_note_sounds()
    {
        using var engine = fixture.NewEngine();
        engine.SetInitialState([fixture.Instrument("Flute"), fixture.Instrument("Flute"), fixture.Instrument("Distortion Guitar"), fixture.Instrument("Distortion Guitar")], 0.5f, 0f);
        var audio = Render(engine, At(0, ControlEvent.NoteOn(57, 0.8f)), At(1.0, ControlEvent.Position2D(0.5f, 1f)), At(2.0, ControlEvent.NoteOff(57)));
        var top = Signal.CentroidHz(audio.AsSpan((int)(0.6 * Rate), 4096), Rate);
        var bottom = Signal.CentroidHz(audio.AsSpan((int)(1.6 * Rate), 4096), Rate);
        Assert.True(Math.Abs(bottom - top) > 200, $"moving from flute to guitar while holding changes the timbre: centroid {top:0} Hz -> {bottom:0} Hz");
    }

    [Theory]
    [InlineData(0f, 1f)] // flute edge to distortion guitar edge
    [InlineData(1f, 0f)] // and back
    public void A_finger_jump_is_heard_within_two_frames_and_glides_without_a_click(float fromY, float toY)
    {
        float[] Play(float startY, bool jump)
        {
            using var engine = fixture.NewEngine();
            engine.SetInitialState([fixture.Instrument("Flute"), fixture.Instrument("Flute"), fixture.Instrument("Distortion Guitar"), fixture.Instrument("Distortion Guitar")], 0.5f, startY);
            List<TimedControlEvent> events = [At(0, ControlEvent.NoteOn(57, 0.8f)), At(2.0, ControlEvent.NoteOff(57))];
            if (jump) events.Add(At(1.0, ControlEvent.Position2D(0.5f, toY)));
            return OfflineRenderer.Render(engine, events, tailSeconds: 0.5);
        }
        var jumped = Play(fromY, jump: true);
        var stayed = Play(fromY, jump: false);
        var there = Play(toY, jump: false);
        // 10..30 ms after the jump (the event lands on the next 5 ms frame, which glides in over its length),
        // compared with the same moment of the note played at the old and at the new position all along.
        double[] Window(float[] audio) => Signal.BandLevelsDb(audio.AsSpan((int)(1.010 * Rate), Rate / 50), Rate);
        var share = 1 - Signal.SpectralDistanceDb(Window(jumped), Window(there)) / Signal.SpectralDistanceDb(Window(stayed), Window(there));
        Assert.True(share > 0.85, $"10-30 ms after the jump the spectrum made {share:P0} of its change");
        var steady = Math.Max(Signal.MaxStep(jumped.AsSpan((int)(0.9 * Rate), Rate / 20)), Signal.MaxStep(jumped.AsSpan((int)(1.5 * Rate), Rate / 20)));
        var atJump = Signal.MaxStep(jumped.AsSpan((int)(0.995 * Rate), Rate / 20));
        Assert.True(atJump <= steady * 1.5, $"largest sample step at the jump {atJump:0.0000} vs steady {steady:0.0000}");
    }

    [Fact]
    public void Changing_a_corner_crossfades_without_cutting_the_note()
    {
        using var engine = fixture.NewEngine(allCorners: "Flute");
        var audio = Render(engine, At(0, ControlEvent.NoteOn(69, 0.8f)), At(1.0, ControlEvent.SetCorner(0, fixture.Instrument("Cello"))),
            At(1.0, ControlEvent.SetCorner(1, fixture.Instrument("Cello"))), At(1.0, ControlEvent.SetCorner(2, fixture.Instrument("Cello"))),
            At(1.0, ControlEvent.SetCorner(3, fixture.Instrument("Cello"))), At(2.0, ControlEvent.NoteOff(69)));
        for (var t = 0.9; t < 1.4; t += 0.01)
        {
            var rms = Signal.Rms(audio.AsSpan((int)(t * Rate), Rate / 100));
            Assert.True(rms > 1e-3, $"the note keeps sounding through the corner change (rms {rms:0.00000} at {t:0.00} s)");
        }
    }

    [Fact]
    public void Stolen_voice_fades_instead_of_clicking()
    {
        using var engine = fixture.NewEngine(polyphony: 1, allCorners: "Flute");
        var audio = Render(engine, At(0, ControlEvent.NoteOn(69, 0.9f)), At(0.5, ControlEvent.NoteOn(57, 0.9f)), At(1.0, ControlEvent.NoteOff(57)));
        var steady = Signal.MaxStep(audio.AsSpan((int)(0.3 * Rate), Rate / 10));
        var aroundSteal = Signal.MaxStep(audio.AsSpan((int)(0.49 * Rate), Rate / 25));
        Assert.True(aroundSteal <= steady * 1.5, $"largest sample step at the steal {aroundSteal:0.0000} vs steady {steady:0.0000}");
    }

    [Fact]
    public void Rendering_audio_blocks_allocates_nothing()
    {
        using var engine = fixture.NewEngine(polyphony: 16);
        for (var n = 0; n < 16; n++) engine.Post(ControlEvent.NoteOn(40 + n * 3, 0.7f));
        var block = new float[engine.Hop];
        for (var f = 0; f < 100; f++)
        {
            engine.StepControl();
            engine.Render(block);
        }
        var readings = AllocationWindows.UntilClean(() =>
        {
            long allocated = 0;
            for (var f = 0; f < 200; f++)
            {
                engine.StepControl();
                var before = GC.GetAllocatedBytesForCurrentThread();
                engine.Render(block);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
            return allocated;
        });
        AllocationWindows.AssertClean(readings, "200 render calls");
    }

    [Fact]
    public void Late_control_frames_hold_the_sound_and_are_counted()
    {
        using var engine = fixture.NewEngine(allCorners: "Flute");
        engine.Post(ControlEvent.NoteOn(69, 0.8f));
        var block = new float[engine.Hop];
        for (var f = 0; f < 60; f++)
        {
            engine.StepControl();
            engine.Render(block);
        }
        engine.Render(block); // no new frame: held
        engine.Render(block);
        Assert.Equal(2, engine.LateFrames);
        Assert.True(Signal.Rms(block) > 1e-3, "the held frame keeps sounding");
    }

    [Fact]
    public void Live_worker_keeps_up_without_late_frames()
    {
        using var engine = fixture.NewEngine(allCorners: "Flute");
        engine.StartWorker(periodFrames: 256);
        engine.Post(ControlEvent.NoteOn(60, 0.8f));
        var period = new float[256];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var p = 0; p < 100; p++)
        {
            // Pace like a sound card: one period every 5.33 ms.
            while (clock.Elapsed.TotalSeconds < p * 256.0 / Rate) Thread.Sleep(0);
            engine.Render(period);
        }
        engine.StopWorker();
        // Functional, not a timing test (a loaded machine can stall any thread): a worker that
        // decodes would keep most of the ~107 frames on time; one that did not would miss them all.
        // Real-time margins are measured by 'nsynthbox bench'.
        Assert.True(engine.LateFrames < 50, $"{engine.LateFrames} late frames in 0.53 s");
        Assert.True(Signal.Rms(period) > 1e-3, "the live note sounds");
        Assert.True(engine.Snapshot.ActiveVoices == 1);
    }

    [Fact]
    public void Mpe_slide_moves_only_its_own_notes_timbre()
    {
        float Centroid(bool slide)
        {
            using var engine = fixture.NewEngine();
            engine.SetInitialState([fixture.Instrument("Flute"), fixture.Instrument("Flute"), fixture.Instrument("Distortion Guitar"), fixture.Instrument("Distortion Guitar")], 0.5f, 0f);
            var events = new List<TimedControlEvent> { At(0, ControlEvent.NoteOn(57, 0.8f, channel: 1)), At(1.5, ControlEvent.NoteOff(57, 1)) };
            if (slide) events.Add(At(0.5, ControlEvent.Slide(1f, channel: 1)));
            var audio = OfflineRenderer.Render(engine, events, tailSeconds: 0.2);
            return (float)Signal.CentroidHz(audio.AsSpan((int)(1.0 * Rate), 4096), Rate);
        }
        var still = Centroid(slide: false);
        var slid = Centroid(slide: true);
        Assert.True(Math.Abs(slid - still) > 200, $"CC74 slide to the guitar row changes that note's timbre: centroid {still:0} Hz -> {slid:0} Hz");
    }

    [Fact]
    public void Control_frames_allocate_only_the_published_snapshots()
    {
        // Every allocation on the control worker brings the next garbage collection closer, and a
        // collection pauses the real-time audio thread too: decoding and voice handling allocate
        // nothing; only the views' snapshot (every 4th frame, ~160 bytes) does.
        using var engine = fixture.NewEngine(polyphony: 16);
        for (var n = 0; n < 16; n++) engine.Post(ControlEvent.NoteOn(40 + n * 3, 0.7f));
        var block = new float[engine.Hop];
        for (var f = 0; f < 200; f++)
        {
            engine.StepControl();
            engine.Render(block);
        }
        // The steady state: the least of three windows. A clean-clone CI run on a loaded machine once
        // measured 80 bytes/frame in a single window (never reproduced alone: always 40); a one-off
        // allocation on this thread does not show in every window, one the engine makes every frame does.
        var perFrame = double.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var f = 0; f < 400; f++)
            {
                engine.Post(ControlEvent.Position2D(f / 400f, 0.5f));
                engine.StepControl();
                engine.Render(block);
            }
            perFrame = Math.Min(perFrame, (GC.GetAllocatedBytesForCurrentThread() - before) / 400.0);
        }
        Assert.True(perFrame <= 64, $"{perFrame:0} bytes allocated per control frame");
    }
}
