using NSynthBox.Neural.Encoding;
using NSynthBox.Tests.Shared;
using Xunit.Abstractions;

namespace NSynthBox.Engine.Tests;

/// <summary>
/// A note the box itself played, imported back: the code found must sound, at another pitch, about
/// as close to that instrument as the instrument's own code does, and closer than most other
/// instruments. (The model card measures import on another soundfont's instruments.)
/// </summary>
public sealed class SelfImportTests(EngineFixture fixture, ITestOutputHelper output) : IClassFixture<EngineFixture>
{
    private const int Rate = 48000;

    private float[] PlayNote(string instrument, int note)
    {
        using var engine = fixture.NewEngine(allCorners: instrument);
        var audio = OfflineRenderer.Render(engine, [new(0, ControlEvent.NoteOn(note, 100 / 127f)), new(3.2, ControlEvent.NoteOff(note))], tailSeconds: 0.1); // held past the encoder's 3 s
        var onset = Array.FindIndex(audio, s => MathF.Abs(s) > 1e-4f);
        return audio[Math.Max(0, onset)..];
    }

    private static double Hz(int note) => 440 * Math.Pow(2, (note - 69) / 12.0);

    [Theory]
    [InlineData("Flute")]
    [InlineData("Trumpet")]
    [InlineData("Acoustic Grand Piano")]
    public void Imported_note_of_the_box_sounds_like_its_instrument_a_fifth_higher(string instrument)
    {
        using var encoder = new NeuralSoundEncoder(fixture.Model);
        var sound = encoder.Encode([new RecordedNote($"{instrument} C4", PlayNote(instrument, 60), Rate, Hz(60))]);

        var g4 = encoder.Features(new RecordedNote($"{instrument} G4", PlayNote(instrument, 67), Rate, Hz(67)));
        var imported = encoder.Fit(sound.Code, g4, Hz(67));
        var own = encoder.Fit(fixture.Model.FindInstrument(instrument).Code, g4, Hz(67));
        var others = fixture.Model.Instruments.Select(i => encoder.Fit(i.Code, g4, Hz(67))).Order().ToArray();
        var median = others[others.Length / 2];
        output.WriteLine($"{instrument}: fit at C4 {sound.FitDb:F2} dB; at G4 imported {imported:F2}, own code {own:F2}, best built-in {others[0]:F2}, median {median:F2} ({sound.Method})");
        Assert.True(imported <= own + 1.5, $"imported {imported:F2} dB vs the instrument's own code {own:F2} dB at G4");
        Assert.True(imported < median, $"imported {imported:F2} dB vs the median instrument {median:F2} dB at G4");
    }
}
