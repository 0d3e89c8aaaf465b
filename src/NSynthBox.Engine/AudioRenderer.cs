using NSynthBox.Dsp;

namespace NSynthBox.Engine;

/// <summary>
/// The audio-thread half of the engine: takes control frames from the ring at frame boundaries
/// and renders the voices' oscillators and the shared noise bank, then the limiter. Everything
/// is preallocated: rendering a block allocates nothing, takes no lock and never waits.
/// If the worker is late, the last frame is held (the sound sustains) and the miss is counted.
/// </summary>
internal sealed class AudioRenderer
{
    private readonly FrameRing _ring;
    private readonly HarmonicOscillator[] _oscillators;
    private readonly FilteredNoiseBank _noise;
    private readonly SoftLimiter _limiter;
    private readonly bool[] _render;
    private readonly bool[] _wasActive;
    private readonly int _hop;
    private readonly int _harmonics;
    private ControlFrame? _current;
    private int _positionInFrame;
    private long _lateFrames;
    private float _peak;

    public AudioRenderer(FrameRing ring, SynthSettings synth, int slots)
    {
        _ring = ring;
        _hop = synth.Hop;
        _harmonics = synth.Harmonics;
        _oscillators = new HarmonicOscillator[slots];
        for (var i = 0; i < slots; i++) _oscillators[i] = new HarmonicOscillator(synth);
        _noise = new FilteredNoiseBank(synth);
        _limiter = new SoftLimiter();
        _render = new bool[slots];
        _wasActive = new bool[slots];
        _positionInFrame = _hop;
    }

    public long LateFrames => Volatile.Read(ref _lateFrames);

    /// <summary>Largest absolute output sample since the last call (read and reset by the control side).</summary>
    public float TakePeak() => Interlocked.Exchange(ref _peak, 0f);

    public long LimiterNonFiniteSamples => _limiter.NonFiniteCount;

    public void Render(Span<float> output)
    {
        output.Clear();
        var done = 0;
        while (done < output.Length)
        {
            if (_positionInFrame == _hop) AdvanceFrame();
            var count = Math.Min(_hop - _positionInFrame, output.Length - done);
            var block = output.Slice(done, count);
            for (var i = 0; i < _oscillators.Length; i++)
            {
                if (_render[i]) _oscillators[i].Render(block, _positionInFrame);
            }
            _noise.Render(block, _positionInFrame);
            _positionInFrame += count;
            done += count;
        }
        _limiter.Process(output);
        var peak = 0f;
        foreach (var s in output) peak = Math.Max(peak, Math.Abs(s));
        if (peak > Volatile.Read(ref _peak)) Volatile.Write(ref _peak, peak);
    }

    private void AdvanceFrame()
    {
        _positionInFrame = 0;
        var next = _ring.TryTakeNext();
        if (next is null)
        {
            if (_current is null) return;
            // Late worker: aim every voice at the targets it already has, so nothing moves.
            Volatile.Write(ref _lateFrames, _lateFrames + 1);
            Apply(_current, restart: false);
            return;
        }
        _current = next;
        Apply(next, restart: true);
    }

    private void Apply(ControlFrame frame, bool restart)
    {
        for (var i = 0; i < _oscillators.Length; i++)
        {
            if (restart && frame.Start[i]) _oscillators[i].Reset(0.0); // amplitudes ramp in from silence
            // Render a slot while it sounds, and for the one frame in which it ramps to silence.
            _render[i] = frame.Active[i] || _wasActive[i];
            if (_render[i]) _oscillators[i].SetFrame(frame.F0[i], frame.Harmonics.AsSpan(i * _harmonics, _harmonics));
            if (restart) _wasActive[i] = frame.Active[i];
        }
        _noise.SetFrame(frame.Noise);
    }
}
