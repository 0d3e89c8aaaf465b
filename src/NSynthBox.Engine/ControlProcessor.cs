using System.Collections.Concurrent;
using NSynthBox.Dsp;
using NSynthBox.Neural;

namespace NSynthBox.Engine;

/// <summary>
/// The control-rate half of the engine, run by the control worker (or inline when rendering
/// offline): applies control events, advances every voice by one frame, decodes all sounding
/// voices in one batch and writes the synthesizer targets into a <see cref="ControlFrame"/>.
/// </summary>
internal sealed class ControlProcessor
{
    private const double MinModelF0 = 27.5, MaxModelF0 = 4186.0; // A0..C8, the range the model was trained on

    /// <summary>The Release knob's default: with a v2 model the instrument's own release at its own speed.</summary>
    public const float DefaultReleaseKnob = 0.35f;

    /// <summary>Release knob at 0 runs a v2 decoder's release this many times faster; at 1, <see cref="SlowestRelease"/> times as fast.</summary>
    public const float FastestRelease = 8f, SlowestRelease = 0.25f;

    /// <summary>A released v2 voice is freed once its decoded output is this far below the note's loudest (-80 dB) ...</summary>
    public const float ReleaseFloor = 1e-4f;

    /// <summary>... or, whatever the decoder does, this long after note-off (it then fades out over <see cref="CapFadeSeconds"/>).</summary>
    public const float ReleaseCapSeconds = 20f, CapFadeSeconds = 0.1f;

    private readonly ModelPackage _model;
    private readonly NeuralDecoder _decoder;
    private readonly Action<int> _decode; // the decoder's Decode, or a test's double around it
    private readonly EngineSettings _settings;
    private readonly ConcurrentQueue<ControlEvent> _events = new();
    private readonly Voice[] _voices;
    private readonly int[] _batchSlot;
    private readonly float[] _batchF0; // the pitch the synth plays; the decoder sees it clamped to the model's range
    private readonly bool[] _batchAhead; // the row is a settled voice decoded at the next frame's time
    private readonly VoiceDecodes _decodes;
    private readonly int[] _frameSlots; // the voices sounding in the frame being prepared
    private readonly float[] _slotF0;   // their synth pitch
    private int _frameVoices;
    private readonly bool[] _wasActive; // each slot's Active flag in the previous frame
    private readonly bool[] _onsetSent; // the slot's new note already went to the audio thread ahead of this frame
    private readonly float[] _fingerLatent;
    private readonly Corner[] _corners;
    private readonly float[] _bend = new float[16];
    private readonly float[] _slide = CreateUnset(); // per channel; NaN = no slide received (the note follows the finger)
    private readonly float[] _pressure = CreateUnset();
    private readonly float[] _knobs = [0f, 0.02f, 0.3f, 1f, DefaultReleaseKnob, 0.8f];
    private readonly bool _naturalRelease; // v2: the decoder's release, not the envelope's
    private readonly bool _modulation, _stretch, _subPartials, _transient, _layer; // the optional decoder outputs the model has
    private float _targetX = 0.5f, _targetY = 0.5f, _x = 0.5f, _y = 0.5f;
    private float _modWheel, _volume;
    private bool _sustain;
    private double _vibratoPhase;
    private long _frame, _age;
    private long _retargetedFrame = -1; // the frame being prepared already had its finger move sent ahead

    public ControlProcessor(ModelPackage model, NeuralDecoder decoder, EngineSettings settings, Func<Action<int>, Action<int>>? decodeDouble = null)
    {
        _model = model;
        _decoder = decoder;
        _decode = decodeDouble is null ? decoder.Decode : decodeDouble(decoder.Decode);
        _settings = settings;
        _voices = new Voice[settings.Polyphony];
        for (var i = 0; i < _voices.Length; i++) _voices[i] = new Voice(i, new AdsrEnvelope(model.FrameRate));
        _batchSlot = new int[settings.Polyphony];
        _batchF0 = new float[settings.Polyphony];
        _batchAhead = new bool[settings.Polyphony];
        _decodes = new VoiceDecodes(decoder, settings.Polyphony);
        _frameSlots = new int[settings.Polyphony];
        _slotF0 = new float[settings.Polyphony];
        _wasActive = new bool[settings.Polyphony];
        _onsetSent = new bool[settings.Polyphony];
        _fingerLatent = new float[model.LatentSize];
        _corners = new Corner[4];
        int[] defaults = [DefaultCorner("Flute", 0), DefaultCorner("Acoustic Grand Piano", 1), DefaultCorner("Cello", 2), DefaultCorner("Trumpet", 3)];
        for (var c = 0; c < 4; c++)
        {
            _corners[c] = new Corner(model.LatentSize);
            _corners[c].Set(defaults[c], model.Instruments[defaults[c]].Code, immediately: true);
        }
        _volume = _knobs[(int)Knob.Volume];
        _naturalRelease = model.FormatVersion >= 2;
        _modulation = model.HasOutput(DecoderOutputs.Modulation);
        _stretch = model.HasOutput(DecoderOutputs.Stretch);
        _subPartials = model.HasOutput(DecoderOutputs.SubAmplitudes);
        _transient = model.HasOutput(DecoderOutputs.Transient);
        _layer = model.HasOutput(DecoderOutputs.Layer);
    }

    public int ActiveVoices { get; private set; }

    /// <summary>Voice-frames prepared, and those of them that ran the decoder (the rest were settled voices between decodes).</summary>
    public long VoiceFrames { get; private set; }

    public long DecodedVoiceFrames { get; private set; }
    public long Frame => _frame;
    public float X => _x;
    public float Y => _y;
    public ReadOnlySpan<float> Knobs => _knobs;
    public int CornerInstrument(int corner) => _corners[corner].Instrument;

    /// <summary>Called when a patch save is asked for; the engine's owner stores the patch.</summary>
    public Action<int>? PatchSaveRequested { get; set; }

    /// <summary>Called when a patch recall is asked for; the owner answers with control events.</summary>
    public Action<int>? PatchRecallRequested { get; set; }

    /// <summary>Sets corners and position at once, without crossfade or smoothing: only before the first frame.</summary>
    public void SetInitialState(IReadOnlyList<int>? corners, float? x, float? y)
    {
        if (_frame != 0) throw new InvalidOperationException("the initial state can only be set before the first control frame");
        for (var c = 0; corners is not null && c < 4; c++)
            _corners[c].Set(corners[c], _model.Instruments[corners[c]].Code, immediately: true);
        if (x is not null) _x = _targetX = Math.Clamp(x.Value, 0f, 1f);
        if (y is not null) _y = _targetY = Math.Clamp(y.Value, 0f, 1f);
    }

    /// <summary>Thread-safe: any input thread may post.</summary>
    public void Post(in ControlEvent e) => _events.Enqueue(e);

    /// <summary>Offline (and tests): one whole control frame, events included.</summary>
    public void Step(ControlFrame frame)
    {
        Begin(frame);
        Finish(frame);
    }

    /// <summary>Starts preparing <paramref name="frame"/>, the next one to be published.</summary>
    public void Begin(ControlFrame frame)
    {
        Array.Clear(frame.Start);
        Array.Clear(_onsetSent);
    }

    /// <summary>True when events are waiting for the next <see cref="ApplyEvents"/>.</summary>
    public bool HasEvents => !_events.IsEmpty;

    /// <summary>Applies the events posted so far to the frame being prepared (may be called again before <see cref="Finish"/>).</summary>
    public void ApplyEvents(ControlFrame frame)
    {
        while (_events.TryDequeue(out var e)) Apply(e, frame);
    }

    /// <summary>
    /// Completes the frame being prepared: the events still waiting, smoothing, voice stealing, the
    /// batched decode and the synthesizer targets. If decoding throws, the frame stays in preparation
    /// (its new notes kept) and the next call tries again.
    /// </summary>
    public void Finish(ControlFrame frame)
    {
        ApplyEvents(frame);

        var positionStep = 1f - MathF.Exp(-1f / (_model.FrameRate * _settings.PositionSmoothingSeconds));
        _x += (_targetX - _x) * positionStep;
        _y += (_targetY - _y) * positionStep;
        var cornerStep = 1f / (_model.FrameRate * _settings.CornerCrossfadeSeconds);
        foreach (var corner in _corners) corner.Update(cornerStep);
        _volume += (_knobs[(int)Knob.Volume] - _volume) * 0.2f;
        _vibratoPhase = (_vibratoPhase + _settings.VibratoHz / _model.FrameRate) % 1.0;

        StartStolenVoices(frame);
        var batch = FillDecoderInputs();
        _decode(batch);
        VoiceFrames += _frameVoices;
        DecodedVoiceFrames += batch;
        for (var b = 0; b < batch; b++)
        {
            if (_batchAhead[b]) _decodes.StoreAhead(_batchSlot[b], b, _frame);
            else _decodes.StoreNow(_batchSlot[b], b, _frame);
        }
        WriteFrame(frame);
        frame.Index = _frame++;
    }

    /// <summary>
    /// Live: decodes the first frame of the notes that started on free voices in the frame being
    /// prepared, and sends it to the audio thread ahead of the frame, so a note sounds from the
    /// next audio period. Stolen voices still fade out over a frame first. Returns the notes sent.
    /// </summary>
    public int SendOnsets(ControlFrame frame, OnsetMailbox mailbox)
    {
        var (position, vibrato) = BeginAheadBatch();
        var batch = 0;
        for (var i = 0; i < _voices.Length; i++)
        {
            var v = _voices[i];
            if (!frame.Start[i] || _onsetSent[i] || v.Stage != VoiceStage.Playing || v.OnsetFrame != _frame) continue;
            _onsetSent[i] = true;
            FillRow(v, batch, _fingerLatent, position, vibrato, _model.LatentSize);
            _batchSlot[batch++] = i;
        }
        return DecodeAndPost(batch, mailbox, retarget: false);
    }

    /// <summary>
    /// Live: the finger moved by more than <see cref="RetargetMinimumMove"/> since the frame being
    /// prepared was begun. Jumps the position to the finger, decodes every voice that has been
    /// sounding for a while at the new position, and sends those values to the audio thread
    /// (<see cref="NoteOnset.Retarget"/>), which glides to them within the current frame instead of
    /// waiting for the frame being prepared. At most once per frame. Returns the voices sent.
    /// </summary>
    public int SendRetargets(ControlFrame frame, OnsetMailbox mailbox)
    {
        if (_retargetedFrame == _frame) return 0;
        if (Math.Max(Math.Abs(_targetX - _x), Math.Abs(_targetY - _y)) < RetargetMinimumMove) return 0;
        _retargetedFrame = _frame;
        _x = _targetX;
        _y = _targetY;
        var (position, vibrato) = BeginAheadBatch();
        var batch = 0;
        for (var i = 0; i < _voices.Length; i++)
        {
            var v = _voices[i];
            // Notes of the last two frames are still starting (their onset or first frame carries the position).
            if (v.Stage is not (VoiceStage.Playing or VoiceStage.Released) || v.OnsetFrame >= _frame - 2 || frame.Start[i]) continue;
            FillRow(v, batch, _fingerLatent, position, vibrato, _model.LatentSize);
            _batchSlot[batch++] = i;
            _decodes.Forget(i); // its frames ahead were decoded at the old position
        }
        return DecodeAndPost(batch, mailbox, retarget: true);
    }

    /// <summary>The finger's latent point (into <see cref="_fingerLatent"/>), the position knob's time and the vibrato, for a batch sent ahead of its frame.</summary>
    private (float Position, float Vibrato) BeginAheadBatch()
    {
        LatentGrid.Blend(_corners[0].Code, _corners[1].Code, _corners[2].Code, _corners[3].Code, _x, _y, _fingerLatent);
        return (_knobs[(int)Knob.Position] * _settings.MaxPositionSeconds,
            (float)(_modWheel * _settings.VibratoDepth * Math.Sin(2 * Math.PI * _vibratoPhase)));
    }

    /// <summary>Decodes the batch and posts each voice's values, with the gain the frame being prepared will give it. Returns the voices posted.</summary>
    private int DecodeAndPost(int batch, OnsetMailbox mailbox, bool retarget)
    {
        if (batch == 0) return 0;
        _decode(batch);
        var harmonics = _model.Harmonics;
        var sent = 0;
        for (var b = 0; b < batch; b++)
        {
            var entry = mailbox.TryBeginWrite();
            if (entry is null) break; // the audio thread is not taking them: these voices are heard with the frame
            var v = _voices[_batchSlot[b]];
            var gain = v.Envelope.PeekNext() * _volume;
            var (pitch, tremolo) = Modulation(v, DecoderRow(_decoder.Modulation, b, DecoderOutputs.ModulationWidth));
            entry.Slot = _batchSlot[b];
            entry.FrameIndex = _frame;
            entry.F0 = (float)(_batchF0[b] * pitch);
            entry.Retarget = retarget;
            Scale(_decoder.Harmonics.AsSpan(b * harmonics, harmonics), entry.Harmonics, (float)(gain * tremolo));
            entry.Stretch = _stretch ? _decoder.Stretch[b] : 0f;
            if (_subPartials) Scale(_decoder.SubAmplitudes.AsSpan(b * SubPartialOscillator.Count, SubPartialOscillator.Count), entry.SubPartials, (float)(gain * tremolo));
            (entry.LayerDetune, entry.LayerGain) = Layer(DecoderRow(_decoder.Layer, b, DecoderOutputs.LayerWidth));
            entry.Transient = !retarget && _transient;
            if (entry.Transient) entry.TransientDecay = CopyTransient(DecoderRow(_decoder.Transient, b, _model.NoiseBands + 1), entry.TransientGains, gain);
            mailbox.EndWrite();
            sent++;
        }
        return sent;
    }

    /// <summary>Row <paramref name="row"/> of one of the decoder's output arrays (empty when the package lacks the output).</summary>
    private static ReadOnlySpan<float> DecoderRow(float[] output, int row, int width) =>
        output.Length == 0 ? ReadOnlySpan<float>.Empty : output.AsSpan(row * width, width);

    /// <summary>The voice's vibrato pitch factor and tremolo amplitude factor for its decoded modulation (rate, depth, tremolo), at its LFO's current phase (1, 1 without a modulation output).</summary>
    private (double Pitch, double Amplitude) Modulation(Voice v, ReadOnlySpan<float> modulation) =>
        _modulation ? v.Lfo.Factors(modulation[1], modulation[2]) : (1.0, 1.0);

    /// <summary>The decoded detuned layer: detune (cents) and gain, (0, 0) without a layer output.</summary>
    private (float Detune, float Gain) Layer(ReadOnlySpan<float> layer) => _layer ? (layer[0], layer[1]) : (0f, 0f);

    private static void Scale(ReadOnlySpan<float> source, Span<float> destination, float gain)
    {
        for (var k = 0; k < source.Length; k++) destination[k] = source[k] * gain;
    }

    /// <summary>Copies the decoded burst band gains (scaled by <paramref name="gain"/>) and returns its decay time.</summary>
    private float CopyTransient(ReadOnlySpan<float> source, Span<float> gains, float gain)
    {
        Scale(source[..^1], gains, gain);
        return source[^1];
    }

    /// <summary>A smaller move (fraction of the grid) is left to the next frame.</summary>
    public const float RetargetMinimumMove = 0.02f;

    private void Apply(in ControlEvent e, ControlFrame frame)
    {
        switch (e.Kind)
        {
            case ControlKind.NoteOn when e.Value <= 0f:
                NoteOff(e.Index, e.Channel);
                break;
            case ControlKind.NoteOn:
                NoteOn(e.Index, e.Channel, Math.Clamp(e.Value, 0f, 1f), frame);
                break;
            case ControlKind.NoteOff:
                NoteOff(e.Index, e.Channel);
                break;
            case ControlKind.PitchBend:
                _bend[e.Channel & 15] = e.Value;
                break;
            case ControlKind.ModWheel:
                _modWheel = Math.Clamp(e.Value, 0f, 1f);
                break;
            case ControlKind.Sustain:
                SetSustain(e.Value >= 0.5f);
                break;
            case ControlKind.Position2D:
                _targetX = Math.Clamp(e.X, 0f, 1f);
                _targetY = Math.Clamp(e.Y, 0f, 1f);
                break;
            case ControlKind.Knob when e.Index is >= 0 and < 6:
                _knobs[e.Index] = Math.Clamp(e.Value, 0f, 1f);
                break;
            case ControlKind.Corner when e.Index is >= 0 and < 4:
                var instrument = (int)e.Value;
                if (instrument >= 0 && instrument < _model.Instruments.Count && instrument != _corners[e.Index].Instrument)
                    _corners[e.Index].Set(instrument, _model.Instruments[instrument].Code, immediately: false);
                break;
            case ControlKind.Slide:
                _slide[e.Channel & 15] = Math.Clamp(e.Value, 0f, 1f);
                break;
            case ControlKind.Pressure:
                _pressure[e.Channel & 15] = Math.Clamp(e.Value, 0f, 1f);
                break;
            case ControlKind.PatchSave:
                PatchSaveRequested?.Invoke(e.Index);
                break;
            case ControlKind.PatchRecall:
                PatchRecallRequested?.Invoke(e.Index);
                break;
            case ControlKind.AllNotesOff:
                _sustain = false;
                foreach (var v in _voices) if (v.Stage == VoiceStage.Playing) Release(v);
                break;
        }
    }

    private void NoteOn(int note, byte channel, float velocity, ControlFrame frame)
    {
        if (note is < 0 or > 127) return;
        var voice = FindFreeVoice();
        if (voice is not null)
        {
            Begin(voice, note, channel, velocity);
            frame.Start[voice.Slot] = true;
            return;
        }
        // Steal: the quietest released voice, else the oldest playing one; it fades out over this
        // frame (the audio ramps its amplitudes to zero) and the new note starts in the next one.
        // If every slot is already fading for another new note, the newest pending note is replaced.
        Voice? quietestReleased = null, oldestPlaying = null, newest = null;
        foreach (var v in _voices)
        {
            if (v.Stage == VoiceStage.Released && (quietestReleased is null || v.Level < quietestReleased.Level)) quietestReleased = v;
            if (v.Stage == VoiceStage.Playing && (oldestPlaying is null || v.Age < oldestPlaying.Age)) oldestPlaying = v;
            if (newest is null || v.Age > newest.Age) newest = v;
        }
        var victim = quietestReleased ?? oldestPlaying ?? newest!;
        victim.Stage = VoiceStage.Stealing;
        victim.PendingNote = note;
        victim.PendingChannel = channel;
        victim.PendingVelocity = velocity;
        victim.Age = ++_age;
    }

    private Voice? FindFreeVoice()
    {
        foreach (var v in _voices) if (v.Stage == VoiceStage.Free) return v;
        return null;
    }

    private void Begin(Voice voice, int note, byte channel, float velocity)
    {
        voice.Stage = VoiceStage.Playing;
        voice.Note = note;
        voice.Channel = channel;
        voice.Velocity = velocity;
        // A new note on an MPE member channel starts without the previous note's expression.
        _slide[channel & 15] = float.NaN;
        _pressure[channel & 15] = float.NaN;
        voice.OnsetFrame = _frame;
        voice.ReleaseFrame = -1;
        voice.HeldByPedal = false;
        voice.Age = ++_age;
        voice.Envelope.SetParameters(AttackSeconds, DecaySeconds, _knobs[(int)Knob.Sustain], ReleaseSeconds);
        voice.Envelope.NoteOn();
        voice.Lfo.Reset();
        voice.DecoderReleaseSeconds = 0f;
        voice.DecodedPeak = 0f;
        _decodes.Forget(voice.Slot);
    }

    private void StartStolenVoices(ControlFrame frame)
    {
        for (var i = 0; i < _voices.Length; i++)
        {
            var v = _voices[i];
            if (v.Stage != VoiceStage.Stealing || _wasActive[i]) continue; // still fading out
            Begin(v, v.PendingNote, v.PendingChannel, v.PendingVelocity);
            frame.Start[i] = true;
        }
    }

    private void NoteOff(int note, byte channel)
    {
        foreach (var v in _voices)
        {
            if (v.Stage == VoiceStage.Stealing && v.PendingNote == note && v.PendingChannel == channel)
            {
                // Released before it could start: drop it.
                v.Stage = VoiceStage.Free;
                continue;
            }
            if (v.Stage != VoiceStage.Playing || v.Note != note || v.Channel != channel || v.HeldByPedal) continue;
            if (_sustain) v.HeldByPedal = true;
            else Release(v);
        }
    }

    private void SetSustain(bool down)
    {
        _sustain = down;
        if (down) return;
        foreach (var v in _voices) if (v.Stage == VoiceStage.Playing && v.HeldByPedal) Release(v);
    }

    private void Release(Voice v)
    {
        v.Stage = VoiceStage.Released;
        v.ReleaseFrame = _frame;
        v.HeldByPedal = false;
        v.DecoderReleaseSeconds = 0f;
        _decodes.Forget(v.Slot); // the release is a new course: decoded every frame until it settles
        v.Envelope.SetParameters(AttackSeconds, DecaySeconds, _knobs[(int)Knob.Sustain], ReleaseSeconds);
        // v2: the decoder releases the note (at the knob's speed); the envelope keeps its level.
        if (!_naturalRelease) v.Envelope.Release();
    }

    /// <summary>
    /// v2: how many seconds of the decoder's release pass per real second. The knob's default is 1 (the
    /// instrument's own release); down to 0 it is up to <see cref="FastestRelease"/> times faster, up to
    /// 1 down to <see cref="SlowestRelease"/> (4 times slower), evenly in octaves on either side.
    /// </summary>
    public static float ReleaseSpeed(float knob) => knob <= DefaultReleaseKnob
        ? MathF.Pow(FastestRelease, (DefaultReleaseKnob - knob) / DefaultReleaseKnob)
        : MathF.Pow(SlowestRelease, (knob - DefaultReleaseKnob) / (1f - DefaultReleaseKnob));

    // Knob curves: squared, so the musically useful short times get most of the travel.
    private float AttackSeconds => 0.001f + 4f * _knobs[(int)Knob.Attack] * _knobs[(int)Knob.Attack];
    private float DecaySeconds => 0.01f + 4f * _knobs[(int)Knob.Decay] * _knobs[(int)Knob.Decay];
    private float ReleaseSeconds => 0.01f + 6f * _knobs[(int)Knob.Release] * _knobs[(int)Knob.Release];

    private int FillDecoderInputs()
    {
        var latent = _model.LatentSize;
        var batch = 0;
        var position = _knobs[(int)Knob.Position] * _settings.MaxPositionSeconds;
        var vibrato = (float)(_modWheel * _settings.VibratoDepth * Math.Sin(2 * Math.PI * _vibratoPhase));
        var z = _fingerLatent.AsSpan();
        LatentGrid.Blend(_corners[0].Code, _corners[1].Code, _corners[2].Code, _corners[3].Code, _x, _y, z);
        _frameVoices = 0;
        for (var i = 0; i < _voices.Length; i++)
        {
            var v = _voices[i];
            if (!v.Sounding) continue;
            _frameSlots[_frameVoices++] = i;
            var plan = _decodes.Decide(i, _frame, _settings.DecodeSettledVoicesEveryOtherFrame);
            if (plan == VoiceDecodes.Plan.UseKnot)
            {
                _slotF0[i] = (float)NoteF0(v, vibrato);
                continue;
            }
            var ahead = plan == VoiceDecodes.Plan.DecodeAhead;
            FillRow(v, batch, z, position, vibrato, latent, ahead);
            _slotF0[i] = _batchF0[batch];
            _batchAhead[batch] = ahead;
            _batchSlot[batch++] = i;
        }
        return batch;
    }

    /// <summary>The pitch the voice's note plays now (bend and the mod wheel's vibrato included), in Hz.</summary>
    private double NoteF0(Voice v, float vibrato) => 440.0 * Math.Pow(2.0, (v.Note + _bend[v.Channel & 15] + vibrato - 69.0) / 12.0);

    /// <summary>
    /// Decoder inputs of one voice in row <paramref name="row"/>; the synth's pitch in <see cref="_batchF0"/>. With
    /// <paramref name="ahead"/> the note's clocks are those of the next frame (a settled voice decoded a frame ahead).
    /// </summary>
    private void FillRow(Voice v, int row, ReadOnlySpan<float> z, float position, float vibrato, int latent, bool ahead = false)
    {
        // Every voice follows the finger; an MPE slide gives a note its own Y (its own latent point).
        var slide = _slide[v.Channel & 15];
        var destination = _decoder.Latent.AsSpan(row * latent, latent);
        if (float.IsNaN(slide)) z.CopyTo(destination);
        else LatentGrid.Blend(_corners[0].Code, _corners[1].Code, _corners[2].Code, _corners[3].Code, _x, slide, destination);
        var f0 = NoteF0(v, vibrato);
        _batchF0[row] = (float)f0;
        _decoder.F0[row] = (float)Math.Clamp(f0, MinModelF0, MaxModelF0);
        var pressure = _pressure[v.Channel & 15];
        _decoder.Velocity[row] = float.IsNaN(pressure) ? v.Velocity : Math.Clamp(v.Velocity * (0.6f + 0.8f * pressure), 0f, 1f);
        var frame = ahead ? _frame + 1 : _frame;
        _decoder.TimeSinceOnset[row] = position + (frame - v.OnsetFrame) / (float)_model.FrameRate;
        _decoder.TimeSinceRelease[row] = v.ReleaseFrame < 0 ? -1f
            : _naturalRelease ? v.DecoderReleaseSeconds + (ahead ? ReleaseSpeed(_knobs[(int)Knob.Release]) / _model.FrameRate : 0f)
            : (frame - v.ReleaseFrame) / (float)_model.FrameRate;
    }

    private void WriteFrame(ControlFrame frame)
    {
        var harmonics = _model.Harmonics;
        var bands = _model.NoiseBands;
        const int subs = SubPartialOscillator.Count;
        Array.Clear(frame.Active);
        Array.Clear(frame.Noise);
        Array.Clear(frame.Transient);
        for (var n = 0; n < _frameVoices; n++)
        {
            var slot = _frameSlots[n];
            var v = _voices[slot];
            var level = v.Envelope.Next(); // the envelope runs at the control rate: one step per frame
            if (v.Envelope.IsFinished || (_naturalRelease && ReleaseEnded(v, slot)))
            {
                v.Stage = VoiceStage.Free;
                continue;
            }
            var gain = level * _volume;
            v.Level = _naturalRelease ? level * DecodedLevel(slot) / v.DecodedPeak : level;
            var (pitch, tremolo) = Modulation(v, _decodes.Modulation(slot));
            if (_modulation) v.Lfo.Advance(_decodes.Modulation(slot)[0], _model.FrameRate);
            frame.F0[slot] = (float)(_slotF0[slot] * pitch);
            frame.Active[slot] = true;
            var partialGain = (float)(gain * tremolo);
            Scale(_decodes.Harmonics(slot), frame.Harmonics.AsSpan(slot * harmonics, harmonics), partialGain);
            var noise = _decodes.Noise(slot);
            for (var k = 0; k < bands; k++) frame.Noise[k] += noise[k] * gain;
            frame.Stretch[slot] = _decodes.Stretch(slot);
            if (_subPartials) Scale(_decodes.SubAmplitudes(slot), frame.SubPartials.AsSpan(slot * subs, subs), partialGain);
            (frame.LayerDetune[slot], frame.LayerGain[slot]) = Layer(_decodes.Layer(slot));
            if (_transient && v.OnsetFrame == _frame)
            {
                // The note's first decoded frame: its burst starts with the note (the audio drops it for a note it started early, which had its own).
                frame.Transient[slot] = true;
                frame.TransientDecay[slot] = CopyTransient(_decodes.Transient(slot), frame.TransientGains.AsSpan(slot * bands, bands), gain);
            }
        }
        for (var i = 0; i < _voices.Length; i++)
        {
            if (frame.Active[i]) continue;
            frame.Harmonics.AsSpan(i * harmonics, harmonics).Clear();
            frame.SubPartials.AsSpan(i * subs, subs).Clear();
            frame.Stretch[i] = 0f;
            frame.LayerDetune[i] = 0f;
            frame.LayerGain[i] = 0f;
        }
        frame.Active.CopyTo(_wasActive, 0);
        var active = 0;
        foreach (var v in _voices) if (v.Sounding) active++;
        ActiveVoices = active;
    }

    /// <summary>Sum of the slot's decoded amplitudes and gains: a bound on its output level that costs no sines.</summary>
    private float DecodedLevel(int slot)
    {
        var sum = 0f;
        foreach (var a in _decodes.Harmonics(slot)) sum += Math.Abs(a);
        if (_layer) sum *= 1f + DetunedLayerOscillator.ClampGain(Layer(_decodes.Layer(slot)).Gain); // the layer is a second copy of the harmonics
        foreach (var g in _decodes.Noise(slot)) sum += Math.Abs(g);
        foreach (var a in _decodes.SubAmplitudes(slot)) sum += Math.Abs(a);
        return float.IsFinite(sum) ? sum : 0f;
    }

    /// <summary>
    /// v2: keeps the note's loudest decoded level and runs its release clock at the knob's speed. True once a
    /// released note's decoded output is <see cref="ReleaseFloor"/> below that (-80 dB): the voice is freed and
    /// ramps to silence over the frame. After <see cref="ReleaseCapSeconds"/> the envelope fades it out regardless.
    /// </summary>
    private bool ReleaseEnded(Voice v, int slot)
    {
        var decoded = DecodedLevel(slot);
        v.DecodedPeak = Math.Max(v.DecodedPeak, Math.Max(decoded, float.Epsilon));
        if (v.Stage != VoiceStage.Released) return false;
        if (decoded < ReleaseFloor * v.DecodedPeak) return true;
        v.DecoderReleaseSeconds += ReleaseSpeed(_knobs[(int)Knob.Release]) / _model.FrameRate;
        if (_frame - v.ReleaseFrame >= ReleaseCapSeconds * _model.FrameRate && v.Envelope.Stage != EnvelopeStage.Release)
        {
            v.Envelope.SetParameters(AttackSeconds, DecaySeconds, _knobs[(int)Knob.Sustain], CapFadeSeconds);
            v.Envelope.Release();
        }
        return false;
    }

    private static float[] CreateUnset()
    {
        var a = new float[16];
        Array.Fill(a, float.NaN);
        return a;
    }

    private int DefaultCorner(string name, int fallback)
    {
        var found = _model.Instruments.FirstOrDefault(i => i.Name == name);
        return found?.Index ?? Math.Min(fallback, _model.Instruments.Count - 1);
    }
}
