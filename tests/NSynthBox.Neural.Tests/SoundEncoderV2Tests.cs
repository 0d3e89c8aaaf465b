using NSynthBox.Neural.Encoding;
using NSynthBox.Tests.Shared;
using Xunit.Abstractions;

namespace NSynthBox.Neural.Tests;

/// <summary>
/// Importing with a v2 decoder: the fit hears what the v2 controls do. The synthetic v2 package
/// (each latent axis switches on one control) with hpn-v1's encoder graph lent to it
/// (<see cref="SyntheticV2WithEncoder"/>).
/// </summary>
public sealed class SoundEncoderV2Tests(ITestOutputHelper output) : IDisposable
{
    private const int Rate = 48000;
    private readonly SyntheticV2WithEncoder _package = new();

    /// <summary>
    /// A note like the synthetic decoder's (harmonics 1..12 at 0.2/k fading as exp(-t/4 s)), its
    /// partials stretched by B and with a sub-partial at f0/2 of the given amplitude.
    /// </summary>
    private static RecordedNote Note(double f0, double stretch, double subOctave, double seconds = 3.2)
    {
        var x = new float[(int)(seconds * Rate)];
        for (var n = 0; n < x.Length; n++)
        {
            var t = (double)n / Rate;
            var v = subOctave * Math.Sin(Math.PI * f0 * t);
            for (var k = 1; k <= 12; k++) v += 0.2 / k * Math.Sin(2 * Math.PI * k * Math.Sqrt(1 + stretch * k * k) * f0 * t);
            x[n] = (float)(v * Math.Exp(-t / 4) * Math.Min(1.0, t / 0.005));
        }
        return new RecordedNote($"{f0:F0} Hz, B {stretch}, sub {subOctave}", x, Rate, f0);
    }

    private (double Plain, double WithControl) Fits(NeuralSoundEncoder encoder, RecordedNote note, string instrument)
    {
        var package = ModelPackage.Load(_package.Dir);
        var features = encoder.Features(note);
        var plain = encoder.Fit(package.FindInstrument("Plain").Code, features, note.PitchHz);
        var with = encoder.Fit(package.FindInstrument(instrument).Code, features, note.PitchHz);
        output.WriteLine($"{note.Source}: fit of Plain {plain:F2} dB, of {instrument} {with:F2} dB");
        return (plain, with);
    }

    [Fact]
    public void A_note_with_a_sub_octave_fits_the_code_that_plays_one()
    {
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(_package.Dir));
        var (plain, organ) = Fits(encoder, Note(220, 0, 0.2), "Organ-like");
        Assert.True(organ < plain - 1.0, $"Organ-like {organ:F2} dB vs Plain {plain:F2} dB");
    }

    [Fact]
    public void A_stretched_note_fits_the_stretched_code()
    {
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(_package.Dir));
        // At A5 the stretch (B = 4e-4: harmonic 12 is 2.8 % sharp) moves the upper partials into the next mel band
        // (deterministic: no noise in the note); at lower pitches they stay in their bands and the fits are equal.
        var (plain, stretched) = Fits(encoder, Note(880, 4e-4, 0), "Stretched");
        Assert.True(stretched < plain - 0.2, $"Stretched {stretched:F2} dB vs Plain {plain:F2} dB");
    }

    [Fact]
    public void Several_notes_import_through_the_v2_decoder()
    {
        using var encoder = new NeuralSoundEncoder(ModelPackage.Load(_package.Dir));
        RecordedNote[] notes = [Note(110, 0, 0.2), Note(220, 0, 0.2)];
        var sound = encoder.Encode(notes);
        var plain = notes.Average(n => encoder.Fit(ModelPackage.Load(_package.Dir).FindInstrument("Plain").Code, encoder.Features(n), n.PitchHz));
        output.WriteLine($"imported: fit {sound.FitDb:F2} dB ({sound.Method}); Plain {plain:F2} dB");
        Assert.Contains("fit to 2 notes", sound.Method);
        Assert.All(sound.Code, v => Assert.True(float.IsFinite(v)));
        Assert.True(sound.FitDb < 40, $"fit {sound.FitDb:F2} dB");
    }

    public void Dispose() => _package.Dispose();
}
