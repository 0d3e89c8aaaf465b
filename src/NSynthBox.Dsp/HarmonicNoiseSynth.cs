using System.Runtime.InteropServices;

namespace NSynthBox.Dsp;

/// <summary>
/// Offline single-voice renderer: parameter frames in, audio out, exactly as the Python
/// reference <c>render_reference</c> (harmonic sum + noise, no envelope or limiter). Built on
/// <see cref="HarmonicOscillator"/> and <see cref="FilteredNoiseBank"/>; for tests and tools,
/// not the audio thread (it allocates the result). Not thread-safe.
/// </summary>
public sealed class HarmonicNoiseSynth
{
    private readonly HarmonicOscillator _oscillator;
    private readonly FilteredNoiseBank _noise;

    /// <summary>Creates a renderer for the given settings (default: <see cref="SynthSettings.Default"/>).</summary>
    public HarmonicNoiseSynth(SynthSettings? settings = null)
    {
        Settings = settings ?? SynthSettings.Default;
        _oscillator = new HarmonicOscillator(Settings);
        _noise = new FilteredNoiseBank(Settings);
    }

    /// <summary>The settings this renderer uses.</summary>
    public SynthSettings Settings { get; }

    /// <summary>
    /// Renders F frames from F + 1 parameter frames; every call starts from the noise seed.
    /// </summary>
    /// <param name="f0Frames">f0 in Hz, [F + 1].</param>
    /// <param name="harmonics">Harmonic amplitudes, [F + 1, Harmonics].</param>
    /// <param name="noise">Noise band gains, [F + 1, NoiseBands].</param>
    /// <param name="phase0">Initial phase in cycles.</param>
    /// <returns>F * Hop samples.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree with each other or the settings.</exception>
    public float[] Render(ReadOnlySpan<float> f0Frames, float[,] harmonics, float[,] noise, double phase0)
    {
        ArgumentNullException.ThrowIfNull(harmonics);
        ArgumentNullException.ThrowIfNull(noise);
        int parameterFrames = f0Frames.Length;
        if (parameterFrames < 1)
        {
            throw new ArgumentException("At least one parameter frame is needed (F frames of audio need F + 1).", nameof(f0Frames));
        }

        if (harmonics.GetLength(0) != parameterFrames || harmonics.GetLength(1) != Settings.Harmonics)
        {
            throw new ArgumentException(
                $"Harmonics must be [{parameterFrames}, {Settings.Harmonics}], got [{harmonics.GetLength(0)}, {harmonics.GetLength(1)}].",
                nameof(harmonics));
        }

        if (noise.GetLength(0) != parameterFrames || noise.GetLength(1) != Settings.NoiseBands)
        {
            throw new ArgumentException(
                $"Noise gains must be [{parameterFrames}, {Settings.NoiseBands}], got [{noise.GetLength(0)}, {noise.GetLength(1)}].",
                nameof(noise));
        }

        int hop = Settings.Hop;
        var audio = new float[(parameterFrames - 1) * hop];
        _oscillator.Start(phase0, f0Frames[0], Row(harmonics, 0));
        _noise.Reset();
        _noise.SetFrame(Row(noise, 0));
        for (int frame = 0; frame < parameterFrames - 1; frame++)
        {
            _oscillator.SetFrame(f0Frames[frame + 1], Row(harmonics, frame + 1));
            _noise.SetFrame(Row(noise, frame + 1));
            var block = audio.AsSpan(frame * hop, hop);
            _oscillator.Render(block, 0);
            _noise.Render(block, 0);
        }

        return audio;
    }

    // Rectangular arrays are stored row-major, so a row is a contiguous span.
    private static ReadOnlySpan<float> Row(float[,] values, int row) =>
        MemoryMarshal.CreateReadOnlySpan(ref values[row, 0], values.GetLength(1));
}
