using NSynthBox.Dsp;

namespace NSynthBox.Engine;

/// <summary>
/// The audio-thread half of the engine: takes control frames from the ring at frame boundaries
/// and renders the voices' oscillators and the shared noise bank, then the limiter. Everything
/// is preallocated: rendering a block allocates nothing, takes no lock and never waits.
/// If the worker is late, the last frame is held (the sound sustains) and the miss is counted.
/// A new note whose first frame the worker sent ahead (<see cref="OnsetMailbox"/>) starts at the
/// beginning of the next render call, part-way through the current frame, and holds that first
/// frame until the frame it belongs to arrives. A v2 model's sub-partials have a second, small
/// oscillator per slot, its detuned layer a third (silent while the layer's gain is 0), and its
/// onset bursts go to the shared noise bank.
/// </summary>
internal sealed class AudioRenderer
{
    /// <summary>A note started mid-frame rises no faster than over this long (1 ms: short, but no click).</summary>
    public const double OnsetRampSeconds = 0.001;

    private readonly FrameRing _ring;
    private readonly OnsetMailbox _onsets;
    private readonly HarmonicOscillator[] _oscillators;
    private readonly SubPartialOscillator[] _subOscillators; // empty for a model without sub-partials
    private readonly DetunedLayerOscillator[] _layers;        // empty for a model without a layer
    private readonly FilteredNoiseBank _noise;
    private readonly SoftLimiter _limiter;
    private readonly bool[] _render;
    private readonly bool[] _wasActive;
    private readonly long[] _earlyUntil;      // per slot: the frame an early-started note belongs to, -1 when none
    private readonly float[] _earlyF0;
    private readonly float[] _earlyHarmonics;
    private readonly float[] _earlyStretch;
    private readonly float[] _earlySubPartials;
    private readonly float[] _earlyLayerDetune;
    private readonly float[] _earlyLayerGain;
    private readonly int _hop;
    private readonly int _harmonics;
    private readonly int _noiseBands;
    private readonly int _onsetRampSamples;
    private ControlFrame? _current;
    private int _positionInFrame;
    private long _lateFrames;
    private long _retargets;
    private long _retargetsOvertaken;
    private long _earlyOnsets;
    private long _framesTaken;
    private long _rendered;
    private float _peak;

    public AudioRenderer(FrameRing ring, OnsetMailbox onsets, SynthSettings synth, int slots, bool subPartials, bool layer)
    {
        _ring = ring;
        _onsets = onsets;
        _hop = synth.Hop;
        _harmonics = synth.Harmonics;
        _oscillators = new HarmonicOscillator[slots];
        for (var i = 0; i < slots; i++) _oscillators[i] = new HarmonicOscillator(synth);
        _subOscillators = new SubPartialOscillator[subPartials ? slots : 0];
        for (var i = 0; i < _subOscillators.Length; i++) _subOscillators[i] = new SubPartialOscillator(synth);
        _layers = new DetunedLayerOscillator[layer ? slots : 0];
        for (var i = 0; i < _layers.Length; i++) _layers[i] = new DetunedLayerOscillator(synth);
        _noiseBands = synth.NoiseBands;
        _noise = new FilteredNoiseBank(synth);
        _limiter = new SoftLimiter();
        _render = new bool[slots];
        _wasActive = new bool[slots];
        _earlyUntil = new long[slots];
        Array.Fill(_earlyUntil, -1L);
        _earlyF0 = new float[slots];
        _earlyHarmonics = new float[slots * synth.Harmonics];
        _earlyStretch = new float[slots];
        _earlySubPartials = new float[slots * SubPartialOscillator.Count];
        _earlyLayerDetune = new float[slots];
        _earlyLayerGain = new float[slots];
        _onsetRampSamples = Math.Max(1, (int)(synth.SampleRate * OnsetRampSeconds));
        _positionInFrame = _hop;
        Position = new AudioPosition(synth.SampleRate);
    }

    public long LateFrames => Volatile.Read(ref _lateFrames);

    /// <summary>Onset bursts sounding in the noise bank (read by tests between render calls).</summary>
    public int ActiveBursts => _noise.ActiveBursts;

    /// <summary>Notes started at a period boundary inside a frame, ahead of their frame.</summary>
    public long EarlyOnsets => Volatile.Read(ref _earlyOnsets);

    /// <summary>Sounding voices that glided to a new finger position part-way through a frame.</summary>
    public long Retargets => Volatile.Read(ref _retargets);

    /// <summary>Glides not needed: the frame decoded at the new position reached the audio first.</summary>
    public long RetargetsOvertaken => Volatile.Read(ref _retargetsOvertaken);

    /// <summary>Where the audio is, for the worker's just-in-time decoding.</summary>
    public AudioPosition Position { get; }

    /// <summary>Largest absolute output sample since the last call (read and reset by the control side).</summary>
    public float TakePeak() => Interlocked.Exchange(ref _peak, 0f);

    public long LimiterNonFiniteSamples => _limiter.NonFiniteCount;

    public void Render(Span<float> output)
    {
        if (output.IsEmpty) return;
        var origin = Position.OnRenderStart(_rendered, output.Length);
        output.Clear();
        if (_positionInFrame == _hop) AdvanceFrame();
        StartEarlyNotes();
        var done = 0;
        while (done < output.Length)
        {
            if (_positionInFrame == _hop) AdvanceFrame();
            var count = Math.Min(_hop - _positionInFrame, output.Length - done);
            var block = output.Slice(done, count);
            for (var i = 0; i < _oscillators.Length; i++)
            {
                if (!_render[i]) continue;
                _oscillators[i].Render(block, _positionInFrame);
                if (_layers.Length > 0) _layers[i].Render(block, _positionInFrame);
                if (_subOscillators.Length > 0) _subOscillators[i].Render(block, _positionInFrame);
            }
            _noise.Render(block, _positionInFrame);
            _positionInFrame += count;
            done += count;
        }
        _rendered += output.Length;
        Position.Publish(origin, _rendered, _framesTaken, _hop - _positionInFrame, output.Length);
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
        _framesTaken++;
        _current = next;
        Apply(next, restart: true);
    }

    /// <summary>
    /// Starts the notes the worker sent ahead, from the current sample: only a note whose frame is
    /// still to come, on a slot that is silent now (not fading out). Any other onset is dropped and
    /// its note starts at its frame boundary as usual.
    /// </summary>
    private void StartEarlyNotes()
    {
        while (_onsets.TryPeek() is { } onset)
        {
            var slot = onset.Slot;
            if (onset.Retarget)
            {
                // The finger moved: a sounding voice glides to its values at the new position within this
                // frame and holds them until the frame decoded there arrives (it carries on from them).
                if (_current is not null && onset.FrameIndex > _current.Index && _render[slot] && _earlyUntil[slot] < 0)
                {
                    var held = _earlyHarmonics.AsSpan(slot * _harmonics, _harmonics);
                    Hold(onset);
                    _oscillators[slot].RetargetMidFrame(_positionInFrame, held, _onsetRampSamples);
                    if (_layers.Length > 0) _layers[slot].RetargetMidFrame(_positionInFrame, held, _earlyLayerGain[slot], _onsetRampSamples);
                    if (_subOscillators.Length > 0) _subOscillators[slot].RetargetMidFrame(_positionInFrame, EarlySubPartials(slot), _onsetRampSamples);
                    Volatile.Write(ref _retargets, _retargets + 1);
                }
                else if (_current is not null && onset.FrameIndex <= _current.Index)
                {
                    Volatile.Write(ref _retargetsOvertaken, _retargetsOvertaken + 1); // the frame decoded there came first
                }
            }
            else if (_current is not null && onset.FrameIndex > _current.Index && !_render[slot] && _earlyUntil[slot] < 0)
            {
                var harmonics = _earlyHarmonics.AsSpan(slot * _harmonics, _harmonics);
                Hold(onset);
                _oscillators[slot].StartMidFrame(_positionInFrame, onset.F0, harmonics, _onsetRampSamples, onset.Stretch);
                if (_layers.Length > 0) _layers[slot].StartMidFrame(_positionInFrame, onset.F0, harmonics, onset.LayerDetune, onset.LayerGain, _onsetRampSamples, onset.Stretch);
                if (_subOscillators.Length > 0) _subOscillators[slot].StartMidFrame(_positionInFrame, onset.F0, EarlySubPartials(slot), _onsetRampSamples);
                if (onset.Transient) _noise.AddBurst(onset.TransientGains, onset.TransientDecay);
                _render[slot] = true;
                Volatile.Write(ref _earlyOnsets, _earlyOnsets + 1);
            }
            _onsets.Release();
        }
    }

    /// <summary>Keeps a note's values sent ahead of its frame (they are held until that frame arrives).</summary>
    private void Hold(NoteOnset onset)
    {
        var slot = onset.Slot;
        onset.Harmonics.CopyTo(_earlyHarmonics.AsSpan(slot * _harmonics, _harmonics));
        onset.SubPartials.CopyTo(EarlySubPartials(slot));
        _earlyStretch[slot] = onset.Stretch;
        _earlyLayerDetune[slot] = onset.LayerDetune;
        _earlyLayerGain[slot] = onset.LayerGain;
        _earlyF0[slot] = onset.F0;
        _earlyUntil[slot] = onset.FrameIndex;
    }

    private Span<float> EarlySubPartials(int slot) => _earlySubPartials.AsSpan(slot * SubPartialOscillator.Count, SubPartialOscillator.Count);

    private void Apply(ControlFrame frame, bool restart)
    {
        const int subs = SubPartialOscillator.Count;
        for (var i = 0; i < _oscillators.Length; i++)
        {
            var early = _earlyUntil[i];
            if (early >= 0 && (!restart || frame.Index < early))
            {
                // Started ahead of its frame: hold the note's first frame until that frame arrives.
                _oscillators[i].SetFrame(_earlyF0[i], _earlyHarmonics.AsSpan(i * _harmonics, _harmonics), _earlyStretch[i]);
                if (_layers.Length > 0) _layers[i].SetFrame(_earlyF0[i], _earlyHarmonics.AsSpan(i * _harmonics, _harmonics), _earlyLayerDetune[i], _earlyLayerGain[i], _earlyStretch[i]);
                if (_subOscillators.Length > 0) _subOscillators[i].SetFrame(_earlyF0[i], EarlySubPartials(i));
                _render[i] = true;
                if (restart) _wasActive[i] = false;
                continue;
            }
            var continues = early >= 0; // the early note's own frame: it carries on, no restart
            _earlyUntil[i] = -1;
            if (restart && frame.Start[i] && !continues)
            {
                // Amplitudes ramp in from silence; the onset burst starts with the note's first sample.
                _oscillators[i].Reset(0.0);
                if (_subOscillators.Length > 0) _subOscillators[i].Reset();
                if (_layers.Length > 0) _layers[i].Reset();
                if (frame.Transient[i]) _noise.AddBurst(frame.TransientGains.AsSpan(i * _noiseBands, _noiseBands), frame.TransientDecay[i]);
            }
            // Render a slot while it sounds, and for the one frame in which it ramps to silence.
            _render[i] = frame.Active[i] || _wasActive[i] || continues;
            if (_render[i])
            {
                _oscillators[i].SetFrame(frame.F0[i], frame.Harmonics.AsSpan(i * _harmonics, _harmonics), frame.Stretch[i]);
                if (_layers.Length > 0) _layers[i].SetFrame(frame.F0[i], frame.Harmonics.AsSpan(i * _harmonics, _harmonics), frame.LayerDetune[i], frame.LayerGain[i], frame.Stretch[i]);
                if (_subOscillators.Length > 0) _subOscillators[i].SetFrame(frame.F0[i], frame.SubPartials.AsSpan(i * subs, subs));
            }
            if (restart) _wasActive[i] = frame.Active[i];
        }
        _noise.SetFrame(frame.Noise);
    }
}
