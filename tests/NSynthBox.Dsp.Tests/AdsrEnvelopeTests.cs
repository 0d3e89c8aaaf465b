namespace NSynthBox.Dsp.Tests;

public sealed class AdsrEnvelopeTests
{
    private const int Rate = 48000;

    private static int SamplesUntil(AdsrEnvelope envelope, Func<AdsrEnvelope, bool> done, int limit = 10 * Rate)
    {
        for (int n = 1; n <= limit; n++)
        {
            envelope.Next();
            if (done(envelope))
            {
                return n;
            }
        }

        return -1;
    }

    [Fact]
    public void Segments_last_their_set_times()
    {
        var envelope = new AdsrEnvelope(Rate, attackSeconds: 0.01, decaySeconds: 0.1, sustainLevel: 0.5, releaseSeconds: 0.2);
        envelope.NoteOn();

        Assert.InRange(SamplesUntil(envelope, e => e.Level >= 1f), 479, 481);
        Assert.InRange(SamplesUntil(envelope, e => e.Stage == EnvelopeStage.Sustain), 4799, 4801);
        Assert.Equal(0.5f, envelope.Level);

        envelope.Release();
        int release = SamplesUntil(envelope, e => e.IsFinished);
        // Release time is from full scale: from 0.5 (-6 dB of an 80 dB fall) it is 92.5 % as long.
        Assert.InRange(release, (int)(0.2 * Rate * 0.92), (int)(0.2 * Rate * 0.93));
        Assert.Equal(0f, envelope.Level);
    }

    [Fact]
    public void Decay_and_release_fall_linearly_in_decibels()
    {
        var envelope = new AdsrEnvelope(Rate, attackSeconds: 0.001, decaySeconds: 0.01, sustainLevel: 1, releaseSeconds: 1);
        envelope.NoteOn();
        SamplesUntil(envelope, e => e.Stage == EnvelopeStage.Sustain);
        envelope.Release();

        var db = new double[4];
        for (int i = 0; i < db.Length; i++)
        {
            for (int n = 0; n < Rate / 10; n++)
            {
                envelope.Next();
            }

            db[i] = 20 * Math.Log10(envelope.Level);
        }

        // -80 dB per second: -8 dB per 100 ms, the same for every step (the 1e-4 overshoot target
        // bends the curve only near the end: 0.02 dB by -32 dB).
        for (int i = 1; i < db.Length; i++)
        {
            Assert.Equal(-8.0, db[i] - db[i - 1], 0.05);
        }
    }

    [Fact]
    public void Retrigger_during_release_continues_from_the_current_level()
    {
        var envelope = new AdsrEnvelope(Rate, attackSeconds: 0.005, decaySeconds: 0.05, sustainLevel: 0.8, releaseSeconds: 0.5);
        envelope.NoteOn();
        SamplesUntil(envelope, e => e.Stage == EnvelopeStage.Sustain);
        envelope.Release();
        SamplesUntil(envelope, _ => false, limit: Rate / 10);
        float before = envelope.Level;

        envelope.NoteOn();
        float after = envelope.Next();

        Assert.True(before > 0.1f);
        Assert.InRange(after - before, 0f, 0.01f);
        Assert.Equal(EnvelopeStage.Attack, envelope.Stage);
    }

    [Fact]
    public void Voice_steal_fade_has_no_click()
    {
        var settings = SynthSettings.Default;
        var oscillator = new HarmonicOscillator(settings);
        var amplitudes = new float[settings.Harmonics];
        for (int k = 0; k < 20; k++)
        {
            amplitudes[k] = 0.5f / (k + 1);
        }

        int hop = settings.Hop;
        var tone = new float[40 * hop];
        oscillator.Start(0, 330f, amplitudes);
        for (int i = 0; i < 40; i++)
        {
            oscillator.SetFrame(330f, amplitudes);
            oscillator.Render(tone.AsSpan(i * hop, hop), 0);
        }

        double toneStep = Signal.MaxStep(tone);
        var envelope = new AdsrEnvelope(Rate, attackSeconds: 0.001, decaySeconds: 0.001, sustainLevel: 1, releaseSeconds: 1);
        envelope.NoteOn();
        var output = (float[])tone.Clone();
        envelope.Apply(output.AsSpan(0, 5000));
        envelope.Kill(3);
        envelope.Apply(output.AsSpan(5000));

        // The fade never steps more than the tone itself does plus 1/144 (a 3 ms linear ramp of 1.0).
        Assert.True(Signal.MaxStep(output) <= toneStep + 1.0 / 144 + 1e-6, $"step {Signal.MaxStep(output)} vs tone {toneStep}");
        Assert.True(envelope.IsFinished);
        Assert.All(output.AsSpan(5000 + 3 * Rate / 1000 + 1).ToArray(), sample => Assert.Equal(0f, sample));

        // Worst case, full-scale DC: the largest step is the ramp's.
        var dc = Enumerable.Repeat(1f, 1000).ToArray();
        var steal = new AdsrEnvelope(Rate, attackSeconds: 0.001, sustainLevel: 1);
        steal.NoteOn();
        steal.Apply(dc.AsSpan(0, 500));
        steal.Kill(3);
        steal.Apply(dc.AsSpan(500));
        Assert.True(Signal.MaxStep(dc.AsSpan(499)) <= 1.0 / 144 + 1e-6);
    }

    [Fact]
    public void Zero_times_are_lengthened_so_nothing_clicks()
    {
        var envelope = new AdsrEnvelope(Rate, attackSeconds: 0, decaySeconds: 0, sustainLevel: 0.3, releaseSeconds: 0);
        var ones = Enumerable.Repeat(1f, Rate / 10).ToArray();
        envelope.NoteOn();
        envelope.Apply(ones.AsSpan(0, 1000));
        envelope.Release();
        envelope.Apply(ones.AsSpan(1000));

        Assert.True(Signal.MaxStep(ones) < 0.05);
        Assert.True(envelope.IsFinished);
    }

    [Theory]
    [InlineData(-1, 0.1, 0.5, 0.1)]
    [InlineData(0.1, double.NaN, 0.5, 0.1)]
    [InlineData(0.1, 0.1, 1.5, 0.1)]
    [InlineData(0.1, 0.1, 0.5, double.PositiveInfinity)]
    public void Invalid_parameters_are_rejected(double attack, double decay, double sustain, double release)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdsrEnvelope(Rate, attack, decay, sustain, release));
    }

    [Fact]
    public void PeekNext_tells_the_next_gain_without_advancing()
    {
        var envelope = new AdsrEnvelope(200, attackSeconds: 0.02, decaySeconds: 0.05, sustainLevel: 0.5, releaseSeconds: 0.1);
        envelope.NoteOn();
        for (int i = 0; i < 12; i++)
        {
            float peeked = envelope.PeekNext();
            Assert.Equal(peeked, envelope.PeekNext());
            Assert.Equal(peeked, envelope.Next());
        }
    }
}
