using NSynthBox.Midi;

namespace NSynthBox.Platform.Tests;

/// <summary>Collects decoded MIDI messages (thread-safe).</summary>
internal sealed class MessageCollector : IMidiMessageHandler
{
    private readonly List<MidiMessage> _messages = [];

    public List<MidiMessage> Messages
    {
        get
        {
            lock (_messages) return [.. _messages];
        }
    }

    public void OnMessage(in MidiMessage message)
    {
        lock (_messages) _messages.Add(message);
    }

    public void OnSysEx(ReadOnlySpan<byte> message)
    {
    }

    public List<MidiMessage> WaitForCount(int count)
    {
        Wait.Until(() => Messages.Count >= count);
        return Messages;
    }
}
