using NSynthBox.Neural;

namespace NSynthBox.Engine.Tests;

/// <summary>
/// Settled voices decoded every other frame (<see cref="VoiceDecodes"/>), with the committed model: the
/// frames the synthesizer gets stay within a whisker of decoding every voice every frame, note starts and
/// releases are decoded at once, and held notes cost about half the decodes.
/// </summary>
public sealed class SettledDecodingTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private const int Frames = 600; // 3 s

    /// <summary>A played phrase: a chord held 2 s while the finger crosses the grid, one note released at 1.5 s, a fast note, the rest released at 2 s.</summary>
    private static void Perform(ControlProcessor control, int frame)
    {
        switch (frame)
        {
            case 0:
                foreach (var note in new[] { 48, 55, 64, 71 }) control.Post(ControlEvent.NoteOn(note, 0.8f));
                break;
            case 200:
                control.Post(ControlEvent.NoteOn(76, 1f));
                break;
            case 240:
                control.Post(ControlEvent.NoteOff(76));
                break;
            case 300:
                control.Post(ControlEvent.NoteOff(71));
                break;
            case 400:
                foreach (var note in new[] { 48, 55, 64 }) control.Post(ControlEvent.NoteOff(note));
                break;
        }
        // The finger crosses from top-left to bottom-right between 0.5 s and 1.5 s, a sensor event every 10 ms.
        if (frame is >= 100 and <= 300 && frame % 2 == 0)
        {
            var along = (frame - 100) / 200f;
            control.Post(ControlEvent.Position2D(0.1f + 0.8f * along, 0.1f + 0.8f * along));
        }
    }

    private (List<float[]> Harmonics, List<float[]> Noise, ControlProcessor Control) Run(bool settledEveryOtherFrame)
    {
        var model = fixture.Model;
        var control = new ControlProcessor(model, new NeuralDecoder(model, 16), new EngineSettings { DecodeSettledVoicesEveryOtherFrame = settledEveryOtherFrame });
        control.SetInitialState([fixture.Instrument("Acoustic Grand Piano"), fixture.Instrument("Violin"), fixture.Instrument("Flute"), fixture.Instrument("Trumpet")], 0.1f, 0.1f);
        var frame = new ControlFrame(16, model.Harmonics, model.NoiseBands);
        var harmonics = new List<float[]>();
        var noise = new List<float[]>();
        for (var f = 0; f < Frames; f++)
        {
            Perform(control, f);
            control.Step(frame);
            harmonics.Add((float[])frame.Harmonics.Clone());
            noise.Add((float[])frame.Noise.Clone());
        }
        return (harmonics, noise, control);
    }

    private static double Energy(float[] values) => values.Sum(v => (double)v * v);

    /// <summary>Energy of the difference over the reference's, that floored at <paramref name="floor"/> (a voice far below the phrase's loudness errs unheard), in dB.</summary>
    private static double ErrorDb(float[] reference, float[] other, double floor)
    {
        double error = 0;
        for (var k = 0; k < reference.Length; k++) error += (double)(reference[k] - other[k]) * (reference[k] - other[k]);
        return 10 * Math.Log10((error / Math.Max(Energy(reference), floor)) + 1e-30);
    }

    [Fact]
    public void Frames_stay_within_minus_30_dB_of_decoding_every_frame_and_average_under_minus_45_dB()
    {
        var every = Run(false);
        var settled = Run(true);
        // Errors count against the frame's level, or against -60 dB re the phrase's loudest frame where it is quieter.
        var harmonicsFloor = every.Harmonics.Max(Energy) * 1e-6;
        var noiseFloor = every.Noise.Max(Energy) * 1e-6;
        var errors = Enumerable.Range(0, Frames).Select(f => ErrorDb(every.Harmonics[f], settled.Harmonics[f], harmonicsFloor))
            .Concat(Enumerable.Range(0, Frames).Select(f => ErrorDb(every.Noise[f], settled.Noise[f], noiseFloor))).ToList();
        Assert.True(errors.Max() < -30, $"worst frame {errors.Max():0.0} dB");
        var mean = 10 * Math.Log10(errors.Select(e => Math.Pow(10, e / 10)).Average());
        Assert.True(mean < -45, $"mean {mean:0.0} dB");
    }

    [Fact]
    public void Note_starts_and_releases_are_decoded_at_once_not_interpolated()
    {
        var every = Run(false);
        var settled = Run(true);
        var width = fixture.Model.Harmonics;
        float[] Slot(float[] frame, int slot) => frame.AsSpan(slot * width, width).ToArray();
        // The fast note (slot 4) starting and released, then the chord's top note (slot 3) and the rest (0-2) released: their first frames, to the bit.
        foreach (var (frame, slot) in new[] { (200, 4), (201, 4), (240, 4), (241, 4), (300, 3), (301, 3), (400, 0), (401, 1), (401, 2) })
            Assert.Equal(Slot(every.Harmonics[frame], slot), Slot(settled.Harmonics[frame], slot));
    }

    [Fact]
    public void Held_notes_run_the_decoder_about_every_other_frame()
    {
        var every = Run(false).Control;
        var settled = Run(true).Control;
        Assert.Equal(every.VoiceFrames, every.DecodedVoiceFrames);
        var share = (double)settled.DecodedVoiceFrames / settled.VoiceFrames;
        Assert.InRange(share, 0.45, 0.7);
    }
}
