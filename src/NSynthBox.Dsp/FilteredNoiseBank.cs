using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NSynthBox.Dsp;

/// <summary>
/// The noise part of the synthesizer (docs/SYNTH.md, "Noise"): xorshift32 white noise through
/// a bank of RBJ band-pass biquads, each band scaled by a per-sample interpolated gain.
/// </summary>
/// <remarks>
/// Filtering is linear and gains are interpolated linearly, so one bank fed with the SUM of all
/// voices' band gains renders the same audio as one bank per voice: the engine owns a single
/// instance and noise costs the same for 1 voice or 64. The bank runs continuously (it is a
/// stream: each <see cref="Render"/> consumes the next samples of the noise sequence); the
/// reference renderer corresponds to a fresh bank (see <see cref="Reset"/>).
/// Coefficients are computed and the filters run in double, like the float64 reference (the
/// lowest band's poles sit within 1e-3 of the unit circle, where float32 coefficients would
/// audibly shift the response), vectorised across bands with three vectors of bands in flight
/// so that each filter's feedback latency is hidden. No allocation after construction.
/// </remarks>
public sealed class FilteredNoiseBank
{
    /// <summary>Onset bursts sounding at once; a further one replaces the quietest (docs/SYNTH.md, "Onset transient").</summary>
    public const int MaxBursts = 16;

    /// <summary>Shortest and longest burst decay time constant, seconds; others are clamped to these.</summary>
    public const float MinBurstSeconds = 0.0005f;

    /// <inheritdoc cref="MinBurstSeconds"/>
    public const float MaxBurstSeconds = 0.05f;

    /// <summary>A burst whose envelope has fallen below this (-80 dB) is dropped.</summary>
    public const double BurstFloor = 1e-4;

    // Gains below -300 dB are silence (and would be subnormal-prone).
    private const float TinyGain = 1e-15f;

    private readonly int _hop;
    private readonly int _bands;
    private readonly int _activeBands;
    private readonly uint _seed;

    // Per band, padded with silent bands to a whole number of groups of three Vector<double>.
    private readonly double[] _b0;
    private readonly double[] _b2;
    private readonly double[] _a1;
    private readonly double[] _a2;
    private readonly double[] _state;        // [z1 ..., z2 ...] (transposed direct form II)
    private readonly double[] _gainStart;
    private readonly double[] _gainDelta;
    private readonly float[] _gainTarget;
    private readonly double[] _alpha;               // j / hop
    private readonly double[] _noiseScratch;        // white noise of the block
    private readonly Vector<double>[] _sumScratch;  // per-sample weighted band sum, one lane per band slot
    private readonly double[] _burstGains;          // [MaxBursts, padded bands]: each burst's band gains
    private readonly double[] _burstLevel;          // each burst's envelope at the next sample
    private readonly double[] _burstDecay;          // each burst's per-sample envelope factor
    private readonly double[] _burstScratch;        // [hop, padded bands]: the bursts' summed gains per sample of the block
    private readonly double _sampleRate;
    private int _burstCount;                        // bursts 0.._burstCount-1 are sounding

    private uint _noise;

    /// <summary>Creates the bank and computes its coefficients; all buffers are allocated here.</summary>
    public FilteredNoiseBank(SynthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _hop = settings.Hop;
        _bands = settings.NoiseBands;
        _seed = settings.NoiseSeed;

        int group = 3 * Vector<double>.Count;
        int padded = (_bands + group - 1) / group * group;
        _b0 = new double[padded];
        _b2 = new double[padded];
        _a1 = new double[padded];
        _a2 = new double[padded];
        _state = new double[2 * padded];
        _gainStart = new double[padded];
        _gainDelta = new double[padded];
        _gainTarget = new float[_bands];
        _alpha = new double[_hop];
        for (int j = 0; j < _hop; j++)
        {
            _alpha[j] = (double)j / _hop;
        }

        _noiseScratch = new double[_hop];
        _sumScratch = new Vector<double>[_hop];
        _burstGains = new double[MaxBursts * padded];
        _burstLevel = new double[MaxBursts];
        _burstDecay = new double[MaxBursts];
        _burstScratch = new double[_hop * padded];
        _sampleRate = settings.SampleRate;

        // Centres log-spaced NoiseLowHz..NoiseHighHz; Q makes neighbouring bands meet at their
        // -3 dB points. Band b keeps its slot (and its gain index) even when it is skipped.
        double ratio = Math.Pow(settings.NoiseHighHz / settings.NoiseLowHz, 1.0 / (_bands - 1));
        double q = 1.0 / (Math.Sqrt(ratio) - 1.0 / Math.Sqrt(ratio));
        for (int b = 0; b < _bands; b++)
        {
            double centre = settings.NoiseLowHz * Math.Pow(ratio, b);
            if (centre > 0.45 * settings.SampleRate)
            {
                continue;
            }

            double w0 = 2.0 * Math.PI * centre / settings.SampleRate;
            double alpha = Math.Sin(w0) / (2.0 * q);
            double a0 = 1.0 + alpha;
            _b0[b] = alpha / a0;
            _b2[b] = -alpha / a0;
            _a1[b] = -2.0 * Math.Cos(w0) / a0;
            _a2[b] = (1.0 - alpha) / a0;
            _activeBands++;
        }

        Reset();
    }

    /// <summary>Samples per frame (<see cref="SynthSettings.Hop"/>).</summary>
    public int Hop => _hop;

    /// <summary>Bands that sound at this sample rate (centres above 0.45 * sr are skipped).</summary>
    public int ActiveBands => _activeBands;

    /// <summary>Onset bursts sounding now (at most <see cref="MaxBursts"/>).</summary>
    public int ActiveBursts => _burstCount;

    /// <summary>The filter state (z1 of every band, then z2), for tests.</summary>
    internal ReadOnlySpan<double> FilterState => _state;

    /// <summary>Restarts the noise sequence from the seed with silent filters and zero gains.</summary>
    public void Reset()
    {
        _noise = _seed;
        _state.AsSpan().Clear();
        _gainStart.AsSpan().Clear();
        _gainDelta.AsSpan().Clear();
        _gainTarget.AsSpan().Clear();
        _burstCount = 0;
    }

    /// <summary>
    /// Starts an onset burst with the next sample rendered: band b's gain gets
    /// <c>bandGains[b] * exp(-m / (tau * sr))</c> added at the m-th sample from now, until that
    /// envelope falls below <see cref="BurstFloor"/>. Tau is clamped to
    /// [<see cref="MinBurstSeconds"/>, <see cref="MaxBurstSeconds"/>]; non-finite gains count as 0.
    /// With <see cref="MaxBursts"/> sounding, the new burst replaces the one with the lowest envelope.
    /// No allocation.
    /// </summary>
    /// <exception cref="ArgumentException">The gain count is not <see cref="SynthSettings.NoiseBands"/>.</exception>
    public void AddBurst(ReadOnlySpan<float> bandGains, float decaySeconds)
    {
        if (bandGains.Length != _bands)
        {
            throw new ArgumentException($"Expected {_bands} burst band gains, got {bandGains.Length}.", nameof(bandGains));
        }

        int slot = _burstCount < MaxBursts ? _burstCount++ : QuietestBurst();
        int padded = _b0.Length;
        var gains = _burstGains.AsSpan(slot * padded, padded);
        gains.Clear();
        for (int b = 0; b < _bands; b++)
        {
            float gain = bandGains[b];
            gains[b] = float.IsFinite(gain) && MathF.Abs(gain) >= TinyGain && _b0[b] != 0 ? gain : 0;
        }

        float tau = float.IsFinite(decaySeconds) ? Math.Clamp(decaySeconds, MinBurstSeconds, MaxBurstSeconds) : MinBurstSeconds;
        _burstLevel[slot] = 1.0;
        _burstDecay[slot] = Math.Exp(-1.0 / (tau * _sampleRate));
    }

    private int QuietestBurst()
    {
        int quietest = 0;
        for (int i = 1; i < _burstCount; i++)
        {
            if (_burstLevel[i] < _burstLevel[quietest])
            {
                quietest = i;
            }
        }

        return quietest;
    }

    /// <summary>Sums the bursts' gains for each sample of the block into the scratch and drops the bursts that have faded.</summary>
    private void FillBurstGains(int count)
    {
        int padded = _b0.Length;
        var rows = MemoryMarshal.Cast<double, Vector<double>>(_burstScratch.AsSpan(0, count * padded));
        rows.Clear();
        int vectorsPerRow = padded / Vector<double>.Count;
        for (int burst = 0; burst < _burstCount; burst++)
        {
            var gains = MemoryMarshal.Cast<double, Vector<double>>(_burstGains.AsSpan(burst * padded, padded));
            double level = _burstLevel[burst];
            double decay = _burstDecay[burst];
            for (int i = 0; i < count && level >= BurstFloor; i++)
            {
                var row = rows.Slice(i * vectorsPerRow, vectorsPerRow);
                var scale = new Vector<double>(level);
                for (int v = 0; v < vectorsPerRow; v++)
                {
                    row[v] = Vector.MultiplyAddEstimate(gains[v], scale, row[v]);
                }

                level *= decay;
            }

            _burstLevel[burst] = level;
        }

        // Drop the faded bursts by moving the last one into their slot.
        for (int burst = _burstCount - 1; burst >= 0; burst--)
        {
            if (_burstLevel[burst] >= BurstFloor)
            {
                continue;
            }

            int last = --_burstCount;
            if (burst != last)
            {
                _burstGains.AsSpan(last * padded, padded).CopyTo(_burstGains.AsSpan(burst * padded, padded));
                _burstLevel[burst] = _burstLevel[last];
                _burstDecay[burst] = _burstDecay[last];
            }
        }
    }

    /// <summary>
    /// Pushes the next frame of band gains (the sum over voices): the previous target becomes
    /// the start of the frame to render. Non-finite gains are treated as 0.
    /// </summary>
    /// <exception cref="ArgumentException">The gain count is not <see cref="SynthSettings.NoiseBands"/>.</exception>
    public void SetFrame(ReadOnlySpan<float> bandGains)
    {
        if (bandGains.Length != _bands)
        {
            throw new ArgumentException($"Expected {_bands} noise band gains, got {bandGains.Length}.", nameof(bandGains));
        }

        for (int b = 0; b < _bands; b++)
        {
            float gain = bandGains[b];
            if (!float.IsFinite(gain) || MathF.Abs(gain) < TinyGain || _b0[b] == 0)
            {
                gain = 0;
            }

            _gainStart[b] = _gainTarget[b];
            _gainDelta[b] = (double)gain - _gainTarget[b];
            _gainTarget[b] = gain;
        }
    }

    /// <summary>
    /// ADDS the next destination.Length noise samples, interpolating the gains for positions
    /// <paramref name="sampleInFrame"/>.. of the current frame. Blocks must not cross the frame end.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the frame.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // no slow tier-0 code on the audio thread at start-up
    public void Render(Span<float> destination, int sampleInFrame)
    {
        if ((uint)sampleInFrame > (uint)_hop || destination.Length > _hop - sampleInFrame)
        {
            throw new ArgumentOutOfRangeException(
                nameof(sampleInFrame), $"Samples {sampleInFrame}..{sampleInFrame + destination.Length - 1} are not inside a {_hop}-sample frame.");
        }

        int count = destination.Length;
        Span<double> noise = _noiseScratch.AsSpan(0, count);
        uint state = _noise;
        for (int i = 0; i < noise.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            noise[i] = (state >> 8) / 8388608.0 - 1.0;
        }

        _noise = state;
        bool bursts = _burstCount > 0;
        if (bursts)
        {
            FillBurstGains(count);
        }

        Span<Vector<double>> sums = _sumScratch.AsSpan(0, count);
        sums.Clear();
        ReadOnlySpan<double> alphas = _alpha.AsSpan(sampleInFrame, count);
        int vectors = _b0.Length / Vector<double>.Count;
        for (int v = 0; v < vectors; v += 3)
        {
            FilterThreeVectors(v, noise, alphas, sums, bursts);
        }

        for (int i = 0; i < count; i++)
        {
            destination[i] += (float)Vector.Sum(sums[i]);
        }

        // The bank is always excited by full-scale noise, so its state normally stays near 0.1;
        // this guard (2 x bands compares per block) guarantees it can never decay into subnormals.
        Denormal.Flush(_state);
    }

    /// <summary>
    /// Runs three vectors of bands over the block with their state in registers: the three
    /// recursions are independent, which hides the latency of each one's feedback loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FilterThreeVectors(int first, ReadOnlySpan<double> noise, ReadOnlySpan<double> alphas, Span<Vector<double>> sums, bool bursts)
    {
        var burstGains = MemoryMarshal.Cast<double, Vector<double>>(_burstScratch.AsSpan());
        int vectorsPerRow = _b0.Length / Vector<double>.Count;
        var b0 = MemoryMarshal.Cast<double, Vector<double>>(_b0).Slice(first, 3);
        var b2 = MemoryMarshal.Cast<double, Vector<double>>(_b2).Slice(first, 3);
        var a1 = MemoryMarshal.Cast<double, Vector<double>>(_a1).Slice(first, 3);
        var a2 = MemoryMarshal.Cast<double, Vector<double>>(_a2).Slice(first, 3);
        var gainStart = MemoryMarshal.Cast<double, Vector<double>>(_gainStart).Slice(first, 3);
        var gainDelta = MemoryMarshal.Cast<double, Vector<double>>(_gainDelta).Slice(first, 3);
        var state = MemoryMarshal.Cast<double, Vector<double>>(_state.AsSpan());
        var z1 = state.Slice(first, 3);
        var z2 = state.Slice(_b0.Length / Vector<double>.Count + first, 3);

        Vector<double> b0A = b0[0], b0B = b0[1], b0C = b0[2];
        Vector<double> b2A = b2[0], b2B = b2[1], b2C = b2[2];
        Vector<double> a1A = a1[0], a1B = a1[1], a1C = a1[2];
        Vector<double> a2A = a2[0], a2B = a2[1], a2C = a2[2];
        Vector<double> gsA = gainStart[0], gsB = gainStart[1], gsC = gainStart[2];
        Vector<double> gdA = gainDelta[0], gdB = gainDelta[1], gdC = gainDelta[2];
        Vector<double> z1A = z1[0], z1B = z1[1], z1C = z1[2];
        Vector<double> z2A = z2[0], z2B = z2[1], z2C = z2[2];

        for (int i = 0; i < sums.Length; i++)
        {
            var u = new Vector<double>(noise[i]);
            var alpha = new Vector<double>(alphas[i]);

            // Transposed direct form II (as scipy's lfilter), b1 = 0.
            var yA = Vector.MultiplyAddEstimate(b0A, u, z1A);
            var yB = Vector.MultiplyAddEstimate(b0B, u, z1B);
            var yC = Vector.MultiplyAddEstimate(b0C, u, z1C);
            z1A = z2A - a1A * yA;
            z1B = z2B - a1B * yB;
            z1C = z2C - a1C * yC;
            z2A = b2A * u - a2A * yA;
            z2B = b2B * u - a2B * yB;
            z2C = b2C * u - a2C * yC;

            var gainA = Vector.MultiplyAddEstimate(alpha, gdA, gsA);
            var gainB = Vector.MultiplyAddEstimate(alpha, gdB, gsB);
            var gainC = Vector.MultiplyAddEstimate(alpha, gdC, gsC);
            if (bursts)
            {
                int row = (i * vectorsPerRow) + first;
                gainA += burstGains[row];
                gainB += burstGains[row + 1];
                gainC += burstGains[row + 2];
            }

            var sum = Vector.MultiplyAddEstimate(gainA, yA, sums[i]);
            sum = Vector.MultiplyAddEstimate(gainB, yB, sum);
            sums[i] = Vector.MultiplyAddEstimate(gainC, yC, sum);
        }

        z1[0] = z1A;
        z1[1] = z1B;
        z1[2] = z1C;
        z2[0] = z2A;
        z2[1] = z2B;
        z2[2] = z2C;
    }
}
