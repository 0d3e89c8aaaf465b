using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NSynthBox.Dsp;

/// <summary>
/// The harmonic part of one voice (docs/SYNTH.md, "Harmonics"): a sum of up to
/// <see cref="SynthSettings.Harmonics"/> sines at k * f0 with per-sample linear interpolation of
/// f0 and amplitudes between control frames, and the anti-alias fade below Nyquist.
/// </summary>
/// <remarks>
/// <para>
/// Frames: every <see cref="SetFrame"/> pushes one parameter frame. The frame being rendered
/// interpolates from the previous parameter frame (start) to the latest one (target) over one
/// hop, so N hops of audio need N + 1 parameter frames, exactly as in the reference renderer.
/// Two ways to begin a note:
/// <list type="bullet">
/// <item><see cref="Reset"/> then <see cref="SetFrame"/>: the first rendered frame ramps the
/// amplitudes from 0 (no click) at the new pitch (f0 does not glide up from 0 Hz). This is what
/// the engine does for a new note, as the spec requires.</item>
/// <item><see cref="Start"/>: the given values are parameter frame 0 with no ramp; the next
/// <see cref="SetFrame"/> makes frame 0 -> 1 current. This reproduces the reference renderer
/// (<c>render_reference</c>) sample for sample and suits offline rendering.</item>
/// </list>
/// </para>
/// <para>
/// Real time: no allocation, lock or exception after construction (except for argument
/// errors). The phase is exact 64-bit fixed point (2^64 = one cycle), so any sample of a frame
/// can be rendered in any block split with bit-identical results; harmonic k's phase is
/// k * phase mod 1 taken as a wrapping 32-bit integer product, and its sine is a float
/// polynomial evaluated on <see cref="Vector{T}"/> lanes of consecutive samples.
/// </para>
/// <para>
/// Stretched partials (docs/SYNTH.md, "Stretched partials"): a frame with inharmonicity B &gt; 0 moves
/// harmonic k to k * f0 * sqrt(1 + B k^2). From the first such frame until the next note, each
/// partial keeps its own phase (double, at the frame start; per vector of samples, at fixed offsets
/// in the frame, a closed form of the sample index, so block splits still cannot change a sample),
/// which costs about 1.4x the plain path per partial-sample (the Dsp tests' performance report). A
/// note that never stretches stays on the exact fixed-point path above.
/// </para>
/// </remarks>
public sealed class HarmonicOscillator
{
    private const double TwoPow64 = 18446744073709551616.0;

    // Amplitudes below -300 dB are silence; zeroing them also keeps subnormal floats (slow on
    // many CPUs) out of the kernel.
    private const float TinyAmplitude = 1e-15f;

    /// <summary>Largest inharmonicity B accepted; larger values are clamped to it.</summary>
    public const float MaxStretch = 1e-2f;

    private readonly int _hop;
    private readonly int _harmonics;
    private readonly double _sampleRate;
    private readonly double _aliasFade;

    // Weight w_k = clamp(FadeCentre - k * f0 * FadePerHz, 0, 1) = clamp((sr/2 - k f0) / (fade sr), 0, 1).
    private readonly float _fadeCentre;
    private readonly float _fadePerHz;

    private readonly float[] _alpha;        // j / hop for j in [0, hop + vector width)
    private readonly float[] _start;        // amplitudes at the start of the current frame
    private readonly float[] _delta;        // target - start
    private readonly float[] _target;       // amplitudes at the end of the current frame
    private readonly int[] _phaseScratch;   // per-sample phase, 32-bit fixed point
    private readonly float[] _sumScratch;   // per-sample harmonic sum before it is added to the output
    private readonly double[] _psi;         // stretched: each partial's phase at sample 0 of the current frame, cycles in [0, 1)
    private readonly double[] _multiple;    // stretched: s_k * k of the current frame
    private readonly float[] _multipleFloat; // the same in float, for the lanes' phase inside a vector
    private readonly double[] _advanceScratch; // stretched: per sample, the fundamental's phase advance since the frame start (cycles)
    private readonly float[] _vectorPhaseScratch; // stretched: each partial's phase at the current vector's first sample, cycles in [0, 1)

    private ulong _phaseAtStart;            // phase at sample 0 of the current frame
    private ulong _phaseAtTarget;           // phase at sample 0 of the next frame
    private ulong _increment;               // phase step of sample 0 of the current frame
    private ulong _incrementStep;           // per-sample change of the step (two's complement)
    private float _f0Start;
    private float _f0Target;
    private bool _f0Pending;                // set by Reset: the next f0 is also the start f0
    private bool _hasFrame;                 // a frame is current (SetFrame after Reset/Start)
    private int _fullWeightCount;           // harmonics 1.._fullWeightCount have weight 1 over the frame
    private int _activeCount;               // harmonics above this are silent over the whole frame
    private bool _stretched;                // a frame of this note had B > 0: partials run on their own phases

    /// <summary>Creates a silent oscillator; all buffers are allocated here.</summary>
    public HarmonicOscillator(SynthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _hop = settings.Hop;
        _harmonics = settings.Harmonics;
        _sampleRate = settings.SampleRate;
        _aliasFade = settings.AliasFade;
        _fadeCentre = (float)(0.5 / settings.AliasFade);
        _fadePerHz = (float)(1.0 / (settings.AliasFade * settings.SampleRate));

        int width = Vector<float>.Count;
        int padded = (_hop + width - 1) / width * width;
        _alpha = new float[_hop + width];
        for (int j = 0; j < _alpha.Length; j++)
        {
            _alpha[j] = (float)((double)j / _hop);
        }

        _start = new float[_harmonics];
        _delta = new float[_harmonics];
        _target = new float[_harmonics];
        _phaseScratch = new int[padded];
        _sumScratch = new float[padded];
        // Padded to whole pairs of double vectors: the stretched kernel reads partials in eights (the padding is never used).
        int partialsPadded = (_harmonics + (2 * Vector<double>.Count) - 1) / (2 * Vector<double>.Count) * (2 * Vector<double>.Count);
        _psi = new double[partialsPadded];
        _multiple = new double[partialsPadded];
        _multipleFloat = new float[_harmonics];
        _advanceScratch = new double[padded];
        _vectorPhaseScratch = new float[partialsPadded];
        Reset();
    }

    /// <summary>Samples per frame (<see cref="SynthSettings.Hop"/>).</summary>
    public int Hop => _hop;

    /// <summary>The most recent f0 given to <see cref="SetFrame"/> or <see cref="Start"/>, in Hz.</summary>
    public float CurrentF0 => _f0Target;

    /// <summary>Harmonics computed for the current frame (the rest are silent or beyond Nyquist).</summary>
    public int ActiveHarmonics => _hasFrame ? _activeCount : 0;

    /// <summary>True once a frame of the current note had a stretch B &gt; 0 (the slower per-partial path).</summary>
    public bool IsStretched => _stretched;

    /// <summary>True when rendering the current frame would add nothing.</summary>
    public bool IsSilent => !_hasFrame || _activeCount == 0;

    /// <summary>
    /// Prepares a new note that fades in: sets the phase (cycles; the fractional part is used),
    /// zeroes the amplitudes and forgets f0. The next <see cref="SetFrame"/> starts a frame that
    /// ramps the amplitudes up from 0 at that frame's f0. Renders nothing until then.
    /// </summary>
    public void Reset(double phase = 0)
    {
        _phaseAtTarget = ToFixedPhase(phase);
        _phaseAtStart = _phaseAtTarget;
        _start.AsSpan().Clear();
        _delta.AsSpan().Clear();
        _target.AsSpan().Clear();
        _f0Start = 0;
        _f0Target = 0;
        _f0Pending = true;
        _hasFrame = false;
        _fullWeightCount = 0;
        _activeCount = 0;
        _increment = 0;
        _incrementStep = 0;
        _stretched = false;
    }

    /// <summary>
    /// Sets parameter frame 0 directly, without the fade-in ramp: the next <see cref="SetFrame"/>
    /// makes the frame from these values to its values current, starting at <paramref name="phase"/>.
    /// Renders nothing until then. Use for offline and reference rendering.
    /// </summary>
    /// <exception cref="ArgumentException">The amplitude count is not <see cref="SynthSettings.Harmonics"/>.</exception>
    public void Start(double phase, float f0Hz, ReadOnlySpan<float> amplitudes)
    {
        CheckAmplitudeCount(amplitudes);
        Reset(phase);
        _f0Target = SanitizeF0(f0Hz);
        _f0Pending = false;
        for (int k = 0; k < _harmonics; k++)
        {
            _target[k] = SanitizeAmplitude(amplitudes[k]);
        }
    }

    /// <summary>
    /// Pushes the next parameter frame: the previous target becomes the start of the frame to
    /// render and these values its target. Non-finite values are treated as 0; f0 is clamped to
    /// [0, sr/2] (everything above Nyquist is silent anyway).
    /// </summary>
    /// <param name="f0Hz">Fundamental frequency in Hz at the end of the frame.</param>
    /// <param name="amplitudes">Linear sine amplitude of harmonics 1..K, K = <see cref="SynthSettings.Harmonics"/>.</param>
    /// <param name="stretch">Inharmonicity B of this frame, clamped to [0, <see cref="MaxStretch"/>] (non-finite: 0).</param>
    /// <exception cref="ArgumentException">The amplitude count is not <see cref="SynthSettings.Harmonics"/>.</exception>
    public void SetFrame(float f0Hz, ReadOnlySpan<float> amplitudes, float stretch = 0f)
    {
        CheckAmplitudeCount(amplitudes);
        if (_stretched && _hasFrame)
        {
            AdvancePartialPhases();
        }

        float f0 = SanitizeF0(f0Hz);
        if (_f0Pending)
        {
            _f0Target = f0;
            _f0Pending = false;
        }

        _f0Start = _f0Target;
        _f0Target = f0;

        // Sample j of the frame steps the phase by f0[j] / sr with f0[j] = f0s + (j / hop) (f0t - f0s);
        // in fixed point the phase at any j is a closed form, so block splits cannot change it.
        _phaseAtStart = _phaseAtTarget;
        _increment = (ulong)(_f0Start / _sampleRate * TwoPow64);
        _incrementStep = unchecked((ulong)(long)Math.Round((f0 - _f0Start) / (_sampleRate * _hop) * TwoPow64));
        _phaseAtTarget = PhaseAt(_hop);
        SetStretch(SanitizeStretch(stretch));

        for (int k = 0; k < _harmonics; k++)
        {
            float from = _target[k];
            float to = SanitizeAmplitude(amplitudes[k]);
            _start[k] = from;
            _target[k] = to;
            _delta[k] = to - from;
        }

        UpdateActiveHarmonics();
    }

    /// <summary>
    /// Begins a new note part-way through the current frame (live playing starts a note at the
    /// next audio period instead of the next frame boundary). From <paramref name="sampleInFrame"/>
    /// to the end of the frame the amplitudes rise from 0, at pitch <paramref name="f0Hz"/>, with the
    /// note's phase 0 at its first sample. The rise is never steeper than a full one over
    /// <paramref name="minimumRampSamples"/>: a note that starts close to the frame's end reaches only
    /// that share of the amplitudes and the next <see cref="SetFrame"/> carries it on from there, so a
    /// late start cannot click. Afterwards <see cref="SetFrame"/> continues as for any note.
    /// </summary>
    /// <exception cref="ArgumentException">The amplitude count is not <see cref="SynthSettings.Harmonics"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sample is not inside the frame, or the ramp is shorter than one sample.</exception>
    public void StartMidFrame(int sampleInFrame, float f0Hz, ReadOnlySpan<float> amplitudes, int minimumRampSamples, float stretch = 0f)
    {
        CheckAmplitudeCount(amplitudes);
        if ((uint)sampleInFrame >= (uint)_hop)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleInFrame), $"Sample {sampleInFrame} is not inside a {_hop}-sample frame.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minimumRampSamples, 1);
        Reset();
        float f0 = SanitizeF0(f0Hz);
        _f0Start = f0;
        _f0Target = f0;
        _f0Pending = false;
        _increment = (ulong)(f0 / _sampleRate * TwoPow64);
        _incrementStep = 0;
        _phaseAtStart = unchecked(0UL - _increment * (ulong)sampleInFrame);
        _phaseAtTarget = PhaseAt(_hop);
        float b = SanitizeStretch(stretch);
        if (b > 0)
        {
            // Every partial's phase is 0 at the note's first sample.
            SetStretch(b);
            double advance = sampleInFrame * (double)f0 / _sampleRate;
            for (int k = 0; k < _harmonics; k++)
            {
                double psi = -_multiple[k] * advance;
                _psi[k] = psi - Math.Floor(psi);
            }
        }

        // a(j) = start + (j / hop) delta is 0 at j = sampleInFrame and `reach` of the amplitude at j = hop.
        int remaining = _hop - sampleInFrame;
        float reach = Math.Min(1f, (float)remaining / minimumRampSamples);
        for (int k = 0; k < _harmonics; k++)
        {
            float to = SanitizeAmplitude(amplitudes[k] * reach);
            _target[k] = to;
            _delta[k] = to * _hop / remaining;
            _start[k] = -to * sampleInFrame / remaining;
        }

        UpdateActiveHarmonics();
    }

    /// <summary>
    /// Re-aims a sounding note part-way through the current frame (live: the finger moved, and the
    /// new timbre should not wait for the next frame boundary). From <paramref name="sampleInFrame"/>
    /// the amplitudes leave the values they have there and move in a straight line towards
    /// <paramref name="amplitudes"/>, reached at the end of the frame, but never faster than a full
    /// change over <paramref name="minimumRampSamples"/> (near the frame's end only that share is
    /// reached; the next <see cref="SetFrame"/> goes on from there). Pitch and phase are untouched.
    /// </summary>
    /// <exception cref="ArgumentException">The amplitude count is not <see cref="SynthSettings.Harmonics"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sample is not inside the frame, or the ramp is shorter than one sample.</exception>
    public void RetargetMidFrame(int sampleInFrame, ReadOnlySpan<float> amplitudes, int minimumRampSamples)
    {
        CheckAmplitudeCount(amplitudes);
        if ((uint)sampleInFrame >= (uint)_hop)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleInFrame), $"Sample {sampleInFrame} is not inside a {_hop}-sample frame.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(minimumRampSamples, 1);
        int remaining = _hop - sampleInFrame;
        float reach = Math.Min(1f, (float)remaining / minimumRampSamples);
        for (int k = 0; k < _harmonics; k++)
        {
            // a(j) = start + (j / hop) delta: keep a(sampleInFrame), aim a(hop) at the new value.
            float alpha = _alpha[sampleInFrame];
            float now = _start[k] + alpha * _delta[k];
            float to = now + reach * (SanitizeAmplitude(amplitudes[k]) - now);
            _delta[k] = (to - now) * _hop / remaining;
            _start[k] = now - alpha * _delta[k];
            _target[k] = to;
        }

        UpdateActiveHarmonics();
    }

    /// <summary>Stretch of the frame being made current; the first B &gt; 0 of a note moves it to per-partial phases, starting from k * phase.</summary>
    private void SetStretch(float b)
    {
        if (!_stretched)
        {
            if (b <= 0)
            {
                return;
            }

            _stretched = true;
            for (int k = 0; k < _harmonics; k++)
            {
                _psi[k] = unchecked((ulong)(k + 1) * _phaseAtStart) / TwoPow64;
            }
        }

        for (int k = 0; k < _harmonics; k++)
        {
            double harmonic = k + 1;
            _multiple[k] = harmonic * Math.Sqrt(1.0 + b * harmonic * harmonic);
            _multipleFloat[k] = (float)_multiple[k];
        }
    }

    /// <summary>Moves each partial's phase from the start of the frame just rendered to the start of the next.</summary>
    private void AdvancePartialPhases()
    {
        double advance = AdvanceAt(_hop);
        for (int k = 0; k < _harmonics; k++)
        {
            double psi = _psi[k] + _multiple[k] * advance;
            _psi[k] = psi - Math.Floor(psi);
        }
    }

    /// <summary>The fundamental's phase advance from the frame start to sample j, in cycles (f0 linear in the frame).</summary>
    private double AdvanceAt(int j) =>
        (j * (double)_f0Start + ((double)_f0Target - _f0Start) * ((double)j * (j - 1) / (2.0 * _hop))) / _sampleRate;

    private void UpdateActiveHarmonics()
    {
        if (_stretched)
        {
            UpdateActiveStretchedPartials();
            return;
        }

        // f0 moves monotonically within the frame, so the weights at its two ends bound them all:
        // harmonics at or above Nyquist at both ends (k f0 >= sr/2) or with zero amplitude are
        // skipped, and those at full weight at both ends skip the per-sample weight.
        double f0Min = Math.Min(_f0Start, _f0Target);
        double f0Max = Math.Max(_f0Start, _f0Target);
        int active = _harmonics;
        if (f0Min > 0)
        {
            active = (int)Math.Min(active, Math.Ceiling(0.5 * _sampleRate / f0Min) - 1);
        }

        while (active > 0 && _start[active - 1] == 0 && _target[active - 1] == 0)
        {
            active--;
        }

        int full = active;
        if (f0Max > 0)
        {
            full = (int)Math.Min(full, Math.Floor((0.5 - _aliasFade) * _sampleRate / f0Max));
            while (full > 0 && (0.5 * _sampleRate - full * f0Max) / (_aliasFade * _sampleRate) < 1.0)
            {
                full--;
            }
        }

        _activeCount = active;
        _fullWeightCount = full;
        _hasFrame = true;
    }

    private void UpdateActiveStretchedPartials()
    {
        // s_k k grows with k, so the partials at or above Nyquist at the frame's lower f0 are a tail.
        double f0Min = Math.Min(_f0Start, _f0Target);
        int active = _harmonics;
        while (active > 0 && (_multiple[active - 1] * f0Min >= 0.5 * _sampleRate || (_start[active - 1] == 0 && _target[active - 1] == 0)))
        {
            active--;
        }

        // Partials whose anti-alias weight is 1 over the whole frame skip it, as in the plain path. They stay
        // 0.1 % of the fade clear of its edge, so the kernel's float weight would have clamped to exactly 1.
        double f0Max = Math.Max(_f0Start, _f0Target);
        double fullBelow = (0.5 - (1.001 * _aliasFade)) * _sampleRate;
        int full = 0;
        while (full < active && _multiple[full] * f0Max <= fullBelow)
        {
            full++;
        }

        _activeCount = active;
        _fullWeightCount = full;
        _hasFrame = true;
    }

    /// <summary>
    /// ADDS the current frame's samples <paramref name="sampleInFrame"/> ..
    /// <paramref name="sampleInFrame"/> + destination.Length - 1 to <paramref name="destination"/>.
    /// Blocks may split a frame anywhere; they must not cross its end (call <see cref="SetFrame"/>
    /// at the boundary). Adds nothing before the first frame.
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
        if (count == 0 || IsSilent)
        {
            return;
        }

        int width = Vector<float>.Count;
        int vectors = (count + width - 1) / width;
        int padded = vectors * width;

        if (_stretched)
        {
            // Vectors start at multiples of the width inside the frame, wherever the block starts: each
            // vector's phase is anchored at its first sample, so block splits still cannot change a sample.
            int aligned = sampleInFrame - (sampleInFrame % width);
            int lead = sampleInFrame - aligned;
            int alignedPadded = (lead + count + width - 1) / width * width;
            Span<double> advance = _advanceScratch.AsSpan(0, alignedPadded);
            for (int i = 0; i < advance.Length; i++)
            {
                advance[i] = AdvanceAt(aligned + i);
            }

            RenderStretchedPartials(advance, aligned, _sumScratch.AsSpan(0, alignedPadded));
            AddScratch(destination, lead);
            return;
        }

        // Per-sample phase, rounded to 32 bits (2^32 = one cycle); lanes past the end are harmless.
        Span<int> phases = _phaseScratch.AsSpan(0, padded);
        ulong phase = PhaseAt(sampleInFrame) + 0x8000_0000UL;
        ulong increment = _increment + _incrementStep * (ulong)sampleInFrame;
        for (int i = 0; i < phases.Length; i++)
        {
            phases[i] = (int)(uint)(phase >> 32);
            phase += increment;
            increment += _incrementStep;
        }

        RenderHarmonics(MemoryMarshal.Cast<int, Vector<int>>(phases), sampleInFrame, _sumScratch.AsSpan(0, padded));
        AddScratch(destination, 0);
    }

    private void AddScratch(Span<float> destination, int offset)
    {
        int count = destination.Length;
        int width = Vector<float>.Count;
        ref float sum = ref _sumScratch[offset];
        ref float output = ref MemoryMarshal.GetReference(destination);
        int n = 0;
        for (; n <= count - width; n += width)
        {
            (Vector.LoadUnsafe(ref output, (nuint)n) + Vector.LoadUnsafe(ref sum, (nuint)n)).StoreUnsafe(ref output, (nuint)n);
        }

        for (; n < count; n++)
        {
            Unsafe.Add(ref output, n) += Unsafe.Add(ref sum, n);
        }
    }

    /// <summary>
    /// The hot loop: for each vector of consecutive samples, all active harmonics. Harmonic k's
    /// phase is k * phase, built by repeated wrapping integer addition (exact mod 1), and the
    /// amplitude ramp a_k = start_k + alpha * delta_k is folded into two sums so each harmonic
    /// costs one sine and two fused multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RenderHarmonics(ReadOnlySpan<Vector<int>> phases, int sampleInFrame, Span<float> sums)
    {
        int full = _fullWeightCount;
        int active = _activeCount;
        ref float start = ref MemoryMarshal.GetArrayDataReference(_start);
        ref float delta = ref MemoryMarshal.GetArrayDataReference(_delta);
        ref float alphaBase = ref _alpha[sampleInFrame];
        var output = MemoryMarshal.Cast<float, Vector<float>>(sums);
        var fadeCentre = new Vector<float>(_fadeCentre);
        var fadeF0Start = new Vector<float>(_f0Start * _fadePerHz);
        var fadeF0Delta = new Vector<float>((_f0Target - _f0Start) * _fadePerHz);
        int width = Vector<float>.Count;

        for (int v = 0; v < phases.Length; v++)
        {
            var step = phases[v];
            var alpha = Vector.LoadUnsafe(ref alphaBase, (nuint)(v * width));
            var harmonicPhase = Vector<int>.Zero;
            var sumStart = Vector<float>.Zero;
            var sumDelta = Vector<float>.Zero;
            int k = 0;
            for (; k < full; k++)
            {
                harmonicPhase += step;
                var sine = FastSine.Sin2PiFixed(harmonicPhase);
                sumStart = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref start, k)), sine, sumStart);
                sumDelta = Vector.MultiplyAddEstimate(new Vector<float>(Unsafe.Add(ref delta, k)), sine, sumDelta);
            }

            if (k < active)
            {
                // Harmonics inside the alias fade: per-sample weight from the per-sample f0.
                var fadeSlope = Vector.MultiplyAddEstimate(alpha, fadeF0Delta, fadeF0Start);
                for (; k < active; k++)
                {
                    harmonicPhase += step;
                    var sine = FastSine.Sin2PiFixed(harmonicPhase);
                    var weight = fadeCentre - new Vector<float>(k + 1) * fadeSlope;
                    weight = Vector.Min(Vector.Max(weight, Vector<float>.Zero), Vector<float>.One);
                    var amplitude = Vector.MultiplyAddEstimate(
                        alpha, new Vector<float>(Unsafe.Add(ref delta, k)), new Vector<float>(Unsafe.Add(ref start, k)));
                    sumStart = Vector.MultiplyAddEstimate(amplitude * weight, sine, sumStart);
                }
            }

            output[v] = Vector.MultiplyAddEstimate(alpha, sumDelta, sumStart);
        }
    }

    /// <summary>
    /// The stretched kernel: partial k's phase at sample j is psi_k + (s_k k) * advance(j) mod 1. Per
    /// vector of samples the phase at its first sample is taken mod 1 in double (for all partials
    /// first, on double vectors), and the lanes add (s_k k) * (advance(j) - advance(first)) in float:
    /// an active partial is below Nyquist, so that is under width / 2 cycles and float keeps it to
    /// 1e-6 of a cycle. (Double vectors for every lane cost about 1.5x as much.) The anti-alias
    /// weight uses the stretched frequency, and is skipped for the partials it leaves at 1 over the
    /// frame. Those two steps took this kernel from 2.5-2.7x the plain path's cost per partial-sample to
    /// 1.4x (performance report), the engine's synthesis at 16 voices from 39-40x real time to 48-51x
    /// (bench, piano corner), with the same output to the bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RenderStretchedPartials(ReadOnlySpan<double> advance, int sampleInFrame, Span<float> sums)
    {
        int active = _activeCount;
        ref float alphaBase = ref _alpha[sampleInFrame];
        ref double multipleBase = ref MemoryMarshal.GetArrayDataReference(_multiple);
        ref float multipleFloat = ref MemoryMarshal.GetArrayDataReference(_multipleFloat);
        ref double psiBase = ref MemoryMarshal.GetArrayDataReference(_psi);
        ref float start = ref MemoryMarshal.GetArrayDataReference(_start);
        ref float delta = ref MemoryMarshal.GetArrayDataReference(_delta);
        var advances = MemoryMarshal.Cast<double, Vector<double>>(advance);
        var output = MemoryMarshal.Cast<float, Vector<float>>(sums);
        var fadeCentre = new Vector<float>(_fadeCentre);
        var fadeF0Start = new Vector<float>(_f0Start * _fadePerHz);
        var fadeF0Delta = new Vector<float>((_f0Target - _f0Start) * _fadePerHz);
        int width = Vector<float>.Count;
        int full = _fullWeightCount;
        int doubles = Vector<double>.Count;
        ref float phaseAtBase = ref MemoryMarshal.GetArrayDataReference(_vectorPhaseScratch);

        for (int v = 0; v < output.Length; v++)
        {
            var alpha = Vector.LoadUnsafe(ref alphaBase, (nuint)(v * width));
            var fadeSlope = Vector.MultiplyAddEstimate(alpha, fadeF0Delta, fadeF0Start);
            double first = advance[v * width];
            var firstVector = new Vector<double>(first);
            var since = Vector.Narrow(advances[2 * v] - firstVector, advances[(2 * v) + 1] - firstVector);

            // Each partial's phase at the vector's first sample, mod 1 in double, two double vectors at a time
            // (the same operations, so the same bits, as one partial at a time; the arrays are padded for it).
            for (int p = 0; p < active; p += 2 * doubles)
            {
                var at0 = Vector.LoadUnsafe(ref psiBase, (nuint)p) + (Vector.LoadUnsafe(ref multipleBase, (nuint)p) * firstVector);
                var at1 = Vector.LoadUnsafe(ref psiBase, (nuint)(p + doubles)) + (Vector.LoadUnsafe(ref multipleBase, (nuint)(p + doubles)) * firstVector);
                Vector.Narrow(at0 - Vector.Floor(at0), at1 - Vector.Floor(at1)).StoreUnsafe(ref phaseAtBase, (nuint)p);
            }

            var sum = Vector<float>.Zero;
            int k = 0;
            for (; k < full; k++)
            {
                // Weight 1 over the frame: the amplitude as it is.
                var sine = PartialSine(new Vector<float>(Unsafe.Add(ref multipleFloat, k)), since, Unsafe.Add(ref phaseAtBase, k));
                var amplitude = Vector.MultiplyAddEstimate(alpha, new Vector<float>(Unsafe.Add(ref delta, k)), new Vector<float>(Unsafe.Add(ref start, k)));
                sum = Vector.MultiplyAddEstimate(amplitude, sine, sum);
            }

            for (; k < active; k++)
            {
                var multiple = new Vector<float>(Unsafe.Add(ref multipleFloat, k));
                var sine = PartialSine(multiple, since, Unsafe.Add(ref phaseAtBase, k));
                var weight = fadeCentre - multiple * fadeSlope;
                weight = Vector.Min(Vector.Max(weight, Vector<float>.Zero), Vector<float>.One);
                var amplitude = Vector.MultiplyAddEstimate(alpha, new Vector<float>(Unsafe.Add(ref delta, k)), new Vector<float>(Unsafe.Add(ref start, k)));
                sum = Vector.MultiplyAddEstimate(amplitude * weight, sine, sum);
            }

            output[v] = sum;
        }
    }

    /// <summary>
    /// A stretched partial's sine on a vector of samples: phase = its phase at the vector's first sample
    /// (cycles) + multiple * the fundamental's advance since then, wrapped to [-0.5, 0.5) cycles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> PartialSine(Vector<float> multiple, Vector<float> since, float phaseAtFirst)
    {
        var phase = Vector.MultiplyAddEstimate(multiple, since, new Vector<float>(phaseAtFirst));
        var cycles = phase - Vector.Floor(phase);
        cycles -= Vector.ConditionalSelect(Vector.GreaterThanOrEqual(cycles, new Vector<float>(0.5f)), Vector<float>.One, Vector<float>.Zero);
        return FastSine.Sin2Pi(cycles);
    }

    /// <summary>Exact phase at sample j of the current frame: start + sum of the first j steps.</summary>
    private ulong PhaseAt(int j) =>
        _phaseAtStart + (ulong)j * _increment + _incrementStep * (ulong)((long)j * (j - 1) / 2);

    private float SanitizeF0(float f0Hz)
    {
        if (!float.IsFinite(f0Hz) || f0Hz <= 0)
        {
            return 0;
        }

        float nyquist = (float)(0.5 * _sampleRate);
        return f0Hz > nyquist ? nyquist : f0Hz;
    }

    private static float SanitizeStretch(float stretch) =>
        float.IsFinite(stretch) && stretch > 0 ? Math.Min(stretch, MaxStretch) : 0f;

    private static float SanitizeAmplitude(float amplitude) =>
        float.IsFinite(amplitude) && MathF.Abs(amplitude) >= TinyAmplitude ? amplitude : 0f;

    private static ulong ToFixedPhase(double phase)
    {
        if (!double.IsFinite(phase))
        {
            return 0;
        }

        double fraction = phase - Math.Floor(phase);
        return fraction >= 1.0 ? 0 : (ulong)(fraction * TwoPow64);
    }

    private void CheckAmplitudeCount(ReadOnlySpan<float> amplitudes)
    {
        if (amplitudes.Length != _harmonics)
        {
            throw new ArgumentException(
                $"Expected {_harmonics} harmonic amplitudes, got {amplitudes.Length}.", nameof(amplitudes));
        }
    }
}
