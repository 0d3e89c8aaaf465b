using System.Diagnostics;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Engine.Tests;

/// <summary>
/// The live control worker: new notes at the next audio period, and a decoder that throws or
/// stalls. Functional checks (what is heard, what is reported), not timing assertions.
/// </summary>
public sealed class LiveWorkerTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private const int Rate = 48000;
    private const int Period = 64;

    /// <summary>Renders periods at a sound card's pace for <paramref name="seconds"/>; returns the last one.</summary>
    private static float[] PlayPaced(SynthEngine engine, double seconds)
    {
        var period = new float[Period];
        var clock = Stopwatch.StartNew();
        var periods = (int)(seconds * Rate / Period);
        for (var p = 0; p < periods; p++)
        {
            while (clock.Elapsed.TotalSeconds < p * (double)Period / Rate) Thread.Sleep(0);
            engine.Render(period);
        }
        return period;
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"timed out waiting for {what}");
            Thread.Sleep(1);
        }
    }

    [Fact]
    public void Note_on_a_free_voice_sounds_in_the_next_period_before_the_next_frame_boundary()
    {
        using var engine = fixture.NewEngine(allCorners: "Flute");
        engine.StartWorker(Period);
        var period = new float[Period];
        engine.Render(period); // takes the pre-rolled frame 0: 64 of its 240 samples played, silent
        Assert.True(Signal.Rms(period) < 1e-6);

        engine.Post(ControlEvent.NoteOn(69, 0.9f));
        WaitUntil(() => engine.OnsetsSent == 1, "the worker to send the note's first frame");
        var before = GC.GetAllocatedBytesForCurrentThread();
        engine.Render(period); // samples 64..127 of frame 0: the frame path would start the note at 240
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        engine.StopWorker();

        Assert.Equal(1, engine.EarlyOnsets);
        // The model's first frame of a flute is quiet (its attack follows), but not silent: the frame path would give exactly 0 here.
        var peak = period.Max(MathF.Abs);
        Assert.True(peak > 1e-5, $"the note sounds in the next period (peak {peak:0.0000000})");
        Assert.Equal(0f, period[0]); // it rises from silence: no click
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_finger_move_glides_a_sounding_note_to_the_new_timbre_within_the_current_frame()
    {
        using var engine = fixture.NewEngine();
        engine.SetInitialState([fixture.Instrument("Flute"), fixture.Instrument("Flute"), fixture.Instrument("Distortion Guitar"), fixture.Instrument("Distortion Guitar")], 0.5f, 0f);
        engine.StartWorker(Period);
        engine.Post(ControlEvent.NoteOn(81, 0.8f)); // A5: a 256-sample window holds 4.6 of its periods
        const int Before = 150, After = 200; // periods: 0.2 s of the held flute, then the jump and 0.27 s more
        var audio = new float[(Before + After) * Period];
        var clock = Stopwatch.StartNew();
        for (var p = 0; p < Before + After; p++)
        {
            if (p == Before)
            {
                engine.Post(ControlEvent.Position2D(0.5f, 1f)); // to the guitar edge
                WaitUntil(() => engine.RetargetsSent == 1, "the worker to send the voice's values at the new position");
                clock.Restart(); // pace from here again: the wait may have cost time
            }
            var q = p < Before ? p : p - Before;
            while (clock.Elapsed.TotalSeconds < q * (double)Period / Rate) Thread.Sleep(0);
            engine.Render(audio.AsSpan(p * Period, Period));
        }
        engine.StopWorker();

        var steady = Math.Max(Signal.MaxStep(audio.AsSpan(Before * Period - 20 * Period, 20 * Period)), Signal.MaxStep(audio.AsSpan((Before + 150) * Period, 20 * Period)));
        Assert.True(Signal.MaxStep(audio.AsSpan(Before * Period, 10 * Period)) <= steady * 1.5, "the move does not click");
        // A worker behind enough to publish the frame decoded at the new position before the audio's next
        // period makes the glide moot: that frame carries the move, and the audio drops the glide.
        if (engine.Retargets == 0)
        {
            Assert.Equal(1, engine.RetargetsOvertaken);
            return;
        }
        Assert.Equal(1, engine.Retargets);
        // The first 5.3 ms after the move, against just before it and 0.25 s later (when the frames decoded
        // at the new position play; the note has evolved by then, so even those reach only 60-85 %). Without
        // the glide within the frame these 5.3 ms have not changed yet (-7 % measured), with it 60 %.
        double[] Levels(int start) => Signal.BandLevelsDb(audio.AsSpan(start, 4 * Period), Rate);
        var move = Before * Period;
        var old = Levels(move - 4 * Period);
        var late = Levels(move + 190 * Period);
        var soon = Levels(move);
        var share = 1 - Signal.SpectralDistanceDb(soon, late) / Signal.SpectralDistanceDb(old, late);
        Assert.True(share > 0.4, $"in the 5.3 ms after the move the spectrum made {share:P0} of its change");
    }

    [Fact]
    public void Early_started_note_carries_on_into_its_frame_without_a_click_or_a_restart()
    {
        using var engine = fixture.NewEngine(allCorners: "Flute");
        engine.StartWorker(Period);
        var audio = new float[Period * 30];
        engine.Render(audio.AsSpan(0, Period));
        engine.Post(ControlEvent.NoteOn(69, 0.9f));
        WaitUntil(() => engine.OnsetsSent == 1, "the worker to send the note's first frame");
        var clock = Stopwatch.StartNew();
        for (var p = 1; p < 30; p++)
        {
            while (clock.Elapsed.TotalSeconds < (p - 1) * (double)Period / Rate) Thread.Sleep(0);
            engine.Render(audio.AsSpan(p * Period, Period));
        }
        engine.StopWorker();

        Assert.Equal(1, engine.EarlyOnsets);
        // The note rises through its attack: no period is much quieter than the one before (a restart
        // at its frame boundary would drop it to silence), and no sample jumps more than the steady tone's do.
        for (var p = 2; p < 30; p++)
        {
            var previous = Signal.Rms(audio.AsSpan((p - 1) * Period, Period));
            var current = Signal.Rms(audio.AsSpan(p * Period, Period));
            Assert.True(current > 0.5 * previous, $"period {p}: rms {current:0.000000} after {previous:0.000000}");
        }
        Assert.True(Signal.Rms(audio.AsSpan(25 * Period, 5 * Period)) > 1e-3, "the note sounds");
        var steadyStep = Signal.MaxStep(audio.AsSpan(20 * Period, 10 * Period));
        Assert.True(Signal.MaxStep(audio.AsSpan(Period, 10 * Period)) <= steadyStep * 1.5, "the onset and the frame boundary after it do not click");
    }

    [Fact]
    public void Decoder_that_throws_holds_the_sound_reports_once_and_recovers()
    {
        var failing = false;
        using var engine = fixture.NewEngine(allCorners: "Flute", decodeDouble: decode => batch =>
        {
            if (Volatile.Read(ref failing)) throw new InvalidOperationException("test decoder failure");
            decode(batch);
        });
        var troubles = new List<string>();
        var recoveries = new List<string>();
        engine.DecoderTrouble = line => { lock (troubles) troubles.Add(line); };
        engine.DecoderRecovered = line => { lock (recoveries) recoveries.Add(line); };
        engine.StartWorker(Period);
        engine.Post(ControlEvent.NoteOn(69, 0.8f));
        PlayPaced(engine, 0.3);

        Volatile.Write(ref failing, true);
        var lateBefore = engine.LateFrames;
        var held = PlayPaced(engine, 0.4);
        Assert.True(engine.LateFrames - lateBefore > 20, $"{engine.LateFrames - lateBefore} frames held while decoding failed");
        Assert.True(Signal.Rms(held) > 1e-3, "the voice holds its last frame");
        Assert.True(engine.DecoderFailures > 5, $"{engine.DecoderFailures} failed decodes (retried every frame)");
        lock (troubles) Assert.Single(troubles);
        Assert.Contains("test decoder failure", troubles[0]);

        Volatile.Write(ref failing, false);
        var frameBefore = engine.Snapshot.Frame;
        var after = PlayPaced(engine, 0.4);
        engine.StopWorker();
        Assert.True(engine.Snapshot.Frame > frameBefore + 20, "frames flow again");
        Assert.True(Signal.Rms(after) > 1e-3);
        lock (troubles) Assert.Single(troubles);
        lock (recoveries) Assert.Single(recoveries);
        Assert.Contains("works again", recoveries[0]);
    }

    [Fact]
    public void Decoder_that_stalls_holds_the_sound_is_reported_once_and_recovers_when_it_returns()
    {
        using var gate = new ManualResetEventSlim(true);
        using var engine = fixture.NewEngine(allCorners: "Flute", decodeDouble: decode => batch =>
        {
            gate.Wait();
            decode(batch);
        });
        var troubles = new List<string>();
        var recoveries = new List<string>();
        engine.DecoderTrouble = line => { lock (troubles) troubles.Add(line); };
        engine.DecoderRecovered = line => { lock (recoveries) recoveries.Add(line); };
        engine.StartWorker(Period);
        engine.Post(ControlEvent.NoteOn(69, 0.8f));
        PlayPaced(engine, 0.3);

        gate.Reset();
        var lateBefore = engine.LateFrames;
        float[] held;
        long lateWhileStuck;
        string[] troublesWhileStuck;
        try
        {
            held = PlayPaced(engine, 0.6);
            lateWhileStuck = engine.LateFrames - lateBefore;
            lock (troubles) troublesWhileStuck = [.. troubles];
        }
        finally
        {
            gate.Set();
        }
        Assert.True(lateWhileStuck > 20, $"{lateWhileStuck} frames held while the decoder was stuck");
        Assert.True(Signal.Rms(held) > 1e-3, "the voice holds its last frame");
        Assert.Single(troublesWhileStuck);
        Assert.Contains("has not returned", troublesWhileStuck[0]);

        var frameBefore = engine.Snapshot.Frame;
        PlayPaced(engine, 0.4);
        engine.StopWorker();
        Assert.True(engine.Snapshot.Frame > frameBefore + 20, "frames flow again");
        lock (troubles) Assert.Single(troubles);
        lock (recoveries) Assert.Single(recoveries);
    }

    [Fact]
    public void Warming_up_the_note_paths_leaves_the_engine_silent_and_its_first_note_unchanged()
    {
        using var warmed = fixture.NewEngine(allCorners: "Flute");
        using var fresh = fixture.NewEngine(allCorners: "Flute");
        warmed.WarmUpLivePaths(Period);
        // Its voices settled before the release, so the worker's paths for settled voices (decoded every other frame) ran too.
        Assert.InRange(warmed.WarmUpDecodedShare, 0.3, 0.95);

        // The throwaway engine's two notes sounded there, not here: nothing plays, no voice is taken,
        // and a note played offline afterwards is sample for sample the one a fresh engine plays.
        Assert.Equal(0, warmed.Snapshot.ActiveVoices);
        var heard = new float[2][];
        foreach (var (engine, i) in new[] { (warmed, 0), (fresh, 1) })
        {
            var output = new float[engine.Hop];
            var all = new List<float>();
            for (var f = 0; f < 40; f++)
            {
                if (f == 2) engine.Post(ControlEvent.NoteOn(69, 0.9f));
                engine.StepControl();
                engine.Render(output);
                all.AddRange(output);
            }
            heard[i] = all.ToArray();
        }
        Assert.True(heard[0].Take(2 * warmed.Hop).All(s => s == 0f), "silent before the note");
        Assert.True(Signal.Rms(heard[0]) > 1e-4, "the note sounds");
        Assert.Equal(heard[1], heard[0]);
    }
}
