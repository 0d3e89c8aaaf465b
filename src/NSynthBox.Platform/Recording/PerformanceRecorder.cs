using System.Diagnostics;
using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Mapping;

namespace NSynthBox.Platform.Recording;

/// <summary>
/// Records a live performance as a Standard MIDI File (format 0): every control event the
/// instrument received, from any input, as MIDI by the <see cref="CcMap"/> (notes, bends, wheel,
/// pedal, grid moves, knobs, corner changes, patch recalls). The take starts with the state at the
/// moment recording began (bend ranges as RPN 0, corners, position, knobs at tick 0), so
/// 'nsynthbox render' plays it back from the same place. Timing: 960 ticks per quarter at
/// 120 bpm = 1920 ticks per second (0.52 ms). Thread-safe (a short lock; never the audio thread).
/// </summary>
public sealed class PerformanceRecorder
{
    public const int TicksPerQuarterNote = 960;
    public const int MicrosecondsPerQuarterNote = 500_000;
    public const double TicksPerSecond = TicksPerQuarterNote * 1e6 / MicrosecondsPerQuarterNote;

    private readonly Lock _lock = new();
    private readonly Func<long> _clock;
    private readonly long _start;
    private readonly CcEncoder _encoder;
    private readonly List<(long Tick, MidiMessage Message)> _messages = new(4096);
    private readonly MidiMessage[] _encoded = new MidiMessage[CcEncoder.MaxMessages];

    /// <param name="initial">The state when recording starts (written at tick 0).</param>
    /// <param name="pitchBendRange">Bend range written as RPN 0 on every channel and used to encode bends: large
    /// enough for every bend the engine gets (48 with MPE).</param>
    /// <param name="channel">Channel of the controllers and program changes.</param>
    /// <param name="clock">Timestamp source in <see cref="Stopwatch"/> ticks (tests pass their own).</param>
    public PerformanceRecorder(InstrumentState initial, float pitchBendRange, int channel = 0, Func<long>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        if (pitchBendRange is <= 0 or > 127) throw new ArgumentOutOfRangeException(nameof(pitchBendRange), pitchBendRange, "expected 0..127 semitones");
        _clock = clock ?? Stopwatch.GetTimestamp;
        _start = _clock();
        _encoder = new CcEncoder(channel, pitchBendRange);
        PitchBendRange = pitchBendRange;
        WriteInitialState(initial);
    }

    public float PitchBendRange { get; }

    /// <summary>Messages recorded so far (the initial state included).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _messages.Count;
        }
    }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start, _clock());

    private void WriteInitialState(InstrumentState state)
    {
        var semitones = (int)PitchBendRange;
        var cents = (int)MathF.Round((PitchBendRange - semitones) * 100);
        for (var ch = 0; ch < 16; ch++)
        {
            Add(0, MidiMessage.ControlChange(ch, 101, 0));
            Add(0, MidiMessage.ControlChange(ch, 100, 0));
            Add(0, MidiMessage.ControlChange(ch, 6, semitones));
            Add(0, MidiMessage.ControlChange(ch, 38, cents));
            Add(0, MidiMessage.ControlChange(ch, 101, 127));
            Add(0, MidiMessage.ControlChange(ch, 100, 127));
        }
        for (var c = 0; c < 4; c++) Encode(0, ControlEvent.SetCorner(c, state.Corner(c)));
        Encode(0, ControlEvent.Position2D(state.X, state.Y));
        for (var k = 0; k < InstrumentState.KnobCount; k++) Encode(0, ControlEvent.SetKnob((Knob)k, state.Knob((Knob)k)));
    }

    /// <summary>Adds an event at the present time.</summary>
    public void Record(in ControlEvent e)
    {
        if (e.Kind == ControlKind.PatchSave) return; // saving is not part of the performance
        lock (_lock)
        {
            var tick = (long)Math.Round(Stopwatch.GetElapsedTime(_start, _clock()).TotalSeconds * TicksPerSecond);
            Encode(tick, e);
        }
    }

    private void Encode(long tick, in ControlEvent e)
    {
        var n = _encoder.Encode(e, _encoded);
        for (var i = 0; i < n; i++) Add(tick, _encoded[i]);
    }

    private void Add(long tick, MidiMessage message)
    {
        // Two threads may read the clock in either order: never let time go backwards in the file.
        if (_messages.Count > 0 && tick < _messages[^1].Tick) tick = _messages[^1].Tick;
        _messages.Add((tick, message));
    }

    public MidiFile ToMidiFile()
    {
        var file = new MidiFile(MidiTimeDivision.FromTicksPerQuarterNote(TicksPerQuarterNote), format: 0);
        var track = new MidiTrack();
        track.Events.Add(new TrackNameEvent(0, "NSynthBox take"));
        track.Events.Add(new TempoChangeEvent(0, MicrosecondsPerQuarterNote));
        lock (_lock)
        {
            foreach (var (tick, message) in _messages) track.Events.Add(new ChannelMessageEvent(tick, message));
        }
        file.Tracks.Add(track);
        return file;
    }

    /// <summary>Writes the take atomically (temporary file, flush to disk, rename).</summary>
    public void Save(string path) => ToMidiFile().Write(path);
}
