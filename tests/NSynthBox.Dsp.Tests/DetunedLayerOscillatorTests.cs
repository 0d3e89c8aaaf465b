namespace NSynthBox.Dsp.Tests;

/// <summary>The detuned layer (docs/SYNTH.md, "Detuned layer"); its sound against Python is in <see cref="ReferenceTests"/>.</summary>
public sealed class DetunedLayerOscillatorTests
{
    private static readonly SynthSettings Settings = SynthSettings.Default;

    private static float[] Harmonics(int frame) =>
        Enumerable.Range(1, Settings.Harmonics).Select(k => k <= 20 ? 0.3f / k * (1 + (0.05f * (frame % 3))) : 0f).ToArray();

    /// <summary>Renders a note started part-way through frame 0 with per-frame detune and gain.</summary>
    private static float[] RenderLayer(Func<int, (float Detune, float Gain)> layer, int frames, float stretch = 0f)
    {
        const int startAt = 100;
        var oscillator = new DetunedLayerOscillator(Settings);
        var audio = new float[frames * Settings.Hop];
        var (detune, gain) = layer(0);
        oscillator.StartMidFrame(startAt, 220f, Harmonics(0), detune, gain, minimumRampSamples: 48, stretch);
        oscillator.Render(audio.AsSpan(startAt, Settings.Hop - startAt), startAt);
        for (int frame = 1; frame < frames; frame++)
        {
            (detune, gain) = layer(frame);
            oscillator.SetFrame(220f * (1 + (0.01f * frame)), Harmonics(frame), detune, gain, stretch);
            oscillator.Render(audio.AsSpan(frame * Settings.Hop, Settings.Hop), 0);
        }

        return audio;
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(3e-4f)]
    public void At_no_detune_and_full_gain_the_layer_is_the_harmonic_sum_from_phase_0(float stretch)
    {
        var main = new HarmonicOscillator(Settings);
        var expected = new float[20 * Settings.Hop];
        main.StartMidFrame(100, 220f, Harmonics(0), minimumRampSamples: 48, stretch);
        main.Render(expected.AsSpan(100, Settings.Hop - 100), 100);
        for (int frame = 1; frame < 20; frame++)
        {
            main.SetFrame(220f * (1 + (0.01f * frame)), Harmonics(frame), stretch);
            main.Render(expected.AsSpan(frame * Settings.Hop, Settings.Hop), 0);
        }

        Assert.Equal(expected, RenderLayer(_ => (0f, 1f), 20, stretch));
    }

    [Fact]
    public void At_gain_zero_the_layer_adds_nothing_and_skips_every_partial()
    {
        var oscillator = new DetunedLayerOscillator(Settings);
        oscillator.Start(220f, Harmonics(0), 12f, 0f);
        oscillator.SetFrame(220f, Harmonics(1), 12f, 0f, stretch: 3e-4f);
        Assert.True(oscillator.IsSilent);
        Assert.All(RenderLayer(_ => (12f, 0f), 10), sample => Assert.Equal(0f, sample));
        Assert.All(RenderLayer(_ => (float.NaN, float.NaN), 10), sample => Assert.Equal(0f, sample));
    }

    [Fact]
    public void A_layer_that_comes_back_after_a_silence_starts_again_from_phase_0()
    {
        // Gain 1 to frame 5, 0 from the end of frame 6 to the end of frame 12, then 1: frames 7..12 are silent and
        // the second run (from frame 13, ramping in from 0) is a layer started afresh at the end of frame 12.
        const float stretch = 3e-4f;
        var audio = RenderLayer(frame => (12f, frame is >= 6 and <= 12 ? 0f : 1f), 20, stretch);
        var fresh = new DetunedLayerOscillator(Settings);
        fresh.Start(220f * (1 + (0.01f * 12)), Harmonics(12), 12f, 0f);
        Assert.True(fresh.IsSilent);
        var expected = new float[7 * Settings.Hop];
        for (int frame = 13; frame < 20; frame++)
        {
            fresh.SetFrame(220f * (1 + (0.01f * frame)), Harmonics(frame), 12f, 1f, stretch);
            fresh.Render(expected.AsSpan((frame - 13) * Settings.Hop, Settings.Hop), 0);
        }

        Assert.Equal(expected, audio.AsSpan(13 * Settings.Hop).ToArray());
        Assert.All(audio.AsSpan(7 * Settings.Hop, 6 * Settings.Hop).ToArray(), sample => Assert.Equal(0f, sample));
        Assert.Contains(audio.AsSpan(6 * Settings.Hop, Settings.Hop).ToArray(), sample => sample != 0f); // frame 6 ramps down
    }

    [Fact]
    public void Detune_and_gain_are_clamped_to_50_cents_and_1()
    {
        Assert.Equal(RenderLayer(_ => (50f, 1f), 8), RenderLayer(_ => (80f, 3f), 8));
        Assert.Equal(RenderLayer(_ => (0f, 0.5f), 8), RenderLayer(_ => (-5f, 0.5f), 8));
    }

    [Fact]
    public void The_offline_synth_with_a_silent_layer_renders_exactly_as_without_one()
    {
        var frames = new RandomFrames(Settings, frames: 12, seed: 5, f0From: 150, f0To: 900);
        var parameterFrames = frames.F0.Length;
        var silent = new float[parameterFrames, DetunedLayerOscillator.Width];
        for (int i = 0; i < parameterFrames; i++)
        {
            silent[i, 0] = 12f;
        }

        var modulation = new float[parameterFrames, 3];
        for (int i = 0; i < parameterFrames; i++)
        {
            modulation[i, 0] = 5f;
            modulation[i, 1] = 20f;
            modulation[i, 2] = 0.1f;
        }

        var synth = new HarmonicNoiseSynth(Settings);
        var plain = synth.Render(frames.F0, frames.Harmonics, frames.Noise, 0.25, new SynthControls { Modulation = modulation });
        var layered = synth.Render(frames.F0, frames.Harmonics, frames.Noise, 0.25, new SynthControls { Modulation = modulation, Layer = silent });
        Assert.Equal(plain, layered);
        Assert.Throws<ArgumentException>(() => synth.Render(frames.F0, frames.Harmonics, frames.Noise, 0, new SynthControls { Layer = new float[parameterFrames, 3] }));
    }
}
