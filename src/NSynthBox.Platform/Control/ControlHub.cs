using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Mapping;
using NSynthBox.Platform.Midi;
using NSynthBox.Platform.Recording;

namespace NSynthBox.Platform.Control;

/// <summary>
/// The one door to the instrument: every input (panel, MIDI, web, patches) posts here, and the hub
/// hands each event to the engine, keeps the <see cref="InstrumentState"/>, records it when a take
/// is being recorded, sends panel and web moves to MIDI out as the CC map (never MIDI input, which
/// would loop), and tells the listeners (OLED screen, web panel). Safe to call from any thread;
/// the engine's own queue is lock-free, the MIDI encoder and recorder take a short lock.
/// </summary>
public sealed class ControlHub
{
    private readonly Action<ControlEvent> _engine;
    private readonly Lock _outLock = new();
    private readonly MidiMessage[] _encoded = new MidiMessage[CcEncoder.MaxMessages];
    private Action<ControlEvent, ControlSource>[] _listeners = [];
    private PerformanceRecorder? _recorder;

    /// <param name="engine">Where events go (usually <c>e => engine.Post(e)</c>).</param>
    public ControlHub(Action<ControlEvent> engine, InstrumentState state)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(state);
        _engine = engine;
        State = state;
    }

    public InstrumentState State { get; }

    /// <summary>Where panel and web moves go as CC messages (null: no MIDI out).</summary>
    public IMidiOutput? MidiOut { get; set; }

    /// <summary>Encodes panel moves for <see cref="MidiOut"/> (channel, bend range).</summary>
    public CcEncoder PanelEncoder { get; set; } = new(channel: 0);

    /// <summary>The take being recorded, or null.</summary>
    public PerformanceRecorder? Recorder
    {
        get => Volatile.Read(ref _recorder);
        set => Volatile.Write(ref _recorder, value);
    }

    /// <summary>Events posted so far.</summary>
    public long Posted => Volatile.Read(ref _posted);

    private long _posted;

    /// <summary>Called for every event after the engine got it (on the poster's thread: be quick, do not block).</summary>
    public void AddListener(Action<ControlEvent, ControlSource> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_outLock) Volatile.Write(ref _listeners, [.. _listeners, listener]);
    }

    public void Post(in ControlEvent e, ControlSource source)
    {
        State.Apply(e);
        _engine(e);
        Interlocked.Increment(ref _posted);
        Recorder?.Record(e);
        var output = MidiOut;
        if (output is not null && source != ControlSource.Midi)
        {
            lock (_outLock)
            {
                var n = PanelEncoder.Encode(e, _encoded);
                for (var i = 0; i < n; i++) output.Send(_encoded[i]);
            }
        }
        foreach (var listener in Volatile.Read(ref _listeners)) listener(e, source);
    }

    /// <summary>An <see cref="IControlSink"/> that posts here as <paramref name="source"/> (for mappers and panels).</summary>
    public IControlSink SinkFor(ControlSource source) => new SourceSink(this, source);

    private sealed class SourceSink(ControlHub hub, ControlSource source) : IControlSink
    {
        public void Post(in ControlEvent e) => hub.Post(e, source);
    }
}
