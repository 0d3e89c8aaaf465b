using System.Globalization;

namespace NSynthBox.Engine.Import;

/// <summary>Frequencies as musicians read them: "A4 +3 cents" (A4 = 440 Hz, equal temperament).</summary>
public static class NoteName
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>MIDI note number, fractional (69 = A4).</summary>
    public static double MidiNote(double hz) => 69 + 12 * Math.Log2(hz / 440.0);

    public static string Of(double hz)
    {
        var note = MidiNote(hz);
        var nearest = (int)Math.Round(note);
        var cents = (int)Math.Round((note - nearest) * 100);
        var name = OfMidiNote(nearest);
        return cents == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name} {cents:+0;-0} cents");
    }

    /// <summary>"C4" for MIDI note 60.</summary>
    public static string OfMidiNote(int note) => Names[((note % 12) + 12) % 12] + (note / 12 - 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>"440.0 Hz (A4)".</summary>
    public static string Describe(double hz) => string.Create(CultureInfo.InvariantCulture, $"{hz:0.0} Hz ({Of(hz)})");
}
