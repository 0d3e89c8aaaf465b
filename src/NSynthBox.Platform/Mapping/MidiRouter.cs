using System.Diagnostics;
using NSynthBox.Midi;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Midi;

namespace NSynthBox.Platform.Mapping;

/// <summary>
/// Where every MIDI input delivers: forwards the message to MIDI out when thru is on, then maps it
/// (<see cref="MidiPerformanceMapper"/>) into control events for the hub. Inputs run on their own
/// threads, so messages are handled one at a time under a short lock (never held by the audio thread).
/// </summary>
public sealed class MidiRouter : IMidiMessageHandler
{
    private readonly Lock _lock = new();
    private readonly MidiPerformanceMapper _mapper;
    private readonly IControlSink _sink;
    private readonly IMidiOutput? _thru;
    private volatile bool _thruEnabled;
    private long _messages;
    private long _lastTimestamp;

    /// <param name="thru">Where thru goes (null: nowhere).</param>
    public MidiRouter(MidiPerformanceMapper mapper, IControlSink sink, IMidiOutput? thru = null, bool thruEnabled = false)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        ArgumentNullException.ThrowIfNull(sink);
        _mapper = mapper;
        _sink = sink;
        _thru = thru;
        _thruEnabled = thruEnabled;
    }

    public MidiPerformanceMapper Mapper => _mapper;

    /// <summary>MIDI thru: every input message is copied to the outputs as it arrives.</summary>
    public bool Thru
    {
        get => _thruEnabled;
        set => _thruEnabled = value;
    }

    public long Messages => Volatile.Read(ref _messages);

    /// <summary><see cref="Stopwatch"/> timestamp of the latest message (0 before the first).</summary>
    public long LastMessageTimestamp => Volatile.Read(ref _lastTimestamp);

    public void OnMessage(in MidiMessage message)
    {
        lock (_lock)
        {
            Volatile.Write(ref _lastTimestamp, Stopwatch.GetTimestamp());
            Volatile.Write(ref _messages, _messages + 1);
            if (_thruEnabled) _thru?.Send(message);
            _mapper.Map(message, _sink);
        }
    }

    public void OnSysEx(ReadOnlySpan<byte> message)
    {
        // The box answers no SysEx; thru carries channel and system messages only.
    }
}
