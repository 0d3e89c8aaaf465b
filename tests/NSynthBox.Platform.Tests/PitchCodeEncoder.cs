using NSynthBox.Neural.Encoding;

namespace NSynthBox.Platform.Tests;

/// <summary>A deterministic stand-in for the model's encoder: the code is derived from the notes' pitches, so tests can tell which notes were encoded.</summary>
internal sealed class PitchCodeEncoder(int latentSize) : ISoundEncoder
{
    public List<IReadOnlyList<RecordedNote>> Calls { get; } = [];

    public EncodedSound Encode(IReadOnlyList<RecordedNote> notes, CancellationToken cancellationToken = default)
    {
        Calls.Add(notes);
        var code = new float[latentSize];
        for (var i = 0; i < latentSize; i++) code[i] = (float)(Math.Log2(notes.Average(n => n.PitchHz) / 440.0) + i * 0.01);
        return new EncodedSound(code, 3.5, "pitch-double");
    }

    /// <summary>The code this double gives for notes averaging <paramref name="hz"/>.</summary>
    public static float First(double hz) => (float)Math.Log2(hz / 440.0);
}
