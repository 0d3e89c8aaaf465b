namespace NSynthBox.Dsp;

/// <summary>
/// The fixed parameters of the harmonic-plus-noise synthesizer (docs/SYNTH.md). Immutable and
/// validated on construction, so the audio-thread classes built from it never re-check them.
/// The defaults are the values the model was trained with.
/// </summary>
public sealed class SynthSettings
{
    /// <summary>The settings the hpn-v1 model and the Python reference use (48 kHz).</summary>
    public static SynthSettings Default { get; } = new();

    /// <summary>Creates and validates a settings object.</summary>
    /// <param name="sampleRate">Audio sample rate in Hz, 8000..192000.</param>
    /// <param name="frameRate">Control frames per second, 10..1000 (the model uses 200).</param>
    /// <param name="harmonics">Number of harmonic amplitudes per frame, 1..256.</param>
    /// <param name="noiseBands">Number of noise band gains per frame, 2..64.</param>
    /// <param name="noiseLowHz">Centre of the lowest noise band, Hz (&gt; 0).</param>
    /// <param name="noiseHighHz">Centre of the highest noise band, Hz (&gt; <paramref name="noiseLowHz"/>).</param>
    /// <param name="aliasFade">Width of the anti-alias fade below Nyquist as a fraction of the sample rate, (0, 0.5].</param>
    /// <param name="noiseSeed">Initial xorshift32 state; must not be 0 (xorshift would stay 0 for ever).</param>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public SynthSettings(
        int sampleRate = 48000,
        int frameRate = 200,
        int harmonics = 96,
        int noiseBands = 24,
        double noiseLowHz = 40.0,
        double noiseHighHz = 20000.0,
        double aliasFade = 0.05,
        uint noiseSeed = 0x12345678u)
    {
        if (sampleRate is < 8000 or > 192000)
        {
            throw new ArgumentException($"Sample rate must be 8000..192000 Hz, got {sampleRate}.", nameof(sampleRate));
        }

        if (frameRate is < 10 or > 1000)
        {
            throw new ArgumentException($"Frame rate must be 10..1000 frames per second, got {frameRate}.", nameof(frameRate));
        }

        if (harmonics is < 1 or > 256)
        {
            throw new ArgumentException($"Harmonic count must be 1..256, got {harmonics}.", nameof(harmonics));
        }

        if (noiseBands is < 2 or > 64)
        {
            throw new ArgumentException($"Noise band count must be 2..64, got {noiseBands}.", nameof(noiseBands));
        }

        if (!double.IsFinite(noiseLowHz) || noiseLowHz <= 0)
        {
            throw new ArgumentException($"Lowest noise band centre must be a positive frequency, got {noiseLowHz} Hz.", nameof(noiseLowHz));
        }

        if (!double.IsFinite(noiseHighHz) || noiseHighHz <= noiseLowHz)
        {
            throw new ArgumentException(
                $"Highest noise band centre must be above the lowest ({noiseLowHz} Hz), got {noiseHighHz} Hz.", nameof(noiseHighHz));
        }

        if (!double.IsFinite(aliasFade) || aliasFade <= 0 || aliasFade > 0.5)
        {
            throw new ArgumentException($"Alias fade must be in (0, 0.5] (a fraction of the sample rate), got {aliasFade}.", nameof(aliasFade));
        }

        if (noiseSeed == 0)
        {
            throw new ArgumentException("Noise seed must not be 0: xorshift32 never leaves the all-zero state.", nameof(noiseSeed));
        }

        SampleRate = sampleRate;
        FrameRate = frameRate;
        Harmonics = harmonics;
        NoiseBands = noiseBands;
        NoiseLowHz = noiseLowHz;
        NoiseHighHz = noiseHighHz;
        AliasFade = aliasFade;
        NoiseSeed = noiseSeed;
        Hop = (int)Math.Round((double)sampleRate / frameRate, MidpointRounding.AwayFromZero);
    }

    /// <summary>Audio sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Nominal control frames per second (see <see cref="EffectiveFrameRate"/>).</summary>
    public int FrameRate { get; }

    /// <summary>Harmonic amplitudes per frame (harmonic k = 1..Harmonics).</summary>
    public int Harmonics { get; }

    /// <summary>Noise band gains per frame.</summary>
    public int NoiseBands { get; }

    /// <summary>Centre of the lowest noise band in Hz.</summary>
    public double NoiseLowHz { get; }

    /// <summary>Centre of the highest noise band in Hz.</summary>
    public double NoiseHighHz { get; }

    /// <summary>Anti-alias fade width as a fraction of the sample rate.</summary>
    public double AliasFade { get; }

    /// <summary>Initial xorshift32 state of the noise generator.</summary>
    public uint NoiseSeed { get; }

    /// <summary>
    /// Samples per control frame: SampleRate / FrameRate rounded to the nearest integer (halves
    /// away from zero). Exact at 32, 48 and 96 kHz with 200 frames/s (160, 240, 480); at 44.1 kHz
    /// it is 221 and frames run at <see cref="EffectiveFrameRate"/> (199.5 Hz) instead.
    /// </summary>
    public int Hop { get; }

    /// <summary>The frame rate actually rendered: SampleRate / Hop.</summary>
    public double EffectiveFrameRate => (double)SampleRate / Hop;
}
