namespace NSynthBox.Dsp.Tests;

public sealed class HarmonicOscillatorTests
{
    private static readonly SynthSettings Settings = SynthSettings.Default;

    private static float[] Amplitudes(params (int Harmonic, float Amplitude)[] values)
    {
        var a = new float[Settings.Harmonics];
        foreach (var (k, amplitude) in values)
        {
            a[k - 1] = amplitude;
        }

        return a;
    }

    /// <summary>Renders <paramref name="frames"/> frames of a steady tone after Start (no ramp).</summary>
    private static float[] RenderSteady(HarmonicOscillator oscillator, float f0, float[] amplitudes, int frames)
    {
        int hop = oscillator.Hop;
        var audio = new float[frames * hop];
        oscillator.Start(0, f0, amplitudes);
        for (int i = 0; i < frames; i++)
        {
            oscillator.SetFrame(f0, amplitudes);
            oscillator.Render(audio.AsSpan(i * hop, hop), 0);
        }

        return audio;
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(96000)]
    public void A4_frame_renders_at_440_hz(int sampleRate)
    {
        var settings = new SynthSettings(sampleRate: sampleRate);
        var oscillator = new HarmonicOscillator(settings);
        var audio = RenderSteady(oscillator, 440f, new float[settings.Harmonics].Select((_, k) => k == 0 ? 0.5f : 0f).ToArray(), settings.FrameRate);

        double frequency = Signal.FrequencyByZeroCrossings(audio, sampleRate);
        Assert.InRange(Signal.Cents(frequency, 440), -2, 2);
        Assert.InRange(Signal.Cents(frequency, 440), -0.01, 0.01); // in fact much closer
    }

    [Fact]
    public void Harmonic_above_nyquist_is_silent()
    {
        var oscillator = new HarmonicOscillator(Settings);
        var audio = RenderSteady(oscillator, 1000f, Amplitudes((30, 1f), (25, 1f)), 10);

        Assert.All(audio, sample => Assert.Equal(0f, sample));
        Assert.True(oscillator.IsSilent);
        Assert.Equal(0, oscillator.ActiveHarmonics);
    }

    [Fact]
    public void Harmonic_inside_alias_fade_is_attenuated_by_its_weight()
    {
        // 23 kHz at 48 kHz: weight (24000 - 23000) / (0.05 * 48000) = 0.41667.
        var audio = RenderSteady(new HarmonicOscillator(Settings), 1000f, Amplitudes((23, 1f)), 10);

        Assert.Equal(0.41667 / Math.Sqrt(2), Signal.Rms(audio), 1e-4);
    }

    [Fact]
    public void Harmonics_silent_over_a_frame_are_not_computed()
    {
        var oscillator = new HarmonicOscillator(Settings);
        var all = Enumerable.Repeat(0.01f, Settings.Harmonics).ToArray();
        oscillator.Start(0, 1000f, all);
        oscillator.SetFrame(1000f, all);
        Assert.Equal(23, oscillator.ActiveHarmonics); // harmonic 24 sits on Nyquist: weight 0

        oscillator.SetFrame(1000f, Amplitudes((3, 0.5f)));
        Assert.Equal(23, oscillator.ActiveHarmonics); // still ramping the upper ones down
        oscillator.SetFrame(1000f, Amplitudes((3, 0.5f)));
        Assert.Equal(3, oscillator.ActiveHarmonics);
    }

    [Fact]
    public void New_note_fades_in_over_its_first_frame_at_its_own_pitch()
    {
        var oscillator = new HarmonicOscillator(Settings);
        int hop = Settings.Hop;
        var audio = new float[hop];
        oscillator.Reset(0.25);
        oscillator.Render(audio, 0);
        Assert.All(audio, sample => Assert.Equal(0f, sample)); // nothing before the first frame

        oscillator.SetFrame(440f, Amplitudes((1, 0.8f)));
        oscillator.Render(audio, 0);

        for (int j = 0; j < hop; j++)
        {
            // Amplitude ramps 0 -> 0.8 while the pitch is 440 Hz from the first sample.
            double expected = 0.8 * j / hop * Math.Sin(2 * Math.PI * (0.25 + 440.0 * j / Settings.SampleRate));
            Assert.Equal(expected, audio[j], 1e-6);
        }
    }

    [Fact]
    public void Note_started_mid_frame_rises_from_silence_at_its_first_sample_and_carries_on_into_the_next_frame()
    {
        var oscillator = new HarmonicOscillator(Settings);
        int hop = Settings.Hop;
        int start = 96;
        var audio = new float[2 * hop];
        oscillator.StartMidFrame(start, 440f, Amplitudes((1, 0.8f)), minimumRampSamples: 48);
        oscillator.Render(audio.AsSpan(start, hop - start), start);
        oscillator.SetFrame(440f, Amplitudes((1, 0.8f)));
        oscillator.Render(audio.AsSpan(hop, hop), 0);

        Assert.All(audio[..start], sample => Assert.Equal(0f, sample));
        for (int j = start; j < 2 * hop; j++)
        {
            // Phase 0 at the first sample, amplitude 0 -> 0.8 by the frame's end, then steady.
            double amplitude = j < hop ? 0.8 * (j - start) / (hop - start) : 0.8;
            double expected = amplitude * Math.Sin(2 * Math.PI * 440.0 * (j - start) / Settings.SampleRate);
            Assert.Equal(expected, audio[j], 1e-5);
        }
    }

    [Fact]
    public void Note_started_just_before_a_frame_boundary_rises_no_faster_than_the_minimum_ramp()
    {
        var oscillator = new HarmonicOscillator(Settings);
        int hop = Settings.Hop;
        int start = hop - 16;
        var audio = new float[2 * hop];
        oscillator.StartMidFrame(start, 1000f, Amplitudes((1, 1f)), minimumRampSamples: 48);
        oscillator.Render(audio.AsSpan(start, hop - start), start);
        oscillator.SetFrame(1000f, Amplitudes((1, 1f)));
        oscillator.Render(audio.AsSpan(hop, hop), 0);

        // 16 samples of a 48-sample ramp reach a third of the amplitude; the next frame carries on from there.
        double lastOfFrame = Math.Abs(audio[hop - 1]);
        Assert.True(lastOfFrame <= 1.0 / 3 + 1e-4, $"|sample| {lastOfFrame:0.0000} at the frame's end");
        double largestStep = Signal.MaxStep(audio.AsSpan(start, 2 * hop - start));
        double steadyStep = 2 * Math.PI * 1000 / Settings.SampleRate; // a full-scale 1 kHz sine's largest step
        Assert.True(largestStep <= steadyStep * 1.05, $"largest step {largestStep:0.0000} vs {steadyStep:0.0000} for the steady tone");
        Assert.InRange(Signal.Rms(audio.AsSpan(hop + hop / 2, hop / 2)), 0.3, 0.72);
    }

    [Fact]
    public void Retargeted_note_leaves_its_amplitude_where_it_is_and_reaches_the_new_one_by_the_frames_end()
    {
        var oscillator = new HarmonicOscillator(Settings);
        int hop = Settings.Hop;
        int at = 100;
        var audio = new float[2 * hop];
        oscillator.Start(0.0, 440f, Amplitudes((1, 0.2f)));
        oscillator.SetFrame(440f, Amplitudes((1, 0.6f))); // this frame ramps 0.2 -> 0.6
        oscillator.Render(audio.AsSpan(0, at), 0);
        oscillator.RetargetMidFrame(at, Amplitudes((1, 0.1f)), minimumRampSamples: 48);
        oscillator.Render(audio.AsSpan(at, hop - at), at);
        oscillator.SetFrame(440f, Amplitudes((1, 0.1f)));
        oscillator.Render(audio.AsSpan(hop, hop), 0);

        double before = 0.2 + 0.4 * at / hop; // where the ramp was when the finger moved
        for (int j = 0; j < 2 * hop; j++)
        {
            double amplitude = j < at ? 0.2 + 0.4 * j / hop : j < hop ? before + (0.1 - before) * (j - at) / (hop - at) : 0.1;
            double expected = amplitude * Math.Sin(2 * Math.PI * 440.0 * j / Settings.SampleRate);
            Assert.Equal(expected, audio[j], 1e-5); // phase untouched, amplitude continuous
        }
    }

    [Fact]
    public void Render_adds_to_the_destination()
    {
        var oscillator = new HarmonicOscillator(Settings);
        var tone = RenderSteady(oscillator, 220f, Amplitudes((1, 0.3f), (2, 0.2f)), 1);
        var mixed = Enumerable.Repeat(0.125f, Settings.Hop).ToArray();

        oscillator.Start(0, 220f, Amplitudes((1, 0.3f), (2, 0.2f)));
        oscillator.SetFrame(220f, Amplitudes((1, 0.3f), (2, 0.2f)));
        oscillator.Render(mixed, 0);

        for (int j = 0; j < mixed.Length; j++)
        {
            Assert.Equal(tone[j] + 0.125f, mixed[j], 1e-6f);
        }
    }

    [Fact]
    public void Non_finite_parameters_render_silence_not_nan()
    {
        var oscillator = new HarmonicOscillator(Settings);
        var bad = Amplitudes((1, float.NaN), (2, float.PositiveInfinity), (3, 0.5f));
        var audio = RenderSteady(oscillator, float.NaN, bad, 3);

        Assert.All(audio, sample => Assert.True(float.IsFinite(sample)));
    }

    [Fact]
    public void Ranges_outside_the_frame_are_rejected()
    {
        var oscillator = new HarmonicOscillator(Settings);
        var block = new float[100];
        Assert.Throws<ArgumentOutOfRangeException>(() => oscillator.Render(block, Settings.Hop - 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => oscillator.Render(block, -1));
        Assert.Throws<ArgumentException>(() => oscillator.SetFrame(440f, new float[3]));
    }
}
