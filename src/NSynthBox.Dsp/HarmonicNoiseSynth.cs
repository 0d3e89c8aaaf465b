using System.Runtime.InteropServices;

namespace NSynthBox.Dsp;

/// <summary>
/// Offline single-voice renderer: parameter frames in, audio out, exactly as the Python
/// reference <c>render_reference</c> (harmonic sum + noise, no envelope or limiter). Built on
/// <see cref="HarmonicOscillator"/> and <see cref="FilteredNoiseBank"/>, with the v2 controls'
/// <see cref="SubPartialOscillator"/> and <see cref="DetunedLayerOscillator"/>; for tests and tools,
/// not the audio thread (it allocates the result). Not thread-safe.
/// </summary>
public sealed class HarmonicNoiseSynth
{
    private readonly HarmonicOscillator _oscillator;
    private readonly SubPartialOscillator _subPartials;
    private readonly DetunedLayerOscillator _layer;
    private readonly FilteredNoiseBank _noise;

    /// <summary>Creates a renderer for the given settings (default: <see cref="SynthSettings.Default"/>).</summary>
    public HarmonicNoiseSynth(SynthSettings? settings = null)
    {
        Settings = settings ?? SynthSettings.Default;
        _oscillator = new HarmonicOscillator(Settings);
        _subPartials = new SubPartialOscillator(Settings);
        _layer = new DetunedLayerOscillator(Settings);
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
    public float[] Render(ReadOnlySpan<float> f0Frames, float[,] harmonics, float[,] noise, double phase0) =>
        Render(f0Frames, harmonics, noise, phase0, new SynthControls());

    /// <summary>
    /// Renders F frames from F + 1 parameter frames with the optional v2 controls (see
    /// <see cref="SynthControls"/>); every call starts from the noise seed.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not agree with each other or the settings.</exception>
    public float[] Render(ReadOnlySpan<float> f0Frames, float[,] harmonics, float[,] noise, double phase0, SynthControls controls)
    {
        ArgumentNullException.ThrowIfNull(harmonics);
        ArgumentNullException.ThrowIfNull(controls);
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

        CheckShape(controls.Stretch?.Length, 1, parameterFrames, 1, nameof(controls.Stretch));
        CheckShape(controls.SubPartials?.GetLength(0), controls.SubPartials?.GetLength(1), parameterFrames, SubPartialOscillator.Count, nameof(controls.SubPartials));
        CheckShape(controls.Modulation?.GetLength(0), controls.Modulation?.GetLength(1), parameterFrames, 3, nameof(controls.Modulation));
        CheckShape(controls.Layer?.GetLength(0), controls.Layer?.GetLength(1), parameterFrames, DetunedLayerOscillator.Width, nameof(controls.Layer));
        CheckShape(controls.Transient?.Length, 1, Settings.NoiseBands + 1, 1, nameof(controls.Transient));

        var f0 = f0Frames.ToArray();
        var subPartials = controls.SubPartials ?? new float[parameterFrames, SubPartialOscillator.Count];
        if (controls.Modulation is { } modulation)
        {
            harmonics = (float[,])harmonics.Clone();
            subPartials = (float[,])subPartials.Clone();
            Modulate(f0, harmonics, subPartials, modulation);
        }

        int hop = Settings.Hop;
        var audio = new float[(parameterFrames - 1) * hop];
        _oscillator.Start(phase0, f0[0], Row(harmonics, 0));
        _subPartials.Start(f0[0], Row(subPartials, 0));
        var layer = controls.Layer;
        if (layer is not null)
        {
            // The layer follows the frames after the vibrato and tremolo; its phase starts at 0 whatever phase0 is.
            _layer.Start(f0[0], Row(harmonics, 0), layer[0, 0], layer[0, 1]);
        }

        _noise.Reset();
        _noise.SetFrame(Row(noise, 0));
        if (controls.Transient is { } transient)
        {
            _noise.AddBurst(transient.AsSpan(0, Settings.NoiseBands), transient[^1]);
        }

        for (int frame = 0; frame < parameterFrames - 1; frame++)
        {
            var stretch = controls.Stretch?[frame + 1] ?? 0f;
            _oscillator.SetFrame(f0[frame + 1], Row(harmonics, frame + 1), stretch);
            _subPartials.SetFrame(f0[frame + 1], Row(subPartials, frame + 1));
            _noise.SetFrame(Row(noise, frame + 1));
            var block = audio.AsSpan(frame * hop, hop);
            _oscillator.Render(block, 0);
            if (layer is not null)
            {
                _layer.SetFrame(f0[frame + 1], Row(harmonics, frame + 1), layer[frame + 1, 0], layer[frame + 1, 1], stretch);
                _layer.Render(block, 0);
            }

            _subPartials.Render(block, 0);
            _noise.Render(block, 0);
        }

        return audio;
    }

    /// <summary>Vibrato and tremolo applied to the frames in place, as the engine does per voice.</summary>
    private void Modulate(float[] f0, float[,] harmonics, float[,] subPartials, float[,] modulation)
    {
        var lfo = new VibratoLfo();
        for (int frame = 0; frame < f0.Length; frame++)
        {
            var (pitch, amplitude) = lfo.Factors(modulation[frame, 1], modulation[frame, 2]);
            f0[frame] = (float)(f0[frame] * pitch);
            Scale(harmonics, frame, amplitude);
            Scale(subPartials, frame, amplitude);
            lfo.Advance(modulation[frame, 0], Settings.FrameRate);
        }
    }

    private static void Scale(float[,] values, int row, double factor)
    {
        for (int k = 0; k < values.GetLength(1); k++)
        {
            values[row, k] = (float)(values[row, k] * factor);
        }
    }

    private static void CheckShape(int? rows, int? columns, int expectedRows, int expectedColumns, string name)
    {
        if (rows is not null && (rows != expectedRows || columns != expectedColumns))
        {
            throw new ArgumentException($"{name} must be [{expectedRows}, {expectedColumns}], got [{rows}, {columns}].", name);
        }
    }

    // Rectangular arrays are stored row-major, so a row is a contiguous span.
    private static ReadOnlySpan<float> Row(float[,] values, int row) =>
        MemoryMarshal.CreateReadOnlySpan(ref values[row, 0], values.GetLength(1));
}
